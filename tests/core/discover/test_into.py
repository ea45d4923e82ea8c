"""Discovered FDs stored on an entity, and the analyzer using them (issue 10, phase 2)."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.discover import DiscoveryError, accept_discovered, discover_entity, entity_source
from core.document import Document
from core.model import DataModel, Entity
from core.normalize.model_bridge import analyze_entity
from core.storage import dumps, load, loads
from tests.conftest import ROOT

COLUMNS = [
    "order_id", "product_code", "order_date", "customer_id", "customer_name",
    "customer_email", "zip", "city", "product_name", "unit_price", "quantity",
]  # fmt: skip


def legacy_rows(seed: int = 3) -> list[tuple[object, ...]]:
    """Order lines in which the dependencies the sample model declares hold (and no others
    that matter): customers live in zips, zips are in cities, products have names and prices."""
    rng = random.Random(seed)
    cities = ["Ghent", "Leuven", "Namur", "Liège", "Mons"]
    zips = {f"{1000 + 37 * i}": cities[i % len(cities)] for i in range(14)}
    # names and prices repeat (so they determine nothing), e-mail addresses do not
    customers = {c: (f"name {c % 25}", f"c{c}@example.com", rng.choice(sorted(zips))) for c in range(1, 61)}
    prices = ["4.99", "9.50", "12.00", "19.99", "25.00", "40.00"]
    products = {f"P{p:03d}": (f"product {p % 10}", rng.choice(prices)) for p in range(25)}
    rows = []
    for order in range(1, 241):
        customer = rng.choice(sorted(customers))
        name, email, zip_code = customers[customer]
        date = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))).isoformat()
        for code in rng.sample(sorted(products), rng.randint(1, 4)):
            pname, price = products[code]
            qty = rng.randint(1, 30)
            rows.append((order, code, date, customer, name, email, zip_code, zips[zip_code], pname, price, qty))
    return rows


def write_csv(path: Path, rows: list[tuple[object, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def legacy_model(tmp_path: Path, data_source: str | None = None) -> tuple[Path, DataModel, DataModel]:
    """The sample legacy model, and a copy whose legacy_orders has no FDs (path of the copy)."""
    declared = load(ROOT / "sample_models" / "legacy_denormalized.yaml").model
    entity = declared.find_entity("legacy_orders")
    assert entity is not None and entity.fds
    bare = entity.model_copy(update={"fds": (), "data_source": data_source})
    model = declared.model_copy(update={"entities": tuple(bare if e is entity else e for e in declared.entities)})
    path = tmp_path / "legacy.yaml"
    path.write_text(dumps(model), encoding="utf-8")
    return path, declared, loads(path.read_text(encoding="utf-8"))


def violations(model: DataModel) -> set[tuple[str, frozenset[str], frozenset[str]]]:
    analysis = analyze_entity(model, "legacy_orders")
    return {(v.kind, frozenset(v.fd.lhs), frozenset(v.fd.rhs)) for v in analysis.violations if v.fd is not None}


def test_discovered_fds_drive_the_analyzer_like_the_declared_ones(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "orders.csv", legacy_rows())
    path, declared, bare = legacy_model(tmp_path, data_source="csv:orders.csv")
    assert analyze_entity(bare, "legacy_orders").normal_form == "BCNF"  # nothing known yet
    assert main(["discover", "--into", str(path), "--entity", "legacy_orders", "--json"]) == 0
    stored = load(path).model.find_entity("legacy_orders")
    assert stored is not None and stored.fds
    for fd in stored.fds:
        assert (fd.source, fd.discovered_from, fd.rows) == ("discovered", str(csv_path), len(legacy_rows()))
        assert fd.discovered_on == dt.date.today()
        assert fd.note is not None and fd.note.startswith("plausibility ")
    found = {(frozenset(fd.lhs), frozenset(fd.rhs)) for fd in stored.fds}
    assert (frozenset({"zip"}), frozenset({"city"})) in found
    after = analyze_entity(load(path).model, "legacy_orders")
    expected = analyze_entity(declared, "legacy_orders")
    assert after.normal_form == expected.normal_form == "1NF"
    # every violation the declared FDs show (partial and transitive) is shown by the discovered ones
    wanted = {(kind, lhs) for kind, lhs, _ in violations(declared)}
    assert wanted <= {(kind, lhs) for kind, lhs, _ in violations(load(path).model)}


def test_accepting_twice_adds_nothing_and_is_one_undo_step(tmp_path: Path) -> None:
    write_csv(tmp_path / "orders.csv", legacy_rows())
    _, _, model = legacy_model(tmp_path, data_source="csv:orders.csv")
    discovery = discover_entity(model, "legacy_orders", base_dir=tmp_path)
    doc = Document(model)
    first = accept_discovered(doc.model, "legacy_orders", discovery, "all")
    assert first.command is not None and first.added
    doc.execute(first.command)
    entity = doc.model.find_entity("legacy_orders")
    assert entity is not None and len(entity.fds) == len(first.added)
    again = accept_discovered(doc.model, "legacy_orders", discovery, "all")
    assert again.command is None and not again.added
    assert len(again.implied) == len(discovery.fds) - len(again.unknown_columns)
    doc.undo()
    assert doc.model == model


def test_nothing_stored_is_implied_by_keys_or_the_rest(tmp_path: Path) -> None:
    """The stored set is non-redundant and implies every FD found (plausible or not)."""
    from core.normalize.fds import FD, implies
    from core.normalize.model_bridge import entity_relation

    write_csv(tmp_path / "orders.csv", legacy_rows())
    _, _, model = legacy_model(tmp_path, data_source="csv:orders.csv")
    discovery = discover_entity(model, "legacy_orders", base_dir=tmp_path)
    acceptance = accept_discovered(model, "legacy_orders", discovery, "all")
    assert acceptance.command is not None
    entity = acceptance.command.transform(model).find_entity("legacy_orders")
    assert entity is not None
    relation = entity_relation(entity)
    everything = list(relation.fds)
    for fd in discovery.fds:
        assert implies(everything, FD(frozenset(fd.lhs), frozenset({fd.rhs})))
    for i, fd in enumerate(everything):
        if fd.source == "discovered":
            assert not implies(everything[:i] + everything[i + 1 :], fd), str(fd)
    assert all(fd.from_key is False for fd in acceptance.added)


def test_plausible_keeps_only_plausible(tmp_path: Path) -> None:
    write_csv(tmp_path / "orders.csv", legacy_rows())
    _, _, model = legacy_model(tmp_path, data_source="csv:orders.csv")
    discovery = discover_entity(model, "legacy_orders", base_dir=tmp_path)
    chosen = accept_discovered(model, "legacy_orders", discovery, "plausible")
    assert chosen.added and all(fd.plausible for fd in chosen.added)
    assert all(not fd.plausible for fd in chosen.not_plausible)


def test_sqlite_data_source_and_extra_columns(tmp_path: Path) -> None:
    """``sqlite:FILE#table``; a column the entity lacks is left out, names match ignoring case."""
    db = tmp_path / "legacy.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"CREATE TABLE lines ({', '.join(c.upper() for c in COLUMNS)}, extra)")
        conn.executemany(
            f"INSERT INTO lines VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
            [(*row, i % 2) for i, row in enumerate(legacy_rows())],
        )
    conn.close()
    _, _, model = legacy_model(tmp_path, data_source="sqlite:legacy.db#lines")
    discovery = discover_entity(model, "legacy_orders", base_dir=tmp_path, max_lhs=1)
    assert discovery.columns == tuple(COLUMNS)
    pairs = {(fd.lhs, fd.rhs) for fd in discovery.fds}
    assert (("zip",), "city") in pairs and (("order_id",), "customer_id") in pairs
    assert all(len(fd.lhs) <= 1 for fd in discovery.fds)


