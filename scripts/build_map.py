"""Draw the shipped boundaries as the report's map uses them, and ship the drawing.

    python scripts/build_map.py [--check]

Projecting the 229 polygons into the map's three frames and finding the province borders
(report/geo._draw) depends on nothing but the shipped boundaries file and the code of
report/geo.py and report/svg.py, and takes a seventh of a second: a report that finds no
drawing in its cache would pay it. So it is done here, once, and written beside the
boundaries (`kr_boundaries_2020.drawn.json`), stamped with the boundaries' size and CRC-32
and the code's fingerprint (geo.made_from); a report uses it only when the stamp is that of
the files it has. Run it after changing the boundaries (scripts/build_boundaries.py) or
either module: tests/test_report.py fails until the shipped drawing is the one this makes
now. `--check` only says whether it is. Only the standard library and regionlab are used;
the output is the same bytes on every run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from regionlab.report import geo, maps  # noqa: E402

BOUNDARIES = ROOT / "src" / "regionlab" / "data" / maps.BOUNDARIES


def text(path: Path = BOUNDARIES) -> str:
    """The drawing of `path` as it is shipped: one line of JSON, keys as drawn."""
    return json.dumps({"made_from": geo.made_from(path), "drawn": geo._draw(path)},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only say whether the shipped drawing is up to date")
    args = parser.parse_args(argv)
    out, made = geo.drawing(BOUNDARIES), text()
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        print(f"{out}: {'up to date' if current == made else 'OUT OF DATE'}")
        return 0 if current == made else 1
    tmp = out.with_suffix(".tmp")
    tmp.write_text(made, encoding="utf-8", newline="\n")
    tmp.replace(out)  # whole or not at all
    print(f"{out}: {len(made.encode()) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
