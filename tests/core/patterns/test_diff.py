"""ddl_diff against an oracle: applying its hunks to the old text gives the new text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from core.patterns.diff import ddl_diff

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


def _patch(old: str, diff: str) -> str:
    """Apply a unified diff (written here, independently of the code under test)."""
    src = old.splitlines(True)
    out: list[str] = []
    pos = 0
    lines = diff.splitlines(True)[2:]
    i = 0
    while i < len(lines):
        m = HUNK.match(lines[i].rstrip("\n"))
        assert m, lines[i]
        start, count = int(m.group(1)), int(m.group(2) or 1)
        begin = start - 1 if count else start
        out.extend(src[pos:begin])
        pos = begin
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            tag, text = lines[i][0], lines[i][1:]
            if i + 1 < len(lines) and lines[i + 1].startswith("\\"):
                text = text.rstrip("\n")
                i += 1
            if tag in " -":
                assert src[pos] == text
                pos += 1
            if tag in " +":
                out.append(text)
            i += 1
    out.extend(src[pos:])
    return "".join(out)


texts = st.lists(st.sampled_from(["a\n", "b\n", "\n", "create x\n", "  col int\n", "c\n"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_patch_of_the_diff_gives_the_new_text(old: str, new: str) -> None:
    diff = ddl_diff(old, new)
    assert (diff == "") == (old == new)
    if diff:
        assert _patch(old, diff) == new

