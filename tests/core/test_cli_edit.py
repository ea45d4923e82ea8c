"""``tablewright edit``: every model edit from the command line, as one all-or-nothing batch.

Results are checked on the saved file read back with PyYAML (plain data), not through the
edit code's own objects.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.cli import main
from core.cli.edit_ops import OPERATIONS

SHOP = """\
format_version: 1
name: shop
entities:
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: email, type: text, nullable: false}
      - {name: zip, type: text}
    primary_key: {columns: [id]}
  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: total, type: 'numeric(12,2)', nullable: false}
    primary_key: {columns: [id]}
    foreign_keys:
      - {columns: [customer_id], references: customers}
    indexes:
      - {columns: [customer_id]}
    fds:
      - {lhs: [customer_id], rhs: [total]}
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP, encoding="utf-8")
    return path


def data(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def entity(d: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in d["entities"] if e["name"] == name)


def attr_names(d: dict[str, Any], name: str) -> list[str]:
    return [a["name"] for a in entity(d, name)["attributes"]]


def test_a_batch_drafts_a_new_entity(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["edit", str(shop), "add-entity invoices", "add-attr invoices id bigint pk identity",
                 "add-attr invoices customer_id -> customers not null", "add invoices index (customer_id)",
                 "add invoices check (id > 0)", "rename-entity invoices bills"])
    assert code == 0
    assert "saved" in capsys.readouterr().err
    bills = entity(data(shop), "bills")
    assert [a["name"] for a in bills["attributes"]] == ["id", "customer_id"]
    assert bills["primary_key"] == {"columns": ["id"]}
    assert bills["foreign_keys"] == [{"columns": ["customer_id"], "references": "customers"}]
    assert bills["attributes"][1]["type"] == "bigint" and bills["attributes"][1]["nullable"] is False
    assert bills["indexes"] == [{"columns": ["customer_id"]}]
    assert main(["validate", str(shop)]) == 0


def test_all_or_nothing(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = shop.read_bytes()
    code = main(["edit", str(shop), "rename-entity orders purchases", "add-attr purchases note text",
                 "delete-attr purchases no_such_column"])
    assert code == 1
    err = capsys.readouterr().err
    assert "operation 3 (delete-attr purchases no_such_column)" in err and '"no_such_column"' in err
    assert shop.read_bytes() == before


def test_a_batch_that_leaves_a_new_problem_is_refused(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = shop.read_bytes()
    assert main(["edit", str(shop), "add-entity empty"]) == 1
    assert "at least one attribute" in capsys.readouterr().err
    assert shop.read_bytes() == before


def test_renames_cascade(shop: Path) -> None:
    assert main(["edit", str(shop), "rename-attr customers id customer_key",
                 "rename-attr orders customer_id buyer_id", "rename-entity customers buyers"]) == 0
    d = data(shop)
    orders = entity(d, "orders")
    assert orders["foreign_keys"] == [{"columns": ["buyer_id"], "references": "buyers"}]
    assert orders["indexes"] == [{"columns": ["buyer_id"]}]
    assert orders["fds"] == [{"lhs": ["buyer_id"], "rhs": ["total"]}]
    assert entity(d, "buyers")["primary_key"] == {"columns": ["customer_key"]}


def test_dry_run_writes_nothing(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = shop.read_bytes()
    assert main(["edit", "--dry-run", str(shop), "delete-attr customers zip", "note orders hi"]) == 0
    out = capsys.readouterr()
    assert "delete attribute customers.zip" in out.out and "nothing written" in out.err
    assert shop.read_bytes() == before


def test_operations_from_a_file_and_output_elsewhere(shop: Path, tmp_path: Path) -> None:
    ops = tmp_path / "ops.txt"
    ops.write_text("# tidy up\nadd-attr customers phone text\n\nmove-attr customers phone 2\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    before = shop.read_bytes()
    assert main(["edit", str(shop), "-f", str(ops), "-o", str(out)]) == 0
    assert shop.read_bytes() == before
    assert attr_names(data(out), "customers") == ["id", "phone", "email", "zip"]


def test_options_may_come_between_the_model_and_the_operations(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    assert main(["edit", str(shop), "-o", str(out), "note orders hi", "--dry-run", "note customers yo"]) == 0
    assert not out.exists()
    assert main(["edit", str(shop), "-o", str(out), "note orders hi", "note customers yo"]) == 0
    d = data(out)
    assert entity(d, "orders")["note"] == "hi" and entity(d, "customers")["note"] == "yo"


def test_an_unknown_option_among_the_operations_is_a_usage_error(
        shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = shop.read_bytes()
    with pytest.raises(SystemExit) as exc:
        main(["edit", str(shop), "note orders hi", "--frce"])
    assert exc.value.code == 2 and "--frce" in capsys.readouterr().err
    assert shop.read_bytes() == before


def test_editing_in_place_will_not_drop_comments_unless_told(
        shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commented = SHOP.replace("name: shop\n", "name: shop\n# customers first, then orders\n")
    shop.write_text(commented, encoding="utf-8")
    assert main(["edit", str(shop), "note orders hi"]) == 1
    assert "drop the comments on line 3" in capsys.readouterr().err
    assert shop.read_text(encoding="utf-8") == commented
    out = tmp_path / "copy.yaml"
    assert main(["edit", str(shop), "-o", str(out), "note orders hi"]) == 0  # the original keeps them
    assert main(["edit", str(shop), "--drop-comments", "note orders hi"]) == 0
    assert entity(data(shop), "orders")["note"] == "hi" and "#" not in shop.read_text(encoding="utf-8")


def test_new_model(tmp_path: Path) -> None:
    path = tmp_path / "fresh.yaml"
    assert main(["edit", "--new", str(path), "add-entity t", "add-attr t id bigint pk"]) == 0
    d = data(path)
    assert d["name"] == "fresh" and attr_names(d, "t") == ["id"]
    assert main(["edit", "--new", str(path), "add-entity u"]) == 1  # exists now


def test_quoted_names_with_spaces(shop: Path) -> None:
    assert main(["edit", str(shop), 'add-entity "order notes"', 'add-attr "order notes" id bigint pk',
                 'note "order notes" "Free text, with ""quotes""."']) == 0
    notes = entity(data(shop), "order notes")
    assert notes["note"] == 'Free text, with "quotes".'


def test_unknown_operation_suggests(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", str(shop), "rename-entty orders x"]) == 1
    assert 'did you mean "rename-entity"?' in capsys.readouterr().err


def test_no_operations(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", str(shop)]) == 1
    assert "no operations" in capsys.readouterr().err


Check = Callable[[dict[str, Any]], bool]

#: One case per operation: the operations to run and what the saved file must then show.
CASES: dict[str, tuple[list[str], Check]] = {
    "add-entity": (["add-entity crm.leads", "add-attr crm.leads id bigint pk"],
                   lambda d: entity(d, "leads").get("schema") == "crm"),
    "delete-entity": (["delete-entity orders"], lambda d: [e["name"] for e in d["entities"]] == ["customers"]),
    "rename-entity": (["rename-entity orders purchases"], lambda d: entity(d, "purchases") is not None),
    "set-schema": (["set-schema orders sales"], lambda d: entity(d, "orders").get("schema") == "sales"),
    "move-entity": (["move-entity orders 1"], lambda d: d["entities"][0]["name"] == "orders"),
    "note": (["note orders Placed by customers."], lambda d: entity(d, "orders")["note"] == "Placed by customers."),
    "tags": (["tags orders sales, billing"], lambda d: entity(d, "orders")["tags"] == ["sales", "billing"]),
    "add-attr": (["add-attr orders placed_at timestamptz not null default now()"],
                 lambda d: entity(d, "orders")["attributes"][-1] == {
                     "name": "placed_at", "type": "timestamptz", "nullable": False, "default": "now()"}),
    "delete-attr": (["delete-attr customers zip"], lambda d: attr_names(d, "customers") == ["id", "email"]),
    "rename-attr": (["rename-attr customers zip postcode"], lambda d: "postcode" in attr_names(d, "customers")),
    "set": (["set customers zip type varchar(10)", "set customers zip null no"],
            lambda d: entity(d, "customers")["attributes"][2] == {"name": "zip", "type": "varchar(10)",
                                                                  "nullable": False}),
    "attr-note": (["attr-note customers zip postal code"],
                  lambda d: entity(d, "customers")["attributes"][2]["note"] == "postal code"),
    "move-attr": (["move-attr customers zip 1"], lambda d: attr_names(d, "customers")[0] == "zip"),
    "move-attr-to": (["move-attr-to customers zip orders"],
                     lambda d: "zip" in attr_names(d, "orders") and "zip" not in attr_names(d, "customers")),
    "add": (["add customers unique (email)"], lambda d: entity(d, "customers")["uniques"] == [{"columns": ["email"]}]),
    "add-fd": (["add-fd customers zip -> email"],
               lambda d: entity(d, "customers")["fds"] == [{"lhs": ["zip"], "rhs": ["email"]}]),
    "add-mvd": (["add-mvd customers id ->> zip"],
                lambda d: entity(d, "customers")["mvds"] == [{"lhs": ["id"], "rhs": ["zip"]}]),
    "remove": (["remove orders fds 1", "remove orders indexes (customer_id)"],
               lambda d: "fds" not in entity(d, "orders") and "indexes" not in entity(d, "orders")),
    "rename-model": (["rename-model boutique"], lambda d: d["name"] == "boutique"),
    "model-note": (["model-note A small shop."], lambda d: d["note"] == "A small shop."),
    "add-enum": (["add-enum status new, paid"], lambda d: d["enums"] == [{"name": "status", "values": ["new", "paid"]}]),
}


def test_every_operation_has_a_case() -> None:
    assert set(CASES) == set(OPERATIONS)


@pytest.mark.parametrize("op", sorted(CASES))
def test_operation(op: str, shop: Path) -> None:
    ops, check = CASES[op]
    assert main(["edit", str(shop), *ops]) == 0
    assert check(data(shop))
    assert main(["validate", str(shop)]) == 0
