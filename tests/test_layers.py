"""The packages of src/regionlab/ are layers (README, Design): each imports only from the
layers below it, an import inside a function included. The contract is declared in
pyproject.toml ([tool.importlinter]) and checked here with import-linter, on the package
the tests import (an installed copy or the source tree alike)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

import regionlab

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


def _layers() -> list[str]:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    assert contract["containers"] == ["regionlab"]
    return contract["layers"]


def test_no_package_imports_a_layer_above_it(capsys):
    code = lint_imports(config_filename=str(CONFIG), no_cache=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "1 kept, 0 broken" in report


def test_every_package_and_module_is_a_layer():
    """A new package (or module beside them) takes its place in the contract, or the
    contract would not see it."""
    here = Path(regionlab.__file__).parent
    found = {p.name for p in here.iterdir() if (p / "__init__.py").is_file()}
    found |= {p.stem for p in here.glob("*.py")} - {"__init__", "__main__"}
    assert sorted(found) == sorted(_layers())
