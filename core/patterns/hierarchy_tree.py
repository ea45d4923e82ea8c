"""The decision tree for choosing a hierarchy strategy: the questions the app asks, and the
recommendation with its reason.

>>> recommend({"depth": "deep", "reads": "subtree", "moves": "often", "ordered": "no"}).strategy
'closure-table'
>>> recommend({"depth": "shallow", "reads": "children", "moves": "often", "ordered": "yes"}).params
{'strategy': 'adjacency', 'ordered': True}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.errors import CommandError

__all__ = ["DECISION_TREE", "Question", "Recommendation", "recommend"]


@dataclass(frozen=True)
class Question:
    """One question: its key, text, and ``(value, label)`` choices (the first is the default)."""

    key: str
    text: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Recommendation:
    """The strategy to use, the pattern parameters that say so, and why."""

    strategy: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


DECISION_TREE: tuple[Question, ...] = (
    Question("depth", "How deep can the tree get?",
             (("shallow", "a few levels (up to ~5)"), ("deep", "many levels, or no limit"))),
    Question("reads", "What do most reads need?",
             (("children", "a node's direct children"), ("subtree", "a whole subtree"),
              ("ancestors", "a node's ancestors (breadcrumbs, inherited settings)"))),
    Question("moves", "How often do subtrees move to another parent?",
             (("rare", "rarely or never"), ("often", "often"))),
    Question("ordered", "Must siblings keep a user-defined order?", (("no", "no"), ("yes", "yes"))),
)


def recommend(answers: Mapping[str, str]) -> Recommendation:
    """The strategy for ``answers`` (question key -> choice value; missing ones take the default)."""
    values: dict[str, str] = {}
    for q in DECISION_TREE:
        value = answers.get(q.key, q.choices[0][0])
        if value not in {v for v, _ in q.choices}:
            raise CommandError(f'hierarchy decision: "{value}" is not an answer to "{q.text}"; '
                               f"use {', '.join(v for v, _ in q.choices)}")
        values[q.key] = value
    if values["reads"] == "children" or (values["depth"] == "shallow" and values["reads"] != "subtree"):
        strategy, reason = "adjacency", ("children are one indexed lookup, and the occasional subtree or "
                                         "ancestor read is a short recursive query on a shallow tree")
    elif values["moves"] == "often" or values["depth"] == "deep":
        strategy, reason = "closure-table", ("subtree and ancestor reads are one indexed join at any depth, "
                                             "and moves keep referential integrity (every pair is a real key)")
    else:
        strategy, reason = "materialized-path", ("subtree reads are one prefix scan and ancestors are in the "
                                                 "path itself; the rare moves rewrite the paths below")
    params: dict[str, Any] = {"strategy": strategy}
    if values["ordered"] == "yes":
        params["ordered"] = True
    return Recommendation(strategy, reason, params)
