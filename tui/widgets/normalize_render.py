"""What the normalization pane shows, as text: FD rows, keys, violations and decomposition previews.

Pure functions of the analysis (:class:`~core.normalize.analysis.Analysis`) and of the plans
(:class:`~core.normalize.plan.DecompositionPlan`), so the pane only decides *when* to draw, and
tests and the benchmark can call them without an app. FD editing helpers live here too: the
parser that turns ``a, b -> c`` into a core command (or a reason), and attribute completion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from core.commands import AddItem, Command, RemoveItem, ReplaceItem
from core.model import Entity, FunctionalDependency, MultivaluedDependency
from core.normalize.analysis import Analysis
from core.normalize.fds import MVD, NormalizeError
from core.normalize.parse import parse_dependency
from core.normalize.plan import DecompositionPlan
from core.quickadd.complete import Completion

__all__ = [
    "KIND_LABEL",
    "FDRow",
    "complete_fd",
    "fd_command",
    "fd_rows",
    "render_details",
    "render_plan",
    "short_list",
]

#: How each violation kind is labelled (the normal form it breaks).
KIND_LABEL = {"1nf": "1NF", "partial": "2NF", "transitive": "3NF", "bcnf": "BCNF", "mvd": "4NF"}
#: Badge class for each normal form (styled in the pane's CSS).
BADGE_CLASS = {"1NF": "-nf1", "2NF": "-nf2", "3NF": "-nf3", "BCNF": "-bcnf", "4NF": "-nf4"}


def short_list(names: Sequence[str], limit: int = 6) -> str:
    """``a, b, c`` with at most ``limit`` names (``… and 3 more``)."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} … and {len(names) - limit} more"


