"""Normalization benchmarks on seeded random FD sets, against two PyPI peers.

* ``functional-dependencies`` (GPL-3.0, benchmark peer only): closure, one key, minimal cover
  (``basis``), 3NF synthesis;
* ``db-fds``: all candidate keys by subset enumeration (only run for small ``n``).

Run the pytest-benchmark timings with ``python -m pytest tests/bench/test_bench_normalize.py
--benchmark-enable``, or the peer comparison table (what BENCHMARKS.md records) with
``python tests/bench/test_bench_normalize.py``. In the normal suite (benchmarks disabled) each
test runs once and checks answers against the peers, which are skipped when not installed.

The generator: ``n`` attributes ``a0..a{n-1}``, ``m`` FDs, each with a left-hand side of 1 to 3
distinct random attributes and one random right-hand-side attribute outside it, drawn from
``random.Random(seed)`` (the seed is printed with every figure).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if __name__ == "__main__":  # running as a script from the repository root or anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.normalize.chase import is_lossless, preserves_dependencies
from core.normalize.decompose import decompose_bcnf, synthesize_3nf
from core.normalize.fds import FD, equivalent, minimal_cover
from core.normalize.forms import is_3nf
from core.normalize.keys import a_key, candidate_keys, is_key
from core.normalize.project import project
from core.normalize.relation import Relation

if TYPE_CHECKING:
    from core.model import DataModel

SEED = 20240501
SIZES = [(n, m) for n in (8, 16, 24, 32) for m in (n, 2 * n, 4 * n)]


def random_fds(n: int, m: int, seed: int) -> tuple[tuple[str, ...], list[tuple[list[str], list[str]]]]:
    """``n`` attribute names and ``m`` random FDs (lhs of 1-3 attributes, one rhs attribute)."""
    rng = random.Random(seed * 1_000_003 + n * 1009 + m)
    names = tuple(f"a{i}" for i in range(n))
    fds = []
    for _ in range(m):
        lhs = rng.sample(names, rng.randint(1, 3))
        rhs = rng.choice([a for a in names if a not in lhs])
        fds.append((lhs, [rhs]))
    return names, fds


def ours(n: int, m: int, seed: int = SEED) -> tuple[tuple[str, ...], tuple[FD, ...]]:
    names, fds = random_fds(n, m, seed)
    return names, tuple(FD.of(lhs, rhs) for lhs, rhs in fds)


def _peer() -> Any:
    return pytest.importorskip("functional_dependencies")


# -- pytest-benchmark timings (run once as checks when benchmarks are disabled) -----------------


@pytest.mark.parametrize(("n", "m"), [(24, 48), (24, 96), (32, 64), (32, 128)])
def test_bench_all_keys(benchmark: Any, n: int, m: int) -> None:
    names, fds = ours(n, m)
    keys = benchmark(lambda: candidate_keys(Relation("R", names, fds)))
    rel = Relation("R", names, fds)
    assert keys and all(is_key(rel, k) for k in keys)


@pytest.mark.parametrize(("n", "m"), [(32, 128)])
def test_bench_bcnf(benchmark: Any, n: int, m: int) -> None:
    names, fds = ours(n, m)
    d = benchmark(lambda: decompose_bcnf(Relation("R", names, fds)))
    assert d.lossless


@pytest.mark.parametrize(("n", "m"), [(32, 128)])
def test_bench_synthesis(benchmark: Any, n: int, m: int) -> None:
    names, fds = ours(n, m)
    d = benchmark(lambda: synthesize_3nf(Relation("R", names, fds)))
    assert d.lossless and d.dependency_preserving


@pytest.mark.parametrize(("n", "m"), [(8, 8), (16, 64), (32, 128)])
def test_same_answers_as_functional_dependencies(n: int, m: int) -> None:
    fdlib = _peer()
    names, raw = random_fds(n, m, SEED)
    rel = Relation("R", names, tuple(FD.of(lhs, rhs) for lhs, rhs in raw))
    peer = fdlib.FDSet({fdlib.FD(set(lhs), set(rhs)) for lhs, rhs in raw})
    for a in names:
        assert rel.closure([a]) == frozenset(peer.closure({a}))
    assert is_key(rel, peer.key(set(names)))
    basis = [FD.of(f.lhs, f.rhs) for f in peer.basis()]
    assert equivalent(basis, minimal_cover(rel.fds, names))


@pytest.mark.parametrize("n", [8, 12])
def test_same_keys_as_db_fds(n: int) -> None:
    fdfuncs = pytest.importorskip("db_fds.fdfuncs")
    names, raw = random_fds(n, n, SEED)
    sym = {a: fdfuncs.Symbol(a) for a in names}
    peer_fds = {
        fdfuncs.FunctionalDependency({sym[x] for x in lhs}, {sym[x] for x in rhs}) for lhs, rhs in raw
    }
    theirs = {frozenset(s.name for s in k) for k in fdfuncs.find_keys(attrs=set(sym.values()), fds=peer_fds)}
    rel = Relation("R", names, tuple(FD.of(lhs, rhs) for lhs, rhs in raw))
    assert {frozenset(k) for k in candidate_keys(rel)} == theirs


# -- the model layer: what the normalization pane and `normalize --apply` call ----------------------


def wide_entity_model(n: int = 30, m: int = 45, seed: int = SEED) -> DataModel:
    """A model with one entity ``wide`` of ``n`` attributes and ``m`` random declared FDs (the
    generator above), its primary key a candidate key."""
    from core.model import Attribute, DataModel, Entity, FunctionalDependency, PrimaryKey

    names, raw = random_fds(n, m, seed)
    key = a_key(Relation("R", names, tuple(FD.of(lhs, rhs) for lhs, rhs in raw)))
    types = ("bigint", "text", "numeric(12,2)", "date", "varchar(40)")
    return DataModel(name="bench", entities=(Entity(
        name="wide", attributes=tuple(Attribute(name=a, type=types[i % len(types)], nullable=a not in key)
                                      for i, a in enumerate(names)),
        primary_key=PrimaryKey(columns=key),
        fds=tuple(FunctionalDependency(lhs=tuple(lhs), rhs=tuple(rhs)) for lhs, rhs in raw)),))


def legacy_in_big_model() -> DataModel:
    """The 1000-entity benchmark model with the legacy sample's entities added."""
    from core.storage import load
    from tests.bench.bigmodel import big_model

    legacy = load(Path(__file__).resolve().parents[2] / "sample_models" / "legacy_denormalized.yaml").model
    big = big_model()
    return big.model_copy(update={"entities": (*big.entities, *legacy.entities)})


