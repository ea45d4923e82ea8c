"""Golden DDL: every sample model (and the hand-built rich model) in every dialect, compared byte
for byte with the reviewed files in ``golden/``.

The files were generated once, read by eye and corrected; a difference means the output changed.
If the change is intended, regenerate with ``TW_UPDATE_GOLDEN=1 python -m pytest
tests/core/ddl/test_generate_golden.py`` and review the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from test_generate_models import rich_model

from core.ddl import DIALECTS, generate_ddl
from core.model import DataModel
from core.storage import load
from tests.conftest import sample_model_paths

GOLDEN = Path(__file__).parent / "golden"
MODELS: list[tuple[str, Callable[[], DataModel]]] = [
    *((p.stem, lambda p=p: load(p).model) for p in sample_model_paths()), ("rich", rich_model)]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name,make", MODELS, ids=[m[0] for m in MODELS])
def test_golden_ddl(name: str, make: Callable[[], DataModel], dialect: str) -> None:
    sql = generate_ddl(make(), dialect).sql
    path = GOLDEN / f"{name}.{dialect}.sql"
    if os.environ.get("TW_UPDATE_GOLDEN"):
        path.write_text(sql, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"no golden file {path.name}: run with TW_UPDATE_GOLDEN=1, then review it")
    expected = path.read_text(encoding="utf-8")
    if sql != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), sql.splitlines(True),
                                            f"golden/{path.name}", "generated"))
        pytest.fail(f"DDL differs from golden/{path.name}:\n{diff}")


def test_output_is_stable() -> None:
    """The same model gives the same bytes (fresh generators, every dialect)."""
    for _, make in MODELS:
        for dialect in DIALECTS:
            assert generate_ddl(make(), dialect).sql == generate_ddl(make(), dialect).sql


def test_every_golden_file_belongs_to_a_model() -> None:
    expected = {f"{name}.{d}.sql" for name, _ in MODELS for d in DIALECTS}
    assert {p.name for p in GOLDEN.glob("*.sql")} <= expected
