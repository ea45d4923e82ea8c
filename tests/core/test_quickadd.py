"""The quick-add line, the constraint line, cell edits and completion (core.quickadd)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import CommandError
from core.model import (
    Attribute,
    CheckConstraint,
    DataModel,
    Entity,
    EntityKey,
    EnumType,
    ForeignKey,
    Index,
    IndexKey,
    PrimaryKey,
    UniqueConstraint,
)
from core.quickadd import QuickAddError, add_attribute_command, parse_attribute
from core.quickadd.cells import cell_text, set_cell_command, toggle_cell_command
from core.quickadd.complete import complete_attribute, complete_constraint, completed
from core.quickadd.constraint import format_item, parse_item
from core.quickadd.items import add_item_command, constraint_rows, remove_item_command, replace_item_command


def shop() -> DataModel:
    customers = Entity(name="customers", attributes=(
        Attribute(name="id", type="bigserial", nullable=False),
        Attribute(name="email", type="text", nullable=False)), primary_key=PrimaryKey(columns=("id",)))
    orders = Entity(name="orders", attributes=(Attribute(name="id", type="uuid", nullable=False),),
                    primary_key=PrimaryKey(columns=("id",)))
    tags = Entity(name="tags", attributes=(Attribute(name="a", type="int"), Attribute(name="b", type="int")),
                  primary_key=PrimaryKey(columns=("a", "b")))
    audit = Entity(name="log", schema="audit", attributes=(Attribute(name="id", type="int"),),
                   primary_key=PrimaryKey(columns=("id",)))
    return DataModel(entities=(customers, orders, tags, audit),
                     enums=(EnumType(name="mood", values=("ok", "sad")),))


ORDERS = EntityKey(None, "orders")


def test_line_with_every_modifier() -> None:
    m = shop()
    spec = parse_attribute("price numeric(12, 2) NOT NULL default 0 check (price >= 0) -- in euros",
                           m, m.entity("orders"))
    a = spec.attribute
    assert (a.name, a.type, a.nullable, a.default, a.check, a.note) == (
        "price", "numeric(12, 2)", False, "0", "price >= 0", "in euros")
    assert not spec.primary_key and not spec.unique and spec.foreign_key is None


def test_reference_copies_the_key_type_and_resolves_the_key() -> None:
    m = shop()
    spec = parse_attribute("customer_id -> customers on delete cascade", m, m.entity("orders"))
    # bigserial is an auto-numbered bigint: the referencing column is a plain bigint
    assert spec.attribute.type == "bigint"
    assert spec.foreign_key == ForeignKey(columns=("customer_id",), references="customers", on_delete="cascade")


def test_reference_across_schemas_is_qualified() -> None:
    m = shop()
    spec = parse_attribute("log_id -> audit.log", m, m.entity("orders"))
    assert spec.foreign_key is not None
    assert (spec.foreign_key.references, spec.foreign_key.ref_schema) == ("log", "audit")


@pytest.mark.parametrize(("line", "column", "words"), [
    ("email strng", 6, "unknown type"),
    ("customer_id -> custmers", 15, 'did you mean "customers"'),
    ("tag_id -> tags", 10, "composite primary key"),
    ("c text -> customers", 2, "incompatible"),
    ("id int", 0, "already has"),
    ("x", 1, "type is missing"),
    ("x int not", 9, "not must be followed by null"),
    ("x int default", 13, "needs an expression"),
    ("x int check (x >", 12, "not closed"),
    ("x int on delete cascade", 0, "belong to a relationship"),
    ("x int identity default 1", 0, "cannot have both"),
    ("x int check (x >)", 12, "not a valid SQL expression"),
])
def test_bad_lines_say_what_and_where(line: str, column: int, words: str) -> None:
    m = shop()
    with pytest.raises(QuickAddError) as info:
        parse_attribute(line, m, m.entity("orders"))
    assert words in str(info.value)
    if column:
        assert info.value.column == column


def test_type_clash_message_names_both_sides() -> None:
    m = shop()
    with pytest.raises(QuickAddError, match=r'"c" is text but "customers.id" is bigserial'):
        parse_attribute("c text -> customers", m, m.entity("orders"))


def test_enum_types_of_the_model_are_accepted() -> None:
    m = shop()
    assert parse_attribute("feeling mood not null", m, m.entity("orders")).attribute.type == "mood"


def test_add_attribute_is_one_undoable_step_with_keys() -> None:
    m = shop()
    cmd = add_attribute_command(m, ORDERS, "code text pk unique")
    m2, undo = cmd.apply(m)
    orders = m2.entity("orders")
    assert orders is not None
    assert orders.attribute_names == ("id", "code")
    assert orders.primary_key == PrimaryKey(columns=("id", "code"))
    assert orders.uniques == (UniqueConstraint(columns=("code",)),)
    assert orders.attributes[1].nullable is False  # a key column cannot be null
    assert undo.apply(m2)[0] == m


# --- a separate, deliberately naive writer of quick-add lines, as the oracle -----------------

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda s: s not in {"id", "not", "null", "pk", "primary", "unique", "default", "check", "identity",
                        "references", "generated", "on"})
TYPES = st.sampled_from(["text", "bigint", "integer", "numeric(10, 2)", "varchar(40)", "timestamptz", "uuid",
                         "jsonb", "double precision", "text[]", "mood", "timestamp with time zone"])
DEFAULTS = st.one_of(st.none(), st.sampled_from(["0", "now()", "'x'", "gen_random_uuid()", "1 + 2"]))


@settings(max_examples=150, deadline=None)
@given(name=NAMES, type_=TYPES, nullable=st.sampled_from([None, True, False]), pk=st.booleans(),
       unique=st.booleans(), default=DEFAULTS, note=st.one_of(st.none(), st.sampled_from(["a note", "x"])),
       order=st.randoms(use_true_random=False))
def test_any_line_reads_back_what_was_written(name: str, type_: str, nullable: bool | None, pk: bool,
                                              unique: bool, default: str | None, note: str | None,
                                              order: object) -> None:
    mods = []
    if nullable is not None:
        mods.append("null" if nullable else "not null")
    if pk:
        mods.append("pk")
    if unique:
        mods.append("unique")
    if default is not None:
        mods.append(f"default {default}")
    order.shuffle(mods)  # type: ignore[attr-defined]
    line = " ".join([name, type_, *mods]) + (f" -- {note}" if note else "")
    m = shop()
    spec = parse_attribute(line, m, m.entity("orders"))
    assert spec.attribute.name == name
    assert spec.attribute.type == type_
    assert spec.attribute.default == default
    assert spec.attribute.note == note
    assert spec.attribute.nullable is (False if pk else nullable is not False)
    assert (spec.primary_key, spec.unique) == (pk, unique)


# --- constraint lines ---------------------------------------------------------------------------

COLS = st.lists(st.sampled_from(["a", "b", "c", "Order Id", "select"]), min_size=1, max_size=3, unique=True)
IDENT = st.one_of(st.none(), st.sampled_from(["k1", "uq_x", "Weird Name"]))
ACTIONS = st.one_of(st.none(), st.sampled_from(["cascade", "set null", "no action", "restrict", "set default"]))


@st.composite
def items(draw: st.DrawFn) -> tuple[str, object]:
    kind = draw(st.sampled_from(["primary_key", "uniques", "checks", "foreign_keys", "indexes"]))
    name = draw(IDENT)
    if kind == "primary_key":
        return kind, PrimaryKey(columns=tuple(draw(COLS)), name=name)
    if kind == "uniques":
        return kind, UniqueConstraint(columns=tuple(draw(COLS)), name=name, nulls_not_distinct=draw(st.booleans()))
    if kind == "checks":
        return kind, CheckConstraint(expression=draw(st.sampled_from(["a > 0", "a <> b", "lower(c) = c"])),
                                     name=name)
    if kind == "foreign_keys":
        cols = tuple(draw(COLS))
        refs = draw(st.sampled_from([(), tuple(f"r{i}" for i in range(len(cols)))]))
        deferrable = draw(st.booleans())
        return kind, ForeignKey(columns=cols, references=draw(st.sampled_from(["t", "Other T"])),
                                ref_schema=draw(st.sampled_from([None, "s"])), ref_columns=refs, name=name,
                                on_delete=draw(ACTIONS), on_update=draw(ACTIONS), deferrable=deferrable,
                                initially_deferred=deferrable and draw(st.booleans()))
    keys = tuple(draw(st.lists(st.sampled_from([
        IndexKey(column="a"), IndexKey(column="b", order="desc", nulls="last"),
        IndexKey(expression="lower(c)"), IndexKey(column="e", opclass="vector_cosine_ops")]),
        min_size=1, max_size=3, unique=True)))
    return kind, Index(name=draw(st.sampled_from([None, "ix_a"])), columns=keys, unique=draw(st.booleans()),
                       method=draw(st.sampled_from(["btree", "gin", "hnsw"])),
                       where=draw(st.sampled_from([None, "a > 0"])),
                       include=draw(st.sampled_from([(), ("c",)])),
                       with_=draw(st.sampled_from([(), (("m", "16"), ("ef_construction", "64"))])))


@settings(max_examples=200, deadline=None)
@given(items())
def test_written_constraints_read_back_equal(pair: tuple[str, object]) -> None:
    kind, item = pair
    assert parse_item(format_item(kind, item)) == (kind, item)  # type: ignore[arg-type]


def test_sql_spelling_of_a_foreign_key_is_accepted() -> None:
    kind, fk = parse_item('CONSTRAINT fk_c FOREIGN KEY (customer_id) REFERENCES sales."Customer" (id) '
                          "ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED")
    assert kind == "foreign_keys"
    assert fk == ForeignKey(columns=("customer_id",), references="Customer", ref_schema="sales",
                            ref_columns=("id",), name="fk_c", on_delete="set null", deferrable=True,
                            initially_deferred=True)


def test_constraint_edits_check_the_entity_and_the_target() -> None:
    m = shop()
    with pytest.raises(QuickAddError, match=r'no attribute "emial".*did you mean "email"'):
        add_item_command(m, EntityKey(None, "customers"), "unique (emial)")
    with pytest.raises(QuickAddError, match=r"1 column.*cannot reference 2"):
        add_item_command(m, ORDERS, "fk (id) -> tags")
    with pytest.raises(QuickAddError, match="incompatible"):
        add_item_command(m, ORDERS, "fk (id) -> customers")


def test_add_replace_remove_constraints() -> None:
    m = shop()
    key = EntityKey(None, "customers")
    m1, _ = add_item_command(m, key, "index ix_mail (lower(email)) where (email <> '')").apply(m)
    m2, _ = add_item_command(m1, key, "check (length(email) > 3)").apply(m1)
    rows = {r.collection: r for r in constraint_rows(m2.entities[0])}
    assert rows["indexes"].text == "index ix_mail ((lower(email))) where (email <> '')"
    m3, _ = replace_item_command(m2, key, "checks", 0, "constraint ck_len check (length(email) > 5)").apply(m2)
    assert m3.entities[0].checks == (CheckConstraint(expression="length(email) > 5", name="ck_len"),)
    with pytest.raises(QuickAddError, match="edits a check"):
        replace_item_command(m2, key, "checks", 0, "unique (email)")
    m4, _ = remove_item_command(m3, key, "indexes", 0).apply(m3)
    assert m4.entities[0].indexes == ()
    with pytest.raises(CommandError, match="no index #1"):
        remove_item_command(m4, key, "indexes", 0)


# --- cells ----------------------------------------------------------------------------------


def test_cells_show_and_toggle() -> None:
    m = shop()
    key = EntityKey(None, "customers")
    m1, _ = toggle_cell_command(m, key, "email", "unique").apply(m)
    e = m1.entities[0]
    assert cell_text(m1, e, e.attributes[1], "unique") == "yes"
    m2, _ = toggle_cell_command(m1, key, "email", "unique").apply(m1)
    assert m2.entities[0].uniques == ()
    with pytest.raises(QuickAddError, match="primary key"):
        toggle_cell_command(m, key, "id", "null")
    m3, _ = toggle_cell_command(m, key, "id", "pk").apply(m)
    assert m3.entities[0].primary_key is None


def test_reference_cell_sets_and_clears_a_relationship() -> None:
    m = shop()
    m1, _ = add_attribute_command(m, ORDERS, "customer_id bigint").apply(m)
    m2, _ = set_cell_command(m1, ORDERS, "customer_id", "references", "customers").apply(m1)
    orders = m2.entity("orders")
    assert orders is not None and orders.foreign_keys == (ForeignKey(columns=("customer_id",),
                                                                     references="customers"),)
    assert cell_text(m2, orders, orders.attributes[1], "references") == "customers"
    m3, _ = set_cell_command(m2, ORDERS, "customer_id", "references", "").apply(m2)
    assert m3.entity("orders").foreign_keys == ()  # type: ignore[union-attr]
    with pytest.raises(QuickAddError, match="composite"):
        set_cell_command(m1, ORDERS, "customer_id", "references", "tags")


def test_default_cell_understands_identity_and_generated() -> None:
    m = shop()
    key = EntityKey(None, "customers")
    m1, _ = set_cell_command(m, key, "email", "default", "= lower('X')").apply(m)
    a = m1.entities[0].attributes[1]
    assert (a.generated, a.default, a.identity) == ("lower('X')", None, None)
    with pytest.raises(CommandError, match="identity column needs an integer type"):  # email is text
        set_cell_command(m1, key, "email", "default", "identity always").apply(m1)
    tags = EntityKey(None, "tags")
    m2, _ = set_cell_command(m1, tags, "a", "default", "identity always").apply(m1)
    assert m2.entity(tags).attributes[0].identity == "always"  # type: ignore[union-attr]
    with pytest.raises(QuickAddError, match="not a valid SQL expression"):
        set_cell_command(m, key, "email", "default", "now(")


def test_type_cell_keeps_references_compatible() -> None:
    m = shop()
    m1, _ = add_attribute_command(m, ORDERS, "customer_id -> customers").apply(m)
    with pytest.raises(QuickAddError, match="not compatible"):
        set_cell_command(m1, ORDERS, "customer_id", "type", "uuid")
    m2, _ = set_cell_command(m1, ORDERS, "customer_id", "type", "integer").apply(m1)
    assert m2.entity("orders").attribute("customer_id").type == "integer"  # type: ignore[union-attr]


def test_a_key_type_set_in_its_cell_follows_to_the_columns_that_reference_it() -> None:
    m = shop()
    m1, _ = add_attribute_command(m, ORDERS, "customer_id -> customers").apply(m)
    m1, _ = add_attribute_command(m1, ORDERS, "other_number bigint").apply(m1)
    assert m1.entity("orders").attribute("customer_id").type == "bigint"  # type: ignore[union-attr]
    m2, undo = set_cell_command(m1, EntityKey(None, "customers"), "id", "type", "integer").apply(m1)
    orders = m2.entity("orders")
    assert orders is not None
    assert [(a.name, a.type) for a in orders.attributes[1:]] == [("customer_id", "integer"), ("other_number", "bigint")]
    assert undo.apply(m2)[0] == m1


# --- completion -----------------------------------------------------------------------------


def test_completion_offers_what_fits_the_position() -> None:
    m = shop()
    orders = m.entity("orders")
    assert "timestamptz" in complete_attribute("created_at ti", m, orders).candidates
    assert "mood" in complete_attribute("feeling m", m, orders).candidates
    assert completed("customer_id -> cus", complete_attribute("customer_id -> cus", m, orders)) == \
        "customer_id -> customers"
    assert complete_attribute("x -> audit.", m, orders).candidates == ()  # audit.log is an entity
    assert "audit.log" in complete_attribute("x -> au", m, orders).candidates
    assert complete_attribute("x -> customers.e", m, orders).candidates == ("customers.email",)
    assert complete_attribute("x int on delete c", m, orders).candidates == ("cascade",)
    assert complete_constraint("unique (", m, m.entity("customers")).candidates == ("id", "email")
    assert complete_constraint("unique (id, ", m, m.entity("customers")).candidates == ("email",)
    assert complete_constraint("fk (a) -> customers (e", m, orders).candidates == ("email",)
    assert complete_constraint("index (a) using h", m, orders).candidates == ("hash", "hnsw")
