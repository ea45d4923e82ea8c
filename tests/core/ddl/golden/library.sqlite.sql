-- tablewright DDL for model library
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Table publishers
-- WARNING: publishers: check: "country_code ~ '^[A-Z]{2}$'" becomes "country_code REGEXP '^[A-Z]{2}$'", which SQLite rejects (no such function: REGEXP); dropped
CREATE TABLE publishers (
  id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name         TEXT NOT NULL,
  country_code TEXT(2) CHECK (LENGTH(country_code) <= 2),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (name)
);

-- Table authors
-- WARNING: authors: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE authors (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  full_name  TEXT NOT NULL,
  sort_name  TEXT NOT NULL,
  born       INTEGER CHECK (born BETWEEN 0 AND 2100),
  died       INTEGER,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT authors_died_after_born CHECK (died IS NULL OR died >= born)
);
CREATE INDEX authors_sort_name_idx ON authors(sort_name);

-- Table books
-- WARNING: books: check: "isbn13 ~ '^97[89][0-9]{10}$'" becomes "isbn13 REGEXP '^97[89][0-9]{10}$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: books: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE books (
  id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  isbn13         TEXT(13) NOT NULL CHECK (LENGTH(isbn13) <= 13),
  title          TEXT NOT NULL,
  subtitle       TEXT,
  publisher_id   INTEGER,
  published_year INTEGER CHECK (published_year BETWEEN 1450 AND 2100),
  language       TEXT(2) NOT NULL DEFAULT 'en' CHECK (LENGTH(language) <= 2),
  pages          INTEGER CHECK (pages > 0),
  created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (isbn13),
  FOREIGN KEY (publisher_id) REFERENCES publishers(id) ON DELETE SET NULL
);
CREATE INDEX books_publisher_id_idx ON books(publisher_id);
CREATE INDEX books_title_search ON books((LOWER(title)));

-- Table book_authors
-- WARNING: book_authors: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE book_authors (
  book_id   INTEGER NOT NULL,
  author_id INTEGER NOT NULL,
  position  INTEGER NOT NULL DEFAULT 1 CHECK (position > 0),
  role      TEXT NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'editor', 'translator', 'illustrator')),
  PRIMARY KEY (book_id, author_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE RESTRICT
);
CREATE INDEX book_authors_author_id_idx ON book_authors(author_id);

-- Table tags
-- WARNING: tags: check: "slug ~ '^[a-z0-9-]+$'" becomes "slug REGEXP '^[a-z0-9-]+$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: tags: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE tags (
  id    INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  label TEXT NOT NULL,
  slug  TEXT NOT NULL,
  UNIQUE (slug)
);

-- Table book_tags
-- WARNING: book_tags: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE book_tags (
  book_id   INTEGER NOT NULL,
  tag_id    INTEGER NOT NULL,
  tagged_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (book_id, tag_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE
);
CREATE INDEX book_tags_tag_id_idx ON book_tags(tag_id);

-- Table copies
-- WARNING: copies: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE copies (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  book_id     INTEGER NOT NULL,
  barcode     TEXT NOT NULL,
  shelf       TEXT NOT NULL,
  condition   TEXT NOT NULL DEFAULT 'good' CHECK (condition IN ('new', 'good', 'worn', 'damaged', 'lost')),
  acquired_on DATE NOT NULL DEFAULT CURRENT_DATE,
  UNIQUE (barcode),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE RESTRICT
);
CREATE INDEX copies_book_id_idx ON copies(book_id);

-- Table members
CREATE TABLE members (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  card_number TEXT NOT NULL,
  full_name   TEXT NOT NULL,
  email       TEXT,
  joined_on   DATE NOT NULL DEFAULT CURRENT_DATE,
  expires_on  DATE NOT NULL,
  UNIQUE (card_number),
  CONSTRAINT members_expiry_after_joining CHECK (expires_on > joined_on)
);

-- Table loans
-- WARNING: loans: note: 2 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE loans (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  copy_id     INTEGER NOT NULL,
  member_id   INTEGER NOT NULL,
  loaned_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  due_at      TIMESTAMPTZ NOT NULL,
  returned_at TIMESTAMPTZ,
  renewals    INTEGER NOT NULL DEFAULT 0 CHECK (renewals BETWEEN 0 AND 3),
  CONSTRAINT loans_due_after_loan CHECK (due_at > loaned_at),
  CONSTRAINT loans_returned_after_loan CHECK (returned_at IS NULL OR returned_at >= loaned_at),
  FOREIGN KEY (copy_id) REFERENCES copies(id) ON DELETE RESTRICT,
  FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE RESTRICT
);
CREATE INDEX loans_copy_id_idx ON loans(copy_id);
CREATE INDEX loans_member_id_idx ON loans(member_id);
CREATE UNIQUE INDEX loans_one_open_loan_per_copy ON loans(copy_id) WHERE returned_at IS NULL;

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
