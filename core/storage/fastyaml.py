"""A fast reader for the YAML subset tablewright writes; anything else goes to PyYAML.

PyYAML, even with libyaml, calls back into Python for every scalar and node, which makes a
1,000-entity model file take more than a second to read. Model files are written by
:mod:`core.storage.emit` in a small, regular subset of YAML: block mappings and sequences
indented with spaces, one-line flow collections, plain, single- and double-quoted one-line
scalars, literal block scalars, full-line comments. :func:`fast_load` reads exactly that
subset, line by line, and raises :class:`NotSimple` on anything outside it (anchors, tags,
folded or multi-line scalars, trailing comments, tabs, duplicate keys, errors...), so the caller
falls back to PyYAML, which then gives the same data or reports the error with its line.

Differential tests hold it to PyYAML: whenever it returns, the result equals ``yaml.safe_load``.

>>> fast_load("name: shop\\ntags: [a, 'yes', 1]\\nsql: |\\n  SELECT 1\\n")
{'name': 'shop', 'tags': ['a', 'yes', 1], 'sql': 'SELECT 1\\n'}
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("int", "float", "bool", "null", "timestamp"))
#: Characters outside this set send the text to PyYAML (it reports or handles them).
_UNUSUAL = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SPECIAL = frozenset({"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
                      "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"})
_PLAIN_START_BAD = frozenset("?:,[]{}#&*!|>'\"%@`\t ")
_FLOW_PLAIN = re.compile(r"[^,\[\]{}:#\t?]*")
_DQ = re.compile(r'((?:[^"\\]|\\.)*)"')
_ESC = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESC = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
               "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
               "L": "\u2028", "P": "\u2029"}
_LITERAL = re.compile(r"\|(?:([1-9])([-+]?)|([-+])([1-9]?))?\Z")
_SCALAR_RUN = re.compile(r"[^{}\[\],:]+")
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class NotSimple(Exception):
    """The text uses YAML beyond the subset :func:`fast_load` reads."""


class _NotJSON(Exception):
    """A flow collection the JSON shortcut cannot take (the general flow reader can)."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise NotSimple
    return result


_JSON = json.JSONDecoder(object_pairs_hook=_unique_pairs)
_PLAIN_JSON = json.JSONDecoder()


def _json_ok(s: str) -> bool:
    """Whether a one-line flow collection may take the JSON shortcut (no quotes, escapes,
    comments, tabs, and every colon a key separator)."""
    return ("'" not in s and '"' not in s and "\\" not in s and "#" not in s and "\t" not in s and "?" not in s
            and s.count(":") == s.count(": "))


def fast_load(text: str) -> Any:
    """The data in ``text`` (a mapping at the top), or :class:`NotSimple`."""
    if not text.endswith("\n") or _UNUSUAL.search(text) or text.startswith(("---", "%", "...")):
        raise NotSimple
    reader = _Reader(text.split("\n")[:-1])
    reader.skip_blank()
    if reader.i >= len(reader.lines) or _indent(reader.lines[reader.i]) != 0:
        raise NotSimple
    data = reader.mapping(0)
    reader.skip_blank()
    if reader.i != len(reader.lines) or not isinstance(data, dict):
        raise NotSimple
    return data


def _indent(line: str) -> int:
    n = len(line) - len(line.lstrip(" "))
    if line[n:n + 1] == "\t":
        raise NotSimple
    return n


def plain(text: str, cache: dict[str, Any]) -> Any:
    """A plain scalar's value, resolved as YAML 1.1 (PyYAML) does."""
    if _IDENT.match(text) and text not in _SPECIAL:
        return text
    try:
        return cache[text]
    except KeyError:
        pass
    if not text or text[0] in _PLAIN_START_BAD or text[-1] in " \t" or "\t" in text:
        raise NotSimple
    if (text[0] == "-" and (len(text) == 1 or text[1] == " ")) or text.startswith(("---", "...")):
        raise NotSimple
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        value: Any = text
    elif tag in _SCALAR_TAGS:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    else:
        raise NotSimple
    cache[text] = value
    return value


def single_quoted(s: str, i: int) -> tuple[str, int]:
    """The single-quoted scalar starting at ``s[i]`` and the position after it."""
    j = s.find("'", i + 1)
    while j != -1 and s.startswith("''", j):
        j = s.find("'", j + 2)
    if j == -1:
        raise NotSimple
    return s[i + 1:j].replace("''", "'"), j + 1


