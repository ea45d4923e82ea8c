-- tablewright DDL for model knowledge_base
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Extensions
-- WARNING: extension: PostgreSQL extensions (vector) do not apply to MySQL

-- Table collections
-- WARNING: collections: type: name text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: collections: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE collections (
  id          BIGINT AUTO_INCREMENT NOT NULL,
  name        VARCHAR(255) NOT NULL,
  description TEXT,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (name)
) COMMENT='A set of documents searched together (a product''s docs, a team''s wiki).';

-- Table embedding_models
-- WARNING: embedding_models: type: name text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: embedding_models: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE embedding_models (
  id         BIGINT AUTO_INCREMENT NOT NULL,
  name       VARCHAR(255) NOT NULL,
  dimensions INT NOT NULL CHECK (dimensions = 1536),
  distance   TEXT NOT NULL DEFAULT ('cosine') CHECK (distance IN ('cosine', 'l2', 'inner_product')),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (name)
) COMMENT='The models chunks were embedded with; a model change means re-embedding.';

-- Table documents
-- WARNING: documents: type: source_uri text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: documents: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: documents: index method: documents_metadata: MySQL has no GIN indexes; index left out
-- WARNING: documents: note: 1 note(s) cannot be stored as comments in MySQL; dropped
CREATE TABLE documents (
  id             BIGINT AUTO_INCREMENT NOT NULL,
  collection_id  BIGINT NOT NULL,
  source_uri     VARCHAR(255) NOT NULL,
  title          TEXT NOT NULL,
  mime_type      TEXT NOT NULL,
  content_sha256 LONGBLOB NOT NULL CHECK (OCTET_LENGTH(content_sha256) = 32),
  metadata       JSON NOT NULL DEFAULT ('{}'),
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (collection_id, source_uri),
  FOREIGN KEY (collection_id) REFERENCES collections(id) ON DELETE CASCADE
) COMMENT='A source document, re-ingested when its content hash changes.';

-- Table chunks
-- WARNING: chunks: type: embedding vector(1536): a vector has no MySQL equivalent: stored as JSON
-- WARNING: chunks: type: content_tsv tsvector: a text-search vector has no MySQL equivalent: stored as LONGTEXT
-- WARNING: chunks: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: chunks: index method: chunks_embedding_hnsw: MySQL has no HNSW indexes; index left out
-- WARNING: chunks: index method: chunks_content_tsv: MySQL has no GIN indexes; index left out
-- WARNING: chunks: note: 1 note(s) cannot be stored as comments in MySQL; dropped
CREATE TABLE chunks (
  id                 BIGINT AUTO_INCREMENT NOT NULL,
  document_id        BIGINT NOT NULL,
  chunk_index        INT NOT NULL CHECK (chunk_index >= 0),
  content            TEXT NOT NULL,
  token_count        INT NOT NULL CHECK (token_count > 0),
  embedding_model_id BIGINT NOT NULL,
  embedding          JSON NOT NULL,
  content_tsv        LONGTEXT GENERATED ALWAYS AS (TO_TSVECTOR('english', content)) STORED NOT NULL COMMENT 'Keyword search alongside the vector search.',
  created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (document_id, chunk_index),
  FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  FOREIGN KEY (embedding_model_id) REFERENCES embedding_models(id) ON DELETE RESTRICT
) COMMENT='A passage of a document with its embedding; chunk_index orders the passages.';
CREATE INDEX chunks_embedding_model_id_idx ON chunks(embedding_model_id);

-- Table search_feedback
-- WARNING: search_feedback: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE search_feedback (
  id         BIGINT AUTO_INCREMENT NOT NULL,
  chunk_id   BIGINT NOT NULL,
  query_text TEXT NOT NULL,
  helpful    BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  FOREIGN KEY (chunk_id) REFERENCES chunks(id) ON DELETE CASCADE
) COMMENT='Whether a retrieved chunk helped answer a question (for evaluating retrieval).';
CREATE INDEX search_feedback_chunk_id_idx ON search_feedback(chunk_id);

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
