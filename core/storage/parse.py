"""Text -> model, with every problem reported at once as ``file:line: where: message``.

The fast path is :func:`core.storage.fastyaml.fast_load` (the YAML subset tablewright
writes; anything else is read by PyYAML with libyaml) and one pydantic validation. Only when
something is wrong is the YAML node tree composed to find each problem's line. Problems found here: YAML syntax, duplicate keys, a file that is empty, binary
or not a mapping, an unreadable ``format_version``, unknown keys (with a "did you mean"),
wrong types, missing required keys; then, optionally, :func:`core.validate.validate_model`.
"""

from __future__ import annotations

import copy
import re
import types
import typing
from typing import Any

import yaml
from pydantic import ValidationError

from core.errors import LoadError, Problem
from core.model import FORMAT_VERSION, DataModel, Node
from core.storage.fastyaml import NotSimple, fast_load
from core.storage.locate import where, with_lines, without_trailing_comments
from core.storage.migrate import migrate, version_problem
from core.validate import suggest, validate_model

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_Base):  # type: ignore[misc]
    """libyaml's safe loader, also noting keys that appear twice in one mapping."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[Problem] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == _STR_TAG:
                line = key.start_mark.line + 1
                if key.value in seen:
                    self.duplicates.append(Problem((), "", f'key "{key.value}" appears twice in one mapping '
                                                   f"(lines {seen[key.value]} and {line}); keep one", line))
                seen.setdefault(key.value, line)
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


def loads(text: str, filename: str = "<string>", *, validate: bool = True) -> DataModel:
    """Read a model from YAML ``text``; raise :class:`LoadError` listing every problem.

    >>> loads("format_version: 1\\nname: m\\nentities: []\\n").name
    'm'
    >>> loads("name: m\\nentitys: []\\n", "m.yaml")
    Traceback (most recent call last):
    core.errors.LoadError: cannot load m.yaml: 1 problem(s)
    m.yaml:2: unknown key "entitys" (did you mean "entities"?)
    """
    model = parse(text, filename)
    if validate:
        problems = validation_problems(model, text, filename)
        if problems:
            raise load_error(filename, problems)
    return model


#: Deeper nesting than this is a mistake (a model file needs about ten levels) and would exhaust
#: the recursion of the readers.
MAX_DEPTH = 64


def parse(text: str, filename: str = "<string>") -> DataModel:
    """The model in ``text``, without whole-model validation (see :func:`validation_problems`)."""
    try:
        return _parse(text, filename)
    except RecursionError:
        raise load_error(filename, [_too_deep(text)]) from None


def _too_deep(text: str) -> Problem:
    """Where the collections of ``text`` first nest deeper than :data:`MAX_DEPTH` (events are
    read without recursion)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem((), "", f"lists and mappings are nested more than {MAX_DEPTH} levels deep "
                                   "here (a model file needs about ten): a bracket is probably not closed, "
                                   "or the indentation runs away",
                                   event.start_mark.line + 1 if event.start_mark is not None else None)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        return _syntax_problem(exc, text)
    return Problem((), "", "the file is nested too deeply to be read; check its brackets and indentation")


def _parse(text: str, filename: str) -> DataModel:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise load_error(filename, [Problem((), "", "this is a binary file (it contains NUL bytes), "
                                            "not a YAML model file", line)])
    lf = text.replace("\r\n", "\n") if "\r\n" in text else text  # Windows line ends: the same YAML
    try:
        data = fast_load(lf)
    except NotSimple:
        data = _fast_without_comments(lf)
        if data is None:
            data = _yaml_load(text, filename)
    if data is None:
        raise load_error(filename, [Problem((), "", "the file is empty: a model starts with "
                                            f"`format_version: {FORMAT_VERSION}` and `name: ...`", 1)])
    if not isinstance(data, dict):
        raise load_error(filename, [Problem((), "", f"the file holds {_describe(data)}, but a model file is a "
                                            "mapping (format_version: 1, name: ..., entities: [...])", 1)])
    if (msg := version_problem(data.get("format_version", FORMAT_VERSION))) is not None:
        raise load_error(filename, with_lines([Problem(("format_version",), "", msg)],
                                              text, filename))
    data = migrate(data)
    try:
        return DataModel.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [_pydantic_problem(err, data) for err in errors]
        if all(err["type"] == "extra_forbidden" for err in errors):
            problems += _problems_without_unknown_keys(data, errors)
        raise load_error(filename, with_lines(problems, text, filename)) from None


def _problems_without_unknown_keys(data: dict[str, Any], errors: list[Any]) -> list[Problem]:
    """The model's validation problems, as if the unknown keys were not there (dropping a key
    loses nothing else), so that a typo in a key does not hide a dangling reference."""
    stripped = copy.deepcopy(data)
    try:
        for err in errors:
            *parents, key = err["loc"]
            node: Any = stripped
            for step in parents:
                node = node[step]
            if _cut_at_comma(stripped, err["loc"]) is not None:  # {type: numeric(12,2)}: validate what was meant
                field = next(f for f, v in node.items() if isinstance(v, str) and v.count("(") > v.count(")"))
                node[field] = f"{node[field]},{key}"
            node.pop(key)
        model = DataModel.model_validate(stripped)
    except (ValidationError, LookupError, TypeError, AttributeError):  # a location we cannot follow
        return []
    return validate_model(model)


def _fast_without_comments(text: str) -> Any:
    """The fast reader's data for a hand-edited file whose only departure from the written subset
    is comments after values (cut first: they carry no data), or ``None``."""
    stripped = without_trailing_comments(text)
    if stripped is None:
        return None
    try:
        return fast_load(stripped)
    except NotSimple:
        return None