def test_entity_without_data_source_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _, model = legacy_model(tmp_path)
    with pytest.raises(DiscoveryError, match="has no data source"):
        discover_entity(model, "legacy_orders")
    assert main(["discover", "--model", str(path), "--entity", "legacy_orders"]) == 1
    assert "data_source" in capsys.readouterr().err
    assert main(["discover", "--model", str(path), "--entity", "legacy_order"]) == 1
    assert 'did you mean "legacy_orders"' in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--entity", "e"], "--entity needs --into MODEL"),
        (["--into", "m.yaml"], "--into needs --entity E"),
        ([], "give a SOURCE"),
        (["x.csv", "--accept", "all"], "--accept applies with --into"),
    ],
)
def test_option_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", *argv]) == 1
    assert message in capsys.readouterr().err


def test_entity_source_forms() -> None:
    pg = Entity(name="orders", data_source="postgresql://ann@db/shop#archive.orders_2019")
    assert (entity_source(pg).location, entity_source(pg).table) == ("postgresql://ann@db/shop", "archive.orders_2019")
    csv_entity = Entity(name="t", data_source="exports/t.csv")
    assert entity_source(csv_entity, base_dir="/data").location == "/data/exports/t.csv"
    with pytest.raises(DiscoveryError, match="not one discovery reads"):
        entity_source(Entity(name="t", data_source="mysql://x/y"))


def test_cli_source_with_entity_reads_that_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A SOURCE given with --into wins over the data source; the model is saved with the FDs."""
    rows = legacy_rows()
    csv_path = write_csv(tmp_path / "export.csv", rows)
    path, _, _ = legacy_model(tmp_path)
    argv = ["discover", str(csv_path), "--into", str(path), "--entity", "legacy_orders", "--accept", "all"]
    assert main([*argv, "--max-lhs", "1"]) == 0
    err = capsys.readouterr().err
    assert "added" in err and "discovered FD" in err
    entity = load(path).model.find_entity("legacy_orders")
    assert entity is not None
    assert all(len(fd.lhs) == 1 and fd.rows == len(rows) for fd in entity.fds)


@pytest.mark.parametrize("width", [6, 70])
def test_closure_agrees_with_the_analyzer(width: int) -> None:
    """The vectorized closure used to skip implied FDs, against core.normalize's implication."""
    from core.discover.accept import _Closure
    from core.normalize.fds import FD, implies

    rng = random.Random(width)
    names = [f"c{i}" for i in range(width)]
    pool = names[-8:]  # the high bits: beyond 62 columns the masks are Python integers
    for _ in range(30):
        fds = [
            (rng.sample(pool, rng.randint(0, 2)), rng.choice(pool)) for _ in range(rng.randint(0, 8))
        ]
        closure = _Closure(names)
        for lhs, rhs in fds:
            closure.add(closure.mask(lhs), closure.mask([rhs]))
        oracle = [FD(frozenset(lhs), frozenset({rhs})) for lhs, rhs in fds]
        for _ in range(10):
            lhs, rhs = rng.sample(pool, rng.randint(0, 3)), rng.choice(pool)
            expected = implies(oracle, FD(frozenset(lhs), frozenset({rhs})))
            assert closure.implies(closure.mask(lhs), closure.mask([rhs])) == expected
