"""The other dialects: SQLite and DuckDB DDL runs on the real engines, MySQL, SQL Server and
Oracle DDL parses back with sqlglot, and every feature a dialect cannot hold is named in a warning
(and in a ``-- WARNING:`` comment of the script). Never silent loss."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
import sqlglot
from hypothesis import given, settings
from sqlglot import exp
from test_generate_models import rich_model, sql_models

from core.ddl import DDLResult, generate_ddl
from core.model import Attribute, DataModel, Entity
from core.storage import load
from tests.conftest import sample_model_paths

OTHERS = ("mysql", "sqlite", "tsql", "oracle", "duckdb")
PARSED = ("mysql", "tsql", "oracle")
MODELS: list[tuple[str, Callable[[], DataModel]]] = [
    *((p.stem, lambda p=p: load(p).model) for p in sample_model_paths()), ("rich", rich_model)]


def run_sqlite(sql: str) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql)
    return conn


def run_duckdb(sql: str) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute(sql)
    return conn


def parses_back(sql: str, dialect: str) -> None:
    """Every statement reads back as a real statement (not sqlglot's opaque ``Command``)."""
    statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    opaque = [s.sql(dialect)[:80] for s in statements if isinstance(s, exp.Command)]
    assert statements and not opaque


@pytest.mark.parametrize("name,make", MODELS, ids=[m[0] for m in MODELS])
def test_models_run_on_sqlite_and_duckdb(name: str, make: Callable[[], DataModel]) -> None:
    model = make()
    tables = {e.name for e in model.entities if not e.partition_of}
    conn = run_sqlite(generate_ddl(model, "sqlite").sql)
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite%'")} == tables
    duck = run_duckdb(generate_ddl(model, "duckdb").sql)
    assert {r[0] for r in duck.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == tables


@pytest.mark.parametrize("dialect", PARSED)
@pytest.mark.parametrize("name,make", MODELS, ids=[m[0] for m in MODELS])
def test_models_parse_back_in_mysql_tsql_oracle(dialect: str, name: str, make: Callable[[], DataModel]) -> None:
    model = make()
    sql = generate_ddl(model, dialect).sql
    parses_back(sql, dialect)
    creates = len(re.findall(r"^CREATE TABLE ", sql, re.M))
    assert creates == sum(1 for e in model.entities if not e.partition_of)


def _uses(e: Entity) -> dict[str, bool]:
    """The test's own table of PostgreSQL-only features an entity uses."""
    return {
        "row-level security": e.rls is not None,
        "exclusion constraint": bool(e.exclusions),
        "trigger": bool(e.triggers),
        "partitioning": e.partition_by is not None,
        "partition": e.partition_of is not None,
        "citus": e.distribution is not None,
        "index method": any(ix.method in ("gin", "gist", "spgist", "hnsw", "ivfflat", "brin", "hash")
                            for ix in e.indexes),
        # an index left out altogether (GIN, HNSW...) is reported once, as its method
        "operator class": any(k.opclass for ix in e.indexes if ix.method in KEPT for k in ix.columns),
        "index options": any(ix.with_ for ix in e.indexes if ix.method in KEPT),
    }


KEPT = ("btree", "hash", "brin")


#: Features each dialect keeps (the rest of those above must be reported).
KEEPS = {"sqlite": {"deferrable"}, "oracle": {"deferrable"}}


@pytest.mark.parametrize("dialect", OTHERS)
@pytest.mark.parametrize("name,make", MODELS, ids=[m[0] for m in MODELS])
def test_every_lost_feature_is_named(dialect: str, name: str, make: Callable[[], DataModel]) -> None:
    model = make()
    result = generate_ddl(model, dialect)
    reported = {(w.entity, w.feature) for w in result.warnings}
    for e in model.entities:
        label = e.key.display()
        for feature, used in _uses(e).items():
            if used and feature not in KEEPS.get(dialect, set()):
                assert (label, feature) in reported, f"{label}: {feature} lost silently"
        if any(fk.deferrable for fk in e.foreign_keys) and dialect not in KEEPS:
            assert (label, "deferrable") in reported
        if any(u.nulls_not_distinct for u in e.uniques) and dialect != "tsql":
            assert (label, "unique") in reported
    for f in model.functions:
        assert (f.name, "function") in reported
    for v in model.views:
        if v.materialized and dialect != "oracle":
            assert any(w.feature == "materialized view" and w.entity.endswith(v.name) for w in result.warnings)
    _warnings_are_in_the_script(result)


def _warnings_are_in_the_script(result: DDLResult) -> None:
    for w in result.warnings:
        assert w.comment() in result.sql
    assert result.sql.count("-- WARNING: ") == len(result.warnings)


@pytest.mark.parametrize("dialect", OTHERS)
def test_indexes_are_generated_or_reported(dialect: str) -> None:
    model = rich_model()
    result = generate_ddl(model, dialect)
    left_out = sum(1 for w in result.warnings if "index left out" in w.message)
    created = len(re.findall(r"^CREATE (UNIQUE )?INDEX ", result.sql, re.M))
    indexes = sum(len(e.indexes) for e in model.entities if not e.partition_of)
    assert created + left_out == indexes


def test_postgres_loses_nothing_from_the_samples() -> None:
    for path in sample_model_paths():
        assert generate_ddl(load(path).model).warnings == []


@settings(max_examples=25, deadline=None)
@given(model=sql_models())
def test_random_models_run_on_sqlite(model: DataModel) -> None:
    result = generate_ddl(model, "sqlite")
    conn = run_sqlite(result.sql)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite%'")}
    assert names == {e.name for e in model.entities}
    _warnings_are_in_the_script(result)


@settings(max_examples=15, deadline=None)
@given(model=sql_models())
def test_random_models_run_on_duckdb(model: DataModel) -> None:
    result = generate_ddl(model, "duckdb")
    conn = run_duckdb(result.sql)
    cols = {r[0] for r in conn.execute("SELECT column_name FROM duckdb_columns() WHERE NOT internal").fetchall()}
    assert cols == {a.name for e in model.entities for a in e.attributes}
    _warnings_are_in_the_script(result)


@settings(max_examples=20, deadline=None)
@given(model=sql_models())
def test_random_models_parse_back(model: DataModel) -> None:
    for dialect in PARSED:
        result = generate_ddl(model, dialect)
        parses_back(result.sql, dialect)
        _warnings_are_in_the_script(result)


def test_cycles_are_closed_afterwards_where_the_dialect_can(tmp_path: Path) -> None:
    model = rich_model()  # invoices <-> payments
    for dialect in ("mysql", "tsql", "oracle"):
        sql = generate_ddl(model, dialect).sql
        assert len(re.findall(r"^ALTER TABLE \S+ ADD FOREIGN KEY", sql, re.M)) == 1
    duck = generate_ddl(model, "duckdb")
    assert any(w.feature == "foreign key" and "cycle" in w.message for w in duck.warnings)
    sqlite_sql = generate_ddl(model, "sqlite").sql
    assert "ALTER TABLE" not in sqlite_sql  # SQLite checks foreign keys at write time: all inline
    conn = run_sqlite(sqlite_sql)
    fk_targets = {r[2] for t in ("invoices", "payments") for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert fk_targets == {"invoices", "payments"}


def test_array_defaults_are_usable_where_arrays_become_json_text_or_lists() -> None:
    """A PostgreSQL array literal default ('{}', '{1,2}') must give a value the target reads as
    that array: DuckDB a list, the others JSON text; one it cannot read is dropped, with a warning."""
    attrs = (Attribute(name="id", type="int"), Attribute(name="tags", type="text[]", default="'{}'"),
             Attribute(name="ns", type="integer[]", default="'{1, 2}'::integer[]"),
             Attribute(name="words", type="text[]", default="'{a,\"b, c\",NULL}'"),
             Attribute(name="grid", type="int[]", default="'{{1},{2}}'"))
    model = DataModel(entities=(Entity(name="t", attributes=attrs),))
    duck = run_duckdb(generate_ddl(model, "duckdb").sql)
    duck.execute("INSERT INTO t (id) VALUES (1)")
    assert duck.execute("SELECT tags, ns, words FROM t").fetchall() == [([], [1, 2], ["a", "b, c", None])]
    conn = run_sqlite(generate_ddl(model, "sqlite").sql)
    conn.execute("INSERT INTO t (id) VALUES (1)")
    assert conn.execute("SELECT tags, ns, words FROM t").fetchall() == [("[]", "[1, 2]", '["a", "b, c", null]')]
    for dialect in ("duckdb", "sqlite", "mysql"):
        lost = [w for w in generate_ddl(model, dialect).warnings if w.feature == "default"]
        assert len(lost) == 1 and "grid" in lost[0].message, dialect


def _broken(name: str) -> Entity:
    """An entity as the live preview may see it mid-edit: not valid, referring to what is not there."""
    from core.model import ForeignKey, Index, IndexKey, PrimaryKey, Trigger

    a = (Attribute(name="id", type="int"),)
    return {
        "pk column": Entity(name="a", attributes=a, primary_key=PrimaryKey(columns=("nope",))),
        "fk target": Entity(name="a", attributes=a, foreign_keys=(ForeignKey(columns=("id",), references="zzz"),)),
        "fk column": Entity(name="a", attributes=a, foreign_keys=(ForeignKey(columns=("nope",), references="a"),)),
        "index column": Entity(name="a", attributes=a, indexes=(Index(columns=(IndexKey(column="nope"),)),)),
        "partition parent": Entity(name="a", attributes=a, partition_of="zzz", partition_bound="DEFAULT"),
        "trigger function": Entity(name="a", attributes=a,
                                   triggers=(Trigger(name="t", function="nofn", events=("insert",)),)),
        "no columns": Entity(name="a"),
    }[name]


@pytest.mark.parametrize("dialect", ["postgres", *OTHERS])
@pytest.mark.parametrize("case", ["pk column", "fk target", "fk column", "index column", "partition parent",
                                  "trigger function", "no columns"])
def test_an_inconsistent_model_gives_ddl_or_a_located_error(case: str, dialect: str) -> None:
    from core.errors import DDLError

    model = DataModel(entities=(_broken(case),))
    try:
        generate_ddl(model, dialect)
    except DDLError as exc:
        assert "entities[a]" in str(exc)


def test_sql_server_self_references_lose_their_cascading_action_with_a_warning() -> None:
    from core.model import ForeignKey, PrimaryKey

    fk = ForeignKey(columns=("boss",), references="staff", on_delete="set null", on_update="no action")
    staff = Entity(name="staff", attributes=(Attribute(name="id", type="int"), Attribute(name="boss", type="int")),
                   primary_key=PrimaryKey(columns=("id",)), foreign_keys=(fk,))
    result = generate_ddl(DataModel(entities=(staff,)), "tsql")
    parses_back(result.sql, "tsql")
    assert "SET NULL" not in result.sql.split("CREATE TABLE")[1]
    assert [w.feature for w in result.warnings] == ["foreign key action"]
    assert "ON DELETE SET NULL" in result.warnings[0].message and "1785" in result.warnings[0].message
    # elsewhere, and towards another table, the action stays
    assert "ON DELETE SET NULL" in generate_ddl(DataModel(entities=(staff,)), "mysql").sql


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
@pytest.mark.parametrize("type_", ["varchar(5)", "char(5)", "character varying(5)"])
def test_text_lengths_are_enforced_where_the_engine_ignores_them(dialect: str, type_: str) -> None:
    """SQLite and DuckDB accept varchar(5) and then store any length: the limit becomes a CHECK."""
    code = Attribute(name="Code", type=type_, nullable=False)
    model = DataModel(entities=(Entity(name="t", attributes=(code, Attribute(name="free", type="varchar"))),))
    result = generate_ddl(model, dialect)
    assert not result.warnings
    conn: sqlite3.Connection | duckdb.DuckDBPyConnection = (
        run_sqlite(result.sql) if dialect == "sqlite" else run_duckdb(result.sql))
    conn.execute('INSERT INTO t VALUES (?, ?)', ["ééééé", "x" * 500])  # five characters, not bytes
    conn.execute('INSERT INTO t VALUES (?, ?)', ["abc", ""])
    with pytest.raises((sqlite3.IntegrityError, duckdb.ConstraintException)):
        conn.execute('INSERT INTO t VALUES (?, ?)', ["abcdef", ""])
    conn.close()


def _code(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.startswith("--"))


def _cascading(*edges: tuple[str, str], action: str = "cascade") -> DataModel:
    """Tables in this order; each edge (child, parent) is a cascading foreign key."""
    from core.model import ForeignKey, PrimaryKey

    names = list(dict.fromkeys(n for e in edges for n in e))
    names.sort(key=lambda n: [c for c, _ in edges].count(n) > 0)  # parents without keys first
    entities = []
    for n in names:
        fks = tuple(ForeignKey(columns=(f"{p}_{k}",), references=p, on_delete=action)
                    for k, (c, p) in enumerate(edges) if c == n)
        attrs = (Attribute(name="id", type="int"), *(Attribute(name=f.columns[0], type="int") for f in fks))
        entities.append(Entity(name=n, attributes=attrs, primary_key=PrimaryKey(columns=("id",)), foreign_keys=fks))
    return DataModel(entities=tuple(entities))


@pytest.mark.parametrize(("edges", "refused"), [
    ([("closure", "nodes"), ("closure", "nodes")], 1),  # ancestor_id and descendant_id
    ([("projects", "tenants"), ("tasks", "tenants"), ("tasks", "projects")], 1),  # a diamond
    ([("b", "a"), ("c", "b"), ("d", "c"), ("d", "a")], 1),  # a long second path
    ([("b", "a"), ("c", "a"), ("d", "b")], 0),  # a tree: one path to each table
    ([("b", "a"), ("c", "b")], 0),  # a chain
])
def test_sql_server_multiple_cascade_paths_are_dropped_with_a_warning(edges: list[tuple[str, str]],
                                                                      refused: int) -> None:
    model = _cascading(*edges)
    result = generate_ddl(model, "tsql")
    parses_back(result.sql, "tsql")
    lost = [w for w in result.warnings if "error 1785" in w.message]
    assert len(lost) == refused, [str(w) for w in result.warnings]
    assert _code(result.sql).count("ON DELETE CASCADE") == len(edges) - refused
    # the other dialects keep every cascade
    assert generate_ddl(model, "postgres").sql.count("ON DELETE CASCADE") == len(edges)
    # NO ACTION, or SET NULL only where no path doubles, is never refused
    assert not [w for w in generate_ddl(_cascading(*edges, action="no action"), "tsql").warnings
                if "1785" in w.message]


def test_sql_server_cascade_cycles_are_dropped() -> None:
    from core.model import ForeignKey, PrimaryKey

    def table(name: str, parent: str) -> Entity:
        return Entity(name=name, attributes=(Attribute(name="id", type="int"), Attribute(name="p", type="int")),
                      primary_key=PrimaryKey(columns=("id",)),
                      foreign_keys=(ForeignKey(columns=("p",), references=parent, on_delete="set null"),))

    result = generate_ddl(DataModel(entities=(table("a", "c"), table("b", "a"), table("c", "b"))), "tsql")
    lost = [w for w in result.warnings if "1785" in w.message]
    assert len(lost) == 1 and "cycle" in lost[0].message
    assert _code(result.sql).count("ON DELETE SET NULL") == 2


def test_mysql_drops_referential_actions_on_checked_columns() -> None:
    """MySQL refuses CASCADE / SET NULL on a column a CHECK mentions (error 3823), and runs a
    self-referencing ON UPDATE CASCADE as RESTRICT: both are left out with a warning."""
    from core.model import CheckConstraint, ForeignKey, PrimaryKey

    parent = Entity(name="parent", attributes=(Attribute(name="id", type="int"),), primary_key=PrimaryKey(columns=("id",)))
    child = Entity(
        name="child",
        attributes=(Attribute(name="id", type="int"), Attribute(name="a", type="int"),
                    Attribute(name="b", type="int", check="b > 0"), Attribute(name="up", type="int")),
        primary_key=PrimaryKey(columns=("id",)),
        checks=(CheckConstraint(name="a_not_id", expression="a <> id"),),
        foreign_keys=(ForeignKey(columns=("a",), references="parent", on_delete="set null"),
                      ForeignKey(columns=("b",), references="parent", on_delete="cascade"),
                      ForeignKey(columns=("up",), references="child", on_delete="cascade", on_update="cascade")))
    model = DataModel(entities=(parent, child))
    result = generate_ddl(model, "mysql")
    parses_back(result.sql, "mysql")
    code = _code(result.sql)
    assert "ON DELETE SET NULL" not in code
    assert code.count("ON DELETE CASCADE") == 1 and "ON UPDATE" not in code  # only up's ON DELETE stays
    lost = sorted(w.message.split(":")[0] for w in result.warnings if w.feature == "foreign key action")
    assert lost == ["a", "b", "up"]
    assert generate_ddl(model, "postgres").sql.count("CASCADE") == 3


@pytest.mark.parametrize("name,make", MODELS, ids=[m[0] for m in MODELS])
def test_oracle_columns_put_default_and_identity_before_constraints(name: str, make: Callable[[], DataModel]) -> None:
    """Oracle's column grammar: DEFAULT, an identity or AS (expr) come before NOT NULL, CHECK..."""
    first = (exp.DefaultColumnConstraint, exp.GeneratedAsIdentityColumnConstraint, exp.ComputedColumnConstraint)
    seen = 0
    for statement in sqlglot.parse(generate_ddl(make(), "oracle").sql, read="oracle"):
        for col in statement.find_all(exp.ColumnDef) if statement is not None else ():
            kinds = [c.args.get("kind") for c in col.args.get("constraints") or []]
            leading = [isinstance(k, first) for k in kinds]
            assert leading == sorted(leading, reverse=True), col.sql("oracle")
            seen += any(leading)
    assert seen or name == "legacy_denormalized"


def test_sql_server_timestamptz_defaults_keep_their_offset() -> None:
    """now() for a timestamptz column is SYSDATETIMEOFFSET() (GETDATE() has no offset); a plain
    timestamp keeps GETDATE()."""
    attrs = (Attribute(name="at", type="timestamptz", default="now()"),
             Attribute(name="local", type="timestamp", default="CURRENT_TIMESTAMP"))
    sql = generate_ddl(DataModel(entities=(Entity(name="t", attributes=attrs),)), "tsql").sql
    parses_back(sql, "tsql")
    assert re.search(r"\bat\s+DATETIMEOFFSET DEFAULT SYSDATETIMEOFFSET\(\)", sql), sql
    assert re.search(r"\blocal\s+DATETIME2 DEFAULT GETDATE\(\)", sql), sql


def test_sqlite_scripts_say_foreign_keys_need_the_pragma() -> None:
    """SQLite ignores foreign keys unless the connection enables them: the script says so, and
    with the pragma the ON DELETE CASCADE of the ecommerce model really runs."""
    model = load(next(p for p in sample_model_paths() if p.stem == "ecommerce")).model
    sql = generate_ddl(model, "sqlite").sql
    assert "PRAGMA foreign_keys = ON" in sql.split("CREATE TABLE")[0]
    assert "PRAGMA" not in generate_ddl(DataModel(entities=(Entity(name="t", attributes=(
        Attribute(name="a", type="int"),)),)), "sqlite").sql
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(sql)
    conn.execute("INSERT INTO customers (id, email, first_name, last_name) VALUES (1, 'a@b', 'A', 'B')")
    conn.execute("INSERT INTO addresses (customer_id, line1, city, postal_code, country_code) "
                 "VALUES (1, 'x', 'y', 'z', 'FR')")
    conn.execute("DELETE FROM customers")
    assert conn.execute("SELECT count(*) FROM addresses").fetchone() == (0,)
