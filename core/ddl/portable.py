"""DDL for one entity in MySQL, SQLite, SQL Server, Oracle or DuckDB, built as sqlglot syntax
trees and rendered by sqlglot.

Nothing portable is concatenated as text: the table is an ``exp.Create`` of an ``exp.Schema`` of
``exp.ColumnDef`` and constraint nodes; indexes, comments and sequences are nodes too. What the
dialect lacks is translated (enum -> ``ENUM(...)`` or ``CHECK (... IN ...)``, identity ->
``AUTO_INCREMENT`` / ``IDENTITY(1, 1)`` / ``INTEGER PRIMARY KEY AUTOINCREMENT`` / a sequence) or
dropped with a :class:`~core.ddl.result.DDLWarning`, also written into the script.
"""

from __future__ import annotations

from sqlglot import exp

from core.ddl import fragments as frag
from core.ddl.context import GenContext
from core.ddl.identifiers import check_name, ident
from core.ddl.portable_caps import CAPS, TITLES
from core.ddl.portable_exprs import Builder
from core.ddl.portable_index import comments, index_statements
from core.ddl.portable_types import is_serial, parse_expression, portable_type, text_length, type_loss
from core.ddl.result import Fragment
from core.ddl.tsql_cascades import CASCADING
from core.model import Attribute, Entity, ForeignKey
from core.types import family

__all__ = ["TableBuilder", "table_fragment"]


def _keyed(entity: Entity, dialect: str) -> set[str]:
    """Columns in a key or index (and, in Oracle, in a check: a CLOB cannot be compared)."""
    cols: set[str] = set()
    if dialect == "oracle":
        for text in [a.check for a in entity.attributes if a.check] + [c.expression for c in entity.checks]:
            node = parse_expression(text)
            if node is not None:
                cols.update(c.name for c in node.find_all(exp.Column))
        cols.update(a.name for a in entity.attributes if a.check)
    if entity.primary_key is not None:
        cols.update(entity.primary_key.columns)
    for u in entity.uniques:
        cols.update(u.columns)
    for fk in entity.foreign_keys:
        cols.update(fk.columns)
    for ix in entity.indexes:
        cols.update(ix.column_names)
    return cols


def _auto_pk(entity: Entity) -> str | None:
    """SQLite: the single integer identity column that can be ``INTEGER PRIMARY KEY AUTOINCREMENT``."""
    pk = entity.primary_key
    if pk is None or len(pk.columns) != 1:
        return None
    a = entity.attribute(pk.columns[0])
    if a is None or family(a.type) != "integer" or not (a.identity or is_serial(a.type)):
        return None
    return a.name


