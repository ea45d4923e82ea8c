"""Loading reports every problem as ``file:line: where: message``, never a traceback.

Each case is a small file with one kind of mistake; the expected line is found by searching
the text (not computed by the loader).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import LoadError
from core.storage import dumps, load, loads
from core.storage.migrate import migrate, version_problem

GOOD = """\
format_version: 1
name: shop
entities:
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: email, type: text}
    primary_key: {columns: [id]}
"""


def messages(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        loads(text, "shop.yaml")
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_the_good_file_loads() -> None:
    assert loads(GOOD).entities[0].attribute_names == ("id", "email")


def test_yaml_syntax_error_has_line_and_column() -> None:
    text = GOOD.replace("{name: email, type: text}", "{name: email, type: text")
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'primary_key')}: YAML syntax error (column ")
    assert "not closed" in msg


def test_unquoted_colon_in_a_value() -> None:
    text = GOOD.replace("name: shop", "name: shop: the best")
    (msg,) = messages(text)
    assert msg.startswith("shop.yaml:2: YAML syntax error") and "put in quotes" in msg


def test_tab_indentation() -> None:
    text = GOOD.replace("    primary_key", "\tprimary_key")
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'primary_key')}:") and "never tabs" in msg


def test_unknown_key_with_did_you_mean() -> None:
    text = GOOD.replace("    primary_key:", "    primary_kee:")
    (msg,) = messages(text)
    assert msg == (f'shop.yaml:{line_of(text, "primary_kee")}: entities[customers]: unknown key "primary_kee" '
                   '(did you mean "primary_key"?)')


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    text = GOOD.replace("{name: email, type: text}", "{name: email, type: text, zzz: 1}")
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'zzz')}: entities[customers].attributes[email]: "
                          'unknown key "zzz"; allowed here: name, type, nullable')


def test_wrong_type() -> None:
    text = GOOD.replace("nullable: false}", "nullable: maybe}")
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'maybe')}: entities[customers].attributes[id].nullable: ")
    assert "true or false" in msg


def test_a_list_where_a_mapping_belongs() -> None:
    text = GOOD + "    rls: [enabled]\n"
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'rls:')}: entities[customers].rls: expected a mapping")


def test_an_unquoted_comma_in_a_flow_mapping_is_explained() -> None:
    text = GOOD.replace("{name: email, type: text}", "{name: email, type: text}\n      - {name: total, type: numeric(12,2)}")
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'numeric')}: entities[customers].attributes[total]: ")
    assert "was cut at the comma" in msg and "type: 'numeric(12,2)'" in msg


def test_missing_required_key() -> None:
    text = GOOD.replace("{name: email, type: text}", "{name: email}")
    (msg,) = messages(text)
    assert msg == (f"shop.yaml:{line_of(text, 'name: email')}: entities[customers].attributes[email]: "
                   'missing required key "type": add it')


def test_several_problems_at_once() -> None:
    text = GOOD.replace("{name: email, type: text}", "{name: email, tipe: text}").replace("name: shop", "nam: shop")
    found = messages(text)
    assert len(found) == 3  # nam, tipe, and the missing type
    assert any(f"shop.yaml:{line_of(text, 'nam: shop')}:" in m and '"nam"' in m for m in found)
    assert any(f"shop.yaml:{line_of(text, 'tipe')}:" in m and '"tipe"' in m for m in found)


def test_a_misspelt_key_does_not_hide_the_model_problems() -> None:
    text = GOOD.replace("primary_key: {columns: [id]}",
                        "primary_key: {columns: [id], nmae: pk}\n    foreign_keys:\n      - {columns: [id], references: shops}")
    found = messages(text)
    assert len(found) == 2, found
    assert f"shop.yaml:{line_of(text, 'nmae')}: entities[customers].primary_key: unknown key \"nmae\"" in found[0]
    assert found[1].startswith(f"shop.yaml:{line_of(text, 'references: shops')}: entities[customers].foreign_keys[0]: ")
    assert 'entity "shops", which does not exist' in found[1]


def test_a_wrong_type_is_reported_alone_not_with_guesses_about_the_rest() -> None:
    # with a value that cannot be read, the model is not checked further (it would be a guess)
    text = GOOD.replace("nullable: false", "nullable: maybe") + "    foreign_keys:\n      - {columns: [id], references: x}\n"
    found = messages(text)
    assert len(found) == 1 and '"maybe"' in found[0]


def test_duplicate_key() -> None:
    text = GOOD.replace("      - {name: email, type: text}\n", "      - name: email\n        type: text\n        type: int\n")
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'type: int')}:") and '"type" appears twice' in msg


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(text: str) -> None:
    (msg,) = messages(text)
    assert msg.startswith("shop.yaml:1: the file is empty")


@pytest.mark.parametrize(("text", "what"), [("hello\n", '"hello"'), ("- a\n- b\n", "a list"), ("42\n", "the number 42")])
def test_a_file_that_is_not_a_mapping(text: str, what: str) -> None:
    (msg,) = messages(text)
    assert msg.startswith(f"shop.yaml:1: the file holds {what}, but a model file is a mapping")


def test_newer_format_version_says_to_upgrade() -> None:
    text = GOOD.replace("format_version: 1", "format_version: 7")
    (msg,) = messages(text)
    assert msg.startswith("shop.yaml:1:") and "newer tablewright" in msg and "upgrade" in msg


def test_older_format_version_without_a_migration() -> None:
    (msg,) = messages(GOOD.replace("format_version: 1", "format_version: 0"))
    assert "no migration from version 0" in msg


def test_format_version_not_a_number() -> None:
    (msg,) = messages(GOOD.replace("format_version: 1", "format_version: one"))
    assert "whole number" in msg


def test_migration_hook_upgrades_step_by_step() -> None:
    steps = {1: lambda d: {"title" if k == "name" else k: v for k, v in d.items()},
             2: lambda d: {**d, "title": d["title"].upper()}}
    assert version_problem(1, current=3, migrations=steps) is None
    assert migrate({"format_version": 1, "name": "m"}, current=3, migrations=steps) == {
        "format_version": 3, "title": "M"}
    assert "no migration from version 2" in (version_problem(1, current=3, migrations={1: steps[1]}) or "")


def test_hand_written_layouts_load_to_the_same_model() -> None:
    block = GOOD.replace("      - {name: id, type: bigint, nullable: false}\n",
                         "      # the key\n      - name: id\n        type: bigint\n        nullable: no\n")
    crlf = GOOD.replace("\n", "\r\n")
    assert loads(block) == loads(GOOD) == loads(crlf) == loads("\ufeff" + GOOD)


@pytest.mark.parametrize(("short", "canonical"), [
    ("primary_key: [id]", "primary_key: {columns: [id]}"),
    ("primary_key: id", "primary_key: {columns: [id]}"),
    ("primary_key: id, email", "primary_key: {columns: [id, email]}"),
    ("uniques: [[email], 'id, email']", "uniques:\n      - {columns: [email]}\n      - {columns: [id, email]}"),
])
def test_keys_may_be_written_as_their_columns_alone(short: str, canonical: str) -> None:
    base = GOOD.replace("    primary_key: {columns: [id]}\n", "")
    assert loads(base + f"    {short}\n") == loads(base + f"    {canonical}\n")
    assert f"    {canonical}\n" in dumps(loads(base + f"    {short}\n"))  # fmt writes the full form


def test_comma_separated_names_are_accepted() -> None:
    assert loads(GOOD.replace("columns: [id]", "columns: id")).entities[0].primary_key.columns == ("id",)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "pic.yaml"
    path.write_bytes(b"format_version: 1\nname: x\n\x89PNG\x00\x01\x02")
    with pytest.raises(LoadError) as info:
        load(path)
    (problem,) = info.value.problems
    assert str(problem) == f"{path}:3: this is a binary file (it contains NUL bytes), not a YAML model file"


def test_file_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format_version: 1\nname: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(LoadError) as info:
        load(path)
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{path}:2: byte 0xE9 is not UTF-8")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(LoadError, match="is a directory"):
        load(tmp_path)


def test_validation_problems_can_be_returned_instead_of_raised(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(GOOD.replace("columns: [id]", "columns: [idd]"), encoding="utf-8")
    loaded = load(path, validate=False)
    (problem,) = loaded.problems
    assert str(problem).startswith(f"{path}:8: entities[customers].primary_key: ")


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_runaway_nesting_is_located_not_a_crash(shape: str) -> None:
    if shape == "flow":
        text = "format_version: 1\nname: x\nnote: " + "[" * 5000 + "]" * 5000 + "\n"
        line = 3
    else:
        text = "format_version: 1\nname: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(3000))
        line = 3 + 64  # the 65th nested mapping starts on the key line that opens it
    found = messages(text)
    assert len(found) == 1 and found[0].startswith(f"shop.yaml:{line}: ") and "nested more than 64" in found[0]
