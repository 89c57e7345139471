"""Rating sheets in: `regionlab ratings apply` of three raters' sheets to a national panel.

Makes the 226 (or 227) template profiles of a year (`regionlab init --all`) and their
rating sheet (`regionlab ratings sheet`), fills three copies as three raters would
(every actor rated, the raters apart on some, a note on every fifth region), then
times, as whole processes, `regionlab ratings apply kim.xlsx lee.xlsx park.xlsx DIR`
on a fresh copy of the profiles each round, against a floor: a plain process that
only reads the same profiles and parses each with PyYAML's C loader. Rounds alternate
with the floor; the median of each is reported, in ms a profile, wall time and
processor time (user + system), with the load average of the machine: a loaded
machine stretches the wall time of both, hardly their processor time. Aim: at most
5 ms a profile.

Runs with Python's bytecode cache on, as an installed package has it (see startup.py).

    python bench/ratings.py [--runs 7] [--year 2022]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ENV, regionlab_exe, timed_both

FLOOR = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob('*.yaml')):
    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
"""
RATERS = ("kim", "lee", "park")
ACTORS = ("municipality", "residents", "business_finance", "universities")


def fill(sheet: Path, out: Path, rater: int) -> None:
    """The sheet as one rater returns it: ratings made up but repeatable."""
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    ws = book.worksheets[0]
    column = {c.value: c.column for c in ws[3]}
    for row in range(4, ws.max_row + 1):
        code = int(ws.cell(row, column["code"]).value)
        for i, actor in enumerate(ACTORS):
            base = 1 + (code + i) % 9 / 2
            rating = base + (0, 0.5, -1, 2)[(code + rater) % 4] * (rater > 0)
            ws.cell(row, column[f"{actor}_rating"]).value = min(5.0, max(1.0, rating))
        if code % 5 == 0:
            ws.cell(row, column["residents_note"]).value = f"{RATERS[rater]}'s reasons"
    book.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2022)
    args = parser.parse_args()
    exe = regionlab_exe()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        pristine = base / "profiles"
        for command in (["init", "--all", "--year", str(args.year), str(pristine)],
                        ["ratings", "sheet", str(pristine), "-o", str(base / "sheet.xlsx")]):
            subprocess.run([exe, *command], check=True, capture_output=True, env=ENV)
        sheets = [base / f"{name}.xlsx" for name in RATERS]
        for i, sheet in enumerate(sheets):
            fill(base / "sheet.xlsx", sheet, i)
        count = len(list(pristine.glob("*.yaml")))
        floor: list[tuple[float, float]] = []
        apply: list[tuple[float, float]] = []
        for i in range(args.runs + 1):  # the first round warms caches and is dropped
            work = base / f"run{i}"
            shutil.copytree(pristine, work)
            f = timed_both([sys.executable, "-c", FLOOR, str(work)])
            a = timed_both([exe, "ratings", "apply", *map(str, sheets), str(work)])
            changed = sum(p.read_bytes() != (pristine / p.name).read_bytes()
                          for p in work.glob("*.yaml"))
            if changed != count:
                sys.exit(f"ratings apply changed {changed} of {count} profiles")
            if i:
                floor.append(f)
                apply.append(a)
            shutil.rmtree(work)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{count} profiles, year {args.year}, 3 raters; Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores, load average {load}")
    print(f"{'run':<40}{'wall s':>8}{'ms/profile':>11}{'x floor':>8}"
          f"{'cpu s':>8}{'ms/profile':>11}{'x floor':>8}")
    low = [statistics.median(t[k] for t in floor) for k in (0, 1)]
    for name, values in (("floor: read + yaml.load (CSafeLoader)", floor),
                         ("regionlab ratings apply (3 sheets)", apply)):
        line = f"{name:<40}"
        for k, width in ((0, 8), (1, 8)):
            med = statistics.median(t[k] for t in values)
            line += f"{med:>{width}.3f}{med / count * 1000:>11.1f}{med / low[k]:>8.2f}"
        print(line)
    print(f"\n{args.runs} rounds, alternating with the floor; medians")


if __name__ == "__main__":
    main()
