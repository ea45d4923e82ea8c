"""Whole-model validation: every structural problem at once, each with its location.

The checks here are the ones that make a model meaningless or its DDL impossible: dangling
references, duplicate names, invalid identifiers, FK column lists that do not line up. Matters
of taste and expert advice are lint rules (:mod:`core.lint`), not validation errors.

>>> from core.model import DataModel, Entity, Attribute, ForeignKey
>>> m = DataModel(entities=(Entity(name="a", attributes=(Attribute(name="id", type="int"),),
...     foreign_keys=(ForeignKey(columns=("id",), references="b"),)),))
>>> [p.message for p in validate_model(m)]
['references entity "b", which does not exist; add it or fix the name']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from core.errors import Problem
from core.model import DataModel, Entity, EntityKey, EnumType, Function, View
from core.types import compatible, split_top_level
from core.validate_sql import sql_problems

#: PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1); the first-class target decides.
MAX_IDENTIFIER_BYTES = 63


def validate_model(model: DataModel) -> list[Problem]:
    """Every structural problem of ``model``, in model order (empty when the model is valid)."""
    problems: list[Problem] = []
    problems.extend(_check_model_names(model))
    seen: dict[EntityKey, int] = {}
    for i, entity in enumerate(model.entities):
        key = model.canonical_key(entity.key)
        where = f"entities[{entity.name}]"
        if key in seen:
            problems.append(
                Problem(("entities", i, "name"), where, f'duplicate entity "{key.display()}" '
                        f"(also entity #{seen[key] + 1}); rename one of them")
            )
        else:
            seen[key] = i
        problems.extend(_check_entity(model, i, entity))
    problems.extend(relation_name_problems(model))
    problems.extend(sql_problems(model))  # expressions that do not parse, impossible types
    if model.publications or model.views:
        from core.model_checks import publication_problems, view_option_problems

        problems.extend(publication_problems(model))
        problems.extend(view_option_problems(model))
    return problems


def suggest(name: str, choices: Iterable[str]) -> str:
    """A ``did you mean "x"?`` hint, or an empty string when nothing is close."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def identifier_problem(name: str) -> str | None:
    """Why ``name`` cannot be an identifier, or ``None`` when it can (quoting handles the rest)."""
    if not name or not name.strip():
        return "a name cannot be empty"
    if "\x00" in name:
        return "a name cannot contain a NUL character"
    size = len(name.encode("utf-8"))
    if size > MAX_IDENTIFIER_BYTES:
        return (f'name "{name[:20]}..." is {size} bytes long; PostgreSQL allows at most '
                f"{MAX_IDENTIFIER_BYTES} bytes: shorten it")
    return None


_BARE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*\Z")
#: Bare words a DEFAULT may be (SQL's special values, in the dialects models are imported from).
_DEFAULT_WORDS = frozenset((
    "null", "true", "false", "unknown", "current_date", "current_time", "current_timestamp", "localtime",
    "localtimestamp", "current_user", "session_user", "user", "current_role", "current_schema",
    "current_catalog", "system_user", "sysdate", "systimestamp", "sysdatetime", "getdate", "getutcdate", "now",
    "current", "uuid",
))


def default_problem(default: str) -> str | None:
    """Why a DEFAULT expression cannot work, for the usual slip: a text value written bare
    (``default: pending`` is the column ``pending`` in SQL, not the text).

    >>> default_problem("now()"), default_problem("'pending'"), default_problem("CURRENT_DATE")
    (None, None, None)
    >>> print(default_problem("pending"))
    the default pending reads as a column name in SQL, which a default cannot use; text is written in single quotes, 'pending' (in the model file: default: "'pending'")
    """
    word = default.strip()
    if not _BARE_WORD.match(word) or word.lower() in _DEFAULT_WORDS:
        return None
    return (f"the default {word} reads as a column name in SQL, which a default cannot use; text is written "
            f"in single quotes, '{word}' (in the model file: default: \"'{word}'\")")


