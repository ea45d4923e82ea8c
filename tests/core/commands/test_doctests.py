"""The examples in the docstrings of the command, history, document and graph modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["core.expressions", "core.history", "core.document", "core.graph", "core.commands.base",
           "core.commands.guard", "core.commands.entities", "core.commands.attributes", "core.commands.items",
           "core.commands.moves"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
