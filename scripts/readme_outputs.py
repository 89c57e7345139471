"""Refresh the command outputs quoted in README.md.

Each block that follows a line `$ regionlab ...` inside a ```console fence is
replaced by what that command prints now. tests/test_docs.py fails when the
README and the tool disagree; run this after a deliberate change:

    python scripts/readme_outputs.py
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

from regionlab.cli import app

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"(```console\n\$ regionlab (?P<args>[^\n]+)\n)(?P<out>.*?)(```)", re.S)


def run(args: str) -> str:
    result = CliRunner().invoke(app, shlex.split(args))
    if result.exit_code not in (0, 1):
        sys.exit(f"regionlab {args} failed:\n{result.output}")
    return result.stdout


def refresh(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + run(m.group("args")).rstrip() + "\n" + m.group(4),
                     text)


def main() -> None:
    readme = ROOT / "README.md"
    readme.write_text(refresh(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
