"""Start-up benchmark: `regionlab assess` on one profile against the floor.

The floor is a bare interpreter importing what any typer + pydantic + PyYAML +
rich tool must import (`python -c "import typer, pydantic, yaml, rich.console"`).
Both are run alternately in the same session, so machine noise hits both; the
ratio of medians is the figure quoted in the README (aim: at most 1.2x).

Both run with Python's bytecode cache on, as an installed package has it (pip
compiles it at install; the floor's packages have theirs): with
PYTHONDONTWRITEBYTECODE set, an editable install would compile regionlab's
modules from source on every run (about 25 ms), which no user pays.

    python bench/startup.py [--runs 30] [--profile profiles/gunsan.yaml]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

from common import regionlab_exe, timed

ROOT = Path(__file__).resolve().parents[1]





def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", default=str(ROOT / "profiles" / "gunsan.yaml"))
    args = parser.parse_args()
    exe = regionlab_exe()
    commands = {
        "bare python": [sys.executable, "-c", "pass"],
        "floor: import typer, pydantic, yaml, rich.console": [
            sys.executable, "-c", "import typer, pydantic, yaml, rich.console"],
        "regionlab assess (table)": [exe, "assess", args.profile],
        "regionlab assess --format json": [exe, "assess", args.profile, "--format", "json"],
    }
    for cmd in commands.values():  # warm the OS file cache and regionlab's data cache
        timed(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
    floor = statistics.median(times["floor: import typer, pydantic, yaml, rich.console"])
    print(f"{'command':<52} {'median ms':>10} {'x floor':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<52} {median * 1000:>10.1f} {median / floor:>8.2f}")
    print(f"\n{args.runs} runs each, alternating; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