def _side(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "∅"


@dataclass(frozen=True)
class FDRow:
    """One line of the FD list: its text, its source tag, and where it is stored on the entity
    (``collection``/``index``; ``None`` for FDs implied by a key, which cannot be deleted)."""

    text: str
    source: str
    collection: str | None = None
    index: int = -1
    detail: str = ""

    @property
    def deletable(self) -> bool:
        return self.collection is not None


def fd_rows(entity: Entity) -> list[FDRow]:
    """The entity's dependencies: from its keys first, then declared and discovered FDs (as
    stored, in order), then MVDs."""
    order = {a: i for i, a in enumerate(entity.attribute_names)}

    def ordered(names: Iterable[str]) -> list[str]:
        return sorted(names, key=lambda n: order.get(n, len(order)))

    rows: list[FDRow] = []
    from core.normalize.model_bridge import entity_relation

    try:
        implied = [(ordered(fd.lhs), fd.source) for fd in entity_relation(entity).fds
                   if fd.source in ("primary key", "unique")]
    except NormalizeError:  # an FD names a missing attribute: the key rows still show
        pk = entity.primary_key.columns if entity.primary_key is not None else ()
        implied = [(list(pk), "primary key")] if pk else []
    for lhs, source in implied:
        rest = len(entity.attributes) - len(set(lhs))
        if rest > 0:
            rows.append(FDRow(f"{_side(lhs)} -> the other {rest} attribute{'s' * (rest != 1)}", source))
    for i, fd in enumerate(entity.fds):
        detail = ""
        if fd.source == "discovered":  # where from (the notes of declared FDs stay in the model file)
            bits = [b for b in (fd.discovered_from, f"{fd.rows} rows" if fd.rows is not None else None,
                                str(fd.discovered_on) if fd.discovered_on else None) if b]
            detail = ", ".join(bits)
        rows.append(FDRow(f"{_side(ordered(fd.lhs))} -> {_side(ordered(fd.rhs))}", fd.source, "fds", i, detail))
    for i, m in enumerate(entity.mvds):
        rows.append(FDRow(f"{_side(ordered(m.lhs))} ->> {_side(ordered(m.rhs))}", "mvd", "mvds", i))
    return rows


def fd_label(row: FDRow, width: int = 0) -> Text:
    """One FD row as the list shows it: the dependency, then its source tag."""
    tag = {"primary key": "key", "unique": "unique", "declared": "declared", "discovered": "discovered",
           "mvd": "MVD"}.get(row.source, row.source)
    text = Text(row.text)
    text.append(f"  [{tag}]", style="dim" if row.source in ("primary key", "unique") else "italic")
    if row.detail:
        text.append(f"  {row.detail}", style="dim")
    return text


# -- the FD editor ------------------------------------------------------------------------------

_ARROW = re.compile(r"->>|->|→|↠")


def fd_command(entity: Entity, text: str, replacing: FDRow | None = None) -> tuple[Command | None, str]:
    """The command that declares ``text`` (``a, b -> c``, or ``a ->> b`` for an MVD) on
    ``entity`` (in place of the stored dependency ``replacing``, when given), with a note for the
    user; ``(None, reason)`` when it cannot be declared (the reason says what is wrong, where,
    and what to type)."""
    text = text.strip()
    if not text:
        return None, "type a dependency: a, b -> c (tab completes attribute names)"
    names = entity.attribute_names
    if not names:
        return None, f"{entity.name} has no attributes yet; add some in the editor first"
    try:
        dep = parse_dependency(text, names, label="FD")
    except NormalizeError as exc:
        return None, str(exc)
    order = {a: i for i, a in enumerate(names)}
    lhs = tuple(sorted(dep.lhs, key=order.__getitem__))
    rhs = tuple(sorted(dep.rhs - dep.lhs, key=order.__getitem__))
    arrow = "->>" if isinstance(dep, MVD) else "->"
    collection = "mvds" if isinstance(dep, MVD) else "fds"
    shown = f"{_side(lhs)} {arrow} {_side(list(dep.rhs))}"
    if not rhs:
        return None, f"{shown} is trivial: every attribute on the right is already on the left"
    index = None
    if replacing is not None and replacing.collection is not None:
        if replacing.collection != collection:
            kind = "an MVD (->>)" if replacing.collection == "mvds" else "an FD (->)"
            return None, f"{replacing.text} is {kind}: keep the arrow, or delete it and add {shown}"
        index = replacing.index
    stored: Sequence[FunctionalDependency | MultivaluedDependency] = \
        entity.mvds if collection == "mvds" else entity.fds
    others = [(i, d) for i, d in enumerate(stored) if i != index]
    for _, d in others:
        if set(d.lhs) == set(lhs) and (set(rhs) <= set(d.rhs) if collection == "fds" else set(rhs) == set(d.rhs)):
            return None, f"{shown} is already declared on {entity.name} ({', '.join(d.lhs)} {arrow} {', '.join(d.rhs)})"
    verb = "changed to" if index is not None else "added"
    if collection == "mvds":
        old_note = entity.mvds[index].note if index is not None else None
        mvd = MultivaluedDependency(lhs=lhs, rhs=rhs, note=old_note)
        command: Command = AddItem(entity.key, "mvds", mvd) if index is None else ReplaceItem(entity.key, "mvds", index, mvd)
        return command, f"{verb} MVD {shown}"
    note = ""
    from core.normalize.model_bridge import entity_relation

    rest = entity if index is None else entity.model_copy(update={"fds": tuple(d for i, d in enumerate(entity.fds)
                                                                               if i != index)})
    try:
        if set(rhs) <= entity_relation(rest).closure(lhs):
            note = " (it already follows from the keys and FDs: it documents, it changes nothing)"
    except NormalizeError:
        pass
    fd = FunctionalDependency(lhs=lhs, rhs=rhs, note=entity.fds[index].note if index is not None else None)
    command = AddItem(entity.key, "fds", fd) if index is None else ReplaceItem(entity.key, "fds", index, fd)
    return command, f"{verb} {shown}{note}"


def remove_command(entity: Entity, row: FDRow) -> Command | None:
    """The command that deletes ``row`` from ``entity`` (``None`` for key-implied rows)."""
    if row.collection is None:
        return None
    return RemoveItem(entity.key, row.collection, row.index)


_WORD = re.compile(r'[^\s,]*$')


def complete_fd(text: str, attributes: Sequence[str]) -> Completion:
    """Attribute names that can complete the word being typed (at the end of ``text``), in the
    entity's order; names already on the same side are left out.

    >>> complete_fd("order_id, pro", ["order_id", "product_code", "product_name"]).candidates
    ('product_code', 'product_name')
    >>> complete_fd("order_id -> ", ["order_id", "order_date"]).candidates
    ('order_date',)
    """
    start = _WORD.search(text).start()  # type: ignore[union-attr]
    prefix = text[start:]
    if _ARROW.search(prefix) or prefix.startswith(("-", ">")):
        return Completion(len(text), "", ())
    arrows = list(_ARROW.finditer(text[:start]))
    side_start = arrows[-1].end() if arrows else 0
    used = {w for w in re.split(r"[\s,]+", text[side_start:start]) if w}
    if arrows:  # the right side: no attribute of the left side either
        used |= {w for w in re.split(r"[\s,]+", text[:arrows[-1].start()]) if w}
    low = prefix.lower()
    found = tuple(a for a in attributes if a.lower().startswith(low) and a not in used and a != prefix)
    return Completion(start, prefix, found)


# -- details ------------------------------------------------------------------------------------


def render_details(analysis: Analysis, *, keys_note: str = "") -> Text:
    """Candidate keys, prime attributes and every violation with its explanation."""
    out = Text()
    keys = analysis.candidate_keys
    more = "" if analysis.keys_complete else " (not all: enumeration stopped)"
    out.append(f"Candidate keys ({len(keys)}{more}{keys_note}): ", style="bold")
    shown = [f"({', '.join(k)})" if len(k) != 1 else k[0] for k in keys[:8]]
    out.append(", ".join(shown) + (f" … and {len(keys) - 8} more" if len(keys) > 8 else "") if keys else "none")
    out.append("\nPrime attributes: ", style="bold")
    out.append(short_list(analysis.prime_attributes, 12) or "none")
    violations = analysis.violations
    if not violations:
        out.append("\nNo violations", style="bold")
        out.append(f": in {analysis.normal_form}.")
        return out
    partial = "" if analysis.violations_complete else " (search cut short: not all listed)"
    out.append(f"\nViolations ({len(violations)}){partial}:", style="bold")
    for v in violations:
        out.append("\n ")
        out.append(f"{KIND_LABEL.get(v.kind, v.kind.upper()):>4} ", style="bold reverse")
        if v.fd is not None:
            arrow = "->>" if isinstance(v.fd, MVD) else "->"
            order = {a: i for i, a in enumerate(analysis.attributes)}
            lhs = sorted(v.fd.lhs, key=order.__getitem__)
            rhs = sorted(v.fd.rhs, key=order.__getitem__)
            out.append(f" {_side(lhs)} {arrow} {short_list(rhs, 4)}", style="bold")
            out.append(": ")
        else:
            out.append(" ")
        out.append(v.explanation)
    return out


def render_plan(plan: DecompositionPlan | str | None, kind: str, key_hint: str) -> Text:
    """One decomposition preview: the verdicts, each new entity with its key and attributes, the
    warnings (``plan`` is an error message when the decomposition cannot be planned)."""
    title = "3NF synthesis" if kind == "3nf" else "BCNF decomposition"
    out = Text()
    out.append(title, style="bold underline")
    if plan is None:
        out.append(": previewing…", style="dim")
        return out
    if isinstance(plan, str):
        out.append(f": cannot be applied: {plan}", style="italic")
        return out
    if plan.unchanged:
        out.append(f": {plan.original.name} is already in {kind.upper()}; nothing to split.")
        return out
    d = plan.decomposition
    out.append(f" → {len(plan.components)} entities  ")
    out.append("lossless ✓" if d.lossless else "lossy ✗", style="bold" if d.lossless else "bold reverse")
    out.append("  ")
    out.append("dependency-preserving ✓" if d.dependency_preserving else "not dependency-preserving ✗",
               style="bold" if d.dependency_preserving else "bold reverse")
    out.append(f"   ({key_hint}: apply)", style="dim")
    for c in plan.components:
        out.append("\n  ")
        out.append(c.name, style="bold")
        out.append(" (kept)" if c.main else " (new)", style="dim")
        key = set(c.key)
        out.append(f"  key ({', '.join(c.key)})")
        rest = [a for a in c.attributes if a not in key]
        if rest:
            out.append(f": {short_list(rest, 8)}")
        fks = [f"{', '.join(fk.columns)} → {fk.references}" for fk in c.entity.foreign_keys
               if any(fk.references == o.name for o in plan.components)]
        if fks:
            out.append(f"  fk {'; '.join(fks)}", style="dim")
    for owner, old, new in plan.retargeted:
        out.append(f"\n  ↪ {owner}({', '.join(old.columns)}) now references {new.references}", style="dim")
    for w in plan.warnings:
        out.append(f"\n  ⚠ {w}", style="italic")
    return out
