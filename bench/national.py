"""One national year from nothing: `regionlab init --all` then `regionlab batch`.

Times, as whole processes, writing the 226 (or 227) template profiles of a year with
their evidence figures and designations, then batching them to CSV, against the
start-up floor of a typer + pydantic + PyYAML + rich tool run twice (one per command).
Aim: init and batch together under 1 s on a 2-core machine. Each round starts from an
empty folder; rounds alternate with the floor, and the median of each is reported.

Runs with Python's bytecode cache on, as an installed package has it (see startup.py).

    python bench/national.py [--runs 10] [--year 2022]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from common import regionlab_exe, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--year", type=int, default=2022)
    args = parser.parse_args()
    exe = regionlab_exe()
    floor = [sys.executable, "-c", "import typer, pydantic, yaml, rich.console"]
    times: dict[str, list[float]] = {"floor x2": [], "init --all": [], "batch": [],
                                     "init --all + batch": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs + 1):  # the first round warms caches and is dropped
            folder, out = Path(tmp) / f"kr{i}", Path(tmp) / f"kr{i}.csv"
            f = timed(floor) + timed(floor)
            a = timed([exe, "init", "--all", "--year", str(args.year), str(folder)])
            b = timed([exe, "batch", str(folder), "-o", str(out)])
            if i:
                for name, t in zip(times, (f, a, b, a + b), strict=True):
                    times[name].append(t)
        rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    base = statistics.median(times["floor x2"])
    print(f"{rows} municipalities, year {args.year}; Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'run':<30}{'median s':>10}{'x floor':>9}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<30}{med:>10.3f}{med / base:>9.2f}")
    print(f"\n{args.runs} rounds, alternating with the floor (two start-ups)")


if __name__ == "__main__":
    main()
