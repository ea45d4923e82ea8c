-- tablewright DDL for model knowledge_base
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Extensions
-- WARNING: extension: PostgreSQL extensions (vector) do not apply to SQLite

-- Table collections
-- WARNING: collections: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE collections (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  description TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (name)
);

-- Table embedding_models
-- WARNING: embedding_models: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE embedding_models (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  dimensions INTEGER NOT NULL CHECK (dimensions = 1536),
  distance   TEXT NOT NULL DEFAULT 'cosine' CHECK (distance IN ('cosine', 'l2', 'inner_product')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (name)
);

-- Table documents
-- WARNING: documents: check: 'octet_length(content_sha256) = 32' becomes 'OCTET_LENGTH(content_sha256) = 32', which SQLite rejects (no such function: OCTET_LENGTH); dropped
-- WARNING: documents: index method: documents_metadata: SQLite has no GIN indexes; index left out
-- WARNING: documents: note: 2 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE documents (
  id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  collection_id  INTEGER NOT NULL,
  source_uri     TEXT NOT NULL,
  title          TEXT NOT NULL,
  mime_type      TEXT NOT NULL,
  content_sha256 BLOB NOT NULL,
  metadata       TEXT NOT NULL DEFAULT '{}',
  created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (collection_id, source_uri),
  FOREIGN KEY (collection_id) REFERENCES collections(id) ON DELETE CASCADE
);

-- Table chunks
-- WARNING: chunks: type: embedding vector(1536): a vector has no SQLite equivalent: stored as TEXT
-- WARNING: chunks: type: content_tsv tsvector: a text-search vector has no SQLite equivalent: stored as TEXT
-- WARNING: chunks: generated column: "to_tsvector('english', content)" becomes "TO_TSVECTOR('english', content)", which SQLite rejects (no such function: TO_TSVECTOR); dropped
-- WARNING: chunks: index method: chunks_embedding_hnsw: SQLite has no HNSW indexes; index left out
-- WARNING: chunks: index method: chunks_content_tsv: SQLite has no GIN indexes; index left out
-- WARNING: chunks: note: 3 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE chunks (
  id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  document_id        INTEGER NOT NULL,
  chunk_index        INTEGER NOT NULL CHECK (chunk_index >= 0),
  content            TEXT NOT NULL,
  token_count        INTEGER NOT NULL CHECK (token_count > 0),
  embedding_model_id INTEGER NOT NULL,
  embedding          TEXT NOT NULL,
  content_tsv        TEXT NOT NULL,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (document_id, chunk_index),
  FOREIGN KEY (document_id) REFERENCES documents(id) ON DELETE CASCADE,
  FOREIGN KEY (embedding_model_id) REFERENCES embedding_models(id) ON DELETE RESTRICT
);
CREATE INDEX chunks_embedding_model_id_idx ON chunks(embedding_model_id);

-- Table search_feedback
-- WARNING: search_feedback: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE search_feedback (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  chunk_id   INTEGER NOT NULL,
  query_text TEXT NOT NULL,
  helpful    INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (chunk_id) REFERENCES chunks(id) ON DELETE CASCADE
);
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
