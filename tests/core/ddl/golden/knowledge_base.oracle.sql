-- tablewright DDL for model knowledge_base
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Extensions
-- WARNING: extension: PostgreSQL extensions (vector) do not apply to Oracle

-- Table collections
-- WARNING: collections: type: name text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE collections (
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  name        VARCHAR2(4000) NOT NULL,
  description CLOB,
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (name)
);
COMMENT ON TABLE collections IS 'A set of documents searched together (a product''s docs, a team''s wiki).';

-- Table embedding_models
-- WARNING: embedding_models: type: name text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: embedding_models: type: distance text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE embedding_models (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  name       VARCHAR2(4000) NOT NULL,
  dimensions INT NOT NULL CHECK (dimensions = 1536),
  distance   VARCHAR2(4000) DEFAULT 'cosine' NOT NULL CHECK (distance IN ('cosine', 'l2', 'inner_product')),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (name)
);
COMMENT ON TABLE embedding_models IS 'The models chunks were embedded with; a model change means re-embedding.';

-- Table documents
-- WARNING: documents: type: source_uri text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: documents: index method: documents_metadata: Oracle has no GIN indexes; index left out
-- WARNING: documents: note: 1 note(s) cannot be stored as comments in Oracle; dropped
CREATE TABLE documents (
  id             INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  collection_id  INT NOT NULL,
  source_uri     VARCHAR2(4000) NOT NULL,
  title          CLOB NOT NULL,
  mime_type      CLOB NOT NULL,
  content_sha256 BLOB NOT NULL CHECK (OCTET_LENGTH(content_sha256) = 32),
  metadata       JSON DEFAULT '{}' NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (collection_id, source_uri),
  FOREIGN KEY (collection_id) REFERENCES collections(id) ON DELETE CASCADE
);
COMMENT ON TABLE documents IS 'A source document, re-ingested when its content hash changes.';

-- Table chunks
-- WARNING: chunks: type: content_tsv tsvector: a text-search vector has no Oracle equivalent: stored as CLOB
-- WARNING: chunks: generated column: content_tsv: Oracle has no stored generated columns; computed on read (virtual) instead
-- WARNING: chunks: index method: chunks_embedding_hnsw: Oracle has no HNSW indexes; index left out
-- WARNING: chunks: index method: chunks_content_tsv: Oracle has no GIN indexes; index left out
-- WARNING: chunks: note: 1 note(s) cannot be stored as comments in Oracle; dropped
CREATE TABLE chunks (
  id                 INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  document_id        INT NOT NULL,
  chunk_index        INT NOT NULL CHECK (chunk_index >= 0),
  content            CLOB NOT NULL,
  token_count        INT NOT NULL CHECK (token_count > 0),
  embedding_model_id INT NOT NULL,
  embedding          VECTOR(1536) NOT NULL,
  content_tsv        CLOB AS (TO_TSVECTOR('english', content)) NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (document_id, chunk_index),
  FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  FOREIGN KEY (embedding_model_id) REFERENCES embedding_models(id)
);
CREATE INDEX chunks_embedding_model_id_idx ON chunks(embedding_model_id);
COMMENT ON TABLE chunks IS 'A passage of a document with its embedding; chunk_index orders the passages.';
COMMENT ON COLUMN chunks.content_tsv IS 'Keyword search alongside the vector search.';

-- Table search_feedback
CREATE TABLE search_feedback (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  chunk_id   INT NOT NULL,
  query_text CLOB NOT NULL,
  helpful    BOOLEAN NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (chunk_id) REFERENCES chunks(id) ON DELETE CASCADE
);
CREATE INDEX search_feedback_chunk_id_idx ON search_feedback(chunk_id);
COMMENT ON TABLE search_feedback IS 'Whether a retrieved chunk helped answer a question (for evaluating retrieval).';

-- Views
CREATE VIEW document_stats AS
SELECT
  d.id AS document_id,
  d.title,
  COUNT(c.id) AS chunks,
  COALESCE(SUM(c.token_count), 0) AS tokens
FROM documents d
LEFT JOIN chunks c
  ON c.document_id = d.id
GROUP BY
  d.id,
  d.title;
