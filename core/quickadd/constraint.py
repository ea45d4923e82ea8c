"""One line per constraint or index: parse what a designer types, and write an item back the same way.

The syntax follows SQL closely, with short forms for drafting::

    [constraint NAME] pk (a, b)                      primary key (a, b)
    [constraint NAME] unique [nulls not distinct] (a, b)
    [constraint NAME] check (EXPR)
    [constraint NAME] fk (a, b) -> [schema.]entity [(x, y)] [on delete ACTION] [on update ACTION]
                      [deferrable [initially deferred]]        foreign key (a) references t (x) ...
    [unique] index [NAME] (KEY, ...) [using METHOD] [include (a, b)] [with (k = v, ...)] [where (EXPR)]

where an index KEY is ``column`` or ``(expression)`` or ``function(args)``, then optionally an
operator class, ``asc``/``desc`` and ``nulls first``/``nulls last``. :func:`format_item` writes
an item in this syntax so that ``parse_item(format_item(x))`` gives ``x`` back.

>>> kind, item = parse_item("fk (customer_id) -> customers on delete cascade")
>>> kind, item.references, item.on_delete
('foreign_keys', 'customers', 'cascade')
>>> format_item("indexes", parse_item("index ix_email (lower(email)) where (deleted_at is null)")[1])
'index ix_email ((lower(email))) where (deleted_at is null)'
"""

from __future__ import annotations

from typing import Any, get_args

from core.model import (
    CheckConstraint,
    ForeignKey,
    Index,
    IndexKey,
    IndexMethod,
    PrimaryKey,
    UniqueConstraint,
)
from core.quickadd.attribute import FK_ACTIONS
from core.quickadd.catalogue import expression_problem
from core.quickadd.syntax import (
    QuickAddError,
    Token,
    group_items,
    identifier,
    qualified_name,
    quote_name,
    split_names,
    tokenize,
)

Item = PrimaryKey | UniqueConstraint | CheckConstraint | ForeignKey | Index
#: The entity collections a constraint line can produce (``primary_key`` holds one item).
COLLECTIONS = ("primary_key", "uniques", "checks", "foreign_keys", "indexes")
INDEX_METHODS: tuple[str, ...] = get_args(IndexMethod)


