"""``check`` without ``--dsn`` and a model that needs contrib extensions (btree_gist, pg_trgm),
which the embedded server lacks: the machine's PostgreSQL is used when it has them; otherwise the
report says so first, naming the extension, the entities and the remedy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.ddl.check import check_model
from core.ddl.check_server import embedded_extensions, find_system_postgres, installed_postgres
from core.storage import loads, save

pytestmark = pytest.mark.postgres

MODEL = """format_version: 1
name: bookings
entities:
  - name: rooms
    attributes:
      - {name: code, type: text, nullable: false}
      - {name: during, type: tstzrange, nullable: false}
    primary_key: [code, during]
    exclusions:
      - {name: rooms_no_overlap, elements: [{expression: code, operator: '='}, {expression: during, operator: '&&'}]}
  - name: guests
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: name, type: text, nullable: false}
    primary_key: [id]
    indexes:
      - {columns: [{column: name, opclass: gin_trgm_ops}], method: gin}
"""


def _embedded_lacks_contrib() -> None:
    have = embedded_extensions()
    if have is None or {"btree_gist", "pg_trgm"} <= have:
        pytest.skip("the embedded server is missing or has contrib: nothing to say")


def test_embedded_server_says_up_front_what_it_lacks_and_the_remedy(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _embedded_lacks_contrib()
    path = tmp_path / "bookings.yaml"
    save(loads(MODEL), path)
    assert main(["check", str(path), "--server", "embedded"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "embedded PostgreSQL" in out[0]
    note = out[1]
    assert note.startswith("note: the embedded PostgreSQL has no btree_gist or pg_trgm")
    assert "btree_gist: needed by rooms" in note and "pg_trgm: needed by guests" in note
    assert "--dsn postgresql://" in note
    errors = [line for line in out if line.startswith("error:")]
    assert errors and all(out.index(e) > 1 for e in errors)  # the note comes before the failures


def test_auto_uses_the_machines_postgresql_with_contrib_and_all_runs() -> None:
    _embedded_lacks_contrib()
    system = find_system_postgres({"btree_gist", "pg_trgm"})
    if system is None:
        pytest.skip("no PostgreSQL with contrib in /usr/lib/postgresql here")
    report = check_model(loads(MODEL))
    assert system.label in report.server and f"PostgreSQL {system.version}." in report.server
    assert report.errors == [] and report.ok, report.lines()
    assert report.executed == report.statements
    assert report.notes[0].startswith("the embedded PostgreSQL has no btree_gist or pg_trgm")
    assert f"so check used {system.label}" in report.notes[0]


def test_finding_a_server_reads_the_installed_layout(tmp_path: Path) -> None:
    lib, share = tmp_path / "lib", tmp_path / "share"
    for version, extensions in (("14", ["btree_gist"]), ("16", ["pg_trgm"]), ("notaversion", ["btree_gist"])):
        (lib / version / "bin").mkdir(parents=True)
        for program in ("initdb", "pg_ctl"):
            (lib / version / "bin" / program).touch()
        (share / version / "extension").mkdir(parents=True)
        for ext in extensions:
            (share / version / "extension" / f"{ext}.control").touch()
    assert [p.version for p in installed_postgres(lib, share)] == [16, 14]
    found = find_system_postgres({"btree_gist"}, lib_root=lib, share_root=share)
    assert found is not None and found.version == 14
    assert find_system_postgres({"btree_gist", "pg_trgm"}, lib_root=lib, share_root=share) is None
    newest = find_system_postgres((), lib_root=lib, share_root=share)
    assert newest is not None and newest.version == 16


def test_a_given_server_without_the_extension_is_named_up_front_too(pg_conn: Any) -> None:
    _embedded_lacks_contrib()  # the test server is the embedded one
    report = check_model(loads(MODEL), pg_conn.info.dsn)
    assert report.notes[0].startswith("this server has no btree_gist or pg_trgm (btree_gist: needed by rooms; "
                                      "pg_trgm: needed by guests)")
    lines = report.lines()
    assert lines[1] == f"note: {report.notes[0]}" and any(line.startswith("error:") for line in lines[2:])
