"""Benchmark of the DDL importer against a bare compiled-sqlglot parse, on every corpus file.

Targets (import issue): every corpus file that a bare ``sqlglot.parse`` (with the compiled
``sqlglotc`` extension) handles fully - no exception and every CREATE TABLE read as one -
imports in at most 1.5x that parse's time, and no corpus file imports slower than 1 MB/s.

As pytest-benchmark tests::

    python -m pytest tests/bench/test_bench_import.py --benchmark-enable

As a script (best CPU time of ROUNDS, ``time.process_time``, robust to a busy machine; prints
the Markdown table of BENCHMARKS.md, then the peak memory of the largest file)::

    python tests/bench/test_bench_import.py [ROUNDS]

In the normal test run (benchmarks disabled) each case runs once, as a smoke test.
"""

from __future__ import annotations

import logging
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.ddl.parse import import_file

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


def _best(fn: Any, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def main(rounds: int = 5) -> None:
    from tests.core.ddl.test_import_corpus import CORPUS as EXPECTED

    print("| file | MB | import ms | MB/s | sqlglot ms | sqlglot reads it fully | ratio |")
    print("|---|---:|---:|---:|---:|---|---:|")
    worst_rate, worst_ratio = float("inf"), 0.0
    for key in sorted(EXPECTED):
        path = _path(key)
        dialect = key.split("/")[0]
        text = path.read_text(encoding="utf-8-sig")
        size = len(text.encode()) / 1e6
        import_file(path, dialect)  # warm caches and imports
        seconds = _best(lambda p=path, d=dialect: import_file(p, d), rounds)
        ok, tables = bare_sqlglot(text, dialect)
        glot = _best(lambda t=text, d=dialect: bare_sqlglot(t, d), max(1, rounds // 2))
        full = ok and tables == EXPECTED[key].tables
        ratio = seconds / glot
        worst_rate = min(worst_rate, size / seconds)
        if full:
            worst_ratio = max(worst_ratio, ratio)
        print(f"| {key} | {size:.3f} | {seconds * 1000:.1f} | {size / seconds:.2f} | {glot * 1000:.1f} | "
              f"{'yes' if full else f'no ({tables} tables' + ('' if ok else ', raises') + ')'} | {ratio:.2f} |")
    print(f"\nslowest import: {worst_rate:.2f} MB/s; worst ratio on files sqlglot reads fully: {worst_ratio:.2f}")
    largest = max(CORPUS.glob("*/*.sql"), key=lambda p: p.stat().st_size)
    tracemalloc.start()
    import_file(largest, largest.parent.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory importing the largest file ({largest.parent.name}/{largest.name}, "
          f"{largest.stat().st_size / 1e6:.1f} MB): {peak / 1e6:.1f} MB (tracemalloc)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
