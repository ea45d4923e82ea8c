"""The incremental generator (live preview) always says what a fresh generator says, and only
regenerates the entities an edit touched (and those whose DDL depends on them)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from test_generate_models import A, rich_model

from core.ddl import DDLResult, IncrementalDDL, generate_ddl
from core.errors import DDLError
from core.model import DataModel, EntityKey, EnumType, ForeignKey, PrimaryKey
from core.storage import load
from tests.conftest import SAMPLES


def _replace(model: DataModel, i: int, **update: object) -> DataModel:
    entities = list(model.entities)
    entities[i] = entities[i].model_copy(update=update)
    return model.model_copy(update={"entities": tuple(entities)})


EDITS = ["note", "add_attribute", "type", "drop_fks", "add_fk", "enum", "rename", "cascade"]


def _edit(model: DataModel, kind: str, i: int, j: int) -> DataModel:
    e = model.entities[i]
    other = model.entities[j]
    if kind == "note":
        return _replace(model, i, note=f"edited {i}")
    if kind == "add_attribute":
        return _replace(model, i, attributes=(*e.attributes, A(f"extra_{len(e.attributes)}", "text")))
    if kind == "type":
        a = e.attributes[-1].model_copy(update={"type": "varchar(99)", "default": None, "generated": None,
                                                "check": None})
        return _replace(model, i, attributes=(*e.attributes[:-1], a))
    if kind == "drop_fks":
        return _replace(model, i, foreign_keys=())
    if kind == "cascade":  # SQL Server: another entity's cascades may now be refused, or allowed
        action = "cascade" if j % 2 else None
        return _replace(model, i, foreign_keys=tuple(fk.model_copy(update={"on_delete": action})
                                                     for fk in e.foreign_keys))
    if kind == "add_fk" and other.primary_key is not None and not e.partition_of:
        cols = tuple(f"ref_{c}_{j}" for c in other.primary_key.columns)
        if any(e.attribute(c) for c in cols):
            return model
        types = [other.attribute(c).type for c in other.primary_key.columns]  # type: ignore[union-attr]
        attrs = (*e.attributes, *(A(c, t) for c, t in zip(cols, types, strict=True)))
        fk = ForeignKey(columns=cols, references=other.name, ref_schema=other.schema_name,
                        on_delete="cascade" if j % 2 else None)
        return _replace(model, i, attributes=attrs, foreign_keys=(*e.foreign_keys, fk))
    if kind == "enum" and model.enums:
        en = model.enums[0]
        return model.model_copy(update={"enums": (en.model_copy(update={"values": (*en.values, "added")}),
                                                  *model.enums[1:])})
    if kind == "rename" and not any(x.name == f"{e.name}_2" for x in model.entities):
        return _replace(model, i, name=f"{e.name}_2")
    return model


MODELS = {"rich": rich_model, "ecommerce": lambda: load(SAMPLES / "ecommerce.yaml").model,
          "saas": lambda: load(SAMPLES / "saas_multitenant.yaml").model}


@settings(max_examples=30, deadline=None)
@given(which=st.sampled_from(sorted(MODELS)), dialect=st.sampled_from(["postgres", "mysql", "sqlite", "tsql"]),
       edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 99), st.integers(0, 99)), max_size=6))
def test_incremental_equals_fresh_after_any_edits(which: str, dialect: str,
                                                  edits: list[tuple[str, int, int]]) -> None:
    model = MODELS[which]()
    inc = IncrementalDDL(dialect)
    assert inc.update(model).sql == generate_ddl(model, dialect).sql
    for kind, i, j in edits:
        n = len(model.entities)
        model = _edit(model, kind, i % n, j % n)
        # a bare rename may leave a dangling reference (a partition's parent): then both refuse
        assert _outcome(inc.update, model) == _outcome(generate_ddl, model, dialect)


def _outcome(f: Callable[..., DDLResult], *args: object) -> DDLResult | str:
    try:
        return f(*args)
    except DDLError as exc:
        return f"DDLError: {exc}"


def test_a_fragment_looked_at_between_updates_does_not_leak_into_the_next_script() -> None:
    """The preview shows one entity of an intermediate revision (another enum), then the whole
    script of a revision whose context is the earlier one again (undo): nothing stale."""
    model = load(SAMPLES / "ecommerce.yaml").model
    en = model.enums[0]
    user = next(e for e in model.entities for a in e.attributes if a.type == en.name)
    inc = IncrementalDDL("sqlite")
    inc.update(model)
    changed = model.model_copy(update={"enums": (EnumType(name=en.name, values=("x", "y")), *model.enums[1:])})
    assert "IN ('x', 'y')" in inc.fragment(changed, user.key).sql
    assert inc.update(model) == generate_ddl(model, "sqlite")
    assert inc.update(changed) == generate_ddl(changed, "sqlite")


def test_only_touched_entities_are_regenerated() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    inc = IncrementalDDL()
    inc.update(model)
    assert inc.misses == len(model.entities)
    inc.update(model)
    assert inc.misses == len(model.entities)  # nothing changed: nothing regenerated
    i = next(k for k, e in enumerate(model.entities) if e.name == "reviews")
    inc.update(_replace(model, i, note="changed"))
    assert inc.misses == len(model.entities) + 1


def test_a_changed_primary_key_regenerates_the_entities_that_reference_it() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    inc = IncrementalDDL()
    inc.update(model)
    before = inc.misses
    i = next(k for k, e in enumerate(model.entities) if e.name == "products")
    target = model.entities[i]
    changed = _replace(model, i, primary_key=PrimaryKey(columns=("sku",)))
    referencing = [e for e in model.entities for fk in e.foreign_keys
                   if fk.references == "products" and not fk.ref_columns]
    result = inc.update(changed)
    assert inc.misses - before == 1 + len({e.name for e in referencing})
    assert result == generate_ddl(changed)
    assert target.primary_key is not None and "REFERENCES products (sku)" in result.sql


def test_an_enum_change_regenerates_its_users_in_other_dialects() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    inc = IncrementalDDL("sqlite")
    inc.update(model)
    en = model.enums[0]
    users = {e.name for e in model.entities for a in e.attributes if a.type == en.name}
    before = inc.misses
    changed = model.model_copy(update={"enums": (EnumType(name=en.name, values=("x", "y")), *model.enums[1:])})
    result = inc.update(changed)
    assert inc.misses - before == len(users)
    assert "IN ('x', 'y')" in result.sql


def test_fragment_of_one_entity_is_its_section_of_the_script() -> None:
    model = rich_model()
    inc = IncrementalDDL()
    full = inc.update(model).sql
    for e in model.entities:
        assert inc.fragment(model, e.key).sql in full
    assert inc.fragment(model, "invoices").sql == inc.fragment(model, EntityKey("public", "invoices")).sql


def test_a_subset_has_its_tables_and_the_enums_they_use() -> None:
    model = rich_model()
    sql = generate_ddl(model, entities=["billing.accounts"]).sql
    assert sql.count("CREATE TABLE ") == 1 and "CREATE TABLE billing.accounts" in sql
    assert "CREATE TYPE account_status" in sql and "invoice_kind" not in sql
    assert "CREATE OR REPLACE FUNCTION touch_updated_at()" in sql and "account_count" not in sql


def test_sql_server_cascades_follow_an_edit_of_another_entity() -> None:
    """tasks cascades from tenants and from projects; while projects cascades from tenants, SQL
    Server refuses the second path. Dropping projects' cascade (an edit of projects alone) makes
    tasks' own cascade acceptable: the unchanged tasks fragment must not be reused."""
    model = load(SAMPLES / "saas_multitenant.yaml").model
    inc = IncrementalDDL("tsql")
    before = inc.update(model)
    i = next(n for n, e in enumerate(model.entities) if e.name == "projects")
    projects = model.entities[i]
    edited = _replace(model, i, foreign_keys=tuple(fk.model_copy(update={"on_delete": None})
                                                   for fk in projects.foreign_keys))
    after = inc.update(edited)
    assert after.sql == generate_ddl(edited, "tsql").sql
    lost = [w.entity for w in before.warnings if "two cascading paths" in w.message]
    assert "tasks" in lost and "tasks" not in [w.entity for w in after.warnings if "two cascading" in w.message]
