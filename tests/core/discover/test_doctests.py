"""The examples in the docstrings of core.discover run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "accept",
    "agree",
    "api",
    "bitsets",
    "control",
    "encode",
    "entity",
    "induce",
    "partitions",
    "postgres",
    "proof",
    "rank",
    "search",
    "sources",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"core.discover.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
