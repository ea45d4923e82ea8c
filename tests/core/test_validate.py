"""Model validation: one test per kind of problem, each asserting where the message points.

Every case is a small model file; the expected line is found by searching the text for the
line that holds the mistake (an oracle independent of the loader's node tree), and the message
must name that line, the entity and (where there is one) the attribute or constraint.
"""

from __future__ import annotations

import pytest

from core.errors import LoadError
from core.model import Attribute, DataModel, Entity, ForeignKey, PrimaryKey
from core.storage import loads
from core.validate import validate_model

HEAD = "format_version: 1\nname: m\n"
CUSTOMERS = """\
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: email, type: text}
    primary_key: {columns: [id]}
"""


def problems(text: str) -> list[str]:
    """The messages loading ``text`` as ``m.yaml`` reports (none when it loads)."""
    try:
        loads(text, "m.yaml")
    except LoadError as exc:
        return [str(p) for p in exc.problems]
    return []


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based number of the ``nth`` line containing ``needle``."""
    hits = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    return hits[nth - 1]


def assert_reported(text: str, needle: str, where: str, words: str, nth: int = 1) -> None:
    found = problems(text)
    prefix = f"m.yaml:{line_of(text, needle, nth)}: {where}: "
    assert any(p.startswith(prefix) and words in p for p in found), (prefix, words, found)


def model(*entities: str, extra: str = "") -> str:
    return HEAD + extra + "entities:\n" + CUSTOMERS + "".join(entities)


def orders(fk: str = "", attrs: str = "", more: str = "") -> str:
    text = ("  - name: orders\n    attributes:\n      - {name: id, type: bigint, nullable: false}\n"
            "      - {name: customer_id, type: bigint, nullable: false}\n" + attrs
            + "    primary_key: {columns: [id]}\n")
    if fk:
        text += f"    foreign_keys:\n      - {fk}\n"
    return text + more


def test_a_valid_model_has_no_problems() -> None:
    assert problems(model(orders("{columns: [customer_id], references: customers}"))) == []


def test_duplicate_entity() -> None:
    text = model(CUSTOMERS.replace("email", "mail"))
    assert_reported(text, "- name: customers", "entities[customers]", 'duplicate entity "customers"', nth=2)


def test_duplicate_entity_in_the_same_schema_only() -> None:
    other_schema = CUSTOMERS.replace("  - name: customers\n", "  - name: customers\n    schema: crm\n")
    assert problems(model(other_schema)) == []


def test_empty_entity() -> None:
    text = model("  - name: ghosts\n    attributes: []\n")
    assert_reported(text, "attributes: []", "entities[ghosts]", "at least one attribute")


def test_invalid_identifier_too_long() -> None:
    long = "x" * 64
    text = model(orders(attrs=f"      - {{name: {long}, type: text}}\n"))
    assert_reported(text, long, f"entities[orders].attributes[{long}]", "at most 63 bytes")


def test_empty_name() -> None:
    text = model(orders(attrs="      - {name: ' ', type: text}\n"))
    # a blank name cannot label its attribute: the position (from 0) does
    assert_reported(text, "name: ' '", "entities[orders].attributes[2]", "cannot be empty")


def test_duplicate_attribute() -> None:
    text = model(orders(attrs="      - {name: customer_id, type: text}\n"))
    assert_reported(text, "{name: customer_id, type: text}", "entities[orders].attributes[customer_id]",
                    'duplicate attribute "customer_id"')


def test_a_text_default_written_bare() -> None:
    text = model(orders(attrs="      - {name: status, type: text, default: pending}\n"
                              "      - {name: placed_on, type: date, default: CURRENT_DATE}\n"
                              "      - {name: state, type: text, default: \"'new'\"}\n"))
    assert_reported(text, "default: pending", "entities[orders].attributes[status]",
                    "the default pending reads as a column name")
    assert len(problems(text)) == 1


def test_attribute_without_type() -> None:
    text = model(orders(attrs="      - {name: total, type: ''}\n"))
    assert_reported(text, "name: total", "entities[orders].attributes[total]", "needs a type")


def test_identity_and_generated() -> None:
    text = model(orders(attrs="      - {name: n, type: int, identity: always, generated: id + 1}\n"))
    assert_reported(text, "name: n,", "entities[orders].attributes[n]", "both identity and generated")


def test_fk_to_a_missing_entity_suggests_the_close_name() -> None:
    text = model(orders("{columns: [customer_id], references: customer}"))
    assert_reported(text, "references: customer}", "entities[orders].foreign_keys[0]",
                    'references entity "customer", which does not exist (did you mean "customers"?)')


def test_fk_on_a_missing_column() -> None:
    text = model(orders("{columns: [client_id], references: customers}"))
    assert_reported(text, "client_id", "entities[orders].foreign_keys[0]", 'attribute "client_id"')


def test_fk_to_a_missing_column() -> None:
    text = model(orders("{columns: [customer_id], references: customers, ref_columns: [ident]}"))
    assert_reported(text, "ident", "entities[orders].foreign_keys[0]", '"customers.ident", which does not exist')


def test_fk_column_lists_of_different_length() -> None:
    text = model(orders("{name: fk_two, columns: [customer_id, id], references: customers}"))
    assert_reported(text, "fk_two", "entities[orders].foreign_keys[fk_two]", "2 column(s) reference 1")


def test_fk_with_incompatible_types() -> None:
    text = model(orders("{columns: [customer_id], references: customers}",
                        attrs="      - {name: note_ref, type: text}\n").replace(
        "columns: [customer_id], references", "columns: [note_ref], references"))
    assert_reported(text, "columns: [note_ref]", "entities[orders].foreign_keys[0]",
                    '"note_ref" (text) cannot reference "customers.id" (bigint)')


def test_fk_target_not_a_key() -> None:
    text = model(orders("{columns: [customer_id], references: customers, ref_columns: [email]}",
                        attrs="").replace("{name: customer_id, type: bigint, nullable: false}",
                                          "{name: customer_id, type: text, nullable: false}"))
    assert_reported(text, "ref_columns: [email]", "entities[orders].foreign_keys[0]",
                    "is not its primary key nor unique")


def test_fk_to_a_table_without_primary_key() -> None:
    keyless = "  - name: logs\n    attributes:\n      - {name: id, type: bigint}\n"
    text = model(keyless, orders("{columns: [customer_id], references: logs}"))
    assert_reported(text, "references: logs", "entities[orders].foreign_keys[0]", '"logs" has no primary key')


def test_index_on_a_missing_column() -> None:
    text = model(orders(more="    indexes:\n      - {name: ix_missing, columns: [placed_at]}\n"))
    assert_reported(text, "ix_missing", "entities[orders].indexes[ix_missing]", 'attribute "placed_at"')


def test_primary_key_on_a_missing_column() -> None:
    text = model(orders().replace("primary_key: {columns: [id]}", "primary_key: {columns: [order_no]}"))
    assert_reported(text, "order_no", "entities[orders].primary_key", 'attribute "order_no"')


def test_unique_on_a_missing_column() -> None:
    text = model(orders(more="    uniques:\n      - {name: uq_code, columns: [code]}\n"))
    assert_reported(text, "uq_code", "entities[orders].uniques[uq_code]", 'attribute "code"')


def test_fd_naming_a_missing_attribute() -> None:
    text = model(orders(more="    fds:\n      - {lhs: [customer_id], rhs: [zip]}\n"))
    assert_reported(text, "rhs: [zip]", "entities[orders].fds[customer_id -> zip]", 'attribute "zip"')


def test_mvd_naming_a_missing_attribute() -> None:
    text = model(orders(more="    mvds:\n      - {lhs: [id], rhs: [skill]}\n"))
    assert_reported(text, "rhs: [skill]", "entities[orders].mvds[id ->> skill]", 'attribute "skill"')


def test_trigger_running_a_missing_function() -> None:
    text = model(orders(more="    triggers:\n      - {name: t_upd, function: touch, timing: before, "
                             "events: [update]}\n"))
    assert_reported(text, "t_upd", "entities[orders].triggers[t_upd]", 'function "touch"')


def test_duplicate_enum_value_and_empty_enum() -> None:
    enums = "enums:\n  - {name: status, values: [a, b, a]}\n  - {name: mood, values: []}\n"
    text = model(extra=enums)
    assert_reported(text, "name: status", "enums[status]", "lists a value twice")
    assert_reported(text, "name: mood", "enums[mood]", "at least one value")


def test_enum_named_like_a_table_of_its_schema() -> None:
    enums = "enums:\n  - {name: orders, values: [a]}\n  - {name: customers, schema: crm, values: [a]}\n"
    text = model(orders(), extra=enums)
    assert_reported(text, "{name: orders, values", "enums[orders]", 'has the name of entity "orders"')
    assert len(problems(text)) == 1  # crm.customers is another schema's type


def test_distribution_on_a_missing_column() -> None:
    text = model(orders(more="    distribution: {kind: distributed, column: tenant_id}\n"))
    assert_reported(text, "tenant_id", "entities[orders].distribution", 'attribute "tenant_id"')


def test_constraint_names_used_twice_in_one_entity() -> None:
    text = model(orders("{name: orders_ok, columns: [customer_id], references: customers}",
                        more="    checks:\n      - {name: orders_ok, expression: id > 0}\n"))
    assert_reported(text, "name: orders_ok, columns", "entities[orders].foreign_keys[orders_ok]",
                    'constraint name "orders_ok" is already used by a check constraint of "orders"')


def test_index_name_taken_by_an_index_of_another_entity() -> None:
    text = model(orders(more="    indexes:\n      - {name: by_email, columns: [customer_id]}\n"),
                 extra="").replace("    primary_key: {columns: [id]}\n",
                                   "    primary_key: {columns: [id]}\n    indexes:\n"
                                   "      - {name: by_email, columns: [email]}\n", 1)
    assert_reported(text, "name: by_email", "entities[orders].indexes[by_email]",
                    'index name "by_email" is already the name of index "by_email" of "customers" in schema '
                    '"public"', nth=2)


def test_index_name_taken_by_a_table_but_not_in_another_schema() -> None:
    clash = "    indexes:\n      - {name: customers, columns: [customer_id]}\n"
    text = model(orders(more=clash))
    assert_reported(text, "name: customers, columns", "entities[orders].indexes[customers]",
                    'already the name of entity "customers"')
    elsewhere = model(orders(more=clash).replace("  - name: orders\n", "  - name: orders\n    schema: sales\n"))
    assert problems(elsewhere) == []


@pytest.mark.parametrize(("key", "what"), [("primary_key: {columns: [id, id]}", "the primary key"),
                                           ("uniques:\n      - {columns: [customer_id, customer_id]}",
                                            "the unique constraint")])
def test_a_column_listed_twice_in_a_key(key: str, what: str) -> None:
    text = model(orders().replace("primary_key: {columns: [id]}", key))
    needle = key.split("\n")[-1].strip()
    where = "entities[orders].primary_key" if "primary" in key else "entities[orders].uniques[0]"
    assert_reported(text, needle, where, f'{what} lists "{"id" if "primary" in key else "customer_id"}" more than once')


def test_trigger_and_policy_names_used_twice() -> None:
    more = ("    triggers:\n      - {name: t, function: touch}\n      - {name: t, function: touch, timing: before}\n"
            "    rls:\n      policies:\n        - {name: p, using: 'true'}\n        - {name: p, command: select}\n")
    functions = "functions:\n  - {name: touch, body: 'BEGIN RETURN NEW; END;'}\n"
    text = model(orders(more=more), extra=functions)
    assert_reported(text, "timing: before", "entities[orders].triggers[t]", 'trigger name "t" is used twice')
    assert_reported(text, "command: select", "entities[orders].policies[p]", 'policy name "p" is used twice')


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = model(orders("{columns: [customer_id], references: nowhere}",
                        more="    indexes:\n      - {columns: [gone]}\n"), "  - name: empty\n    attributes: []\n")
    found = problems(text)
    assert len(found) == 3
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_validate_model_paths_point_into_the_model() -> None:
    m = DataModel(name="m", entities=(
        Entity(name="a", attributes=(Attribute(name="id", type="int"),), primary_key=PrimaryKey(columns=("id",))),
        Entity(name="b", attributes=(Attribute(name="a_id", type="int"),),
               foreign_keys=(ForeignKey(columns=("a_id",), references="c"),)),
    ))
    (p,) = validate_model(m)
    assert p.path == ("entities", 1, "foreign_keys", 0, "references")
    assert p.where == "entities[b].foreign_keys[0]"


@pytest.mark.parametrize("sample", ["ecommerce", "library", "saas_multitenant", "org_hierarchy", "event_store",
                                    "knowledge_base", "legacy_denormalized"])
def test_every_sample_is_valid(sample: str) -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "sample_models" / f"{sample}.yaml"
    assert problems(path.read_text(encoding="utf-8")) == []
