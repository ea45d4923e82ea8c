"""jsonb-document and vector-embeddings on a real PostgreSQL."""

from __future__ import annotations

import json
import random

import psycopg
import pytest

from core.errors import CommandError
from core.patterns import get_pattern
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import PRICES, applied, sample, yaml_model

pytestmark = pytest.mark.postgres

DOC = {"required": "name:string,price:number,customer.email:string",
       "generated": "customer.email:customer_email,price:price:numeric"}


def _explain(db: SchemaDB, query: str) -> str:
    db.conn.execute("SET enable_seqscan = off")
    try:
        return "\n".join(r[0] for r in db.rows("EXPLAIN " + query))
    finally:
        db.conn.execute("RESET enable_seqscan")


def test_document_check_generated_columns_and_gin(db: SchemaDB) -> None:
    db.run_model(applied(yaml_model(PRICES), "jsonb-document", ["products"], DOC))
    c = db.conn
    ins = "INSERT INTO products (sku, doc) VALUES (%s, %s)"
    good = {"name": "x", "price": 12.5, "customer": {"email": "a@b.c"}, "extra": [1]}
    c.execute(ins, ("t1", json.dumps(good)))
    assert db.rows("SELECT customer_email, price FROM products") == [("a@b.c", 12.5)]
    for bad in ({"price": 1, "customer": {"email": "e"}},            # name missing
                {**good, "price": "12"},                              # price not a number
                {**good, "customer": {"mail": "e"}},                  # nested key missing
                [good]):                                              # not an object
        with pytest.raises(psycopg.errors.CheckViolation):
            c.execute(ins, ("t2", json.dumps(bad)))
    plan = _explain(db, """SELECT sku FROM products WHERE doc @> '{"name": "x"}'""")
    assert "products_doc_gin" in plan
    plan = _explain(db, "SELECT sku FROM products WHERE customer_email = 'a@b.c'")
    assert "Index" in plan and "customer_email" in plan


def test_document_refuses_a_bad_type_and_a_second_application() -> None:
    with pytest.raises(CommandError, match="not a JSON type"):
        get_pattern("jsonb-document").apply(sample("library"), ["tags"], {"required": "a:str"})
    once = applied(sample("library"), "jsonb-document", ["tags"])
    with pytest.raises(CommandError, match="already applied"):
        get_pattern("jsonb-document").apply(once, ["tags"])


def _vectors(n: int, dims: int) -> list[str]:
    rng = random.Random(7)
    return ["[" + ",".join(f"{rng.uniform(-1, 1):.4f}" for _ in range(dims)) + "]" for _ in range(n)]


def test_hnsw_index_serves_nearest_neighbour_queries(db: SchemaDB) -> None:
    db.run_model(applied(sample("library"), "vector-embeddings", ["authors"], {"dimensions": 3, "metric": "l2"}))
    c = db.conn
    with c.cursor() as cur:
        cur.executemany("INSERT INTO authors (full_name, sort_name, embedding) VALUES (%s, %s, %s::vector)",
                        [(f"a{i}", f"a{i}", v) for i, v in enumerate(_vectors(300, 3))])
    c.execute("ANALYZE authors")
    query = "SELECT full_name FROM authors ORDER BY embedding <-> '[0.1,0.2,0.3]' LIMIT 5"
    assert "authors_embedding_hnsw" in _explain(db, query)
    # the answer agrees with an exact computation done here
    exact = sorted(((sum((float(x) - y) ** 2 for x, y in zip(v.strip("[]").split(","), (0.1, 0.2, 0.3),
                                                               strict=True)), f"a{i}")
                    for i, v in enumerate(_vectors(300, 3))))[:5]
    assert [r[0] for r in db.rows(query)][:1] == [exact[0][1]]


def test_chunked_variant_indexes_the_chunks(db: SchemaDB) -> None:
    db.run_model(applied(sample("library"), "vector-embeddings", ["books"],
                         {"dimensions": 4, "chunked": "true", "metric": "cosine"}))
    c = db.conn
    c.execute("INSERT INTO publishers (name) VALUES ('P')")
    (bid,) = c.execute("INSERT INTO books (isbn13, title, publisher_id, language) VALUES ('9780000000002', 'B', 1, 'en') RETURNING id").fetchone()
    with c.cursor() as cur:
        cur.executemany("INSERT INTO books_chunks (book_id, chunk_index, content, embedding) "
                        "VALUES (%s, %s, 'text', %s::vector)",
                        [(bid, i, v) for i, v in enumerate(_vectors(200, 4))])
    with pytest.raises(psycopg.errors.UniqueViolation):
        c.execute("INSERT INTO books_chunks (book_id, chunk_index, content, embedding) "
                  "VALUES (%s, 0, 'dup', '[1,0,0,0]')", (bid,))
    query = "SELECT id FROM books_chunks ORDER BY embedding <=> '[1,0,0,0]' LIMIT 3"
    assert "books_chunks_embedding_hnsw" in _explain(db, query)
    c.execute("DELETE FROM books WHERE id = %s", (bid,))  # chunks go with their book
    assert db.rows("SELECT count(*) FROM books_chunks") == [(0,)]
