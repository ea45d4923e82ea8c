-- tablewright DDL for model library
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.

-- Table publishers
CREATE TABLE publishers (
    id            bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    name          text         NOT NULL,
    country_code  char(2)      CHECK (country_code ~ '^[A-Z]{2}$'),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (name)
);

-- Table authors
CREATE TABLE authors (
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    full_name   text         NOT NULL,
    sort_name   text         NOT NULL,
    born        smallint     CHECK (born BETWEEN 0 AND 2100),
    died        smallint,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    CONSTRAINT authors_died_after_born CHECK (died IS NULL OR died >= born)
);
CREATE INDEX ON authors (sort_name);
COMMENT ON COLUMN authors.sort_name IS 'How the catalogue sorts the author: "Tolkien, J. R. R."';

-- Table books
CREATE TABLE books (
    id              bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    isbn13          char(13)     NOT NULL CHECK (isbn13 ~ '^97[89][0-9]{10}$'),
    title           text         NOT NULL,
    subtitle        text,
    publisher_id    bigint,
    published_year  smallint     CHECK (published_year BETWEEN 1450 AND 2100),
    language        char(2)      NOT NULL DEFAULT 'en',
    pages           integer      CHECK (pages > 0),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (isbn13),
    FOREIGN KEY (publisher_id) REFERENCES publishers (id) ON DELETE SET NULL
);
CREATE INDEX ON books (publisher_id);
CREATE INDEX books_title_search ON books ((lower(title)));
COMMENT ON TABLE books IS 'A title in the catalogue (an edition, identified by its ISBN-13).';

-- Table book_authors
CREATE TABLE book_authors (
    book_id     bigint    NOT NULL,
    author_id   bigint    NOT NULL,
    "position"  smallint  NOT NULL DEFAULT 1 CHECK (position > 0),
    role        text      NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'editor', 'translator', 'illustrator')),
    PRIMARY KEY (book_id, author_id),
    FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE,
    FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE RESTRICT
);
CREATE INDEX ON book_authors (author_id);
COMMENT ON TABLE book_authors IS 'Who wrote which book (many-to-many), in the order printed on the cover.';

-- Table tags
CREATE TABLE tags (
    id     bigint  GENERATED ALWAYS AS IDENTITY NOT NULL,
    label  text    NOT NULL,
    slug   text    NOT NULL CHECK (slug ~ '^[a-z0-9-]+$'),
    PRIMARY KEY (id),
    UNIQUE (slug)
);
COMMENT ON TABLE tags IS 'Subject headings readers browse by (fantasy, local history, cooking...).';

-- Table book_tags
CREATE TABLE book_tags (
    book_id    bigint       NOT NULL,
    tag_id     bigint       NOT NULL,
    tagged_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (book_id, tag_id),
    FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE,
    FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
);
CREATE INDEX ON book_tags (tag_id);
COMMENT ON TABLE book_tags IS 'Which tags a book carries (many-to-many junction).';

-- Table copies
CREATE TABLE copies (
    id           bigint  GENERATED ALWAYS AS IDENTITY NOT NULL,
    book_id      bigint  NOT NULL,
    barcode      text    NOT NULL,
    shelf        text    NOT NULL,
    condition    text    NOT NULL DEFAULT 'good' CHECK (condition IN ('new', 'good', 'worn', 'damaged', 'lost')),
    acquired_on  date    NOT NULL DEFAULT CURRENT_DATE,
    PRIMARY KEY (id),
    UNIQUE (barcode),
    FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE RESTRICT
);
CREATE INDEX ON copies (book_id);
COMMENT ON TABLE copies IS 'A physical copy on the shelf, labelled with a barcode.';

-- Table members
CREATE TABLE members (
    id           bigint  GENERATED ALWAYS AS IDENTITY NOT NULL,
    card_number  text    NOT NULL,
    full_name    text    NOT NULL,
    email        text,
    joined_on    date    NOT NULL DEFAULT CURRENT_DATE,
    expires_on   date    NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (card_number),
    CONSTRAINT members_expiry_after_joining CHECK (expires_on > joined_on)
);

-- Table loans
CREATE TABLE loans (
    id           bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    copy_id      bigint       NOT NULL,
    member_id    bigint       NOT NULL,
    loaned_at    timestamptz  NOT NULL DEFAULT now(),
    due_at       timestamptz  NOT NULL,
    returned_at  timestamptz,
    renewals     smallint     NOT NULL DEFAULT 0 CHECK (renewals BETWEEN 0 AND 3),
    PRIMARY KEY (id),
    CONSTRAINT loans_due_after_loan CHECK (due_at > loaned_at),
    CONSTRAINT loans_returned_after_loan CHECK (returned_at IS NULL OR returned_at >= loaned_at),
    FOREIGN KEY (copy_id) REFERENCES copies (id) ON DELETE RESTRICT,
    FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE RESTRICT
);
CREATE INDEX ON loans (copy_id);
CREATE INDEX ON loans (member_id);
CREATE UNIQUE INDEX loans_one_open_loan_per_copy ON loans (copy_id) WHERE returned_at IS NULL;
COMMENT ON TABLE loans IS 'A copy lent to a member; returned_at is empty while the copy is out.';
COMMENT ON INDEX loans_one_open_loan_per_copy IS 'A copy can only be out with one member at a time.';

-- Views
CREATE VIEW overdue_loans AS
SELECT l.id AS loan_id, m.card_number, m.full_name, b.title, c.barcode, l.due_at
  FROM loans l
  JOIN members m ON m.id = l.member_id
  JOIN copies c ON c.id = l.copy_id
  JOIN books b ON b.id = c.book_id
 WHERE l.returned_at IS NULL
   AND l.due_at < now();