@pytest.mark.parametrize("m", [30, 60, 120])
def test_bench_analyze_entity_30_attributes(benchmark: Any, m: int) -> None:
    from core.normalize.model_bridge import analyze_entity

    model = wide_entity_model(30, m)
    a = benchmark(lambda: analyze_entity(model, "wide"))
    assert a.candidate_keys and a.synthesis_3nf.lossless


def test_bench_decompose_in_a_big_model(benchmark: Any) -> None:
    from core.normalize.apply import Decompose
    from core.normalize.migrate import migration_sql

    model = legacy_in_big_model()
    cmd = Decompose(model.entities[-3].key, "3nf")
    after, undo = benchmark(lambda: cmd.apply(model))
    assert len(after.entities) == len(model.entities) + 4 and undo.apply(after)[0] is model
    assert "COMMIT;" in migration_sql(cmd.plan(model))


def model_layer(seeds: int = 20) -> None:
    """analyze_entity on a 30-attribute entity (target < 50 ms), and a decomposition applied in
    the 1000-entity model."""
    from core.normalize.apply import Decompose
    from core.normalize.migrate import migration_sql
    from core.normalize.model_bridge import analyze_entity
    from core.normalize.plan import plan_decomposition

    print(f"\nanalyze_entity, 30 attributes, seeds 0..{seeds - 1}; CPU ms per call (best of 5 loops)")
    print("| n | m | median ms | max ms |")
    print("|---|---|---|---|")
    for m in (30, 60, 120):
        times = []
        for seed in range(seeds):
            wide = wide_entity_model(30, m, seed)
            times.append(best(lambda wide=wide: analyze_entity(wide, "wide")))  # type: ignore[misc]
        times.sort()
        print(f"| 30 | {m} | {times[len(times) // 2] * 1e3:.1f} | {times[-1] * 1e3:.1f} |", flush=True)
    model = legacy_in_big_model()
    key = model.entities[-3].key
    cmd = Decompose(key, "3nf")
    print("\nlegacy_orders in the 1000-entity model; ms per call (best of 5 loops)")
    print("| operation | ms |")
    print("|---|---|")
    for label, fn in (("plan_decomposition (3NF)", lambda: plan_decomposition(model, key, "3nf")),
                      ("Decompose.apply (plan + guard)", lambda: cmd.apply(model)),
                      ("migration_sql", lambda: migration_sql(model, cmd))):
        print(f"| {label} | {best(fn, repeat=3) * 1e3:.1f} |", flush=True)


