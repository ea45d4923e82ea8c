"""The examples in the docstrings of core.normalize run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import core.normalize

MODULES = sorted(m.name for m in pkgutil.iter_modules(core.normalize.__path__, "core.normalize."))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
