"""Ranking: key dependencies marked, accidents flagged, plausible ones first."""

from __future__ import annotations

import random

from core.discover import encode_rows
from core.discover.api import discover_table
from core.discover.rank import PLAUSIBLE, rank


def orders(n: int = 200, seed: int = 1) -> tuple[list[str], list[tuple[object, ...]]]:
    """Order lines: id unique, product_code -> product_name (real), a near-unique note column."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        code = rng.randrange(12)
        rows.append((i, f"P{code}", f"name {code}", rng.randrange(1, 5), f"note {i // 1}"))
    return ["id", "product_code", "product_name", "qty", "note"], rows


def by_pair(fds: tuple[object, ...]) -> dict[tuple[tuple[str, ...], str], object]:
    return {(fd.lhs, fd.rhs): fd for fd in fds}  # type: ignore[attr-defined]


def test_real_dependency_is_plausible_and_ranked_before_accidents() -> None:
    columns, rows = orders()
    fds = discover_table(encode_rows(columns, rows), keys=[("id",)])
    pairs = by_pair(fds)
    real = pairs[(("product_code",), "product_name")]
    assert real.plausible and not real.from_key and real.reasons == ()  # type: ignore[attr-defined]
    # note is unique: note -> everything holds, but nothing tests it
    accident = pairs[(("note",), "qty")]
    assert accident.plausibility == 0.0  # type: ignore[attr-defined]
    assert any("unique in the sample" in r for r in accident.reasons)  # type: ignore[attr-defined]
    order = list(pairs)
    assert order.index((("product_code",), "product_name")) < order.index((("note",), "qty"))
    plaus = [fd.plausibility for fd in fds]  # type: ignore[attr-defined]
    assert plaus == sorted(plaus, reverse=True)


def test_key_dependencies_are_marked() -> None:
    columns, rows = orders(50)
    pairs = by_pair(discover_table(encode_rows(columns, rows), keys=[("id",), ("note",)]))
    assert pairs[(("id",), "qty")].from_key  # type: ignore[attr-defined]
    assert pairs[(("note",), "product_code")].from_key  # type: ignore[attr-defined]
    assert "declared key (note)" in pairs[(("note",), "qty")].reasons[0]  # type: ignore[attr-defined]
    assert not pairs[(("product_code",), "product_name")].from_key  # type: ignore[attr-defined]


def test_unknown_key_columns_are_ignored_by_rank() -> None:
    columns, rows = orders(30)
    table = encode_rows(columns, rows)
    ranked = rank(table, [(0b1, 1)], keys=[("nope",)])
    assert not ranked[0].from_key


def test_constant_column_and_thin_support_flagged() -> None:
    rows = [(i, i % 40, i % 40 // 2, "same") for i in range(44)]  # 40 values of a, 44 rows: thin
    fds = by_pair(discover_table(encode_rows(["id", "a", "half", "const"], rows)))
    const = fds[((), "const")]
    assert any("constant" in r for r in const.reasons)  # type: ignore[attr-defined]
    thin = fds[(("a",), "half")]
    assert any("rows per left-side value" in r for r in thin.reasons)  # type: ignore[attr-defined]
    assert not thin.plausible  # type: ignore[attr-defined]


def test_small_sample_is_flagged_and_not_plausible() -> None:
    rows = [(z, f"city{z}") for z in (1, 1, 2, 2, 3, 3)]
    fd = by_pair(discover_table(encode_rows(["zip", "city"], rows)))[(("zip",), "city")]
    assert any("small sample" in r for r in fd.reasons)  # type: ignore[attr-defined]
    assert fd.plausibility < PLAUSIBLE  # type: ignore[attr-defined]


def test_chance_score_grows_with_evidence() -> None:
    """The same dependency on more confirming rows is more plausible (never less)."""
    scores = []
    for n in (12, 20, 40):
        rows = [(i % 5, (i % 5) % 2, i) for i in range(n)]
        fd = by_pair(discover_table(encode_rows(["g", "parity", "id"], rows)))[(("g",), "parity")]
        scores.append(fd.plausibility)  # type: ignore[attr-defined]
    assert scores[0] < scores[1] <= scores[2]
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_copies_of_one_record_are_not_evidence() -> None:
    """Order lines repeat the order's data: (date, customer) -> ship_city holds on every line of
    an order only because the lines are copies of the order (order_id determines all three);
    order_id -> ship_city is confirmed by the lines of each order."""
    rng = random.Random(7)
    rows = []
    for order in range(120):
        date, customer, city = rng.randrange(2000), rng.randrange(500), rng.randrange(30)
        for line in range(3):
            rows.append((order, date, customer, city, line, rng.randrange(50)))
    columns = ["order_id", "order_date", "customer", "ship_city", "line", "product"]
    pairs = by_pair(discover_table(encode_rows(columns, rows)))
    accident = pairs[(("order_date", "customer"), "ship_city")]
    assert not accident.plausible  # type: ignore[attr-defined]
    assert any("copies of the same order_id" in r for r in accident.reasons)  # type: ignore[attr-defined]
    real = pairs[(("order_id",), "ship_city")]
    assert real.plausible and real.reasons == ()  # type: ignore[attr-defined]
