"""The installed runtime dependencies (and theirs) follow the licence policy of the README.

Allowed at runtime: MIT, BSD (any clause count, 0BSD), Apache-2.0, PSF, MPL-2.0 and LGPL, plus
licences at least as permissive (ISC, Zlib, CC0, Unlicense, the PostgreSQL Licence). GPL and AGPL
(not LGPL) only in optional extras and test/benchmark oracles, so never in this closure.
"""

from __future__ import annotations

import importlib.metadata as md
import re

import pytest
from packaging.requirements import Requirement

#: Licence identifiers (SPDX, or the words of a trove classifier) the policy allows at runtime.
_ALLOWED = re.compile(
    r"^(MIT|MIT-CMU|0?BSD(-\d-Clause)?|BSD-\d-Clause(-\w+)?|Apache-2\.0|Apache Software License|PSF-2\.0|"
    r"Python Software Foundation License|MPL-2\.0|Mozilla Public License 2\.0 \(MPL 2\.0\)|"
    r"LGPL-[23](\.\d)?(-only|-or-later|\+)?|GNU Lesser General Public License v[23] (or later )?\(LGPLv[23]\+?\)|"
    r"ISC|ISC License \(ISCL\)|Zlib|CC0-1\.0|Unlicense|PostgreSQL|MIT License|BSD License)$")
_COPYLEFT = re.compile(r"(?<!L)A?GPL|GNU (Affero )?General Public", re.IGNORECASE)


def licence_terms(dist: md.Distribution) -> list[str]:
    """The licence identifiers a distribution declares: its SPDX expression split at AND/OR,
    else its License field when short, else its trove classifiers."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return [t.strip("() ") for t in re.split(r"\s+(?:AND|OR|WITH)\s+", expression)]
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 40:
        return [text]
    return [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]


def runtime_closure(root: str = "tablewright") -> dict[str, md.Distribution]:
    """Every installed distribution ``root`` needs at runtime (its extras left out, the extras
    its requirements ask for followed)."""
    found: dict[str, md.Distribution] = {}
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while todo:
        name, extras = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # a platform-only requirement that is not installed here
        if key in found and not extras:
            continue
        found[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            wanted = {""} | set(extras)
            if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in wanted):
                continue
            todo.append((req.name, frozenset(req.extras)))
    return found


def test_policy_recognises_what_it_must_refuse() -> None:
    for term in ("GPL-3.0-only", "AGPL-3.0-or-later", "GNU General Public License v3 (GPLv3)"):
        assert not _ALLOWED.match(term) and _COPYLEFT.search(term)
    for term in ("LGPL-3.0-only", "BSD-3-Clause", "Apache-2.0", "PSF-2.0", "MPL-2.0", "MIT"):
        assert _ALLOWED.match(term) and not _COPYLEFT.search(term)


def test_runtime_dependencies_follow_the_licence_policy() -> None:
    try:
        md.distribution("tablewright")
    except md.PackageNotFoundError:
        pytest.skip("tablewright is not installed (pip install -e .)")
    closure = runtime_closure()
    assert {"psycopg", "sqlglot", "textual", "pydantic"} <= set(closure)
    refused = {}
    for key, dist in sorted(closure.items()):
        terms = licence_terms(dist)
        bad = [t for t in terms if _COPYLEFT.search(t) or not _ALLOWED.match(t)]
        if not terms or bad:
            refused[key] = bad or ["no licence declared"]
    assert refused == {}, f"runtime dependencies outside the licence policy: {refused}"
