"""A projection to eup-myeon-dong: 3,500 regions x 12 years (42,000 generated profiles).

Writes the profiles (bench/batch.py's synthetic ones, marked as such, one folder per
year), then times, as whole processes: `regionlab batch` of all of them (one table),
`regionlab batch` of one year, `regionlab diff` of two years' tables and `regionlab
report` of one year's table, with the load average beside each.

    python bench/projection.py [--regions 3500] [--years 12] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
from pathlib import Path

from batch import synthetic
from common import load, regionlab_exe, timed_both

LAST = 2025


def generate(folder: Path, regions: int, years: int) -> list[int]:
    """One folder a year, the same regions in each; fixed seeds, the same files every run."""
    done = []
    for year in range(LAST - years + 1, LAST + 1):
        rng = random.Random(f"projection:{year}")
        where = folder / str(year)
        where.mkdir(parents=True, exist_ok=True)
        for i in range(regions):
            text = re.sub(r"^year: \d+$", f"year: {year}", synthetic(i, rng), count=1,
                          flags=re.M)
            (where / f"p{i:06d}.yaml").write_text(text, encoding="utf-8")
        done.append(year)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=3500)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--keep", type=Path, help="write the profiles here and keep them")
    args = parser.parse_args()
    exe = regionlab_exe()
    work = args.keep or Path(tempfile.mkdtemp(prefix="regionlab-projection-"))
    years = generate(work / "profiles", args.regions, args.years)
    last, before = years[-1], years[-2]
    tables = {y: work / f"{y}.csv" for y in (before, last)}
    runs = {
        f"batch, all {args.regions * args.years} profiles":
            [exe, "batch", str(work / "profiles"), "-r", "-o", str(work / "all.csv")],
        f"batch, {before} ({args.regions} profiles)":
            [exe, "batch", str(work / "profiles" / str(before)), "-o", str(tables[before])],
        f"batch, {last} ({args.regions} profiles)":
            [exe, "batch", str(work / "profiles" / str(last)), "-o", str(tables[last])],
        f"diff, {before} -> {last} tables":
            [exe, "diff", str(tables[before]), str(tables[last]), "--format", "csv"],
        f"report of the {last} table":
            [exe, "report", str(tables[last]), "-o", str(work / "report.html")],
    }
    print(f"{args.regions} regions x {args.years} years ({years[0]}-{last}), generated; "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'run':<40}{'wall s':>8}{'cpu s':>8}  load average (1, 5, 15 min)")
    for name, cmd in runs.items():
        wall, cpu = timed_both(cmd)
        print(f"{name:<40}{wall:>8.2f}{cpu:>8.2f}  {load()}", flush=True)
    rows = sum(1 for _ in (work / "all.csv").open(encoding="utf-8")) - 1
    print(f"\n{rows} rows in the table of all years; one run each, the folders' files "
          "already in the operating system's cache")


if __name__ == "__main__":
    main()
