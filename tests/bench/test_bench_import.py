"""Benchmark of the DDL importer against a bare compiled-sqlglot parse, on every corpus file.

Targets (import issue): every corpus file that a bare ``sqlglot.parse`` (with the compiled
``sqlglotc`` extension) handles fully - no exception and every CREATE TABLE read as one -
imports in at most 1.5x that parse's time, and no corpus file imports slower than 1 MB/s.

As pytest-benchmark tests::

    python -m pytest tests/bench/test_bench_import.py --benchmark-enable

As a script (best CPU time of ROUNDS, ``time.process_time``, robust to a busy machine; both
sides read the file, each run starts on a swept heap (``gc.collect()``), each import with the
importer's caches emptied, and import and bare parse alternate round by round; prints the
Markdown table of BENCHMARKS.md, then the peak memory of the largest file)::

    python tests/bench/test_bench_import.py [ROUNDS [FILE ...]]   # FILE: postgres/chado...

In the normal test run (benchmarks disabled) each case runs once, as a smoke test.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.ddl.parse import clear_caches, import_file

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ddl"
#: A file of each dialect, and the largest file, for the pytest-benchmark cases.
CASES = ["postgres/chado", "postgres/synapse", "mysql/magento2", "mysql/zabbix", "sqlite/northwind",
         "tsql/adventureworks", "oracle/otrs"]


def _path(key: str) -> Path:
    path = CORPUS / f"{key}.sql"
    if not path.is_file():
        pytest.skip(f"corpus not available: {path}")
    return path


@pytest.mark.parametrize("key", CASES)
def test_bench_import(benchmark: Any, key: str) -> None:
    path = _path(key)
    result = benchmark(import_file, path, key.split("/")[0])
    assert result.report.tables > 0


def bare_sqlglot(text: str, dialect: str) -> tuple[bool, int]:
    """A bare ``sqlglot.parse`` of the whole text: (no exception?, CREATE TABLEs read)."""
    import sqlglot
    from sqlglot import exp

    logging.getLogger("sqlglot").setLevel(logging.CRITICAL)
    try:
        trees = sqlglot.parse(text, read=dialect)
    except Exception:
        return False, 0
    return True, sum(1 for t in trees if isinstance(t, exp.Create) and t.kind == "TABLE")


def _parse_file(path: Path, dialect: str) -> None:
    """What the bare parse is timed doing: read the file, parse it (an error ends it)."""
    import sqlglot

    with contextlib.suppress(Exception):
        sqlglot.parse(path.read_text(encoding="utf-8-sig"), read=dialect)


def _cpu(fn: Any) -> float:
    """CPU seconds of one call of ``fn``, on a heap swept first: each side then pays for the
    garbage it makes, never for the cyclic garbage the other side left (sqlglot's trees point
    to their parents, so only the collector frees them, during whatever runs next)."""
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def measure(key: str, rounds: int, expected_tables: int) -> dict[str, Any]:
    """Best CPU times of ``rounds`` imports and of as many bare parses, both from the file,
    taken in turn so that both sides see the same load on a shared machine. Each import starts
    with the importer's caches emptied (outside the timing), as the first import of a process."""
    path = _path(key)
    dialect = key.split("/")[0]
    text = path.read_text(encoding="utf-8-sig")
    import_file(path, dialect)  # load modules, compile regular expressions
    ok, tables = bare_sqlglot(text, dialect)  # loads sqlglot's dialect; logging off
    ours = glot = float("inf")
    for _ in range(rounds):
        clear_caches()
        ours = min(ours, _cpu(lambda: import_file(path, dialect)))
        glot = min(glot, _cpu(lambda: _parse_file(path, dialect)))
    size = path.stat().st_size / 1e6
    return {"key": key, "mb": size, "ours": ours, "glot": glot, "ok": ok, "tables": tables,
            "full": ok and tables == expected_tables, "rate": size / ours, "ratio": ours / glot}


def main(rounds: int = 5, keys: list[str] | None = None) -> None:
    from tests.core.ddl.test_import_corpus import CORPUS as EXPECTED

    # A parse that raises stops at the first error: its time is not comparable, so no ratio then.
    print("| file | MB | import ms | MB/s | bare sqlglot ms | sqlglot reads it fully | import / sqlglot |")
    print("|---|---:|---:|---:|---:|---|---:|")
    rows = [measure(key, rounds, EXPECTED[key].tables) for key in (keys or sorted(EXPECTED))]
    for r in rows:
        full = "yes" if r["full"] else f"no ({r['tables']} tables" + ("" if r["ok"] else ", raises") + ")"
        ratio = (f"**{r['ratio']:.2f}**" if r["ratio"] > 1.5 else f"{r['ratio']:.2f}") if r["full"] else "-"
        print(f"| {r['key']} | {r['mb']:.3f} | {r['ours'] * 1000:.1f} | {r['rate']:.2f} | {r['glot'] * 1000:.1f} "
              f"| {full} | {ratio} |")
    full = [r for r in rows if r["full"]]
    print(f"\nslowest import: {min(r['rate'] for r in rows):.2f} MB/s; worst ratio on the {len(full)} files "
          f"sqlglot reads fully: {max((r['ratio'] for r in full), default=0):.2f}; total import "
          f"{sum(r['ours'] for r in rows):.2f} s vs sqlglot {sum(r['glot'] for r in rows):.2f} s")
    if keys:
        return
    largest = max(CORPUS.glob("*/*.sql"), key=lambda p: p.stat().st_size)
    clear_caches()
    tracemalloc.start()
    import_file(largest, largest.parent.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory importing the largest file ({largest.parent.name}/{largest.name}, "
          f"{largest.stat().st_size / 1e6:.1f} MB): {peak / 1e6:.1f} MB (tracemalloc)")


def inserts(megabytes: int = 100) -> None:
    """Throughput and memory on a generated MySQL file of INSERTs between two CREATE TABLEs."""
    import resource
    import tempfile

    row = "(12345, 'some text; with -- a semicolon', 'O''Brien', NULL, 3.14159)"
    statement = "INSERT INTO t VALUES " + ",".join([row] * 200) + ";\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inserts.sql"
        with path.open("w") as out:
            out.write("CREATE TABLE t (a int, b text, c text, d text, e numeric);\n")
            written = 0
            while written < megabytes * 1024 * 1024:
                out.write(statement)
                written += len(statement)
            out.write("CREATE TABLE after_the_data (id int PRIMARY KEY);\n")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.process_time()
        result = import_file(path, "mysql")
        seconds = time.process_time() - started
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        size = path.stat().st_size / 1e6
    print(f"{size:.0f} MB of INSERTs: {seconds:.1f} s CPU ({size / seconds:.0f} MB/s), "
          f"{result.report.tables} tables, {result.report.skipped['insert']} INSERTs skipped; "
          f"peak RSS grew by {grown / 1024:.0f} MB during the import")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inserts"]:
        inserts(int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, sys.argv[2:] or None)