# -- the comparison table (script mode) ----------------------------------------------------------


def best(fn: Callable[[], Any], repeat: int = 5, floor: float = 0.02) -> float:
    """Seconds per call: each of ``repeat`` measurements loops ``fn`` until ``floor`` seconds
    have passed; the best measurement counts (the others were disturbed)."""
    loops = 1
    while True:  # calibrate, as timeit's autorange does
        t0 = time.process_time()
        for _ in range(loops):
            fn()
        if time.process_time() - t0 >= floor or loops >= 1 << 20:
            break
        loops *= 2
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(loops):
            fn()
        times.append((time.process_time() - t0) / loops)
    return min(times)


def compare(n: int, m: int, seed: int, fdlib: Any, dbfds: Any) -> dict[str, Any]:
    names, raw = random_fds(n, m, seed)
    fds = tuple(FD.of(lhs, rhs) for lhs, rhs in raw)
    peer_fds = [fdlib.FD(set(lhs), set(rhs)) for lhs, rhs in raw]
    rel = Relation("R", names, fds)
    probes = [[a] for a in names] + [list(random.Random(seed + i).sample(names, 3)) for i in range(8)]
    peer_set = fdlib.FDSet(peer_fds)
    rel.closure(names[:1])  # compiled once, as the peer's FDSet is built once
    row: dict[str, Any] = {"n": n, "m": m, "seed": seed}
    peer_closure = best(lambda: [peer_set.closure(set(p)) for p in probes])
    row["closure"] = (best(lambda: [rel.closure(p) for p in probes]), peer_closure)
    # the same without the memo of single-attribute closures a relation keeps after 16 calls
    import core.normalize.relation as relation_module

    saved, relation_module.SEEDED_AFTER = relation_module.SEEDED_AFTER, 1 << 62
    try:
        plain = Relation("R", names, fds)
        plain.closure(names[:1])
        row["closure (no memo)"] = (best(lambda: [plain.closure(p) for p in probes]), peer_closure)
    finally:
        relation_module.SEEDED_AFTER = saved
    row["one key"] = (
        best(lambda: a_key(Relation("R", names, fds))),
        best(lambda: fdlib.FDSet(peer_fds).key(set(names))),
    )
    row["minimal cover"] = (
        best(lambda: minimal_cover(fds, names)),
        best(lambda: fdlib.FDSet(peer_fds).basis()),
    )
    row["3NF synthesis"] = (
        best(lambda: synthesize_3nf(Relation("R", names, fds))),
        best(lambda: fdlib.RelSchema(set(names), fdlib.FDSet(peer_fds)).synthesize(True)),
    )
    keys = candidate_keys(rel)
    row["all keys"] = (best(lambda: candidate_keys(Relation("R", names, fds))), None)
    row["keys"] = len(keys)
    row["BCNF"] = (best(lambda: decompose_bcnf(Relation("R", names, fds))), None)
    # answers
    same = all(rel.closure(p) == frozenset(peer_set.closure(set(p))) for p in probes)
    same &= is_key(rel, fdlib.FDSet(peer_fds).key(set(names)))
    same &= equivalent([FD.of(f.lhs, f.rhs) for f in fdlib.FDSet(peer_fds).basis()], fds)
    ours_syn = {frozenset(c.attributes) for c in synthesize_3nf(rel).components}
    theirs_syn = {
        frozenset(s.attributes) for s in fdlib.RelSchema(set(names), fdlib.FDSet(peer_fds)).synthesize(True)
    }
    row["same synthesis"] = (
        "same"
        if ours_syn == theirs_syn
        else "other valid"
        if valid_synthesis(rel, theirs_syn)
        else "PEER WRONG"
    )
    row["same answers"] = same
    if dbfds is not None and n <= 14:
        sym = {a: dbfds.Symbol(a) for a in names}
        dfds = {dbfds.FunctionalDependency({sym[x] for x in lhs}, {sym[x] for x in rhs}) for lhs, rhs in raw}
        found: list[Any] = []
        t = best(lambda: found.append(dbfds.find_keys(attrs=set(sym.values()), fds=dfds)), repeat=3, floor=0)
        row["all keys"] = (row["all keys"][0], t)
        row["same answers"] &= {frozenset(s.name for s in k) for k in found[0]} == {
            frozenset(k) for k in keys
        }
    return row


