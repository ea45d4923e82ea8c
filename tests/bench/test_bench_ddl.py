"""DDL generation benchmarks on the 1,000-entity model of ``bigmodel.py``.

Targets (issue 3): the full PostgreSQL DDL in under 200 ms; regenerating one changed entity's
DDL (the live preview) in under 2 ms.

- ``python -m pytest tests/bench/test_bench_ddl.py --benchmark-enable`` (pytest-benchmark, wall clock);
- ``python tests/bench/test_bench_ddl.py [ROUNDS]`` prints CPU and wall medians for each case
  (CPU time is the figure to compare on a shared, busy machine).

In the normal test run (benchmarks disabled) each case runs once and only its result is checked.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).resolve().parents[2])]

from bigmodel import big_model  # noqa: E402

from core.ddl import IncrementalDDL, generate_ddl  # noqa: E402
from core.ddl.tsql_cascades import refused_cascades  # noqa: E402
from core.model import DataModel  # noqa: E402


@pytest.fixture(scope="module")
def model() -> DataModel:
    return big_model()


def _edited(model: DataModel, i: int, text: str) -> DataModel:
    entities = list(model.entities)
    entities[i] = entities[i].model_copy(update={"note": text})
    return model.model_copy(update={"entities": tuple(entities)})


class _Flip:
    """Two revisions of the model differing in one entity, served alternately, so that every
    call regenerates that entity (the cache holds the other revision)."""

    def __init__(self, model: DataModel, i: int = 500) -> None:
        self.models = (_edited(model, i, "revision A"), _edited(model, i, "revision B"))
        self.key = model.entities[i].key
        self.inc = IncrementalDDL()
        self.inc.update(self.models[0])
        self.n = 0

    def next(self) -> DataModel:
        self.n += 1
        return self.models[self.n % 2]


def test_bench_full_postgres_ddl(benchmark: Any, model: DataModel) -> None:
    result = benchmark(generate_ddl, model)
    assert result.sql.count("CREATE TABLE ") == len(model.entities)


def test_bench_regenerate_one_entity(benchmark: Any, model: DataModel) -> None:
    flip = _Flip(model)
    before = flip.inc.misses
    fragment = benchmark.pedantic(lambda m: flip.inc.fragment(m, flip.key), setup=lambda: ((flip.next(),), {}),
                                  rounds=200, warmup_rounds=2)
    assert "revision" in fragment.sql and flip.inc.misses > before


def test_bench_preview_after_one_edit(benchmark: Any, model: DataModel) -> None:
    """The whole script again after one edit: one fragment regenerated, the rest reused."""
    flip = _Flip(model)
    before = flip.inc.misses
    result = benchmark.pedantic(flip.inc.update, setup=lambda: ((flip.next(),), {}), rounds=50, warmup_rounds=2)
    assert result.sql.count("CREATE TABLE ") == len(model.entities)
    assert flip.inc.misses - before <= 52  # one entity per round


def test_bench_full_sqlite_ddl(benchmark: Any) -> None:
    """Other dialects have no speed target; 200 entities keep this case to a second or two (every
    expression is translated by sqlglot and probed on SQLite)."""
    small = big_model(n_entities=200, fks=300)
    result = benchmark.pedantic(generate_ddl, args=(small, "sqlite"), rounds=3, iterations=1)
    assert result.sql.count("CREATE TABLE ") == len(small.entities)


def test_bench_tsql_cascade_paths(benchmark: Any, model: DataModel) -> None:
    refused = benchmark(refused_cascades, model)
    assert all(k in {e.key for e in model.entities} for k in refused)


def _measure(f: Callable[[], object], rounds: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(rounds):
        c, w = time.process_time(), time.perf_counter()
        f()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def main(rounds: int = 20) -> None:
    m = big_model()
    generate_ddl(m)  # warm caches (sqlglot tokenizer, quoting)
    print(f"{len(m.entities)} entities, {sum(len(e.attributes) for e in m.entities)} attributes, "
          f"{sum(len(e.foreign_keys) for e in m.entities)} FKs; medians of {rounds} rounds")
    flip = _Flip(m)
    small = big_model(n_entities=200, fks=300)
    cases: list[tuple[str, Callable[[], object], int]] = [
        ("full PostgreSQL DDL (generate_ddl)", lambda: generate_ddl(m), rounds),
        ("regenerate one entity (IncrementalDDL.fragment)", lambda: flip.inc.fragment(flip.next(), flip.key),
         rounds * 20),
        ("whole script after one edit (IncrementalDDL.update)", lambda: flip.inc.update(flip.next()), rounds),
        ("full SQLite DDL, 200 entities (sqlglot, engine probes)", lambda: generate_ddl(small, "sqlite"), 5),
        ("SQL Server cascade paths (refused_cascades)", lambda: refused_cascades(m), rounds),
    ]
    for name, f, n in cases:
        cpu, wall = _measure(f, n)
        print(f"{name:55s} CPU {cpu:8.2f} ms   wall {wall:8.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
