"""A unified diff of two DDL scripts, fast on large models.

:func:`difflib.unified_diff` compares line by line, which costs seconds on the DDL of a
thousand tables where thousands of lines look alike (``created_at timestamptz ...``). DDL comes
in blocks separated by blank lines (a table with its indexes and comments); :func:`ddl_diff`
first matches whole blocks, which are nearly all distinct, then compares lines only inside the
blocks that differ, and prints the result in the usual unified format.

>>> print(ddl_diff("a\\nb\\nc\\n", "a\\nb\\nd\\n"), end="")
--- before.sql
+++ after.sql
@@ -1,3 +1,3 @@
 a
 b
-c
+d
"""

from __future__ import annotations

from difflib import SequenceMatcher

__all__ = ["ddl_diff"]

Opcode = tuple[str, int, int, int, int]


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """``(start, stop)`` line ranges of the blank-line-separated blocks (a blank line ends one)."""
    out, start = [], 0
    for i, line in enumerate(lines):
        if not line.strip():
            out.append((start, i + 1))
            start = i + 1
    if start < len(lines):
        out.append((start, len(lines)))
    return out


def _opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    ba, bb = _blocks(a), _blocks(b)
    ka = ["".join(a[s:e]) for s, e in ba]
    kb = ["".join(b[s:e]) for s, e in bb]
    out: list[Opcode] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        la1 = ba[i1][0] if i1 < len(ba) else len(a)
        la2 = ba[i2 - 1][1] if i2 > i1 else la1
        lb1 = bb[j1][0] if j1 < len(bb) else len(b)
        lb2 = bb[j2 - 1][1] if j2 > j1 else lb1
        if tag == "equal":
            out.append(("equal", la1, la2, lb1, lb2))
            continue
        inner = SequenceMatcher(None, a[la1:la2], b[lb1:lb2], autojunk=False).get_opcodes()
        out.extend((t, x1 + la1, x2 + la1, y1 + lb1, y2 + lb1) for t, x1, x2, y1, y2 in inner)
    return out


class _Given(SequenceMatcher[str]):
    """A matcher that reports opcodes computed elsewhere (to reuse the hunk grouping)."""

    def __init__(self, opcodes: list[Opcode]) -> None:
        super().__init__(None, [], [])
        self._given = opcodes

    def get_opcodes(self) -> list[Opcode]:  # type: ignore[override]
        return self._given or [("equal", 0, 0, 0, 0)]


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def ddl_diff(before: str, after: str, n: int = 2, *, names: tuple[str, str] = ("before.sql", "after.sql")) -> str:
    """The unified diff (``n`` lines of context) of ``before`` and ``after``; empty when equal."""
    if before == after:
        return ""
    a, b = before.splitlines(True), after.splitlines(True)
    out = [f"--- {names[0]}\n", f"+++ {names[1]}\n"]
    for group in _Given(_opcodes(a, b)).get_grouped_opcodes(n):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + line for line in a[i1:i2])
                continue
            out.extend("-" + line for line in a[i1:i2])
            out.extend("+" + line for line in b[j1:j2])
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)
