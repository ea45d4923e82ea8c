"""Benchmark of the pattern library on the 1,000-entity model of ``tests/bench/bigmodel.py``.

    python tests/core/patterns/bench_patterns.py [ROUNDS]

Each case builds the pattern's batch and applies it (with the validity guard); "preview" also
generates the whole PostgreSQL DDL before and after and diffs them. Median CPU time
(``time.process_time``) and wall time of ROUNDS rounds (default 5).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from core.model import DataModel
from core.patterns import get_pattern
from tests.bench.bigmodel import big_model


def _apply(model: DataModel, name: str, targets: list[str], params: dict[str, Any] | None = None) -> Callable[[], Any]:
    def run() -> Any:
        return get_pattern(name).apply(model, targets, params).apply(model)

    return run


def _incremental_preview(model: DataModel, name: str) -> Callable[[], Any]:
    from core.ddl.cache import IncrementalDDL

    cache = IncrementalDDL("postgres")
    cache.update(model)  # warm, as in the app

    def run() -> Any:
        return get_pattern("soft-delete").preview(model, [name], ddl=lambda m: cache.update(m).sql)

    return run


def cases(model: DataModel) -> dict[str, Callable[[], Any]]:
    names = [e.name for e in model.entities]
    return {
        "soft-delete on 1 table: apply": _apply(model, "soft-delete", names[:1]),
        "soft-delete on 1 table: preview (full DDL before/after + diff)":
            lambda: get_pattern("soft-delete").preview(model, names[:1]),
        "soft-delete on 1 table: preview with the app's incremental DDL": _incremental_preview(model, names[0]),
        "soft-delete on 100 tables: apply": _apply(model, "soft-delete", names[:100]),
        "audit-trail on 100 tables: apply": _apply(model, "audit-trail", names[:100]),
        "system-versioned on 100 tables: apply": _apply(model, "system-versioned", names[:100]),
        "multi-tenant on all 1,000 tables: apply": _apply(model, "multi-tenant", []),
        "data-vault of 100 tables: apply": _apply(model, "data-vault", names[:100]),
    }


def main(rounds: int) -> None:
    model = big_model(1000, 15, 1500)
    for label, fn in cases(model).items():
        cpu, wall = [], []
        for _ in range(rounds):
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        print(f"{label:<60} CPU {statistics.median(cpu) * 1000:8.1f} ms   wall {statistics.median(wall) * 1000:8.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