class TableBuilder(Builder):
    """Builds one entity's statements for one dialect, collecting what was lost."""

    def kind(self, a: Attribute, keyed: set[str]) -> tuple[exp.DataType, exp.Expression | None]:
        """The column's type in the dialect, and the CHECK that stands for an enum type."""
        where = f"{self.where}.attributes[{a.name}]"
        check_name(a.name, where)
        d = self.dialect
        found = self.ctx.enum_for(a.type)
        if found is not None and not found[1]:
            values = [exp.Literal.string(v) for v in found[0].values]
            if self.caps.enum_inline:
                return exp.DataType(this=exp.DataType.Type.ENUM, expressions=values), None
            width = max(len(v) for v in found[0].values)
            spelled = {"sqlite": "TEXT", "tsql": f"NVARCHAR({width})"}.get(d, f"VARCHAR({width})")
            check = exp.CheckColumnConstraint(this=exp.In(this=exp.column(ident(a.name, d)), expressions=values))
            return exp.DataType.build(spelled, dialect=d), check
        frag.type_text(a.type, f"{where}.type")
        lost = type_loss(a.type, d) if found is None else f"an array of enum has no {TITLES[d]} equivalent"
        if lost:
            self.warn("type", f"{a.name} {a.type}: {lost}")
        kind = portable_type(a.type, d, keyed=a.name in keyed)
        if a.name in keyed and not lost and kind != portable_type(a.type, d):
            where_used = "a key, index or check" if d == "oracle" else "a key or index"
            self.warn("type", f"{a.name} {a.type}: {TITLES[d]} cannot use unbounded text in {where_used}; "
                      f"{kind.sql(d)} (longer values are refused)")
        return kind.copy(), None

    def length_check(self, a: Attribute) -> exp.Expression | None:
        """``CHECK (length(col) <= n)`` for a ``varchar(n)`` / ``char(n)`` column where the dialect
        accepts the length but does not enforce it (SQLite, DuckDB): the limit stays a rule."""
        n = text_length(a.type) if self.dialect in ("sqlite", "duckdb") else None
        if n is None:
            return None
        length = exp.Length(this=exp.column(ident(a.name, self.dialect)))
        return exp.CheckColumnConstraint(this=exp.LTE(this=length, expression=exp.Literal.number(n)))

    def column(self, a: Attribute, typed: tuple[exp.DataType, exp.Expression | None],
               auto_pk: str | None) -> exp.ColumnDef:
        where = f"{self.where}.attributes[{a.name}]"
        d = self.dialect
        kind: exp.DataType | None = typed[0]
        cons: list[exp.Expression] = [typed[1]] if typed[1] is not None else []
        identity = a.identity or ("by default" if is_serial(a.type) else None)
        if identity:
            self.identity(a, identity, cons, a.name == auto_pk)
        if a.generated:
            node = self.expr(a.generated, f"{where}.generated", "generated column")
            if node is not None:
                if not self.caps.stored_generated:
                    self.warn("generated column", f"{a.name}: {TITLES[d]} has no stored generated "
                              "columns; computed on read (virtual) instead")
                persisted = self.caps.stored_generated
                cons.append(exp.ComputedColumnConstraint(this=exp.Paren(this=node), persisted=persisted))
                if d == "tsql":
                    kind = None
        if not a.nullable:
            cons.append(exp.NotNullColumnConstraint())
        if a.default is not None and not (identity and d == "duckdb"):
            node = self.default(a, f"{where}.default", kind)
            if node is not None:
                cons.append(exp.DefaultColumnConstraint(this=node))
        if a.check:
            node = self.expr(a.check, f"{where}.check", "check")
            if node is not None:
                cons.append(exp.CheckColumnConstraint(this=node))
        length = self.length_check(a)
        if length is not None:
            cons.append(length)
        if a.note and self.caps.comments == "inline":
            cons.append(exp.CommentColumnConstraint(this=exp.Literal.string(a.note)))
        if a.name == auto_pk:
            cons.append(exp.PrimaryKeyColumnConstraint())
            cons.append(exp.AutoIncrementColumnConstraint())
        if d == "oracle":  # Oracle's grammar: DEFAULT, identity or AS (expr) before any constraint
            first = (exp.DefaultColumnConstraint, exp.GeneratedAsIdentityColumnConstraint,
                     exp.ComputedColumnConstraint)
            cons.sort(key=lambda c: not isinstance(c, first))
        return exp.ColumnDef(this=ident(a.name, d), kind=kind,
                             constraints=[exp.ColumnConstraint(kind=c) for c in cons])

    def identity(self, a: Attribute, identity: str, cons: list[exp.Expression], auto_pk: bool) -> None:
        mode, d = self.caps.identity, self.dialect
        if family(a.type) != "integer":
            self.warn("identity", f"{a.name}: an identity needs an integer column; dropped")
        elif mode == "auto_increment":
            cons.append(exp.AutoIncrementColumnConstraint())
            if identity == "always":
                self.warn("identity", f"{a.name}: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS "
                          "cannot be enforced)")
        elif mode == "identity":
            cons.append(exp.GeneratedAsIdentityColumnConstraint(
                this=identity == "always", start=exp.Literal.number(1), increment=exp.Literal.number(1)))
        elif mode == "generated":
            cons.append(exp.GeneratedAsIdentityColumnConstraint(this=identity == "always"))
        elif mode == "autoincrement" and not auto_pk:
            self.warn("identity", f"{a.name}: SQLite numbers rows automatically only for a single-column "
                      "INTEGER PRIMARY KEY; identity dropped")
        elif mode == "sequence":
            seq = exp.Table(this=ident(f"{self.entity.name}_{a.name}_seq", d),
                            db=self.table.args.get("db"))
            self.prelude.append(self.render(exp.Create(this=seq, kind="SEQUENCE", exists=True)))
            name = exp.Literal.string(self.render(seq, statement=False))
            cons.append(exp.DefaultColumnConstraint(this=exp.Anonymous(this="nextval", expressions=[name])))
            if identity == "always":
                self.warn("identity", f"{a.name}: a sequence default accepts explicit values "
                          "(GENERATED ALWAYS cannot be enforced)")

    def checked_columns(self) -> set[str]:
        """The columns the entity's CHECKs (column and table) mention, as far as sqlglot reads them
        (a column check counts for its own column too)."""
        found = getattr(self, "_checked", None)
        if found is None:
            found = set()
            texts = [c.expression for c in self.entity.checks]
            for a in self.entity.attributes:
                if a.check:
                    found.add(a.name)
                    texts.append(a.check)
            for text in texts:
                node = parse_expression(text)
                if node is not None:
                    found.update(c.name for c in node.find_all(exp.Column))
            self._checked: set[str] = found
        return found

    def foreign_key(self, i: int, fk: ForeignKey) -> exp.Expression | None:
        where = f"{self.where}.foreign_keys[{fk.name or i}]"
        d, caps = self.dialect, self.caps
        key = self.ctx.target_key(self.entity, fk)
        target = self.ctx.model.entity(key)
        schema = self.ctx.portable_schema(target.schema_name if target is not None else key.schema)
        if d == "duckdb" and schema != self.ctx.portable_schema(self.entity.schema_name):
            self.warn("foreign key", f"{fk.name or ', '.join(fk.columns)} -> {fk.references}: DuckDB has no "
                      "foreign keys across schemas; dropped")
            return None
        ref = exp.Table(this=ident(check_name(fk.references, where), d),
                        db=ident(schema, d) if schema else None)
        options = []
        for label, action, allowed in (("ON DELETE", fk.on_delete, caps.on_delete),
                                       ("ON UPDATE", fk.on_update, caps.on_update)):
            if action is None or (d == "oracle" and action in ("no action", "restrict")):
                continue  # Oracle's only behaviour, and it cannot be spelled
            if d == "tsql" and target is self.entity and action not in ("no action", "restrict"):
                self.warn("foreign key action", f"{fk.name or ', '.join(fk.columns)}: SQL Server refuses "
                          f"{label} {action.upper()} on a table referencing itself (error 1785); dropped "
                          "(use an INSTEAD OF DELETE trigger)")
                continue
            if d == "mysql" and action in CASCADING:
                checked = sorted(set(fk.columns) & self.checked_columns())
                if checked:
                    self.warn("foreign key action", f"{fk.name or ', '.join(fk.columns)}: MySQL refuses {label} "
                              f"{action.upper()} on a column a CHECK uses ({', '.join(checked)}; error 3823); "
                              "dropped (the referenced row cannot be changed while referenced; or drop the check)")
                    continue
                if label == "ON UPDATE" and target is self.entity:
                    self.warn("foreign key action", f"{fk.name or ', '.join(fk.columns)}: MySQL runs a "
                              f"self-referencing ON UPDATE {action.upper()} as RESTRICT; dropped")
                    continue
            why = self.ctx.refused_cascade(self.entity, i, label.lower().replace(" ", "_")) if d == "tsql" else None
            if why is not None:
                how = (f"a change in {why} would reach {self.entity.name} along two cascading paths" if why
                       else f"it would close a cycle of cascading keys back to {self.entity.name}")
                self.warn("foreign key action", f"{fk.name or ', '.join(fk.columns)} -> {fk.references}: SQL "
                          f"Server refuses {label} {action.upper()} here, as {how} (error 1785); dropped "
                          "(keep one cascading path, or use a trigger)")
                continue
            if action in allowed:
                shown = "NO ACTION" if action == "restrict" and d == "tsql" else action.upper()
                options.append(f"{label} {shown}")
            else:
                self.warn("foreign key action", f"{fk.name or ', '.join(fk.columns)}: {label} "
                          f"{action.upper()} is not available in {TITLES[d]}; dropped")
        if fk.deferrable:
            if caps.deferrable:
                options.append("DEFERRABLE INITIALLY DEFERRED" if fk.initially_deferred else "DEFERRABLE")
            else:
                self.warn("deferrable", f"{fk.name or ', '.join(fk.columns)}: {TITLES[d]} checks foreign "
                          "keys immediately; DEFERRABLE dropped")
        node = exp.ForeignKey(
            expressions=[ident(check_name(c, where), d) for c in fk.columns],
            reference=exp.Reference(this=ref, expressions=[ident(c, d) for c in self.ctx.ref_columns(
                self.entity, fk)], options=options))
        return self.named(fk.name, where, node)

    def create_table(self, deferred: frozenset[int]) -> exp.Create:
        e, d = self.entity, self.dialect
        keyed = _keyed(e, d)
        auto_pk = _auto_pk(e) if d == "sqlite" else None
        kinds = [self.kind(a, keyed) for a in e.attributes]
        self.probe_columns = tuple((ident(a.name, d).sql(d), k.sql(d))
                                   for a, (k, _) in zip(e.attributes, kinds, strict=True))
        items: list[exp.Expression] = [self.column(a, k, auto_pk)
                                       for a, k in zip(e.attributes, kinds, strict=True)]
        if e.primary_key is not None and auto_pk is None:
            pk = exp.PrimaryKey(expressions=[ident(check_name(c, self.where), d) for c in e.primary_key.columns])
            items.append(self.named(e.primary_key.name, f"{self.where}.primary_key", pk))
        for k, u in enumerate(e.uniques):
            items.append(self.unique(k, u))
        for k, c in enumerate(e.checks):
            node = self.expr(c.expression, f"{self.where}.checks[{c.name or k}]", "check")
            if node is not None:
                items.append(self.named(c.name, self.where, exp.CheckColumnConstraint(this=node)))
        for k, fk in enumerate(e.foreign_keys):
            if k not in deferred:
                node = self.foreign_key(k, fk)
                if node is not None:
                    items.append(node)
        props = None
        if e.note and self.caps.comments == "inline":
            props = exp.Properties(expressions=[exp.SchemaCommentProperty(this=exp.Literal.string(e.note))])
        return exp.Create(this=exp.Schema(this=self.table, expressions=items), kind="TABLE", properties=props)

    def unsupported(self) -> None:
        e, t = self.entity, TITLES[self.dialect]
        if e.exclusions:
            self.warn("exclusion constraint", f"{t} has no EXCLUDE constraints; "
                      f"{', '.join(x.name or str(i) for i, x in enumerate(e.exclusions))} dropped")
        if e.rls is not None:
            self.warn("row-level security", f"{t} has no row-level security; "
                      f"{len(e.rls.policies)} policy(ies) dropped")
        if e.triggers:
            self.warn("trigger", f"PL/pgSQL triggers are PostgreSQL-only; "
                      f"{', '.join(x.name for x in e.triggers)} not generated")
        if e.partition_by:
            self.warn("partitioning", f"PARTITION BY {e.partition_by} dropped: one plain table")
        if e.distribution is not None:
            self.warn("citus", f"{e.distribution.kind} table: Citus distribution applies to PostgreSQL only")


