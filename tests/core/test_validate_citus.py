"""Citus distribution rules (core.validate_citus): each rule located, with what to do; the legal
combinations stay quiet; the lint rules, the pattern and ``ddl --citus`` read the same rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.cli import main
from core.errors import CommandError
from core.lint import lint_model
from core.model import DataModel
from core.storage import loads
from core.validate import validate_model
from core.validate_citus import citus_issues, citus_problems, colocation_group


def model(entities: str) -> DataModel:
    m = loads(f"format_version: 1\nname: c\nentities:\n{entities}")
    assert validate_model(m) == []  # every case here is a valid model: only Citus minds
    return m


def table(name: str, dist: str | None, *, pk: str = "[tenant_id, id]", more: str = "", attrs: str = "",
          tenant_type: str = "bigint") -> str:
    text = (f"  - name: {name}\n    attributes:\n      - {{name: tenant_id, type: {tenant_type}, nullable: false}}\n"
            f"      - {{name: id, type: bigint, nullable: false}}\n      - {{name: code, type: text}}\n"
            f"      - {{name: during, type: tstzrange}}\n{attrs}    primary_key: {{columns: {pk}}}\n{more}")
    return text + (f"    distribution: {dist}\n" if dist else "")


DIST = "{kind: distributed, column: tenant_id}"
REF = "{kind: reference}"


def only(m: DataModel) -> tuple[str, str]:
    problems = citus_problems(m)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0].where, problems[0].message


def test_primary_key_without_the_distribution_column() -> None:
    where, message = only(model(table("a", DIST, pk="[id]")))
    assert where == "entities[a].primary_key"
    assert message.startswith("the primary key (id) does not include the distribution column tenant_id")
    assert "make it (tenant_id, id)" in message
    assert citus_problems(model(table("a", DIST, pk="[id, tenant_id]"))) == []  # anywhere in the key


@pytest.mark.parametrize(("more", "where", "says"), [
    ("    uniques:\n      - {columns: [code]}\n", "entities[a].uniques[0]", "unique (code) does not include"),
    ("    indexes:\n      - {columns: [code], unique: true}\n", "entities[a].indexes[0]",
     "the unique index does not include"),
    ("    indexes:\n      - {columns: [{expression: lower(code)}], unique: true}\n", "entities[a].indexes[0]",
     "the unique index does not include"),
    ("    exclusions:\n      - {elements: [{expression: id, operator: '='}, {expression: during, operator: '&&'}]}\n",
     "entities[a].exclusions[0]", "add (tenant_id WITH =)"),
    ("    exclusions:\n      - {elements: [{expression: tenant_id, operator: '<>'}, "
     "{expression: during, operator: '&&'}]}\n", "entities[a].exclusions[0]", "with <>: Citus needs tenant_id WITH ="),
])
def test_keys_and_constraints_of_a_distributed_table(more: str, where: str, says: str) -> None:
    got_where, message = only(model(table("a", DIST, more=more)))
    assert got_where == where and says in message
    # the same constraint on a local or a reference table is fine
    assert citus_problems(model(table("a", None, more=more) + table("r", REF))) == []
    assert citus_problems(model(table("a", REF, more=more))) == []


def test_constraints_that_include_the_distribution_column_pass() -> None:
    more = ("    uniques:\n      - {columns: [code, tenant_id]}\n    indexes:\n      - {columns: [tenant_id, code], "
            "unique: true}\n    exclusions:\n      - {elements: [{expression: tenant_id, operator: '='}, "
            "{expression: during, operator: '&&'}]}\n")
    assert citus_problems(model(table("a", DIST, more=more))) == []


def fk(cols: str, ref: str, refcols: str, extra: str = "") -> str:
    return f"    foreign_keys:\n      - {{columns: {cols}, references: {ref}, ref_columns: {refcols}{extra}}}\n"


def test_foreign_key_between_distributed_tables_must_map_the_distribution_columns() -> None:
    attrs = "      - {name: a_id, type: bigint}\n"
    m = model(table("a", DIST, more="") + table("b", DIST, attrs=attrs, more=fk("[a_id, tenant_id]", "a",
                                                                                 "[id, tenant_id]")))
    assert citus_problems(m) == []  # (a_id, tenant_id) -> (id, tenant_id): tenant_id onto tenant_id
    bad = model(table("a", DIST) + table("b", DIST, attrs=attrs, more=fk("[tenant_id, a_id]", "a",
                                                                         "[id, tenant_id]")))
    where, message = only(bad)
    assert where == "entities[b].foreign_keys[0]"
    assert "does not map the distribution column tenant_id onto a.tenant_id" in message
    assert "make it (tenant_id, a_id) -> a (tenant_id, id)" in message


def test_distributed_tables_must_be_co_located() -> None:
    # integer and bigint are compatible for a foreign key but not one co-location group in Citus
    m = model(table("a", DIST, tenant_type="integer") + table("b", DIST, more=fk("[tenant_id, id]", "a",
                                                                                  "[tenant_id, id]")))
    assert colocation_group(m, m.entities[0]) != colocation_group(m, m.entities[1])
    where, message = only(m)
    assert where == "entities[b].foreign_keys[0]" and '"b" and "a" are not co-located' in message
    # the default group: both by bigint, no colocate_with
    same = model(table("a", DIST) + table("b", DIST, more=fk("[tenant_id, id]", "a", "[tenant_id, id]")))
    assert citus_problems(same) == []
    # explicit co-location with a table whose column has another type
    typed = model(table("a", DIST, tenant_type="integer")
                  + table("b", "{kind: distributed, column: tenant_id, colocate_with: a}"))
    where, message = only(typed)
    assert where == "entities[b].distribution" and "tenant_id is bigint and a.tenant_id is integer" in message
    onto_ref = model(table("r", REF) + table("b", "{kind: distributed, column: tenant_id, colocate_with: r}"))
    assert "which is a reference table" in only(onto_ref)[1]


@pytest.mark.parametrize("target", [DIST, REF])
@pytest.mark.parametrize(("action", "refused"), [
    ("on_delete: set null", True), ("on_delete: set default", True), ("on_delete: cascade", False),
    ("on_delete: restrict", False), ("on_update: set null", True), ("on_update: set default", True),
    ("on_update: cascade", True), ("on_update: restrict", False),
])
def test_actions_that_would_change_the_distribution_column(target: str, action: str, refused: bool) -> None:
    """Citus' own regression tests (foreign_key_to_reference_table.sql): these fail when the
    foreign key includes the distribution column, to a distributed or a reference table."""
    attrs = "      - {name: a_id, type: bigint}\n"
    m = model(table("a", target) + table("b", DIST, attrs=attrs,
                                         more=fk("[tenant_id, a_id]", "a", "[tenant_id, id]", f", {action}")))
    if not refused:
        assert citus_problems(m) == []
        return
    where, message = only(m)
    spelled = action.replace("on_", "ON ").replace(":", "").upper()
    assert where == "entities[b].foreign_keys[0]" and f"{spelled} would change the distribution" in message
    # the same action on a foreign key without the distribution column is fine
    keyed = table("a", target, more="    uniques:\n      - {columns: [id]}\n")
    other = model(keyed + table("b", DIST, attrs=attrs, more=fk("[a_id]", "a", "[id]", f", {action}")))
    assert [p for p in citus_problems(other) if "would change" in p.message] == []


@pytest.mark.parametrize(("src", "dst", "refused"), [
    (DIST, None, 'distributed "b" cannot reference local table "a": make a a reference table'),
    (REF, DIST, 'reference table "b" cannot reference distributed "a"'),
    (None, DIST, 'local table "b" cannot reference distributed "a"'),
    (DIST, REF, None),  # distributed -> reference: fine
    (REF, None, None),  # reference <-> local: fine since Citus 10 (the local table joins the metadata)
    (None, REF, None),
    (REF, REF, None),
])
def test_foreign_keys_between_kinds_of_tables(src: str | None, dst: str | None, refused: str | None) -> None:
    m = model(table("a", dst) + table("b", src, more=fk("[tenant_id, id]", "a", "[tenant_id, id]")))
    if refused is None:
        assert citus_problems(m) == []
    else:
        where, message = only(m)
        assert where == "entities[b].foreign_keys[0]" and message.startswith(refused)


def test_every_problem_points_at_the_line_of_its_constraint(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = "format_version: 1\nname: c\nentities:\n" + table("a", DIST, pk="[id]") + table(
        "b", REF, more=fk("[id]", "a", "[id]"))
    path = tmp_path / "m.yaml"
    path.write_text(text)
    assert main(["ddl", str(path), "--citus"]) == 0
    err = capsys.readouterr().err.splitlines()
    lines = text.splitlines()
    located = [w for w in err if "Citus would refuse" in w]
    assert len(located) == 2
    for w in located:
        line = int(w.split(":")[2])
        assert ("primary_key" in w) == ("primary_key" in lines[line - 1])
        assert ("foreign_keys" in w) == ("references: a" in lines[line - 1] or "foreign_keys" in lines[line - 1])
    # without --citus the calls are comments: nothing to warn about
    assert main(["ddl", str(path)]) == 0
    assert "Citus would refuse" not in capsys.readouterr().err


def test_lint_rules_report_exactly_the_shared_rules() -> None:
    m = model(table("a", DIST, pk="[id]", more="    uniques:\n      - {columns: [code]}\n")
              + table("c", None) + table("b", DIST, more=fk("[tenant_id, id]", "c", "[tenant_id, id]"))
              + table("r", REF, more=fk("[id]", "a", "[id]")))
    found = lint_model(m, rules=["citus-key", "citus-colocation"]).active
    shared = {(i.entity.name, i.path, i.message) for i in citus_issues(m)}
    assert len(shared) == 4
    assert {(f.entity, f.path[2:], f.message) for f in found} == shared
    assert {f.rule_id for f in found} == {"citus-key", "citus-colocation"}


def _call_order(m: DataModel) -> list[str]:
    from core.ddl import generate_ddl

    return [line.split("'")[1] for line in generate_ddl(m, citus=True).sql.splitlines()
            if line.startswith("SELECT create_")]


def test_citus_calls_come_after_what_they_colocate_with_and_reference() -> None:
    # a co-location chain written backwards: a -> b -> c
    chain = model(table("a", "{kind: distributed, column: tenant_id, colocate_with: b}")
                  + table("b", "{kind: distributed, column: tenant_id, colocate_with: c}") + table("c", DIST))
    assert _call_order(chain) == ["c", "b", "a"]
    # a distributed table (no colocate_with) referencing a co-located one; reference tables first,
    # and a reference table after the reference table it references
    mixed = model(table("r1", REF, more=fk("[tenant_id, id]", "r2", "[tenant_id, id]"))
                  + table("x", DIST, more=fk("[tenant_id, id]", "y", "[tenant_id, id]"))
                  + table("y", "{kind: distributed, column: tenant_id, colocate_with: z}") + table("z", DIST)
                  + table("r2", REF) + table("local", None))
    order = _call_order(mixed)
    assert order == ["r2", "r1", "z", "y", "x"]
    # oracle: every dependency of a call is created before it
    for m in (chain, mixed):
        order = _call_order(m)
        for e in m.entities:
            if e.distribution is None:
                continue
            deps = [fk.references for fk in e.foreign_keys] + [e.distribution.colocate_with or ""]
            for d in deps:
                if d in order and d != e.name:
                    assert order.index(d) < order.index(e.name), (d, e.name)


def test_a_partition_is_distributed_with_its_parent() -> None:
    from core.patterns import get_pattern

    parent = table("events", DIST, pk="[tenant_id, id, during]").replace(
        "    distribution:", "    partition_by: RANGE (during)\n    distribution:")
    child = ("  - name: events_1\n    attributes:\n      - {name: tenant_id, type: bigint, nullable: false}\n"
             "      - {name: id, type: bigint, nullable: false}\n      - {name: code, type: text}\n"
             "      - {name: during, type: tstzrange}\n    partition_of: events\n"
             "    partition_bound: DEFAULT\n")
    m = model(parent + child)
    assert citus_problems(m) == []
    where, message = only(model(parent + child + f"    distribution: {DIST}\n"))
    assert where == "entities[events_1].distribution" and "remove its distribution" in message
    # the pattern distributes the parent and leaves the partition to it
    plain = model(parent.replace(f"    distribution: {DIST}\n", "") + child)
    new, _ = get_pattern("citus-distribute").apply(plain, [], {"tenant_table": "none"}).apply(plain)
    events, part = new.find_entity("events"), new.find_entity("events_1")
    assert events is not None and events.distribution is not None and part is not None and part.distribution is None
    assert _call_order(new) == ["events"]
    with pytest.raises(CommandError, match="is a partition of events"):
        get_pattern("citus-distribute").apply(plain, ["events_1"], {"tenant_table": "none"})
