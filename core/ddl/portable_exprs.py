"""The shared part of the portable generator: rendering nodes with sqlglot, translating the
user's SQL expressions, and collecting warnings.

Rendering goes through a sqlglot generator whose ``unsupported_messages`` are kept: whatever
sqlglot itself cannot express in the dialect becomes a warning too, never a silent loss.
"""

from __future__ import annotations

from functools import lru_cache

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ErrorLevel
from sqlglot.tokenizer_core import TokenType

from core.ddl import fragments as frag
from core.ddl.context import GenContext
from core.ddl.identifiers import check_name, ident
from core.ddl.portable_caps import CAPS, TITLES, Caps
from core.ddl.portable_types import array_literal_json, parse_expression
from core.ddl.probe import probe_problem
from core.ddl.result import DDLWarning, Fragment
from core.errors import DDLError
from core.model import Attribute, Entity, UniqueConstraint
from core.types import family

__all__ = ["Builder", "render"]


def render(node: exp.Expression, dialect: str, *, pretty: bool = False) -> tuple[str, list[str]]:
    """``node`` as SQL in ``dialect``, and sqlglot's messages about what it could not express."""
    gen = Dialect.get_or_raise(dialect).generator(unsupported_level=ErrorLevel.IGNORE, pretty=pretty)
    sql = gen.generate(node, copy=False)
    return sql, list(gen.unsupported_messages)


_T = exp.DataType.Type
#: MySQL types whose default must be an expression in parentheses, even a literal one.
_MYSQL_EXPRESSION_DEFAULT = {_T.TEXT, _T.MEDIUMTEXT, _T.LONGTEXT, _T.TINYTEXT, _T.BLOB, _T.MEDIUMBLOB,
                             _T.LONGBLOB, _T.TINYBLOB, _T.JSON, _T.GEOMETRY}


def _plain_default(node: exp.Expression) -> bool:
    """A default MySQL and SQLite accept without parentheses: a literal, NULL, a timestamp."""
    if isinstance(node, exp.Neg):
        node = node.this
    return isinstance(node, exp.Literal | exp.Null | exp.Boolean | exp.CurrentTimestamp | exp.CurrentDate)


def layout(sql: str, dialect: str) -> str:
    """sqlglot's one-line ``CREATE TABLE`` laid out one column or constraint per line, column
    names aligned. Only whitespace between sqlglot's tokens changes, so the SQL is the same.
    """
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(sql)
    except Exception:
        return sql
    depth, open_at, close_at, cuts = 0, -1, -1, []
    for tok in tokens:
        if tok.token_type in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
            if depth == 1 and open_at < 0:
                open_at = tok.end + 1
        elif tok.token_type in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
            if depth == 0 and close_at < 0 and open_at >= 0:
                close_at = tok.start
        elif tok.token_type == TokenType.COMMA and depth == 1 and close_at < 0:
            cuts.append(tok.start)
    if open_at < 0 or close_at < 0:
        return sql
    bounds = [open_at, *[c + 1 for c in cuts]]
    ends = [*cuts, close_at]
    items = [sql[a:b].strip() for a, b in zip(bounds, ends, strict=True)]
    names = [_column_name(item, dialect) for item in items]
    width = max((len(n) for n in names if n and len(n) <= 32), default=0)
    lines = [f"{n.ljust(width)} {item[len(n):].strip()}" if n else item for n, item in zip(names, items, strict=True)]
    return sql[:open_at] + "\n  " + ",\n  ".join(lines) + "\n" + sql[close_at:]


_CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "INDEX", "KEY"}


@lru_cache(maxsize=1 << 14)  # column definitions recur across tables (id BIGINT NOT NULL)
def _column_name(item: str, dialect: str) -> str:
    """The column name at the start of a column definition ('' for a table constraint)."""
    tokens = Dialect.get_or_raise(dialect).tokenize(item)
    if len(tokens) < 2:
        return ""
    first = tokens[0]
    if first.token_type != TokenType.IDENTIFIER and first.text.split()[0].upper() in _CONSTRAINT_WORDS:
        return ""
    return item[: tokens[0].end + 1]


