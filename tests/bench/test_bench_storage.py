"""Benchmarks of the model file on the 1,000-entity model of ``tests/bench/bigmodel.py``
(``big_model(1000, 15, 1500)``: 15,000 attributes, 1,500 foreign keys, 1,000 FK indexes).

Targets (issue 2): load and validate under 1 s, save under 1 s.

As pytest-benchmark tests::

    python -m pytest tests/bench/test_bench_storage.py --benchmark-enable

As a script (median CPU time, ``time.process_time``, robust to a busy machine, and wall time)::

    python tests/bench/test_bench_storage.py [ROUNDS]

In the normal test run (benchmarks disabled) every case runs once, as a smoke test.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.model import DataModel
from core.storage import dumps, load, parse, save
from core.storage.fastyaml import fast_load
from core.validate import validate_model
from tests.bench.bigmodel import big_model


@pytest.fixture(scope="module")
def big() -> DataModel:
    return big_model(1000, 15, 1500)


@pytest.fixture(scope="module")
def big_file(big: DataModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "big.yaml"
    save(big, path)
    return path


def cases(model: DataModel, path: Path) -> dict[str, Callable[[], Any]]:
    """What is measured; ``path`` holds ``model``'s file, and ``save`` writes beside it."""
    text = path.read_text(encoding="utf-8")
    target = path.with_name("saved.yaml")
    commented = path.with_name("commented.yaml")
    commented.write_text(with_comments(text), encoding="utf-8")
    return {
        "load + validate (load)": lambda: load(path),
        "load + validate, hand-edited with comments": lambda: load(commented),
        "  read YAML (fast reader)": lambda: fast_load(text),
        "  parse (YAML + model classes)": lambda: parse(text),
        "  validate_model": lambda: validate_model(model),
        "save (dumps + atomic write)": lambda: save(model, target.with_name(f"s{time.perf_counter_ns()}.yaml")),
        "  dumps": lambda: dumps(model),
    }


def with_comments(text: str) -> str:
    """``text`` as a person might have edited it: a header comment and a comment after every
    20th attribute (these go through the comment cut before the fast reader)."""
    lines = text.split("\n")
    lines.insert(1, "# hand-edited: remarks after values")
    return "\n".join(f"{line}  # checked" if line.startswith("      - {") and i % 20 == 0 else line
                     for i, line in enumerate(lines))


def test_load_and_validate(benchmark: Any, big: DataModel, big_file: Path) -> None:
    loaded = benchmark(load, big_file)
    assert loaded.model == big and loaded.problems == ()


def test_load_and_validate_a_commented_file(benchmark: Any, big: DataModel, big_file: Path) -> None:
    commented = big_file.with_name("commented.yaml")
    commented.write_text(with_comments(big_file.read_text(encoding="utf-8")), encoding="utf-8")
    loaded = benchmark(load, commented)
    assert loaded.model == big and loaded.problems == ()


def test_save(benchmark: Any, big: DataModel, big_file: Path) -> None:
    counter = iter(range(10**9))

    def run() -> None:
        save(big, big_file.with_name(f"saved{next(counter)}.yaml"))

    benchmark(run)
    assert big_file.with_name("saved0.yaml").read_bytes() == big_file.read_bytes()


def test_fast_reader_takes_the_big_file(benchmark: Any, big_file: Path) -> None:
    data = benchmark(fast_load, big_file.read_text(encoding="utf-8"))
    assert len(data["entities"]) == 1000


def _measure(fn: Callable[[], Any], rounds: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(rounds):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def main(rounds: int = 10) -> None:
    model = big_model(1000, 15, 1500)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        save(model, path)
        print(f"file: {path.stat().st_size / 1e6:.2f} MB, {path.read_text(encoding='utf-8').count(chr(10))} lines")
        print(f"{'case (1,000 entities, 15,000 attributes, 1,500 FKs)':52} {'CPU ms':>8} {'wall ms':>8}")
        for label, fn in cases(model, path).items():
            cpu, wall = _measure(fn, rounds)
            print(f"{label:52} {cpu:8.0f} {wall:8.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
