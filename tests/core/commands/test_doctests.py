"""The examples in the docstrings of the foundation's modules run (commands, history, document,
graph, validation, types, the model file, quick-add, the edit operations)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["core.expressions", "core.history", "core.document", "core.graph", "core.commands.base",
           "core.commands.guard", "core.commands.entities", "core.commands.attributes", "core.commands.items",
           "core.commands.moves", "core.validate", "core.types", "core.schema_json", "core.storage.parse",
           "core.storage.locate", "core.storage.emit", "core.storage.dump", "core.storage.fastyaml",
           "core.storage.migrate", "core.quickadd.attribute", "core.quickadd.syntax", "core.quickadd.cells",
           "core.quickadd.catalogue", "core.quickadd.complete", "core.quickadd.constraint", "core.quickadd.items",
           "core.cli.edit_ops", "core.commands.publications", "core.model_checks"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
