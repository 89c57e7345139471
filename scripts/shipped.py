"""What the scripts that ship a result made from shipped files share (build_map.py,
build_templates.py): write the result whole, or with `--check` only say whether the
shipped file is what the script makes now (exit 1 when it is not)."""

from __future__ import annotations

import argparse
from pathlib import Path


def ship(out: Path, made: str, description: str, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true",
                        help="only say whether the shipped file is up to date")
    args = parser.parse_args(argv)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        print(f"{out}: {'up to date' if current == made else 'OUT OF DATE'}")
        return 0 if current == made else 1
    tmp = out.with_suffix(".tmp")
    tmp.write_text(made, encoding="utf-8", newline="\n")
    tmp.replace(out)  # whole or not at all
    print(f"{out}: {len(made.encode()) // 1024} KB")
    return 0