def double_quoted(s: str, i: int) -> tuple[str, int]:
    """The double-quoted scalar starting at ``s[i]`` and the position after it."""
    m = _DQ.match(s, i + 1)
    if m is None:
        raise NotSimple
    body = m.group(1)
    if "\\" in body:
        body = _ESC.sub(_unescape, body)
    return body, m.end()


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) == 1:
        if code not in _SIMPLE_ESC:
            raise NotSimple
        return _SIMPLE_ESC[code]
    value = int(code[1:], 16)
    if 0xD800 <= value <= 0xDFFF:
        raise NotSimple
    return chr(value)


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0
        self.cache: dict[str, Any] = {}
        self.json_cache: dict[str, str] = {}
        #: One-line flow collection -> its JSON text, checked once for duplicate keys (model
        #: files repeat many lines, e.g. ``- {name: created_at, type: timestamptz}``).
        self.flow_json: dict[str, str] = {}

    def skip_blank(self) -> None:
        lines, i = self.lines, self.i
        while i < len(lines) and (not lines[i].strip(" ") or lines[i].lstrip(" ").startswith("#")):
            i += 1
        self.i = i

    def node(self, n: int) -> Any:
        content = self.lines[self.i][n:]
        return self.sequence(n) if content == "-" or content.startswith("- ") else self.mapping(n)

    def mapping(self, n: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        lines = self.lines
        while True:
            self.skip_blank()
            if self.i >= len(lines):
                return result
            line = lines[self.i]
            ind = _indent(line)
            if ind < n:
                return result
            if ind > n:
                raise NotSimple
            key, rest = self.key(line[n:])
            self.i += 1
            if key in result:
                raise NotSimple
            result[key] = self.value(rest, n)

    def key(self, content: str) -> tuple[Any, str]:
        if content[0] in "'\"":
            key, end = (single_quoted if content[0] == "'" else double_quoted)(content, 0)
            if not content.startswith(":", end):
                raise NotSimple
            return key, content[end + 1:]
        colon = content.find(": ")
        if colon == -1:
            if not content.endswith(":"):
                raise NotSimple
            colon = len(content) - 1
        text = content[:colon]
        if " #" in text or content.startswith("- "):
            raise NotSimple
        return plain(text, self.cache), content[colon + 1:]

    def value(self, rest: str, n: int) -> Any:
        """The value after ``key:`` of a mapping at indent ``n``."""
        s = rest.strip(" ")
        if not s:
            self.skip_blank()
            if self.i >= len(self.lines):
                return None
            line = self.lines[self.i]
            ind = _indent(line)
            if ind > n:
                return self.node(ind)
            if ind == n and (line[n:] == "-" or line[n:].startswith("- ")):
                return self.sequence(n)
            return None
        if rest[0] != " ":
            raise NotSimple
        if s[0] == "|":
            return self.literal(s, n)
        return self.inline(s)

    def inline(self, s: str) -> Any:
        c = s[0]
        if c in "{[":
            if _json_ok(s):
                try:
                    return _PLAIN_JSON.decode(self.checked_json(s))
                except (ValueError, _NotJSON):
                    pass
            value, end = self.flow(s, 0)
        elif c in "'\"":
            value, end = (single_quoted if c == "'" else double_quoted)(s, 0)
        else:
            if ": " in s or " #" in s or s.endswith(":"):
                raise NotSimple
            return plain(s, self.cache)
        if s[end:].strip(" "):
            raise NotSimple
        return value

    def checked_json(self, s: str) -> str:
        """:meth:`to_json` of a one-line flow collection, known to decode without duplicate keys
        (so the result can be decoded with the plain, faster decoder); ``ValueError`` if not."""
        literal = self.flow_json.get(s)
        if literal is None:
            literal = self.to_json(s)
            _JSON.decode(literal)
            self.flow_json[s] = literal
        return literal

    def to_json(self, s: str) -> str:
        """A quote-free one-line flow collection as JSON text (scalars resolved as YAML does)."""
        return _SCALAR_RUN.sub(self.json_scalar, s)

    def json_scalar(self, m: re.Match[str]) -> str:
        """A plain scalar of a quote-free flow collection as a JSON literal (the shortcut)."""
        run = m.group()
        literal = self.json_cache.get(run)
        if literal is None:
            text = run.strip(" ")
            if not text:
                return run
            value = plain(text, self.cache)
            if value is not None and not isinstance(value, str | bool | int | float):
                raise _NotJSON
            literal = self.json_cache[run] = run[:len(run) - len(run.lstrip(" "))] + json.dumps(
                value, ensure_ascii=False)
        return literal

    def sequence(self, n: int) -> list[Any]:
        result: list[Any] = []
        lines = self.lines
        while True:
            self.skip_blank()
            if self.i >= len(lines):
                return result
            line = lines[self.i]
            ind = _indent(line)
            if ind < n or (ind == n and not line.startswith("- ", n)):
                return result
            if ind > n:
                raise NotSimple
            content = line[n + 2:]
            if not content.strip(" ") or content[0] in " |#":
                raise NotSimple
            if content[0] in "{[" and self.flow_run(n, result):
                continue
            if self.is_entry(content):
                lines[self.i] = " " * (n + 2) + content
                result.append(self.mapping(n + 2))
            else:
                self.i += 1
                result.append(self.inline(content.rstrip(" ")))

    def flow_run(self, n: int, result: list[Any]) -> bool:
        """Read consecutive ``- {...}`` items at indent ``n`` with one JSON decode (the common
        case: a list of one-line attributes); ``False`` when the shortcut does not apply."""
        lines, start, prefix = self.lines, self.i, " " * n + "- "
        end = start
        while (end < len(lines) and lines[end].startswith(prefix) and lines[end][n + 2:n + 3] in ("{", "[")
               and _json_ok(lines[end])):
            end += 1
        if end - start < 2:
            return False
        try:
            joined = ",".join([self.checked_json(line[n + 2:]) for line in lines[start:end]])
            items = _PLAIN_JSON.decode("[" + joined + "]")
        except (ValueError, _NotJSON):
            return False
        if len(items) != end - start:
            return False
        result.extend(items)
        self.i = end
        return True

    def is_entry(self, content: str) -> bool:
        """Whether a sequence item's text starts a ``key: value`` mapping."""
        c = content[0]
        if c in "{[":
            return False
        if c in "'\"":
            _, end = (single_quoted if c == "'" else double_quoted)(content, 0)
            return content.startswith(":", end)
        return ": " in content or content.endswith(":")

    def literal(self, header: str, n: int) -> str:
        m = _LITERAL.match(header)
        if m is None:
            raise NotSimple
        digit = m.group(1) or m.group(4)
        chomp = m.group(2) or m.group(3) or ""
        lines, start = self.lines, self.i
        if digit:
            ci = n + int(digit)
        else:
            j = start
            while j < len(lines) and not lines[j].strip(" "):
                j += 1
            if j == len(lines):
                raise NotSimple
            ci = _indent(lines[j])
            if ci <= n or any(len(lines[k]) > ci for k in range(start, j)):
                raise NotSimple
        body: list[str] = []
        i = start
        while i < len(lines):
            line = lines[i]
            if not line.strip(" "):
                body.append(line[ci:])
            elif _indent(line) < ci:
                if "\t" in line[:ci]:
                    raise NotSimple
                break
            else:
                body.append(line[ci:])
            i += 1
        self.i = i
        last = len(body)
        while last and body[last - 1] == "":
            last -= 1
        if not last:
            raise NotSimple
        text = "\n".join(body[:last])
        if chomp == "-":
            return text
        return text + "\n" + ("\n" * (len(body) - last) if chomp == "+" else "")

    def flow(self, s: str, i: int) -> tuple[Any, int]:
        """The flow collection starting at ``s[i]`` (``{`` or ``[``) and the position after it."""
        closing = "}" if s[i] == "{" else "]"
        mapping: dict[Any, Any] | None = {} if closing == "}" else None
        items: list[Any] = []
        i = _skip(s, i + 1)
        while True:
            if i >= len(s):
                raise NotSimple
            if s[i] == closing:
                return (mapping if mapping is not None else items), i + 1
            value, i = self.flow_value(s, i)
            i = _skip(s, i)
            if mapping is not None:
                if not s.startswith(": ", i) or isinstance(value, dict | list) or value in mapping:
                    raise NotSimple
                i = _skip(s, i + 2)
                if i < len(s) and s[i] in ",}":
                    mapping[value] = None
                else:
                    mapping[value], i = self.flow_value(s, i)
                    i = _skip(s, i)
            elif s.startswith(":", i):
                raise NotSimple
            else:
                items.append(value)
            if s.startswith(",", i):
                i = _skip(s, i + 1)
            elif not s.startswith(closing, i):
                raise NotSimple

    def flow_value(self, s: str, i: int) -> tuple[Any, int]:
        c = s[i]
        if c in "{[":
            return self.flow(s, i)
        if c == "'":
            return single_quoted(s, i)
        if c == '"':
            return double_quoted(s, i)
        if c == "-" and s[i + 1:i + 2] in ("", " ", ",", "]", "}"):
            raise NotSimple
        j = i
        while True:
            m = _FLOW_PLAIN.match(s, j)
            assert m is not None
            j = m.end()
            if j < len(s) and s[j] == "#" and s[j - 1] != " ":
                j += 1
                continue
            break
        if (j < len(s) and s[j] in "#\t?") or (s.startswith(":", j) and not s.startswith(": ", j)):
            raise NotSimple
        return plain(s[i:j].rstrip(" "), self.cache), j


def _skip(s: str, i: int) -> int:
    while i < len(s) and s[i] == " ":
        i += 1
    return i
