-- tablewright DDL for model knowledge_base
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.

-- Extensions
CREATE EXTENSION IF NOT EXISTS vector;

-- Table collections
CREATE TABLE collections (
    id           bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    name         text         NOT NULL,
    description  text,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (name)
);
COMMENT ON TABLE collections IS 'A set of documents searched together (a product''s docs, a team''s wiki).';

-- Table embedding_models
CREATE TABLE embedding_models (
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    name        text         NOT NULL,
    dimensions  integer      NOT NULL CHECK (dimensions = 1536),
    distance    text         NOT NULL DEFAULT 'cosine' CHECK (distance IN ('cosine', 'l2', 'inner_product')),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (name)
);
COMMENT ON TABLE embedding_models IS 'The models chunks were embedded with; a model change means re-embedding.';

-- Table documents
CREATE TABLE documents (
    id              bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    collection_id   bigint       NOT NULL,
    source_uri      text         NOT NULL,
    title           text         NOT NULL,
    mime_type       text         NOT NULL,
    content_sha256  bytea        NOT NULL CHECK (octet_length(content_sha256) = 32),
    metadata        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (collection_id, source_uri),
    FOREIGN KEY (collection_id) REFERENCES collections (id) ON DELETE CASCADE
);
CREATE INDEX documents_metadata ON documents USING gin (metadata jsonb_path_ops);
COMMENT ON TABLE documents IS 'A source document, re-ingested when its content hash changes.';
COMMENT ON INDEX documents_metadata IS 'Filters such as metadata @> ''{"lang": "en"}''.';

-- Table chunks
CREATE TABLE chunks (
    id                  bigint        GENERATED ALWAYS AS IDENTITY NOT NULL,
    document_id         bigint        NOT NULL,
    chunk_index         integer       NOT NULL CHECK (chunk_index >= 0),
    content             text          NOT NULL,
    token_count         integer       NOT NULL CHECK (token_count > 0),
    embedding_model_id  bigint        NOT NULL,
    embedding           vector(1536)  NOT NULL,
    content_tsv         tsvector      GENERATED ALWAYS AS (to_tsvector('english', content)) STORED NOT NULL,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (document_id, chunk_index),
    FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE,
    FOREIGN KEY (embedding_model_id) REFERENCES embedding_models (id) ON DELETE RESTRICT
);
CREATE INDEX ON chunks (embedding_model_id);
CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX chunks_content_tsv ON chunks USING gin (content_tsv);
COMMENT ON TABLE chunks IS 'A passage of a document with its embedding; chunk_index orders the passages.';
COMMENT ON COLUMN chunks.content_tsv IS 'Keyword search alongside the vector search.';
COMMENT ON INDEX chunks_embedding_hnsw IS 'Nearest neighbours by cosine distance: ORDER BY embedding <=> $1 LIMIT k.';

-- Table search_feedback
CREATE TABLE search_feedback (
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    chunk_id    bigint       NOT NULL,
    query_text  text         NOT NULL,
    helpful     boolean      NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    FOREIGN KEY (chunk_id) REFERENCES chunks (id) ON DELETE CASCADE
);
CREATE INDEX ON search_feedback (chunk_id);
COMMENT ON TABLE search_feedback IS 'Whether a retrieved chunk helped answer a question (for evaluating retrieval).';

-- Views
CREATE VIEW document_stats AS
SELECT d.id AS document_id, d.title, count(c.id) AS chunks, coalesce(sum(c.token_count), 0) AS tokens
  FROM documents d
  LEFT JOIN chunks c ON c.document_id = d.id
 GROUP BY d.id, d.title;
