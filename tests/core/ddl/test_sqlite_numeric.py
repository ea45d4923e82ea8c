"""SQLite ignores numeric precision and scale: the SQLite DDL says so (stderr and ``-- WARNING:``),
and a real SQLite shows why it matters."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import duckdb

from core.ddl import generate_ddl
from core.storage import loads

MODEL = """format_version: 1
name: prices
entities:
  - name: prices
    attributes:
      - {name: id, type: integer, nullable: false}
      - {name: amount, type: 'numeric(10,2)', nullable: false}
      - {name: ratio, type: numeric}
      - {name: rate, type: 'decimal(5)'}
    primary_key: [id]
"""


def test_sqlite_warns_for_each_numeric_with_precision_and_nothing_else() -> None:
    result = generate_ddl(loads(MODEL), "sqlite")
    lost = [str(w) for w in result.warnings if "precision and scale" in w.message]
    assert [w.split(":")[0] for w in lost] == ["prices", "prices"]
    assert {w.feature for w in result.warnings if "precision and scale" in w.message} == {"type"}
    assert "amount numeric(10,2)" in lost[0] and "rounded to 2 decimal places" in lost[0]
    assert "rate decimal(5)" in lost[1] and "limited to 5 digits" in lost[1] and "rounded" not in lost[1]
    assert not any("ratio" in str(w) for w in result.warnings)  # plain numeric: nothing promised, nothing lost
    assert sum(line.startswith("-- WARNING:") and "precision and scale" in line
               for line in result.sql.splitlines()) == 2
    for dialect in ("duckdb", "mysql", "oracle", "tsql"):  # they keep precision and scale
        assert not any("precision and scale" in str(w) for w in generate_ddl(loads(MODEL), dialect).warnings)


def test_what_the_warning_says_is_what_sqlite_does() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(generate_ddl(loads(MODEL), "sqlite").sql)
    conn.execute("INSERT INTO prices (id, amount) VALUES (1, 1.005), (2, 123456789012.345), (3, '1.10')")
    rows = conn.execute("SELECT amount, typeof(amount) FROM prices ORDER BY id").fetchall()
    assert rows == [(1.005, "real"), (123456789012.345, "real"), (1.1, "real")]  # not rounded, not limited
    conn.close()
    # DuckDB keeps them: rounded to the scale
    db = duckdb.connect()
    db.execute(generate_ddl(loads(MODEL), "duckdb").sql)
    db.execute("INSERT INTO prices (id, amount) VALUES (1, 1.005)")
    assert db.execute("SELECT amount FROM prices").fetchall() == [(Decimal("1.01"),)]