def _check_model_names(model: DataModel) -> Iterator[Problem]:
    for coll in ("enums", "views", "functions"):
        items: Sequence[EnumType | View | Function] = getattr(model, coll)
        seen: set[tuple[str | None, str]] = set()
        for i, item in enumerate(items):
            name: str = item.name
            schema = getattr(item, "schema_name", None)
            where = f"{coll}[{name}]"
            msg = identifier_problem(name)
            if msg:
                yield Problem((coll, i, "name"), where, msg)
            if coll != "functions" and (schema, name) in seen:
                yield Problem((coll, i, "name"), where, f'duplicate name "{name}"; rename one of them')
            seen.add((schema, name))
    tables = {model.canonical_key(e.key) for e in model.entities}
    for i, view in enumerate(model.views):
        if model.canonical_key(EntityKey(view.schema_name, view.name)) in tables:
            yield Problem(("views", i, "name"), f"views[{view.name}]",
                          f'view "{view.name}" has the same name as an entity; rename one of them')
    relations = {(model.schema_of(e), e.name): f'entity "{e.name}"' for e in model.entities}
    relations.update({(v.schema_name or model.default_schema, v.name): f'view "{v.name}"' for v in model.views})
    for i, enum in enumerate(model.enums):
        clash = relations.get((enum.schema_name or model.default_schema, enum.name))
        if clash is not None:
            yield Problem(("enums", i, "name"), f"enums[{enum.name}]",
                          f"enum type \"{enum.name}\" has the name of {clash}, and PostgreSQL gives every table "
                          "and view a row type of its own name: rename one of them")
        if not enum.values:
            yield Problem(("enums", i, "values"), f"enums[{enum.name}]", "an enum needs at least one value")
        elif len(set(enum.values)) != len(enum.values):
            yield Problem(("enums", i, "values"), f"enums[{enum.name}]", "an enum lists a value twice")


def _check_entity(model: DataModel, i: int, e: Entity) -> Iterator[Problem]:
    base: tuple[str | int, ...] = ("entities", i)
    ew = f"entities[{e.name}]"
    msg = identifier_problem(e.name)
    if msg:
        yield Problem((*base, "name"), ew, msg)
    if e.schema_name is not None and (msg := identifier_problem(e.schema_name)):
        yield Problem((*base, "schema"), ew, msg)
    if not e.attributes:
        yield Problem((*base, "attributes"), ew, "an entity needs at least one attribute")
    names: set[str] = set()
    for j, a in enumerate(e.attributes):
        if not (a.name in names or not a.type.strip() or a.identity or a.generated or identifier_problem(a.name)
                or (a.default is not None and default_problem(a.default))):
            names.add(a.name)  # the usual case: no problem, no location to spell out
            continue
        aw = f"{ew}.attributes[{a.name if a.name.strip() else j}]"
        ap = (*base, "attributes", j)
        if msg := identifier_problem(a.name):
            yield Problem((*ap, "name"), aw, msg)
        if a.name in names:
            yield Problem((*ap, "name"), aw, f'duplicate attribute "{a.name}"; rename or delete one')
        names.add(a.name)
        if not a.type.strip():
            yield Problem((*ap, "type"), aw, "an attribute needs a type")
        if a.identity and a.generated:
            yield Problem((*ap, "identity"), aw, "a column cannot be both identity and generated")
        if a.identity and a.default is not None:
            yield Problem((*ap, "default"), aw, "an identity column cannot also have a default")
        if a.default is not None and (msg := default_problem(a.default)):
            yield Problem((*ap, "default"), aw, msg)
        if a.generated and a.default is not None:
            yield Problem((*ap, "default"), aw, "a generated column cannot also have a default")

    def columns(path: tuple[str | int, ...], where: str, cols: Sequence[str], what: str) -> Iterator[Problem]:
        for c in cols:
            if c not in names:
                yield Problem(path, where, f'{what} names attribute "{c}", which does not exist in '
                              f'"{e.name}"{suggest(c, names)}')

    if e.primary_key is not None:
        if not e.primary_key.columns:
            yield Problem((*base, "primary_key"), f"{ew}.primary_key", "a primary key needs columns")
        yield from columns((*base, "primary_key", "columns"), f"{ew}.primary_key", e.primary_key.columns,
                           "the primary key")
    for k, u in enumerate(e.uniques):
        where = f"{ew}.uniques[{u.name or k}]"
        if not u.columns:
            yield Problem((*base, "uniques", k), where, "a unique constraint needs columns")
        yield from columns((*base, "uniques", k, "columns"), where, u.columns, "the unique constraint")
    for k, ix in enumerate(e.indexes):
        where = f"{ew}.indexes[{ix.name or k}]"
        if not ix.columns:
            yield Problem((*base, "indexes", k), where, "an index needs at least one column or expression")
        for key in ix.columns:
            if (key.column is None) == (key.expression is None):
                yield Problem((*base, "indexes", k, "columns"), where,
                              "each index key is either a column or an expression")
        yield from columns((*base, "indexes", k, "columns"), where, ix.column_names, "the index")
        yield from columns((*base, "indexes", k, "include"), where, ix.include, "the index's include")
    for k in range(len(e.foreign_keys)):
        yield from _check_fk(model, e, base, ew, k, names, columns)
    for k, fd in enumerate(e.fds):
        where = f"{ew}.fds[{', '.join(fd.lhs)} -> {', '.join(fd.rhs)}]"
        if not fd.rhs:
            yield Problem((*base, "fds", k, "rhs"), where, "a functional dependency needs a right-hand side")
        yield from columns((*base, "fds", k), where, (*fd.lhs, *fd.rhs), "the functional dependency")
    for k, mvd in enumerate(e.mvds):
        where = f"{ew}.mvds[{', '.join(mvd.lhs)} ->> {', '.join(mvd.rhs)}]"
        yield from columns((*base, "mvds", k), where, (*mvd.lhs, *mvd.rhs), "the multivalued dependency")
    if e.distribution is not None:
        d = e.distribution
        where = f"{ew}.distribution"
        if d.kind == "distributed" and not d.column:
            yield Problem((*base, "distribution"), where, "a distributed table needs a distribution column")
        if d.column:
            yield from columns((*base, "distribution", "column"), where, (d.column,), "the distribution")
        if d.colocate_with and model.find_entity(d.colocate_with) is None:
            yield Problem((*base, "distribution", "colocate_with"), where,
                          f'co-located with "{d.colocate_with}", which does not exist')
    functions = {f.name for f in model.functions}
    for k, trg in enumerate(e.triggers):
        if trg.function not in functions:
            yield Problem((*base, "triggers", k, "function"), f"{ew}.triggers[{trg.name}]",
                          f'executes function "{trg.function}", which is not in the model'
                          f"{suggest(trg.function, functions)}")
    if e.partition_of and model.find_entity(e.partition_of) is None:
        yield Problem((*base, "partition_of"), ew, f'partition of "{e.partition_of}", which does not exist')
    for field in ("uniques", "checks", "indexes", "exclusions", "foreign_keys"):
        for k, item in enumerate(getattr(e, field)):
            name = getattr(item, "name", None)
            if name is not None and (msg := identifier_problem(name)):
                yield Problem((*base, field, k, "name"), f"{ew}.{field}[{k}]", msg)
    yield from _check_repeats(e, base, ew)
    yield from partition_key_problems(e, base, ew)