class Builder:
    """State for building one entity's statements in one dialect."""

    def __init__(self, ctx: GenContext, entity: Entity) -> None:
        self.ctx = ctx
        self.entity = entity
        self.dialect: str = ctx.dialect
        self.caps: Caps = CAPS[ctx.dialect]
        self.where = ctx.where(entity)
        self.warnings: list[DDLWarning] = []
        self.prelude: list[str] = []
        #: The entity's columns as rendered (name, type), for asking the engine about expressions.
        self.probe_columns: tuple[tuple[str, str], ...] = ()
        name = check_name(entity.name, self.where)
        schema = ctx.portable_schema(entity.schema_name)
        self.table = exp.Table(this=ident(name, self.dialect), db=ident(schema, self.dialect) if schema else None)

    def warn(self, feature: str, message: str) -> None:
        w = DDLWarning(self.ctx.label(self.entity), feature, message)
        if w not in self.warnings:
            self.warnings.append(w)

    def render(self, node: exp.Expression, *, pretty: bool = False, statement: bool = True) -> str:
        try:
            sql, lost = render(node, self.dialect)
        except Exception as exc:  # sqlglot's transforms assume a consistent table (a key's columns exist)
            missing = self._missing_key_columns()
            reason = missing or f"sqlglot cannot render it ({type(exc).__name__}: {exc})"
            raise DDLError(f"{self.where}: no {TITLES[self.dialect]} DDL: {reason}") from None
        if pretty:
            sql = layout(sql, self.dialect)
        for message in lost:
            self.warn("unsupported", f"sqlglot cannot express this in {TITLES[self.dialect]}: {message}")
        return sql + ";" if statement else sql

    def _missing_key_columns(self) -> str | None:
        e = self.entity
        keys = [("primary key", e.primary_key.columns if e.primary_key else ())]
        keys += [("unique constraint", u.columns) for u in e.uniques]
        keys += [("foreign key", fk.columns) for fk in e.foreign_keys]
        for what, cols in keys:
            for c in cols:
                if e.attribute(c) is None:
                    return f'the {what} names column "{c}", which "{e.name}" does not have; fix the {what}'
        return None

    def expr(self, text: str, where: str, what: str, *, probe: bool = True) -> exp.Expression | None:
        """The user's expression, checked for safety, parsed as PostgreSQL for transpiling; a
        warning (and ``None``) when sqlglot cannot read it or the engine rejects the result."""
        frag.expression(text, where)
        node = parse_expression(text)
        if node is None:
            self.warn(what, f"{text!r} cannot be translated from PostgreSQL to {TITLES[self.dialect]}; "
                      "dropped")
            return None
        if self.dialect == "tsql":
            node = _tsql_booleans(node)
        if probe and not self.accepts(node, text, what):
            return None
        return node

    def accepts(self, node: exp.Expression, text: str, what: str) -> bool:
        """Whether SQLite or DuckDB accepts the translated expression over the entity's columns
        (other dialects cannot be asked: always true); a warning when not."""
        if self.dialect not in ("sqlite", "duckdb"):
            return True
        sql, _ = render(node, self.dialect)
        problem = probe_problem(self.dialect, self.probe_columns, sql)
        if problem is None:
            return True
        self.warn(what, f"{text!r} becomes {sql!r}, which {TITLES[self.dialect]} rejects ({problem}); dropped")
        return False

    def default(self, a: Attribute, where: str, kind: exp.DataType | None) -> exp.Expression | None:
        node = self.expr(a.default or "", where, "default", probe=False)
        if node is None:
            return None
        if isinstance(node, exp.Cast) and (isinstance(node.this, exp.Literal)
                                           or node.to.this == exp.DataType.Type.USERDEFINED):
            node = node.this  # '{}'::jsonb, 'active'::status: the column's type converts the literal
        if family(a.type) == "array" and isinstance(node, exp.Literal) and node.is_string:
            as_json = array_literal_json(node.this, a.type.strip().removesuffix("[]"))
            if as_json is None:
                self.warn("default", f"{a.name}: the PostgreSQL array literal {a.default!r} cannot be "
                          f"translated to {TITLES[self.dialect]}; dropped")
                return None
            node = exp.Literal.string(as_json)  # what the JSON or text column (or DuckDB list) reads
        if self.dialect == "tsql" and isinstance(node, exp.Boolean):
            node = exp.Literal.number(1 if node.this else 0)
        if self.dialect == "tsql" and family(a.type) == "timestamptz" and isinstance(node, exp.CurrentTimestamp):
            node = exp.Anonymous(this="SYSDATETIMEOFFSET", expressions=[])  # GETDATE() has no offset
        mysql_expr = self.dialect == "mysql" and kind is not None and kind.this in _MYSQL_EXPRESSION_DEFAULT
        if not self.accepts(node, a.default or "", "default"):
            return None
        if (self.dialect in ("mysql", "sqlite") and not _plain_default(node)) or mysql_expr:
            node = exp.Paren(this=node)
        return node

    def named(self, name: str | None, where: str, node: exp.Expression) -> exp.Expression:
        if name is None:
            return node
        return exp.Constraint(this=ident(check_name(name, where), self.dialect), expressions=[node])

    def unique(self, k: int, u: UniqueConstraint) -> exp.Expression:
        where = f"{self.where}.uniques[{u.name or k}]"
        d = self.dialect
        if u.nulls_not_distinct and not self.caps.unique_one_null:
            self.warn("unique", f"{u.name or ', '.join(u.columns)}: NULLS NOT DISTINCT is not available in "
                      f"{TITLES[d]}; NULLs count as distinct")
        elif not u.nulls_not_distinct and self.caps.unique_one_null:
            nullable = [c for c in u.columns if (a := self.entity.attribute(c)) is not None and a.nullable]
            if nullable:
                self.warn("unique", f"{u.name or ', '.join(u.columns)}: {TITLES[d]} admits a single NULL in "
                          "a unique constraint (use a filtered unique index for several)")
        node = exp.UniqueColumnConstraint(this=exp.Schema(expressions=[ident(check_name(c, where), d)
                                                                        for c in u.columns]))
        return self.named(u.name, where, node)

    def fragment(self, statements: list[str], late: tuple[str, ...]) -> Fragment:
        sql = "\n".join([*(w.comment() for w in self.warnings), *statements])
        return Fragment(sql=sql, deferred=late, warnings=tuple(self.warnings), prelude=tuple(self.prelude))


def _tsql_booleans(node: exp.Expression) -> exp.Expression:
    """SQL Server has no boolean literals: ``flag = true`` compares with 1."""

    def fix(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Boolean) and isinstance(n.parent, exp.EQ | exp.NEQ):
            return exp.Literal.number(1 if n.this else 0)
        return n

    return node.transform(fix, copy=False)
