"""View rules: ``view-bypasses-rls`` (a view that reads a table with row-level security as its
owner, so the table's policies do not apply to whoever queries the view)."""

from __future__ import annotations

from collections.abc import Iterator

from core.commands import SetModel
from core.lint.context import LintContext
from core.lint.finding import Hit
from core.lint.registry import rule
from core.model import Entity, EntityKey, View

__all__ = ["views_over"]


def views_over(ctx: LintContext, entity: Entity) -> list[tuple[int, View]]:
    """The model's views (with their positions) whose queries read ``entity`` (memoized)."""
    def build() -> dict[EntityKey, list[tuple[int, View]]]:
        from core.patterns.common import view_reads

        found: dict[EntityKey, list[tuple[int, View]]] = {}
        for i, view in enumerate(ctx.model.views):
            for e in view_reads(ctx.model, view):
                found.setdefault(ctx.key(e), []).append((i, view))
        return found

    readers: dict[EntityKey, list[tuple[int, View]]] = ctx.memoized("views.readers", build)
    return readers.get(ctx.key(entity), [])


@rule("view-bypasses-rls", "warning", "view that reads a table with row-level security as its owner", "tenancy",
      fixable=True)
def view_bypasses_rls(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A PostgreSQL view reads its tables with the rights of the view's owner, so row-level
    security policies are checked against the owner (usually the role that ran the migrations,
    often exempt from them) and not against the user who queries the view: anyone granted the
    view sees every tenant's or user's rows. Since PostgreSQL 15 a view can be created ``WITH
    (security_invoker = true)`` so that the policies apply to the querying user; the fix sets it.
    A materialized view cannot: it holds the rows of whoever refreshed it, so grant it to no one
    who must not see them all, or make it a plain view. Suppress the finding when a view is meant
    to show every row (an administrator's report)."""
    if entity.rls is None or not entity.rls.enabled or not ctx.model.views:
        return
    for i, view in views_over(ctx, entity):
        if view.security_invoker:
            continue
        if view.materialized:
            yield Hit(f'the materialized view "{view.name}" holds rows of "{entity.name}" regardless of its '
                      "row-level security: grant it to no one who must not see every row, or make it a plain "
                      "view with security_invoker", path=("rls",), constraint=f"view {view.name}")
            continue
        views = tuple(view.model_copy(update={"security_invoker": True}) if k == i else v
                      for k, v in enumerate(ctx.model.views))
        yield Hit(f'the view "{view.name}" reads "{entity.name}" with its owner\'s rights, so the table\'s '
                  "row-level security does not apply to whoever queries it; set security_invoker: true",
                  path=("rls",), constraint=f"view {view.name}",
                  fix=SetModel((("views", views),), text=f"view {view.name}: security_invoker = true"))