_Columns = Callable[[tuple[str | int, ...], str, Sequence[str], str], Iterator[Problem]]


def _check_fk(model: DataModel, e: Entity, base: tuple[str | int, ...], ew: str, k: int,
              names: set[str], columns: _Columns) -> Iterator[Problem]:
    fk = e.foreign_keys[k]
    path = (*base, "foreign_keys", k)
    where = f"{ew}.foreign_keys[{fk.name or k}]"
    if not fk.columns:
        yield Problem(path, where, "a foreign key needs columns")
    yield from columns((*path, "columns"), where, fk.columns, "the foreign key")
    target = model.fk_target(e, fk)
    if target is None:
        choices = [x.name for x in model.entities]
        yield Problem((*path, "references"), where, f'references entity "{fk.references}", which does not '
                      f"exist{suggest(fk.references, choices) or '; add it or fix the name'}")
        return
    ref_cols = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    if not ref_cols:
        yield Problem((*path, "ref_columns"), where, f'"{target.name}" has no primary key: name the '
                      "referenced columns (ref_columns) or give it a primary key")
        return
    missing = [c for c in ref_cols if target.attribute(c) is None]
    for c in missing:
        yield Problem((*path, "ref_columns"), where, f'references "{target.name}.{c}", which does not exist'
                      f"{suggest(c, target.attribute_names)}")
    if len(ref_cols) != len(fk.columns):
        yield Problem((*path, "ref_columns"), where, f"{len(fk.columns)} column(s) reference "
                      f"{len(ref_cols)} column(s) of \"{target.name}\"; the lists must be the same length")
        return
    if missing:
        return
    for c, rc in zip(fk.columns, ref_cols, strict=True):
        a, ra = e.attribute(c), target.attribute(rc)
        if a is not None and ra is not None and not compatible(a.type, ra.type):
            yield Problem((*path, "columns"), where, f'"{c}" ({a.type}) cannot reference '
                          f'"{target.name}.{rc}" ({ra.type}): the types are incompatible')
    if not _is_unique_key(target, ref_cols):
        yield Problem((*path, "ref_columns"), where, f'({", ".join(ref_cols)}) of "{target.name}" is not '
                      "its primary key nor unique: a foreign key must reference a primary key or unique columns")


