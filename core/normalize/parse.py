"""Text syntax for relations and dependencies, as typed on the command line or in the app.

* relation: ``R(A, B, C)``, ``orders(order_id customer_id)``, or just ``A B C`` (named ``R``);
* FD: ``A, B -> C`` (sides separated by commas or spaces; an empty left side is allowed);
* MVD: ``A ->> B``.

Names are words (letters, digits, ``_``, ``$``, ``.``) or double-quoted strings. When every
attribute of the relation is a single character, a run like ``AB`` also reads as ``A, B``.
Errors say what is wrong and at which column.

>>> rel = parse_relation("R(A,B,C,D)", ["A->B", "B,C->D"])
>>> rel.attributes, [str(fd) for fd in rel.fds]
(('A', 'B', 'C', 'D'), ['A -> B', 'B, C -> D'])
>>> [str(fd) for fd in parse_relation("R(A,B,C)", ["AB -> C"]).fds]
['A, B -> C']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.normalize.fds import FD, MVD, NormalizeError
from core.normalize.relation import Relation, _suggest

__all__ = ["parse_dependency", "parse_relation", "parse_schema"]

_TOKEN = re.compile(r'\s*(?:"(?P<quoted>[^"]*)"|(?P<word>[\w$.]+)|(?P<sep>,)|(?P<other>\S))')
_ARROW = re.compile(r"->>|->|→|↠")
_HEAD = re.compile(r"^\s*(?:(?P<name>\"[^\"]*\"|[\w$.]+)\s*)?\((?P<body>.*)\)\s*$", re.S)


def _words(text: str, offset: int, what: str) -> list[tuple[str, int]]:
    """Names in ``text`` with their 1-based column (``offset`` is where ``text`` starts)."""
    out: list[tuple[str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing blanks are left
            break
        col = offset + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())) + 1
        if m["quoted"] is not None:
            if not m["quoted"]:
                raise NormalizeError(f'{what}: empty quoted name at column {col}')
            out.append((m["quoted"], col))
        elif m["word"] is not None:
            out.append((m["word"], col))
        elif m["other"] is not None:
            raise NormalizeError(f'{what}: unexpected "{m["other"]}" at column {col}; '
                                 "separate names with commas or spaces")
        pos = m.end()
    return out


def parse_schema(text: str) -> tuple[str, tuple[str, ...]]:
    """``"R(A, B)"`` -> ``("R", ("A", "B"))``; a bare list of names is relation ``R``."""
    what = f'relation "{text}"'
    if "(" in text or ")" in text:
        m = _HEAD.match(text)
        if m is None:
            col = (text.find("(") if text.count("(") != 1 else len(text)) + 1
            raise NormalizeError(f"{what}: expected NAME(attribute, ...); check the parentheses "
                                 f"near column {col}")
        name = (m["name"] or "R").strip('"')
        attrs = _words(m["body"], m.start("body"), what)
    else:
        name, attrs = "R", _words(text, 0, what)
    if not attrs:
        raise NormalizeError(f"{what}: no attributes; write e.g. R(A, B, C)")
    seen: set[str] = set()
    for a, col in attrs:
        if a in seen:
            raise NormalizeError(f'{what}: attribute "{a}" at column {col} is listed twice')
        seen.add(a)
    return name, tuple(a for a, _ in attrs)


def _side(text: str, offset: int, attributes: Sequence[str], what: str) -> list[str]:
    known = set(attributes)
    compact = all(len(a) == 1 for a in attributes)
    out: list[str] = []
    for word, col in _words(text, offset, what):
        if word in known:
            out.append(word)
        elif compact and all(ch in known for ch in word):
            out.extend(word)
        else:
            raise NormalizeError(f'{what}: unknown attribute "{word}" at column {col}'
                                 f"{_suggest(word, attributes)}; attributes are {', '.join(attributes)}")
    return out


def parse_dependency(text: str, attributes: Sequence[str], *, label: str = "dependency",
                     source: str = "declared") -> FD | MVD:
    """Parse ``"A, B -> C"`` (an :class:`FD`) or ``"A ->> B"`` (an :class:`MVD`)."""
    what = f'{label} "{text}"'
    arrows = list(_ARROW.finditer(text))
    if not arrows:
        raise NormalizeError(f"{what}: no arrow; write it as LHS -> RHS (or LHS ->> RHS for an MVD)")
    if len(arrows) > 1:
        raise NormalizeError(f"{what}: more than one arrow (second at column {arrows[1].start() + 1}); "
                             "write one dependency per argument")
    arrow = arrows[0]
    lhs = _side(text[: arrow.start()], 0, attributes, what)
    rhs = _side(text[arrow.end():], arrow.end(), attributes, what)
    if not rhs:
        raise NormalizeError(f"{what}: nothing after the arrow at column {arrow.end() + 1}; "
                             "name the dependent attributes")
    cls = MVD if arrow.group(0) in ("->>", "↠") else FD
    return cls(frozenset(lhs), frozenset(rhs), source)


def parse_relation(schema: str, dependencies: Iterable[str] = (), mvds: Iterable[str] = ()) -> Relation:
    """A :class:`Relation` from ``"R(A, B)"`` and dependency strings (FDs, or MVDs with ``->>``).

    ``mvds`` must all be MVDs; ``dependencies`` may mix both kinds.
    """
    name, attrs = parse_schema(schema)
    fds: list[FD] = []
    mvd_list: list[MVD] = []
    for i, text in enumerate(dependencies, 1):
        dep = parse_dependency(text, attrs, label=f"dependency {i}")
        (mvd_list if isinstance(dep, MVD) else fds).append(dep)  # type: ignore[arg-type]
    for i, text in enumerate(mvds, 1):
        dep = parse_dependency(text, attrs, label=f"MVD {i}")
        if not isinstance(dep, MVD):
            raise NormalizeError(f'MVD {i} "{text}": an MVD is written with ->> (LHS ->> RHS)')
        mvd_list.append(dep)
    return Relation(name, attrs, tuple(fds), tuple(mvd_list))
