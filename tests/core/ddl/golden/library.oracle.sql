-- tablewright DDL for model library
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Table publishers
-- WARNING: publishers: type: name text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE publishers (
  id           INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  name         VARCHAR2(4000) NOT NULL,
  country_code CHAR(2) CHECK (REGEXP_LIKE(country_code, '^[A-Z]{2}$')),
  created_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table authors
-- WARNING: authors: type: sort_name text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE authors (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  full_name  CLOB NOT NULL,
  sort_name  VARCHAR2(4000) NOT NULL,
  born       SMALLINT CHECK (born BETWEEN 0 AND 2100),
  died       SMALLINT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT authors_died_after_born CHECK (died IS NULL OR died >= born)
);
CREATE INDEX authors_sort_name_idx ON authors(sort_name);
COMMENT ON COLUMN authors.sort_name IS 'How the catalogue sorts the author: "Tolkien, J. R. R."';

-- Table books
CREATE TABLE books (
  id             INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  isbn13         CHAR(13) NOT NULL CHECK (REGEXP_LIKE(isbn13, '^97[89][0-9]{10}$')),
  title          CLOB NOT NULL,
  subtitle       CLOB,
  publisher_id   INT,
  published_year SMALLINT CHECK (published_year BETWEEN 1450 AND 2100),
  language       CHAR(2) DEFAULT 'en' NOT NULL,
  pages          INT CHECK (pages > 0),
  created_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (isbn13),
  FOREIGN KEY (publisher_id) REFERENCES publishers(id) ON DELETE SET NULL
);
CREATE INDEX books_publisher_id_idx ON books(publisher_id);
CREATE INDEX books_title_search ON books((LOWER(title)));
COMMENT ON TABLE books IS 'A title in the catalogue (an edition, identified by its ISBN-13).';

-- Table book_authors
-- WARNING: book_authors: type: role text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE book_authors (
  book_id   INT NOT NULL,
  author_id INT NOT NULL,
  position  SMALLINT DEFAULT 1 NOT NULL CHECK (position > 0),
  role      VARCHAR2(4000) DEFAULT 'author' NOT NULL CHECK (role IN ('author', 'editor', 'translator', 'illustrator')),
  PRIMARY KEY (book_id, author_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (author_id) REFERENCES authors(id)
);
CREATE INDEX book_authors_author_id_idx ON book_authors(author_id);
COMMENT ON TABLE book_authors IS 'Who wrote which book (many-to-many), in the order printed on the cover.';

-- Table tags
-- WARNING: tags: type: slug text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE tags (
  id    INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  label CLOB NOT NULL,
  slug  VARCHAR2(4000) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]+$')),
  PRIMARY KEY (id),
  UNIQUE (slug)
);
COMMENT ON TABLE tags IS 'Subject headings readers browse by (fantasy, local history, cooking...).';

-- Table book_tags
CREATE TABLE book_tags (
  book_id   INT NOT NULL,
  tag_id    INT NOT NULL,
  tagged_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (book_id, tag_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE
);
CREATE INDEX book_tags_tag_id_idx ON book_tags(tag_id);
COMMENT ON TABLE book_tags IS 'Which tags a book carries (many-to-many junction).';

-- Table copies
-- WARNING: copies: type: barcode text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: copies: type: condition text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE copies (
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  book_id     INT NOT NULL,
  barcode     VARCHAR2(4000) NOT NULL,
  shelf       CLOB NOT NULL,
  condition   VARCHAR2(4000) DEFAULT 'good' NOT NULL CHECK (condition IN ('new', 'good', 'worn', 'damaged', 'lost')),
  acquired_on DATE DEFAULT CURRENT_DATE NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (barcode),
  FOREIGN KEY (book_id) REFERENCES books(id)
);
CREATE INDEX copies_book_id_idx ON copies(book_id);
COMMENT ON TABLE copies IS 'A physical copy on the shelf, labelled with a barcode.';

-- Table members
-- WARNING: members: type: card_number text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE members (
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  card_number VARCHAR2(4000) NOT NULL,
  full_name   CLOB NOT NULL,
  email       CLOB,
  joined_on   DATE DEFAULT CURRENT_DATE NOT NULL,
  expires_on  DATE NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (card_number),
  CONSTRAINT members_expiry_after_joining CHECK (expires_on > joined_on)
);

-- Table loans
-- WARNING: loans: partial index: loans_one_open_loan_per_copy: Oracle has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: loans: note: 1 note(s) cannot be stored as comments in Oracle; dropped
CREATE TABLE loans (
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  copy_id     INT NOT NULL,
  member_id   INT NOT NULL,
  loaned_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  due_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  returned_at TIMESTAMP WITH TIME ZONE,
  renewals    SMALLINT DEFAULT 0 NOT NULL CHECK (renewals BETWEEN 0 AND 3),
  PRIMARY KEY (id),
  CONSTRAINT loans_due_after_loan CHECK (due_at > loaned_at),
  CONSTRAINT loans_returned_after_loan CHECK (returned_at IS NULL OR returned_at >= loaned_at),
  FOREIGN KEY (copy_id) REFERENCES copies(id),
  FOREIGN KEY (member_id) REFERENCES members(id)
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
FROM loans l
JOIN members m
  ON m.id = l.member_id
JOIN copies c
  ON c.id = l.copy_id
JOIN books b
  ON b.id = c.book_id
WHERE
  l.returned_at IS NULL AND l.due_at < CURRENT_TIMESTAMP;