class _Cursor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self, what: str) -> Token:
        tok = self.peek()
        if tok is None:
            raise QuickAddError(f"{what} is missing at the end of the line", len(self.text))
        self.i += 1
        return tok

    def accept(self, *words: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.is_word(*words):
            self.i += 1
            return True
        return False

    def expect(self, word: str, message: str) -> None:
        if not self.accept(word):
            tok = self.peek()
            raise QuickAddError(message, tok.start if tok else len(self.text))

    def group(self, what: str) -> Token:
        tok = self.take(what)
        if tok.kind != "group":
            raise QuickAddError(f"{what} goes in parentheses, found \"{tok.text}\"", tok.start)
        return tok

    def done(self) -> None:
        tok = self.peek()
        if tok is not None:
            raise QuickAddError(f'"{tok.text}" is not understood here', tok.start)


def parse_item(text: str) -> tuple[str, Item]:
    """Read one constraint or index line: the entity collection it belongs to and the item."""
    cur = _Cursor(text)
    if not cur.tokens:
        raise QuickAddError("type a constraint: pk (...), unique (...), check (...), fk (...) -> entity, "
                            "or index (...)", 0)
    name = None
    if cur.accept("constraint"):
        name = identifier(cur.take("the constraint's name"))
    first = cur.take("the kind of constraint")
    word = first.lower if first.kind == "word" else ""
    if word in ("pk", "primary"):
        if word == "primary":
            cur.expect("key", "primary must be followed by key")
        item: Item = PrimaryKey(columns=split_names(cur.group("the key's columns")), name=name)
        kind = "primary_key"
    elif word == "unique" and (nxt := cur.peek()) is not None and nxt.is_word("index"):
        cur.i += 1
        return "indexes", _index(cur, unique=True, name=name, start=first)
    elif word == "unique":
        nnd = cur.accept("nulls")
        if nnd:
            cur.expect("not", "write nulls not distinct")
            cur.expect("distinct", "write nulls not distinct")
        item = UniqueConstraint(columns=split_names(cur.group("the unique columns")), name=name,
                                nulls_not_distinct=nnd)
        kind = "uniques"
    elif word == "check":
        body = cur.take("the check's expression")
        if body.kind == "group" and cur.peek() is None:
            expr = body.text[1:-1].strip()
        else:  # check price > 0: the rest of the line
            expr, cur.i = text[body.start:].strip(), len(cur.tokens)
        item = CheckConstraint(expression=_expression(expr, body.start), name=name)
        kind = "checks"
    elif word in ("fk", "foreign"):
        if word == "foreign":
            cur.expect("key", "foreign must be followed by key")
        item, kind = _foreign_key(cur, name), "foreign_keys"
    elif word == "index":
        return "indexes", _index(cur, unique=False, name=name, start=first)
    else:
        raise QuickAddError(f'"{first.text}" is not a kind of constraint: use pk, unique, check, fk or index',
                            first.start)
    cur.done()
    return kind, item


def _expression(expr: str, column: int) -> str:
    if msg := expression_problem(expr):
        raise QuickAddError(msg, column)
    return expr


def _foreign_key(cur: _Cursor, name: str | None) -> ForeignKey:
    columns = split_names(cur.group("the foreign key's columns"))
    tok = cur.take("-> and the referenced entity")
    if not (tok.kind == "arrow" or tok.is_word("references")):
        raise QuickAddError("write -> ENTITY (or references ENTITY) after the columns", tok.start)
    target = cur.take("the referenced entity")
    if target.kind not in ("word", "quoted"):
        raise QuickAddError(f'expected the referenced entity, found "{target.text}"', target.start)
    schema, ref, cur.i = qualified_name(cur.tokens, cur.i - 1)
    fields: dict[str, Any] = {"columns": columns, "references": ref, "ref_schema": schema, "name": name}
    if (nxt := cur.peek()) is not None and nxt.kind == "group":
        cur.i += 1
        fields["ref_columns"] = split_names(nxt)
    while cur.peek() is not None:
        if cur.accept("on"):
            event = cur.take("delete or update")
            if not event.is_word("delete", "update"):
                raise QuickAddError("write on delete ACTION or on update ACTION", event.start)
            words: list[str] = []
            while (w := cur.peek()) is not None and w.kind == "word" and \
                    any(a.startswith(" ".join([*words, w.lower])) for a in FK_ACTIONS):
                words.append(w.lower)
                cur.i += 1
            if " ".join(words) not in FK_ACTIONS:
                raise QuickAddError(f"on {event.lower} needs one of: {', '.join(FK_ACTIONS)}", event.end)
            fields[f"on_{event.lower}"] = " ".join(words)
        elif cur.accept("deferrable"):
            fields["deferrable"] = True
            if cur.accept("initially"):
                fields["initially_deferred"] = cur.accept("deferred")
                if not fields["initially_deferred"]:
                    cur.expect("immediate", "write initially deferred or initially immediate")
        else:
            cur.done()
    if fields.get("ref_columns") and len(fields["ref_columns"]) != len(columns):
        raise QuickAddError(f"{len(columns)} column(s) cannot reference {len(fields['ref_columns'])} "
                            "column(s): the lists must be the same length", 0)
    return ForeignKey.model_validate(fields)


def _index(cur: _Cursor, *, unique: bool, name: str | None, start: Token) -> Index:
    if name is None and (tok := cur.peek()) is not None and tok.kind in ("word", "quoted") \
            and not tok.is_word("using", "on"):
        name = identifier(tok)
        cur.i += 1
    cur.accept("on")  # "index (a)" and "index on (a)" both read
    group = cur.group("the index's columns or expressions")
    keys = tuple(_index_key(text, col) for text, col in group_items(group))
    fields: dict[str, Any] = {"name": name, "columns": keys, "unique": unique}
    while cur.peek() is not None:
        if cur.accept("using"):
            method = cur.take("the index method")
            if method.lower not in INDEX_METHODS:
                raise QuickAddError(f'"{method.text}" is not an index method: use one of '
                                    f"{', '.join(INDEX_METHODS)}", method.start)
            fields["method"] = method.lower
        elif cur.accept("include"):
            fields["include"] = split_names(cur.group("the included columns"))
        elif cur.accept("with"):
            pairs = []
            for text, col in group_items(cur.group("the storage parameters")):
                key, eq, value = text.partition("=")
                if not eq or not key.strip() or not value.strip():
                    raise QuickAddError("write storage parameters as (name = value, ...)", col)
                pairs.append((key.strip(), value.strip()))
            fields["with_"] = tuple(pairs)
        elif cur.accept("where"):
            group = cur.group("the index's where condition")
            fields["where"] = _expression(group.text[1:-1].strip(), group.start)
        else:
            cur.done()
    return Index.model_validate(fields)


def _index_key(text: str, column: int) -> IndexKey:
    tokens = tokenize(text)
    fields: dict[str, Any] = {}
    first = tokens[0]
    if first.kind == "group":
        fields["expression"] = _expression(first.text[1:-1].strip(), column)
        rest = tokens[1:]
    elif len(tokens) > 1 and tokens[1].kind == "group" and tokens[1].start == first.end:
        fields["expression"] = _expression(text[:tokens[1].end], column)
        rest = tokens[2:]
    elif first.kind in ("word", "quoted"):
        fields["column"] = identifier(first)
        rest = tokens[1:]
    else:
        raise QuickAddError(f'an index key is a column or an (expression), found "{first.text}"', column)
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok.is_word("asc", "desc"):
            fields["order"] = tok.lower
        elif tok.is_word("nulls") and i + 1 < len(rest) and rest[i + 1].is_word("first", "last"):
            fields["nulls"] = rest[i + 1].lower
            i += 1
        elif tok.kind == "word" and "opclass" not in fields and "order" not in fields:
            fields["opclass"] = tok.text
        else:
            raise QuickAddError(f'"{tok.text}" is not understood in an index key', column + tok.start)
        i += 1
    return IndexKey.model_validate(fields)


def _names(columns: tuple[str, ...]) -> str:
    return "(" + ", ".join(quote_name(c) for c in columns) + ")"


def format_item(kind: str, item: Item) -> str:
    """Write an item in the line syntax (the inverse of :func:`parse_item`).

    >>> format_item("uniques", UniqueConstraint(columns=("tenant_id", "email"), name="uq_email"))
    'constraint uq_email unique (tenant_id, email)'
    """
    prefix = f"constraint {quote_name(item.name)} " if item.name and kind != "indexes" else ""
    if isinstance(item, PrimaryKey):
        return f"{prefix}pk {_names(item.columns)}"
    if isinstance(item, UniqueConstraint):
        nnd = "nulls not distinct " if item.nulls_not_distinct else ""
        return f"{prefix}unique {nnd}{_names(item.columns)}"
    if isinstance(item, CheckConstraint):
        return f"{prefix}check ({item.expression})"
    if isinstance(item, ForeignKey):
        target = quote_name(item.references)
        if item.ref_schema:
            target = f"{quote_name(item.ref_schema)}.{target}"
        parts = [f"{prefix}fk {_names(item.columns)} -> {target}"]
        if item.ref_columns:
            parts.append(_names(item.ref_columns))
        parts += [f"on {ev} {act}" for ev, act in (("delete", item.on_delete), ("update", item.on_update))
                  if act is not None]
        if item.deferrable:
            parts.append("deferrable initially deferred" if item.initially_deferred else "deferrable")
        return " ".join(parts)
    return _format_index(item)


def _format_index(ix: Index) -> str:
    keys = []
    for key in ix.columns:
        text = quote_name(key.column) if key.column is not None else f"({key.expression})"
        extras = [key.opclass, key.order, f"nulls {key.nulls}" if key.nulls else None]
        keys.append(" ".join([text, *[e for e in extras if e]]))
    parts = ["unique index" if ix.unique else "index"]
    if ix.name:
        parts.append(quote_name(ix.name))
    parts.append("(" + ", ".join(keys) + ")")
    if ix.method != "btree":
        parts.append(f"using {ix.method}")
    if ix.include:
        parts.append(f"include {_names(ix.include)}")
    if ix.with_:
        parts.append("with (" + ", ".join(f"{k} = {v}" for k, v in ix.with_) + ")")
    if ix.where:
        parts.append(f"where ({ix.where})")
    return " ".join(parts)
