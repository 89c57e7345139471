"""The linter's rules are the project's rules: import boundaries (pandas, rich,
pydantic.BaseModel) and style, checked with ruff from the test extra."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(__import__("pathlib").Path(sys.executable).with_name("ruff"))
    r = subprocess.run([ruff, "check", "src", "tests", "bench", "scripts"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