def _is_unique_key(entity: Entity, cols: Sequence[str]) -> bool:
    wanted = set(cols)
    if entity.primary_key is not None and set(entity.primary_key.columns) == wanted:
        return True
    if any(set(u.columns) == wanted for u in entity.uniques):
        return True
    return any(ix.unique and ix.where is None and set(ix.column_names) == wanted
               and len(ix.column_names) == len(ix.columns) for ix in entity.indexes)


#: The constraints of one table, whose names must differ (PostgreSQL: "constraint already exists").
_CONSTRAINTS = ("uniques", "checks", "foreign_keys", "exclusions")
_KINDS = {"primary_key": "the primary key", "uniques": "a unique constraint", "checks": "a check constraint",
          "foreign_keys": "a foreign key", "exclusions": "an exclusion constraint", "indexes": "the index"}


def _check_repeats(e: Entity, base: tuple[str | int, ...], ew: str) -> Iterator[Problem]:
    """A column listed twice in one key, and constraint, trigger or policy names used twice."""
    lists: list[tuple[tuple[str | int, ...], str, Sequence[str], str]] = []
    if e.primary_key is not None:
        lists.append(((*base, "primary_key", "columns"), f"{ew}.primary_key", e.primary_key.columns,
                      "the primary key"))
    for k, u in enumerate(e.uniques):
        lists.append(((*base, "uniques", k, "columns"), f"{ew}.uniques[{u.name or k}]", u.columns,
                      "the unique constraint"))
    for k, fk in enumerate(e.foreign_keys):
        where = f"{ew}.foreign_keys[{fk.name or k}]"
        lists.append(((*base, "foreign_keys", k, "columns"), where, fk.columns, "the foreign key"))
        lists.append(((*base, "foreign_keys", k, "ref_columns"), where, fk.ref_columns,
                      "the foreign key's ref_columns"))
    for path, where, cols, what in lists:
        twice = sorted({c for c in cols if cols.count(c) > 1})
        if twice:
            yield Problem(path, where, f'{what} lists "{twice[0]}" more than once; list each column once')
    # name -> (what, whether it makes an index); two index-making ones are relation_name_problems'
    seen: dict[str, tuple[str, bool]] = {}
    if e.primary_key is not None and e.primary_key.name is not None:
        seen[e.primary_key.name] = ("the primary key", True)
    for field in _CONSTRAINTS:
        makes_index = field in ("uniques", "exclusions")
        for k, item in enumerate(getattr(e, field)):
            name = item.name
            if name is None:
                continue
            if name not in seen:
                seen[name] = (_KINDS[field], makes_index)
            elif not (makes_index and seen[name][1]):
                yield Problem((*base, field, k, "name"), f"{ew}.{field}[{name}]",
                              f'constraint name "{name}" is already used by {seen[name][0]} of "{e.name}"; '
                              "rename one of them")
    for field, items in (("triggers", [t.name for t in e.triggers]),
                         ("policies", [p.name for p in e.rls.policies] if e.rls else [])):
        path = (*base, "triggers") if field == "triggers" else (*base, "rls", "policies")
        names: set[str] = set()
        for k, name in enumerate(items):
            if name in names:
                yield Problem((*path, k, "name"), f"{ew}.{field}[{name}]",
                              f'{field[:-1].replace("policie", "policy")} name "{name}" is used twice on '
                              f'"{e.name}"; rename one of them')
            names.add(name)


