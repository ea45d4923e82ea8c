-- tablewright DDL for model library
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Sequences (for identity columns)
CREATE SEQUENCE IF NOT EXISTS publishers_id_seq;
CREATE SEQUENCE IF NOT EXISTS authors_id_seq;
CREATE SEQUENCE IF NOT EXISTS books_id_seq;
CREATE SEQUENCE IF NOT EXISTS tags_id_seq;
CREATE SEQUENCE IF NOT EXISTS copies_id_seq;
CREATE SEQUENCE IF NOT EXISTS members_id_seq;
CREATE SEQUENCE IF NOT EXISTS loans_id_seq;

-- Table publishers
-- WARNING: publishers: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE publishers (
  id           BIGINT DEFAULT NEXTVAL('publishers_id_seq') NOT NULL,
  name         TEXT NOT NULL,
  country_code TEXT(2) CHECK (REGEXP_MATCHES(country_code, '^[A-Z]{2}$')) CHECK (LENGTH(country_code) <= 2),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table authors
-- WARNING: authors: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE authors (
  id         BIGINT DEFAULT NEXTVAL('authors_id_seq') NOT NULL,
  full_name  TEXT NOT NULL,
  sort_name  TEXT NOT NULL,
  born       SMALLINT CHECK (born BETWEEN 0 AND 2100),
  died       SMALLINT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  CONSTRAINT authors_died_after_born CHECK (died IS NULL OR died >= born)
);
CREATE INDEX authors_sort_name_idx ON authors(sort_name);
COMMENT ON COLUMN authors.sort_name IS 'How the catalogue sorts the author: "Tolkien, J. R. R."';

-- Table books
-- WARNING: books: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: books: foreign key action: publisher_id: ON DELETE SET NULL is not available in DuckDB; dropped
CREATE TABLE books (
  id             BIGINT DEFAULT NEXTVAL('books_id_seq') NOT NULL,
  isbn13         TEXT(13) NOT NULL CHECK (REGEXP_MATCHES(isbn13, '^97[89][0-9]{10}$')) CHECK (LENGTH(isbn13) <= 13),
  title          TEXT NOT NULL,
  subtitle       TEXT,
  publisher_id   BIGINT,
  published_year SMALLINT CHECK (published_year BETWEEN 1450 AND 2100),
  language       TEXT(2) NOT NULL DEFAULT 'en' CHECK (LENGTH(language) <= 2),
  pages          INT CHECK (pages > 0),
  created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (isbn13),
  FOREIGN KEY (publisher_id) REFERENCES publishers(id)
);
CREATE INDEX books_publisher_id_idx ON books(publisher_id);
CREATE INDEX books_title_search ON books((LOWER(title)));
COMMENT ON TABLE books IS 'A title in the catalogue (an edition, identified by its ISBN-13).';

-- Table book_authors
-- WARNING: book_authors: foreign key action: book_id: ON DELETE CASCADE is not available in DuckDB; dropped
CREATE TABLE book_authors (
  book_id   BIGINT NOT NULL,
  author_id BIGINT NOT NULL,
  position  SMALLINT NOT NULL DEFAULT 1 CHECK (position > 0),
  role      TEXT NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'editor', 'translator', 'illustrator')),
  PRIMARY KEY (book_id, author_id),
  FOREIGN KEY (book_id) REFERENCES books(id),
  FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE RESTRICT
);
CREATE INDEX book_authors_author_id_idx ON book_authors(author_id);
COMMENT ON TABLE book_authors IS 'Who wrote which book (many-to-many), in the order printed on the cover.';

-- Table tags
-- WARNING: tags: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE tags (
  id    BIGINT DEFAULT NEXTVAL('tags_id_seq') NOT NULL,
  label TEXT NOT NULL,
  slug  TEXT NOT NULL CHECK (REGEXP_MATCHES(slug, '^[a-z0-9-]+$')),
  PRIMARY KEY (id),
  UNIQUE (slug)
);
COMMENT ON TABLE tags IS 'Subject headings readers browse by (fantasy, local history, cooking...).';

-- Table book_tags
-- WARNING: book_tags: foreign key action: book_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: book_tags: foreign key action: tag_id: ON DELETE CASCADE is not available in DuckDB; dropped
CREATE TABLE book_tags (
  book_id   BIGINT NOT NULL,
  tag_id    BIGINT NOT NULL,
  tagged_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (book_id, tag_id),
  FOREIGN KEY (book_id) REFERENCES books(id),
  FOREIGN KEY (tag_id) REFERENCES tags(id)
);
CREATE INDEX book_tags_tag_id_idx ON book_tags(tag_id);
COMMENT ON TABLE book_tags IS 'Which tags a book carries (many-to-many junction).';

-- Table copies
-- WARNING: copies: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE copies (
  id          BIGINT DEFAULT NEXTVAL('copies_id_seq') NOT NULL,
  book_id     BIGINT NOT NULL,
  barcode     TEXT NOT NULL,
  shelf       TEXT NOT NULL,
  condition   TEXT NOT NULL DEFAULT 'good' CHECK (condition IN ('new', 'good', 'worn', 'damaged', 'lost')),
  acquired_on DATE NOT NULL DEFAULT CURRENT_DATE,
  PRIMARY KEY (id),
  UNIQUE (barcode),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE RESTRICT
);
CREATE INDEX copies_book_id_idx ON copies(book_id);
COMMENT ON TABLE copies IS 'A physical copy on the shelf, labelled with a barcode.';

-- Table members
-- WARNING: members: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE members (
  id          BIGINT DEFAULT NEXTVAL('members_id_seq') NOT NULL,
  card_number TEXT NOT NULL,
  full_name   TEXT NOT NULL,
  email       TEXT,
  joined_on   DATE NOT NULL DEFAULT CURRENT_DATE,
  expires_on  DATE NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (card_number),
  CONSTRAINT members_expiry_after_joining CHECK (expires_on > joined_on)
);

-- Table loans
-- WARNING: loans: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: loans: partial index: loans_one_open_loan_per_copy: DuckDB has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: loans: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
CREATE TABLE loans (
  id          BIGINT DEFAULT NEXTVAL('loans_id_seq') NOT NULL,
  copy_id     BIGINT NOT NULL,
  member_id   BIGINT NOT NULL,
  loaned_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  due_at      TIMESTAMPTZ NOT NULL,
  returned_at TIMESTAMPTZ,
  renewals    SMALLINT NOT NULL DEFAULT 0 CHECK (renewals BETWEEN 0 AND 3),
  PRIMARY KEY (id),
  CONSTRAINT loans_due_after_loan CHECK (due_at > loaned_at),
  CONSTRAINT loans_returned_after_loan CHECK (returned_at IS NULL OR returned_at >= loaned_at),
  FOREIGN KEY (copy_id) REFERENCES copies(id) ON DELETE RESTRICT,
  FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE RESTRICT
);
CREATE INDEX loans_copy_id_idx ON loans(copy_id);
CREATE INDEX loans_member_id_idx ON loans(member_id);
COMMENT ON TABLE loans IS 'A copy lent to a member; returned_at is empty while the copy is out.';

-- Views
CREATE VIEW overdue_loans AS
SELECT
  l.id AS loan_id,
  m.card_number,
  m.full_name,
  b.title,
  c.barcode,
  l.due_at
FROM loans AS l
JOIN members AS m
  ON m.id = l.member_id
JOIN copies AS c
  ON c.id = l.copy_id
JOIN books AS b
  ON b.id = c.book_id
WHERE
  l.returned_at IS NULL AND l.due_at < CURRENT_TIMESTAMP;
