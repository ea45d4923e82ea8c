-- tablewright DDL for model library
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Table publishers
-- WARNING: publishers: type: name text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
CREATE TABLE publishers (
  id           BIGINT IDENTITY(1, 1) NOT NULL,
  name         NVARCHAR(450) NOT NULL,
  country_code NCHAR(2) CHECK (REGEXP_LIKE(country_code, '^[A-Z]{2}$')),
  created_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table authors
-- WARNING: authors: type: sort_name text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: authors: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE authors (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  full_name  NVARCHAR(MAX) NOT NULL,
  sort_name  NVARCHAR(450) NOT NULL,
  born       SMALLINT CHECK (born BETWEEN 0 AND 2100),
  died       SMALLINT,
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  CONSTRAINT authors_died_after_born CHECK (died IS NULL OR died >= born)
);
CREATE INDEX authors_sort_name_idx ON authors(sort_name);

-- Table books
-- WARNING: books: expression index: books_title_search: SQL Server cannot index an expression; index left out (index a computed column instead)
-- WARNING: books: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE books (
  id             BIGINT IDENTITY(1, 1) NOT NULL,
  isbn13         NCHAR(13) NOT NULL CHECK (REGEXP_LIKE(isbn13, '^97[89][0-9]{10}$')),
  title          NVARCHAR(MAX) NOT NULL,
  subtitle       NVARCHAR(MAX),
  publisher_id   BIGINT,
  published_year SMALLINT CHECK (published_year BETWEEN 1450 AND 2100),
  language       NCHAR(2) NOT NULL DEFAULT 'en',
  pages          INTEGER CHECK (pages > 0),
  created_at     DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (isbn13),
  FOREIGN KEY (publisher_id) REFERENCES publishers(id) ON DELETE SET NULL
);
CREATE INDEX books_publisher_id_idx ON books(publisher_id);

-- Table book_authors
-- WARNING: book_authors: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE book_authors (
  book_id   BIGINT NOT NULL,
  author_id BIGINT NOT NULL,
  position  SMALLINT NOT NULL DEFAULT 1 CHECK (position > 0),
  role      NVARCHAR(MAX) NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'editor', 'translator', 'illustrator')),
  PRIMARY KEY (book_id, author_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE NO ACTION
);
CREATE INDEX book_authors_author_id_idx ON book_authors(author_id);

-- Table tags
-- WARNING: tags: type: slug text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: tags: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE tags (
  id    BIGINT IDENTITY(1, 1) NOT NULL,
  label NVARCHAR(MAX) NOT NULL,
  slug  NVARCHAR(450) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]+$')),
  PRIMARY KEY (id),
  UNIQUE (slug)
);

-- Table book_tags
-- WARNING: book_tags: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE book_tags (
  book_id   BIGINT NOT NULL,
  tag_id    BIGINT NOT NULL,
  tagged_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (book_id, tag_id),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE
);
CREATE INDEX book_tags_tag_id_idx ON book_tags(tag_id);

-- Table copies
-- WARNING: copies: type: barcode text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: copies: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE copies (
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  book_id     BIGINT NOT NULL,
  barcode     NVARCHAR(450) NOT NULL,
  shelf       NVARCHAR(MAX) NOT NULL,
  condition   NVARCHAR(MAX) NOT NULL DEFAULT 'good' CHECK (condition IN ('new', 'good', 'worn', 'damaged', 'lost')),
  acquired_on DATE NOT NULL DEFAULT GETDATE(),
  PRIMARY KEY (id),
  UNIQUE (barcode),
  FOREIGN KEY (book_id) REFERENCES books(id) ON DELETE NO ACTION
);
CREATE INDEX copies_book_id_idx ON copies(book_id);

-- Table members
-- WARNING: members: type: card_number text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
CREATE TABLE members (
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  card_number NVARCHAR(450) NOT NULL,
  full_name   NVARCHAR(MAX) NOT NULL,
  email       NVARCHAR(MAX),
  joined_on   DATE NOT NULL DEFAULT GETDATE(),
  expires_on  DATE NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (card_number),
  CONSTRAINT members_expiry_after_joining CHECK (expires_on > joined_on)
);

-- Table loans
-- WARNING: loans: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE loans (
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  copy_id     BIGINT NOT NULL,
  member_id   BIGINT NOT NULL,
  loaned_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  due_at      DATETIMEOFFSET NOT NULL,
  returned_at DATETIMEOFFSET,
  renewals    SMALLINT NOT NULL DEFAULT 0 CHECK (renewals BETWEEN 0 AND 3),
  PRIMARY KEY (id),
  CONSTRAINT loans_due_after_loan CHECK (due_at > loaned_at),
  CONSTRAINT loans_returned_after_loan CHECK (returned_at IS NULL OR returned_at >= loaned_at),
  FOREIGN KEY (copy_id) REFERENCES copies(id) ON DELETE NO ACTION,
  FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE NO ACTION
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
  l.returned_at IS NULL AND l.due_at < GETDATE();
