"""Every pattern: documented, undoable exactly, refused when applied twice; and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.ddl import generate_ddl
from core.errors import CommandError
from core.model import DataModel
from core.patterns import PATTERNS, get_pattern
from core.storage import load
from tests.conftest import sample_model_paths
from tests.core.patterns.helpers import PRICES, sample, yaml_model
from tests.core.patterns.test_hierarchy import CATEGORIES
from tests.core.patterns.test_refactor import COMMENTS


def _undistributed_saas() -> DataModel:
    base = sample("saas_multitenant")
    lint = base.lint.model_copy(update={"suppress": tuple(s for s in base.lint.suppress if s.rule != "citus-key")})
    return base.model_copy(update={"lint": lint, "entities": tuple(
        e.model_copy(update={"distribution": None, **({"uniques": ()} if e.name == "tenants" else {})})
        for e in base.entities)})


#: One application of each pattern: (model, targets, params).
CASES: dict[str, tuple[DataModel, list[str], dict[str, Any]]] = {
    "soft-delete": (sample("library"), ["members", "books"], {}),
    "audit-trail": (sample("library"), ["members"], {}),
    "system-versioned": (sample("library"), ["members"], {}),
    "bi-temporal": (yaml_model(PRICES), ["prices"], {}),
    "multi-tenant": (sample("library"), [], {}),
    "citus-distribute": (_undistributed_saas(), [], {"reference": "plans"}),
    "event-store": (DataModel(), [], {}),
    "transactional-outbox": (sample("library"), [], {}),
    "projection": (DataModel(), [], {"name": "summaries"}),
    "cdc-trigger": (sample("library"), ["loans"], {}),
    "cdc-notify": (sample("library"), ["loans"], {}),
    "cdc-publication": (sample("library"), ["loans"], {}),
    "jsonb-document": (yaml_model(PRICES), ["products"], {"required": "a:string"}),
    "hierarchy": (yaml_model(CATEGORIES), ["categories"], {"strategy": "closure-table"}),
    "polymorphic-to-exclusive-arc": (yaml_model(COMMENTS), ["comments"], {"types": "post:posts,photo:photos"}),
    "polymorphic-to-shared-parent": (yaml_model(COMMENTS), ["comments"], {"types": "post:posts,photo:photos"}),
    "many-to-many": (sample("library"), ["members", "tags"], {}),
    "graph-edges": (DataModel(), [], {}),
    "vector-embeddings": (sample("library"), ["books"], {"dimensions": 8}),
    "data-vault": (sample("library"), ["books", "publishers"], {}),
}


def test_every_pattern_has_a_case_and_documentation() -> None:
    assert set(CASES) == set(PATTERNS)
    for p in PATTERNS.values():
        assert p.title and len(p.description) > 80 and len(p.tradeoffs) > 60, p.name
        assert all(prm.help for prm in p.parameters), p.name


@pytest.mark.parametrize("name", sorted(CASES))
def test_undo_restores_the_exact_model_and_a_second_application_is_refused(name: str) -> None:
    model, targets, params = CASES[name]
    pattern = get_pattern(name)
    preview = pattern.preview(model, targets, params)
    assert preview.changes or preview.notes
    new, undo = preview.batch.apply(model)
    assert new.patterns[-1].pattern == name
    back, redo = undo.apply(new)
    assert back == model and back.model_dump() == model.model_dump()
    assert redo.apply(back)[0] == new
    with pytest.raises(CommandError):
        pattern.apply(new, targets, params)


PER_TABLE = ("soft-delete", "audit-trail", "system-versioned", "cdc-trigger", "cdc-notify", "vector-embeddings")


@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_per_table_patterns_on_every_sample_entity_undo_exactly_or_refuse(path: Path) -> None:
    model = load(path).model
    for name in PER_TABLE:
        pattern = get_pattern(name)
        for entity in model.entities:
            try:
                batch = pattern.apply(model, [entity.name], {"dimensions": 4} if name == "vector-embeddings" else {})
                new, undo = batch.apply(model)
            except CommandError as exc:
                assert str(exc)  # refused, with a reason
                continue
            assert undo.apply(new)[0] == model
            generate_ddl(new)  # the DDL of the result can be generated
            with pytest.raises(CommandError):
                pattern.apply(new, [entity.name])


def test_cli_list_show_and_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pattern", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in listed] == list(PATTERNS)
    assert main(["pattern", "show", "soft-delete"]) == 0
    out = capsys.readouterr().out
    assert "Trade-offs" in out and "view_prefix" in out
    src = tmp_path / "lib.yaml"
    src.write_text((Path(__file__).parents[3] / "sample_models" / "library.yaml").read_text())
    before = src.read_text()
    assert main(["pattern", "apply", str(src), "soft-delete", "-e", "members", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+CREATE VIEW active_members" in out and src.read_text() == before
    out_path = tmp_path / "out.yaml"
    assert main(["pattern", "apply", str(src), "soft-delete", "-e", "members", "-p", "column=removed_at",
                 "-o", str(out_path)]) == 0
    saved = load(out_path).model
    assert saved.find_entity("members").attribute("removed_at") is not None  # type: ignore[union-attr]
    assert src.read_text() == before
    capsys.readouterr()
    assert main(["pattern", "apply", str(out_path), "soft-delete", "-e", "members"]) == 1
    assert "already applied" in capsys.readouterr().err
    assert main(["pattern", "apply", str(src), "soft-delete", "-p", "nope"]) == 1
    assert "name=value" in capsys.readouterr().err
    assert main(["pattern", "show", "sofdelete"]) == 1
    assert 'did you mean "soft-delete"' in capsys.readouterr().err


@pytest.mark.parametrize(("name", "param"), [("projection", "name"), ("polymorphic-to-exclusive-arc", "types"),
                                             ("polymorphic-to-shared-parent", "types")])
@pytest.mark.parametrize("empty", ["", "  ", ",", " , "])
def test_an_empty_required_parameter_is_refused_with_its_help(name: str, param: str, empty: str) -> None:
    model, targets, params = CASES[name]
    pattern = get_pattern(name)
    wanted = next(p for p in pattern.parameters if p.name == param)
    if wanted.kind != "list" and empty.strip(" "):
        return  # "," is a (strange) name, not an empty one
    with pytest.raises(CommandError, match=f'"{param}" cannot be empty') as info:
        pattern.apply(model, targets, {**params, param: empty})
    assert wanted.help in str(info.value)


def _findings(model: DataModel) -> set[tuple[str, str | None, str | None, str | None]]:
    from core.lint import lint_model

    return {(f.rule_id, f.entity, f.attribute, f.constraint) for f in lint_model(model).active}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_pattern_adds_nothing_to_the_review(name: str) -> None:
    """The design a pattern writes passes the review; what it does on purpose is suppressed with a reason."""
    model, targets, params = CASES[name]
    new, _ = get_pattern(name).apply(model, targets, params).apply(model)
    assert _findings(new) - _findings(model) == set()
    from core.lint import lint_model

    report = lint_model(new)
    assert report.unused_suppressions == ()
    added = set(new.lint.suppress) - set(model.lint.suppress)
    assert all(len(s.reason) > 20 for s in added)


def test_by_design_suppressions_are_recorded_only_where_a_rule_fires() -> None:
    outbox = get_pattern("transactional-outbox")
    plural, _ = outbox.apply(sample("library")).apply(sample("library"))
    alone, _ = outbox.apply(DataModel()).apply(DataModel())
    added = {s.rule for s in plural.lint.suppress} - {s.rule for s in sample("library").lint.suppress}
    assert {"polymorphic-fk", "naming-inconsistent"} <= added  # the library's table names are plural
    assert "polymorphic-fk" in {s.rule for s in alone.lint.suppress}
    assert "naming-inconsistent" not in {s.rule for s in alone.lint.suppress}  # no convention to break


#: Patterns applied to the multi-tenant sample: the tables they add must fit its tenancy.
TENANT_CASES = [
    ("audit-trail", ["tasks"], {}), ("cdc-trigger", ["tasks"], {}), ("transactional-outbox", [], {}),
    ("event-store", [], {}), ("projection", [], {"name": "task_stats"}), ("soft-delete", ["tasks"], {}),
    ("system-versioned", ["tasks"], {}), ("many-to-many", ["tasks", "users"], {}), ("graph-edges", [], {}),
    ("vector-embeddings", ["tasks"], {"dimensions": 4, "chunked": True}), ("data-vault", ["tasks", "projects"], {}),
    ("hierarchy", ["projects"], {"strategy": "closure-table"}),
]


@pytest.mark.parametrize(("name", "targets", "params"), TENANT_CASES, ids=[c[0] for c in TENANT_CASES])
def test_in_a_multi_tenant_model_a_pattern_adds_nothing_to_the_review(name: str, targets: list[str],
                                                                      params: dict[str, Any]) -> None:
    model = sample("saas_multitenant")
    new, _ = get_pattern(name).apply(model, targets, params).apply(model)
    assert _findings(new) - _findings(model) == set()
    added = [e for e in new.entities if model.find_entity(e.name) is None]
    assert added or name in ("soft-delete", "hierarchy")
    for e in added:  # every new table is tenant-owned, its key led by tenant_id
        assert e.attribute("tenant_id") is not None and e.rls is not None and e.rls.forced, e.name
        assert e.primary_key is None or e.primary_key.columns[0] == "tenant_id", e.name
