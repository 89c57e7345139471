"""Report generation for a national batch, as a whole process: `regionlab report` of
the 226 municipalities of a year, from their batch result file and from their
template profiles, in Korean (the page with the most glyphs to embed).

Aim (issue 11): under 3 s on this machine for either. Each round runs both once; the
first round warms the caches and is dropped; the median is reported, and the exit
status is 1 when a median is over the aim.

    python bench/report.py [--runs 5] [--year 2022] [--aim 3.0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ENV, regionlab_exe, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--aim", type=float, default=3.0)
    args = parser.parse_args()
    exe = regionlab_exe()
    times: dict[str, list[float]] = {"report from result file": [],
                                     "report from 226 profiles": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder, table = Path(tmp) / "kr", Path(tmp) / "kr.csv"
        subprocess.run([exe, "init", "--all", "--year", str(args.year), str(folder)],
                       check=True, capture_output=True, env=ENV)
        subprocess.run([exe, "batch", str(folder), "-o", str(table)], check=True,
                       capture_output=True, env=ENV)
        for i in range(args.runs + 1):
            a = timed([exe, "report", str(table), "-o", f"{tmp}/a.html", "--lang", "ko"])
            b = timed([exe, "report", str(folder), "-o", f"{tmp}/b.html", "--lang", "ko"])
            if i:
                times["report from result file"].append(a)
                times["report from 226 profiles"].append(b)
        size = Path(f"{tmp}/a.html").stat().st_size
    print(f"year {args.year}, page of {size / 1024:.0f} KB; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")
    print(f"{'run':<30}{'median s':>10}{'aim s':>8}")
    over = False
    for name, values in times.items():
        med = statistics.median(values)
        over |= med > args.aim
        print(f"{name:<30}{med:>10.3f}{args.aim:>8.1f}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