def _yaml_load(text: str, filename: str) -> Any:
    """The full YAML reader: PyYAML (libyaml when available), noting duplicate keys."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise load_error(filename, [_syntax_problem(exc, text)]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise load_error(filename, loader.duplicates)
    return data


def validation_problems(model: DataModel, text: str | None, filename: str | None) -> list[Problem]:
    """:func:`validate_model` problems with their file and line (``text`` is the model's file)."""
    return with_lines(validate_model(model), text, filename)


def load_error(filename: str, problems: list[Problem]) -> LoadError:
    """A :class:`LoadError` whose problems all name ``filename``."""
    named = [p if p.file is not None else _with_file(p, filename) for p in problems]
    return LoadError(named, f"cannot load {filename}: {len(named)} problem(s)")


def _with_file(p: Problem, filename: str) -> Problem:
    return Problem(p.path, p.where, p.message, p.line, filename, p.severity)


# --------------------------------------------------------------------------------------------
# YAML syntax errors


_HINTS = (
    ("mapping values are not allowed", "a value that contains \": \" must be put in quotes"),
    ("another document", "a model file holds one YAML document: remove the ---"),
    ("did not find expected key", "check the indentation of this line and the one before"),
    ("expected ',' or ']'", "a flow list [...] is not closed, or an item needs quotes"),
    ("expected ',' or '}'", "a flow mapping {...} is not closed, or a value needs quotes"),
    ("undefined alias", "a value starting with * must be put in quotes"),
)


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        pos = text.find(char)
        line = text.count("\n", 0, pos) + 1 if pos >= 0 else None
        return Problem((), "", f"character U+{ord(char):04X} cannot appear in a YAML file: remove it "
                       "(inside double quotes it can be written as an escape)", line)
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    line = mark.line + 1 if mark is not None else None
    column = f" (column {mark.column + 1})" if mark is not None else ""
    context = getattr(exc, "context", None)
    cmark = getattr(exc, "context_mark", None)
    if context and cmark is not None and cmark.line + 1 != line:
        problem += f" ({context} at line {cmark.line + 1})"
    hint = next((h for key, h in _HINTS if key in problem), "")
    if "cannot start any token" in problem and mark is not None:
        lines = text.splitlines()
        bad = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
        hint = ("YAML is indented with spaces, never tabs" if bad == "\t"
                else f"a value starting with {bad} must be put in quotes")
    return Problem((), "", f"YAML syntax error{column}: {problem}" + (f"; {hint}" if hint else ""), line)


# --------------------------------------------------------------------------------------------
# Pydantic errors


_EXPECTED = {
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "tuple_type": "a list", "list_type": "a list", "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)", "model_attributes_type": "a mapping (key: value)",
    "date_type": "a date (2024-01-31)", "date_parsing": "a date (2024-01-31)",
    "date_from_datetime_parsing": "a date (2024-01-31)", "date_from_datetime_inexact": "a date (2024-01-31)",
}


def _pydantic_problem(err: Any, data: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        cut = _cut_at_comma(data, loc)
        if cut is not None:
            return Problem(loc, where(data, loc[:-1]), cut)
        allowed = allowed_keys(loc[:-1])
        hint = suggest(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = f"; allowed here: {', '.join(allowed)}"
        return Problem(loc, where(data, loc[:-1]), f'unknown key "{loc[-1]}"{hint}')
    if kind == "missing":
        return Problem(loc, where(data, loc[:-1]), f'missing required key "{loc[-1]}": add it')
    if kind == "invalid_key":
        return Problem(loc, where(data, loc[:-1]), f"key {loc[-1]!r} must be text (a name)")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        hint = suggest(str(value), choices) if isinstance(value, str) else ""
        return Problem(loc, where(data, loc), f"{_describe(value)} is not allowed here: expected one of "
                       f"{', '.join(choices)}{hint}")
    if kind in _EXPECTED:
        quote = (": put it in quotes" if kind == "string_type" and value is not None
                 and not isinstance(value, dict | list) else "")
        return Problem(loc, where(data, loc), f"expected {_EXPECTED[kind]}, got {_describe(value)}{quote}")
    return Problem(loc, where(data, loc), str(err["msg"]))


def _cut_at_comma(data: Any, loc: tuple[str | int, ...]) -> str | None:
    """The hint for ``{type: numeric(12,2)}``: in a flow mapping the comma ends the value, and
    ``2)`` becomes a key of its own."""
    parent: Any = data
    try:
        for step in loc[:-1]:
            parent = parent[step]
    except (LookupError, TypeError):
        return None
    key = loc[-1]
    if not isinstance(parent, dict) or parent.get(key) is not None or not isinstance(key, str):
        return None
    for field, value in parent.items():
        if isinstance(value, str) and value.count("(") > value.count(")") and key.count(")") > key.count("("):
            return (f'"{field}: {value},{key}" was cut at the comma (inside {{...}} a comma ends a value): '
                    f"put the value in quotes, {field}: '{value},{key}'")
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'"{value[:60]}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def allowed_keys(path: tuple[str | int, ...]) -> list[str]:
    """The keys a mapping at ``path`` accepts (field aliases, in model order).

    >>> allowed_keys(("entities", 0, "primary_key"))
    ['columns', 'name']
    """
    cls: type[Node] | None = DataModel
    for step in path:
        if cls is None:
            return []
        if isinstance(step, int):
            continue
        field = next((f for n, f in cls.model_fields.items() if step in (n, f.alias)), None)
        cls = _node_class(field.annotation) if field is not None else None
    if cls is None:
        return []
    return [f.alias or n for n, f in cls.model_fields.items()]


def _node_class(annotation: Any) -> type[Node] | None:
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (tuple, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _node_class(arg)
            if found is not None:
                return found
    return None
