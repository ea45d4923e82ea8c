"""The fast reader agrees with PyYAML on everything it accepts (differential tests).

Oracle: PyYAML itself (libyaml's ``CSafeLoader``, and the pure-Python ``SafeLoader``). Inputs:
canonical files of random models, and those files mutated at random with YAML-significant
snippets; whenever :func:`fast_load` returns, PyYAML must read the same data (and not fail).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_strategies import models

from core.storage import dumps
from core.storage.fastyaml import NotSimple, fast_load

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bigmodel import big_model

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "sample_models").glob("*.yaml"))
SNIPPETS = ["#", " #x", ": ", ":", "- ", "-", "  ", "\t", "'", '"', "''", "{", "}", "[", "]", ",", ", ",
            "|", "|-", "|+", "|2", "|1", ">", "&a ", "*a", "!!str ", "\n", "\n  ", "\n- ", "---\n", "...\n",
            "? ", "%", "@", "`", "\\", "\\x4", "yes", "~", "null", "0x1", "1:2", "007", "2024-01-01", "1e3",
            ".5", "x: y", "{}", "[]", "{a: 1}", "<<: ", "=", " ", "\u00e9", "\\u00e9", '"\\n"', "a\u2028"]


def _agree(text: str) -> bool:
    """True when fast_load accepted ``text``; then both PyYAML loaders must read the same data."""
    try:
        fast = fast_load(text)
    except NotSimple:
        return False
    assert fast == yaml.load(text, Loader=yaml.CSafeLoader)
    assert fast == yaml.load(text, Loader=yaml.SafeLoader)
    return True


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_take_the_fast_path_and_agree(path: Path) -> None:
    assert _agree(path.read_text(encoding="utf-8"))


def test_the_big_model_takes_the_fast_path_and_agrees() -> None:
    assert _agree(dumps(big_model(60, 15, 90, seed=3)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_canonical_text_of_random_models_agrees(model: object) -> None:
    _agree(dumps(model))  # type: ignore[arg-type]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = dumps(draw(models())) if draw(st.booleans()) else SAMPLES[draw(st.integers(0, len(SAMPLES) - 1))].read_text()
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["insert", "delete", "dup-line", "indent"]))
        pos = draw(st.integers(0, max(0, len(text) - 1)))
        if kind == "insert":
            text = text[:pos] + draw(st.sampled_from(SNIPPETS)) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 4)):]
        else:
            lines = text.split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k]) if kind == "dup-line" else lines.__setitem__(k, " " + lines[k])
            text = "\n".join(lines)
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_agree_whenever_the_fast_reader_accepts_them(text: str) -> None:
    try:
        fast = fast_load(text)
    except NotSimple:
        return  # declined: PyYAML reads it (the fallback); nothing to compare
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:  # pragma: no cover - a failure: the fast reader took invalid YAML
        pytest.fail(f"fast_load accepted text libyaml rejects: {exc}")
    assert fast == expected


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",             # duplicate key: PyYAML keeps the last silently, we must not
    "a: &x 1\nb: *x\n",         # anchors and aliases
    "a: !!str 1\n",             # tags
    "a: >\n  folded\n",         # folded scalars
    "a: b # comment\n",         # trailing comments
    "a:\n\t- b\n",              # tabs
    "a: 'multi\n  line'\n",     # multi-line quoted scalars
    "- a\n",                    # not a mapping
    "a: 1",                     # no final line break
    "a: 1\r\nb: 2\r\n",         # CRLF
    "a:\n  - #c {b: 1}\n",        # a comment where a sequence item starts (the item is null)
])
def test_unusual_yaml_is_left_to_pyyaml(text: str) -> None:
    with pytest.raises(NotSimple):
        fast_load(text)


def test_comments_and_blank_lines_on_their_own_lines_are_read() -> None:
    text = "# header\nname: x\n\n  # indented comment\nentities:\n  # between\n  - {name: a}\n"
    assert _agree(text)


# --- hand-edited files with comments: cut the comments, then the fast reader ------------------


@st.composite
def commented(draw: st.DrawFn) -> str:
    """A written file (a sample or a random model) with comments added where people put them:
    after values, on lines of their own, inside flow collections' lines, next to '#' in strings."""
    text = dumps(draw(models())) if draw(st.booleans()) else SAMPLES[draw(st.integers(0, len(SAMPLES) - 1))].read_text()
    lines = text.split("\n")[:-1]
    for _ in range(draw(st.integers(1, 6))):
        k = draw(st.integers(0, len(lines) - 1))
        comment = draw(st.sampled_from(["# why", "#", "#: x", "# 'q", '# "', "# {a: [", "# - b", "#\t x"]))
        if draw(st.booleans()):
            lines[k] += draw(st.sampled_from([" ", "  ", "\t", " \t "])) + comment
        else:
            indent = draw(st.sampled_from(["", "  ", "    ", " "]))
            lines.insert(k, indent + comment)
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented())
def test_commented_files_read_the_same_through_the_comment_cut(text: str) -> None:
    from core.storage.parse import _fast_without_comments

    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        expected = None  # a comment landed inside a literal block's indentation: PyYAML decides
    data = _fast_without_comments(text)
    if data is not None:
        assert expected is not None and data == expected


def test_a_big_hand_commented_file_still_takes_the_fast_path() -> None:
    from core.storage.parse import _fast_without_comments

    lines = dumps(big_model(60, 15, 90, seed=3)).split("\n")
    lines.insert(1, "# the model of the shop")
    text = "\n".join(f"{line}  # {i}" if line.startswith("      - {") and i % 7 == 0 else line
                     for i, line in enumerate(lines))
    with pytest.raises(NotSimple):
        fast_load(text)
    assert _fast_without_comments(text) == yaml.load(text, Loader=yaml.CSafeLoader)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented() | models().map(dumps))
def test_windows_line_ends_read_the_same(text: str) -> None:
    from core.storage.parse import _fast_without_comments

    crlf = text.replace("\n", "\r\n")
    try:
        expected = yaml.load(crlf, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        expected = None  # a comment landed inside a literal block: PyYAML decides
    lf = crlf.replace("\r\n", "\n")  # what core.storage.parse hands the fast reader
    try:
        data = fast_load(lf)
    except NotSimple:
        data = _fast_without_comments(lf)
    assert data is None or (expected is not None and data == expected)


def test_a_windows_file_takes_the_fast_path(tmp_path: Path) -> None:
    from core.storage import load

    text = SAMPLES[0].read_text(encoding="utf-8")
    path = tmp_path / "windows.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    fast_load(text.replace("\r\n", "\n"))  # no NotSimple
    assert load(path).model == load(SAMPLES[0]).model
