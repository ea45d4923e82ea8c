"""Benchmarks of edit commands (execute + undo through a Document) and of the model graph on the
1,000-entity / 1,500-FK model of ``tests/bench/bigmodel.py``.

As pytest-benchmark tests::

    python -m pytest tests/bench/test_bench_commands.py --benchmark-enable

As a script (median CPU time, ``time.process_time``, robust to a busy machine, and wall time)::

    python tests/bench/test_bench_commands.py [ROUNDS]

In the normal test run (benchmarks disabled) every case runs once, as a smoke test.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core import graph
from core.commands import (
    AddAttribute,
    Command,
    DeleteEntity,
    RenameAttribute,
    RenameEntity,
    UpdateAttribute,
    UpdateEntity,
)
from core.document import Document
from core.model import Attribute, DataModel, EntityKey
from tests.bench.bigmodel import big_model


def most_referenced(model: DataModel) -> EntityKey:
    """The entity with the most foreign keys pointing at it: the costliest rename."""
    counts = Counter(model.canonical_key(fk.target(e.key)) for e, fk in model.iter_foreign_keys())
    return counts.most_common(1)[0][0]


def cases(model: DataModel) -> dict[str, Command]:
    hot = most_referenced(model)
    return {
        "rename entity (most referenced)": RenameEntity(hot, "renamed_table"),
        "rename key attribute (most referenced)": RenameAttribute(hot, "id", "key"),
        "change key type (follows FKs)": UpdateAttribute(hot, "id", (("type", "integer"),)),
        "add attribute": AddAttribute(hot, Attribute(name="extra", type="text")),
        "delete entity (most referenced)": DeleteEntity(hot),
        "edit note": UpdateEntity(hot, (("note", "hello"),)),
    }


def execute_undo(doc: Document, command: Command) -> Callable[[], None]:
    def run() -> None:
        doc.execute(command)
        doc.undo()

    return run


def build_and_order(model: DataModel) -> Callable[[], Any]:
    def run() -> Any:
        graph._CACHE.clear()  # measure the graph build too
        return graph.creation_order(model)

    return run


@pytest.fixture(scope="module")
def big() -> DataModel:
    return big_model(1000, 15, 1500)


@pytest.mark.parametrize("case", list(cases(big_model(3, 3, 2))))
def test_execute_and_undo(benchmark: Any, big: DataModel, case: str) -> None:
    doc = Document(big)
    benchmark(execute_undo(doc, cases(big)[case]))
    assert doc.model is big and doc.can_redo


def test_build_graph(benchmark: Any, big: DataModel) -> None:
    g = benchmark(graph.build_graph, big)
    assert g.number_of_nodes() == 1000 and g.number_of_edges() == 1500


def test_build_graph_and_creation_order(benchmark: Any, big: DataModel) -> None:
    order, deferred = benchmark(build_and_order(big))
    assert len(order) == 1000 and len(deferred) < 20


def _measure(fn: Callable[[], Any], rounds: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(rounds):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def main(rounds: int = 30) -> None:
    model = big_model(1000, 15, 1500)
    rows: list[tuple[str, float, float]] = []
    rows.append(("build graph", *_measure(lambda: graph.build_graph(model), rounds)))
    rows.append(("build graph + creation order", *_measure(build_and_order(model), rounds)))
    doc = Document(model)
    for label, command in cases(model).items():
        rows.append((f"execute + undo: {label}", *_measure(execute_undo(doc, command), rounds)))
    print(f"{'case (1,000 entities, 1,500 FKs)':56} {'CPU ms':>8} {'wall ms':>8}")
    for label, cpu, wall in rows:
        print(f"{label:56} {cpu:8.1f} {wall:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