def valid_synthesis(rel: Relation, components: set[frozenset[str]]) -> bool:
    """Lossless, dependency-preserving, every component in 3NF (w.r.t. the projected FDs)."""
    comps = list(components)
    return (
        is_lossless(rel, comps)
        and preserves_dependencies(rel, comps)
        and all(
            is_3nf(Relation("C", tuple(a for a in rel.attributes if a in c), project(rel, c))) for c in comps
        )
    )


def sweep(seeds: int = 20) -> None:
    """All keys and BCNF decomposition over many seeds (targets: < 100 ms, < 1 s)."""
    print(f"\nseeds 0..{seeds - 1}; CPU ms per call (one run each)")
    print("| n | m | instances with < 100 keys | all keys: max ms | most keys | BCNF: max ms |")
    print("|---|---|---|---|---|---|")
    for n, m in SIZES:
        if n < 24:
            continue
        key_times, bcnf_times, most = [], [], 0
        for seed in range(seeds):
            names, raw = random_fds(n, m, seed)
            fds = tuple(FD.of(lhs, rhs) for lhs, rhs in raw)
            t0 = time.process_time()
            keys = candidate_keys(Relation("R", names, fds))
            dt = time.process_time() - t0
            most = max(most, len(keys))
            if len(keys) < 100:
                key_times.append(dt)
            t0 = time.process_time()
            decompose_bcnf(Relation("R", names, fds))
            bcnf_times.append(time.process_time() - t0)
        print(
            f"| {n} | {m} | {len(key_times)} | {max(key_times) * 1e3:.1f} | {most} | "
            f"{max(bcnf_times) * 1e3:.1f} |",
            flush=True,
        )


def main() -> None:
    import importlib

    fdlib = importlib.import_module("functional_dependencies")
    try:
        dbfds: Any = importlib.import_module("db_fds.fdfuncs")
    except ImportError:
        dbfds = None
    ops = ["closure", "closure (no memo)", "one key", "minimal cover", "3NF synthesis", "all keys", "BCNF"]
    print(f"seed {SEED}; best of 5 timed loops; times in ms per call (ours / peer = speed-up)")
    print("| n | m | keys | " + " | ".join(ops) + " | same answers | same synthesis |")
    print("|---|---|---|" + "---|" * len(ops) + "---|---|")
    for n, m in SIZES:
        row = compare(n, m, SEED, fdlib, dbfds)
        cells = []
        for op in ops:
            mine, peer = row[op]
            cells.append(
                f"{mine * 1e3:.3f}"
                if peer is None
                else f"{mine * 1e3:.3f} / {peer * 1e3:.3f} = {peer / mine:.1f}x"
            )
        print(
            f"| {n} | {m} | {row['keys']} | "
            + " | ".join(cells)
            + f" | {'yes' if row['same answers'] else 'NO'} | {row['same synthesis']} |",
            flush=True,
        )
    sweep()
    model_layer()


if __name__ == "__main__":
    main()
