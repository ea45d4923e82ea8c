-- tablewright DDL for model knowledge_base
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Extensions
-- WARNING: extension: PostgreSQL extensions (vector) do not apply to DuckDB

-- Sequences (for identity columns)
CREATE SEQUENCE IF NOT EXISTS collections_id_seq;
CREATE SEQUENCE IF NOT EXISTS embedding_models_id_seq;
CREATE SEQUENCE IF NOT EXISTS documents_id_seq;
CREATE SEQUENCE IF NOT EXISTS chunks_id_seq;
CREATE SEQUENCE IF NOT EXISTS search_feedback_id_seq;

-- Table collections
-- WARNING: collections: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE collections (
  id          BIGINT DEFAULT NEXTVAL('collections_id_seq') NOT NULL,
  name        TEXT NOT NULL,
  description TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (name)
);
COMMENT ON TABLE collections IS 'A set of documents searched together (a product''s docs, a team''s wiki).';

-- Table embedding_models
-- WARNING: embedding_models: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE embedding_models (
  id         BIGINT DEFAULT NEXTVAL('embedding_models_id_seq') NOT NULL,
  name       TEXT NOT NULL,
  dimensions INT NOT NULL CHECK (dimensions = 1536),
  distance   TEXT NOT NULL DEFAULT 'cosine' CHECK (distance IN ('cosine', 'l2', 'inner_product')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (name)
);
COMMENT ON TABLE embedding_models IS 'The models chunks were embedded with; a model change means re-embedding.';

-- Table documents
-- WARNING: documents: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: documents: foreign key action: collection_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: documents: index method: documents_metadata: DuckDB has no GIN indexes; index left out
-- WARNING: documents: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
CREATE TABLE documents (
  id             BIGINT DEFAULT NEXTVAL('documents_id_seq') NOT NULL,
  collection_id  BIGINT NOT NULL,
  source_uri     TEXT NOT NULL,
  title          TEXT NOT NULL,
  mime_type      TEXT NOT NULL,
  content_sha256 BLOB NOT NULL CHECK (OCTET_LENGTH(content_sha256) = 32),
  metadata       JSON NOT NULL DEFAULT '{}',
  created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (collection_id, source_uri),
  FOREIGN KEY (collection_id) REFERENCES collections(id)
);
COMMENT ON TABLE documents IS 'A source document, re-ingested when its content hash changes.';

-- Table chunks
-- WARNING: chunks: type: content_tsv tsvector: a text-search vector has no DuckDB equivalent: stored as VARCHAR
-- WARNING: chunks: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: chunks: generated column: "to_tsvector('english', content)" becomes "TO_TSVECTOR('english', content)", which DuckDB rejects (Catalog Error: Scalar Function with name to_tsvector does not exist!); dropped
-- WARNING: chunks: foreign key action: document_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: chunks: index method: chunks_embedding_hnsw: DuckDB has no HNSW indexes; index left out
-- WARNING: chunks: index method: chunks_content_tsv: DuckDB has no GIN indexes; index left out
-- WARNING: chunks: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
CREATE TABLE chunks (
  id                 BIGINT DEFAULT NEXTVAL('chunks_id_seq') NOT NULL,
  document_id        BIGINT NOT NULL,
  chunk_index        INT NOT NULL CHECK (chunk_index >= 0),
  content            TEXT NOT NULL,
  token_count        INT NOT NULL CHECK (token_count > 0),
  embedding_model_id BIGINT NOT NULL,
  embedding          REAL[1536] NOT NULL,
  content_tsv        TEXT NOT NULL,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (document_id, chunk_index),
  FOREIGN KEY (document_id) REFERENCES documents(id),
  FOREIGN KEY (embedding_model_id) REFERENCES embedding_models(id) ON DELETE RESTRICT
);
CREATE INDEX chunks_embedding_model_id_idx ON chunks(embedding_model_id);
COMMENT ON TABLE chunks IS 'A passage of a document with its embedding; chunk_index orders the passages.';
COMMENT ON COLUMN chunks.content_tsv IS 'Keyword search alongside the vector search.';

-- Table search_feedback
-- WARNING: search_feedback: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: search_feedback: foreign key action: chunk_id: ON DELETE CASCADE is not available in DuckDB; dropped
CREATE TABLE search_feedback (
  id         BIGINT DEFAULT NEXTVAL('search_feedback_id_seq') NOT NULL,
  chunk_id   BIGINT NOT NULL,
  query_text TEXT NOT NULL,
  helpful    BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  FOREIGN KEY (chunk_id) REFERENCES chunks(id)
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
FROM documents AS d
LEFT JOIN chunks AS c
  ON c.document_id = d.id
GROUP BY
  d.id,
  d.title;
