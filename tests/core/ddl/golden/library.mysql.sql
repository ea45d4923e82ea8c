-- tablewright DDL for model library
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Table publishers
-- WARNING: publishers: type: name text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: publishers: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE publishers (
  id           BIGINT AUTO_INCREMENT NOT NULL,
  name         VARCHAR(255) NOT NULL,
  country_code CHAR(2) CHECK (REGEXP_LIKE(country_code, '^[A-Z]{2}$')),
  created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table authors
-- WARNING: authors: type: sort_name text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: authors: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE authors (
  id         BIGINT AUTO_INCREMENT NOT NULL,
  full_name  TEXT NOT NULL,
  sort_name  VARCHAR(255) NOT NULL COMMENT 'How the catalogue sorts the author: "Tolkien, J. R. R."',
  born       SMALLINT CHECK (born BETWEEN 0 AND 2100),
  died       SMALLINT,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  CONSTRAINT authors_died_after_born CHECK (died IS NULL OR died >= born)
);
CREATE INDEX authors_sort_name_idx ON authors(sort_name);

-- Table books
-- WARNING: books: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE books (
  id             BIGINT AUTO_INCREMENT NOT NULL,
  isbn13         CHAR(13) NOT NULL CHECK (REGEXP_LIKE(isbn13, '^97[89][0-9]{10}$')),
  title          TEXT NOT NULL,
  subtitle       TEXT,
  publisher_id   BIGINT,
  published_year SMALLINT CHECK (published_year BETWEEN 1450 AND 2100),
  language       CHAR(2) NOT NULL DEFAULT 'en',
  pages          INT CHECK (pages > 0),
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (isbn13),
  FOREIGN KEY (publisher_id) REFERENCES publishers(id) ON DELETE SET NULL
) COMMENT='A title in the catalogue (an edition, identified by its ISBN-13).';
CREATE INDEX books_publisher_id_idx ON books(publisher_id);
CREATE INDEX books_title_search ON books((LOWER(title)));

-- Table book_authors
CREATE TABLE book_authors (
  book_id   BIGINT NOT NULL,
  author_id BIGINT NOT NULL,
  position  SMALLINT NOT NULL DEFAULT 1 CHECK (position > 0),
  role      TEXT NOT NULL DEFAULT ('author') CHECK (role IN ('author', 'editor', 'translator', 'illustrator')),
  PRIMARY KEY (book_id, author_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE RESTRICT
) COMMENT='Who wrote which book (many-to-many), in the order printed on the cover.';
CREATE INDEX book_authors_author_id_idx ON book_authors(author_id);

-- Table tags
-- WARNING: tags: type: slug text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: tags: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE tags (
  id    BIGINT AUTO_INCREMENT NOT NULL,
  label TEXT NOT NULL,
  slug  VARCHAR(255) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]+$')),
  PRIMARY KEY (id),
  UNIQUE (slug)
) COMMENT='Subject headings readers browse by (fantasy, local history, cooking...).';

-- Table book_tags
CREATE TABLE book_tags (
  book_id   BIGINT NOT NULL,
  tag_id    BIGINT NOT NULL,
  tagged_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (book_id, tag_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE
) COMMENT='Which tags a book carries (many-to-many junction).';
CREATE INDEX book_tags_tag_id_idx ON book_tags(tag_id);

-- Table copies
-- WARNING: copies: type: barcode text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: copies: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE copies (
  id          BIGINT AUTO_INCREMENT NOT NULL,
  book_id     BIGINT NOT NULL,
  barcode     VARCHAR(255) NOT NULL,
  shelf       TEXT NOT NULL,
  `condition` TEXT NOT NULL DEFAULT ('good') CHECK (`condition` IN ('new', 'good', 'worn', 'damaged', 'lost')),
  acquired_on DATE NOT NULL DEFAULT CURRENT_DATE,
  PRIMARY KEY (id),
  UNIQUE (barcode),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE RESTRICT
) COMMENT='A physical copy on the shelf, labelled with a barcode.';
CREATE INDEX copies_book_id_idx ON copies(book_id);

-- Table members
-- WARNING: members: type: card_number text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: members: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
CREATE TABLE members (
  id          BIGINT AUTO_INCREMENT NOT NULL,
  card_number VARCHAR(255) NOT NULL,
  full_name   TEXT NOT NULL,
  email       TEXT,
  joined_on   DATE NOT NULL DEFAULT CURRENT_DATE,
  expires_on  DATE NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (card_number),
  CONSTRAINT members_expiry_after_joining CHECK (expires_on > joined_on)
);

-- Table loans
-- WARNING: loans: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: loans: partial index: loans_one_open_loan_per_copy: MySQL has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: loans: note: 1 note(s) cannot be stored as comments in MySQL; dropped
CREATE TABLE loans (
  id          BIGINT AUTO_INCREMENT NOT NULL,
  copy_id     BIGINT NOT NULL,
  member_id   BIGINT NOT NULL,
  loaned_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  due_at      TIMESTAMP NOT NULL,
  returned_at TIMESTAMP,
  renewals    SMALLINT NOT NULL DEFAULT 0 CHECK (renewals BETWEEN 0 AND 3),
  PRIMARY KEY (id),
  CONSTRAINT loans_due_after_loan CHECK (due_at > loaned_at),
  CONSTRAINT loans_returned_after_loan CHECK (returned_at IS NULL OR returned_at >= loaned_at),
  FOREIGN KEY (copy_id) REFERENCES copies(id) ON DELETE RESTRICT,
  FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE RESTRICT
) COMMENT='A copy lent to a member; returned_at is empty while the copy is out.';
CREATE INDEX loans_copy_id_idx ON loans(copy_id);
CREATE INDEX loans_member_id_idx ON loans(member_id);

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
  l.returned_at IS NULL AND l.due_at < CURRENT_TIMESTAMP();