def relation_name_problems(model: DataModel) -> list[Problem]:
    """Index names that collide with another index, table or view of the same schema.

    In PostgreSQL (and SQLite) tables, views and indexes share one namespace per schema, and a
    primary key, unique or exclusion constraint creates an index of its own name.

    >>> from core.model import DataModel, Entity, Attribute, Index
    >>> a = Attribute(name="id", type="int")
    >>> m = DataModel(entities=(Entity(name="a", attributes=(a,), indexes=(Index(name="b", columns=("id",)),)),
    ...                         Entity(name="b", attributes=(a,))))
    >>> [p.message for p in relation_name_problems(m)]
    ['index name "b" is already the name of entity "b" in schema "public"; rename the index']
    """
    owners: dict[tuple[str, str], str] = {}
    for e in model.entities:
        owners.setdefault((model.schema_of(e), e.name), f'entity "{e.name}"')
    for v in model.views:
        owners.setdefault((v.schema_name or model.default_schema, v.name), f'view "{v.name}"')
    problems: list[Problem] = []
    for i, e in enumerate(model.entities):
        schema = model.schema_of(e)
        named: list[tuple[tuple[str | int, ...], str, str]] = []  # (path, field, name)
        if e.primary_key is not None and e.primary_key.name is not None:
            named.append((("primary_key", "name"), "primary_key", e.primary_key.name))
        for field in ("uniques", "exclusions", "indexes"):
            for k, item in enumerate(getattr(e, field)):
                if item.name is not None:
                    named.append(((field, k, "name"), field, item.name))
        for path, field, name in named:
            owner = owners.get((schema, name))
            if owner is None:
                owners[(schema, name)] = f'{_KINDS[field].split(" ", 1)[1]} "{name}" of "{e.name}"'
                continue
            kind = "index" if field == "indexes" else "constraint"
            label = field if field == "primary_key" else f"{field}[{name}]"
            problems.append(Problem(("entities", i, *path), f"entities[{e.name}].{label}",
                                    f'{kind} name "{name}" is already the name of {owner} in schema '
                                    f'"{schema}"; rename the {kind}'))
    return problems


_PARTITION_BY = re.compile(r"^\s*(?:RANGE|LIST|HASH)\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_KEY_COLUMN = re.compile(r'^("(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\s+COLLATE\s+(?:"[^"]+"|[\w$.]+))?(?:\s+[A-Za-z_][\w$.]*)?$',
                         re.IGNORECASE)


def partition_key_columns(partition_by: str) -> tuple[tuple[str, ...], bool] | None:
    """The columns of a ``partition_by`` key and whether it also has expressions (then PostgreSQL
    allows no primary key or unique constraint on the table); ``None`` when it cannot be read.

    >>> partition_key_columns("RANGE (ts)"), partition_key_columns('LIST (region, "Kind" COLLATE "C")')
    ((('ts',), False), (('region', 'Kind'), False))
    >>> partition_key_columns("RANGE (date_trunc('day', ts))")
    ((), True)
    """
    m = _PARTITION_BY.match(partition_by)
    if m is None:
        return None
    columns: list[str] = []
    expression = False
    for part in split_top_level(m.group(1)):
        if (c := _KEY_COLUMN.match(part.strip())) is None:
            expression = True
        else:
            name = c.group(1)
            columns.append(name[1:-1].replace('""', '"') if name.startswith('"') else name)
    return tuple(columns), expression


def partition_key_problems(e: Entity, base: tuple[str | int, ...], ew: str) -> Iterator[Problem]:
    """A primary key, unique constraint or unique index of a partitioned table that PostgreSQL
    refuses: it must include every partition key column, and there can be none when the key has
    an expression."""
    key = partition_key_columns(e.partition_by) if e.partition_by else None
    if key is None:
        return
    columns, expression = key
    keys: list[tuple[tuple[str | int, ...], str, str, Sequence[str]]] = []
    if e.primary_key is not None and e.primary_key.columns:
        keys.append(((*base, "primary_key", "columns"), f"{ew}.primary_key", "the primary key", e.primary_key.columns))
    keys += [((*base, "uniques", k, "columns"), f"{ew}.uniques[{u.name or k}]", "the unique constraint", u.columns)
             for k, u in enumerate(e.uniques)]
    keys += [((*base, "indexes", k, "columns"), f"{ew}.indexes[{ix.name or k}]", "the unique index", ix.column_names)
             for k, ix in enumerate(e.indexes) if ix.unique]
    for path, where, what, cols in keys:
        if expression:
            yield Problem(path, where, f'{what} is on a table partitioned by an expression ({e.partition_by}): '
                          "PostgreSQL allows none there; put it on each partition, or partition by columns")
        elif missing := [c for c in columns if c.lower() not in {x.lower() for x in cols}]:
            yield Problem(path, where, f'{what} ({", ".join(cols)}) lacks the partition key column(s) '
                          f'{", ".join(missing)} ({e.partition_by}): PostgreSQL requires them in every primary key '
                          "and unique constraint of a partitioned table; add them")
