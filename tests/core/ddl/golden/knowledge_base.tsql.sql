-- tablewright DDL for model knowledge_base
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Extensions
-- WARNING: extension: PostgreSQL extensions (vector) do not apply to SQL Server

-- Table collections
-- WARNING: collections: type: name text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: collections: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE collections (
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  name        NVARCHAR(450) NOT NULL,
  description NVARCHAR(MAX),
  created_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table embedding_models
-- WARNING: embedding_models: type: name text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: embedding_models: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE embedding_models (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  name       NVARCHAR(450) NOT NULL,
  dimensions INTEGER NOT NULL CHECK (dimensions = 1536),
  distance   NVARCHAR(MAX) NOT NULL DEFAULT 'cosine' CHECK (distance IN ('cosine', 'l2', 'inner_product')),
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table documents
-- WARNING: documents: type: source_uri text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: documents: type: metadata jsonb: JSON has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: documents: index method: documents_metadata: SQL Server has no GIN indexes; index left out
-- WARNING: documents: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE documents (
  id             BIGINT IDENTITY(1, 1) NOT NULL,
  collection_id  BIGINT NOT NULL,
  source_uri     NVARCHAR(450) NOT NULL,
  title          NVARCHAR(MAX) NOT NULL,
  mime_type      NVARCHAR(MAX) NOT NULL,
  content_sha256 VARBINARY(MAX) NOT NULL CHECK (OCTET_LENGTH(content_sha256) = 32),
  metadata       NVARCHAR(MAX) NOT NULL DEFAULT '{}',
  created_at     DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at     DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (collection_id, source_uri),
  FOREIGN KEY (collection_id) REFERENCES collections(id) ON DELETE CASCADE
);

-- Table chunks
-- WARNING: chunks: type: embedding vector(1536): a vector has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: chunks: type: content_tsv tsvector: a text-search vector has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: chunks: index method: chunks_embedding_hnsw: SQL Server has no HNSW indexes; index left out
-- WARNING: chunks: index method: chunks_content_tsv: SQL Server has no GIN indexes; index left out
-- WARNING: chunks: note: 3 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE chunks (
  id                 BIGINT IDENTITY(1, 1) NOT NULL,
  document_id        BIGINT NOT NULL,
  chunk_index        INTEGER NOT NULL CHECK (chunk_index >= 0),
  content            NVARCHAR(MAX) NOT NULL,
  token_count        INTEGER NOT NULL CHECK (token_count > 0),
  embedding_model_id BIGINT NOT NULL,
  embedding          NVARCHAR(MAX) NOT NULL,
  content_tsv        AS (TO_TSVECTOR('english', content)) PERSISTED NOT NULL,
  created_at         DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (document_id, chunk_index),
  FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  FOREIGN KEY (embedding_model_id) REFERENCES embedding_models(id) ON DELETE NO ACTION
);
CREATE INDEX chunks_embedding_model_id_idx ON chunks(embedding_model_id);

-- Table search_feedback
-- WARNING: search_feedback: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE search_feedback (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  chunk_id   BIGINT NOT NULL,
  query_text NVARCHAR(MAX) NOT NULL,
  helpful    BIT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  FOREIGN KEY (chunk_id) REFERENCES chunks(id) ON DELETE CASCADE
);
CREATE INDEX search_feedback_chunk_id_idx ON search_feedback(chunk_id);

-- Views
CREATE VIEW document_stats AS
SELECT
  d.id AS document_id,
  d.title,
  COUNT_BIG(c.id) AS chunks,
  COALESCE(SUM(c.token_count), 0) AS tokens
FROM documents AS d
LEFT JOIN chunks AS c
  ON c.document_id = d.id
GROUP BY
  d.id,
  d.title;
