"""``core/`` never imports the UI: importing every core module leaves Textual and ``tui`` out.

A subprocess imports each module under ``core`` (found on disk, so a new module is covered
without touching this test) and reports which UI modules ended up in ``sys.modules``; then
import-linter checks the same contract statically (config in pyproject.toml), when installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, json, pkgutil, sys
import core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, "core."))
for name in names:
    importlib.import_module(name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "tui"))
print(json.dumps({"modules": names, "ui": ui}))
"""


def test_importing_all_of_core_loads_no_ui_module() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    on_disk = {p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
               for p in (ROOT / "core").rglob("*.py")}
    assert on_disk - {"core"} <= set(report["modules"])  # every module was really imported
    assert report["ui"] == []


def test_import_linter_contracts_hold(tmp_path: Path) -> None:
    lint_imports = shutil.which("lint-imports")
    if lint_imports is None:
        pytest.skip("import-linter is not installed")
    # The contracts of pyproject.toml; textual is outside the project, and import-linter only
    # follows imports of external packages with include_external_packages.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    lines = ["[importlinter]", f"root_packages = {_ini_list(config['root_packages'])}",
             "include_external_packages = True"]
    for k, contract in enumerate(config["contracts"]):
        lines.append(f"[importlinter:contract:{k}]")
        lines += [f"{key} = {_ini_list(value) if isinstance(value, list) else value}"
                  for key, value in contract.items()]
    ini = tmp_path / "importlinter.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([lint_imports, "--config", str(ini), "--no-cache"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ", 0 broken" in proc.stdout


def _ini_list(values: list[str]) -> str:
    return "\n    ".join(["", *values])


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_readme_has_exactly_the_two_set_up_commands() -> None:
    assert _setup_commands() == ["pip install -e . && tablewright sample_models/ecommerce.yaml",
                                 "pip install -e '.[test]' && python -m pytest -n 2"]
    assert (ROOT / "sample_models" / "ecommerce.yaml").is_file()


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip().replace("pip install -q ", "pip install ") for line in ci.splitlines()]
    assert _setup_commands()[1] in commands  # the same command (pip's -q only quiets its output)