def table_fragment(ctx: GenContext, entity: Entity, deferred: frozenset[int]) -> Fragment:
    """One entity's DDL in a non-PostgreSQL dialect (``ctx.dialect``)."""
    b = TableBuilder(ctx, entity)
    if entity.schema_name is not None:
        check_name(entity.schema_name, f"{b.where}.schema")
    if entity.partition_of:
        b.warn("partition", f"a partition of {entity.partition_of}: {TITLES[ctx.dialect]} has no "
               "declarative partitions; its rows live in the parent table")
        return b.fragment([], ())
    statements = [b.render(b.create_table(deferred), pretty=True)]
    statements.extend(index_statements(b))
    statements.extend(comments(b))
    late: list[str] = []
    for k in sorted(deferred):
        if CAPS[ctx.dialect].alter_add_fk:
            node = b.foreign_key(k, entity.foreign_keys[k])
            if node is not None:
                late.append(b.render(exp.Alter(this=b.table.copy(), kind="TABLE",
                                               actions=[exp.AddConstraint(expressions=[node])])))
        else:
            fk = entity.foreign_keys[k]
            b.warn("foreign key", f"{fk.name or ', '.join(fk.columns)} -> {fk.references}: closes a cycle, "
                   f"and {TITLES[ctx.dialect]} cannot add a foreign key later; dropped")
    b.unsupported()
    return b.fragment(statements, tuple(late))

