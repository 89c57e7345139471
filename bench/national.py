"""A national day: `regionlab init --all`, `regionlab batch` and `regionlab report` of
the batch, one year's 226 (or 227) municipalities from nothing. Aim: under 1 s together
on a 2-core machine.

Each command runs as a whole process; wall time and processor time (user + system) are
both given, with the load average (1, 5, 15 minutes) before and after. Each command is
run once more and stopped where its own code begins: its start-up (Python, the imports,
typer's parsing of the arguments), the part of it every run pays whatever the work. Rounds with a
warm cache (regionlab's disk cache in a folder of its own, filled by a first round that
is dropped) take turns with rounds that start from an empty one, as the first run after
an install or an upgrade does: the medians of each are reported.

Runs with Python's bytecode cache on, as an installed package has it (see startup.py).

`--against DIR` times another version of regionlab in the same rounds, in turns with
this one (a checkout or worktree of another commit: DIR/src, or DIR, is put first on
PYTHONPATH for its runs), so that a change's effect is read from one run under one load;
its rows are marked "against". The commands are this environment's either way (their
dependencies, Python), so only regionlab's own code differs.

    python bench/national.py [--runs 5] [--year 2022] [--against ../main]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from common import ENV, load, regionlab_exe, timed_both

STEPS = ("init --all", "batch", "report of the batch")
# A command stopped as its function is entered: the process's time is its start-up.
STARTUP = """
import functools, os, sys
import regionlab.cli.main
cli = sys.modules["regionlab.cli.main"]

def stopped(callback):
    @functools.wraps(callback)
    def stop(*args, **kwargs):
        os._exit(0)
    return stop

for command in cli.app.registered_commands:
    command.callback = stopped(command.callback)
cli.main()
"""


def day(exe: str, runs: int, year: int, against: Path | None = None
        ) -> tuple[list[tuple[str, float, float]], str]:
    """(name, median wall s, median processor s) of each step and of the day, with a
    warm cache and with an empty one (and the same of the regionlab in `against`, its
    names ending in ", against"); and the load average before and after."""
    times: dict[str, list[tuple[float, float]]] = {}
    before = load()
    versions = {"": ENV}
    if against is not None:
        src = against / "src" if (against / "src" / "regionlab").is_dir() else against
        versions[", against"] = {**ENV, "PYTHONPATH": str(src.resolve())}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs + 1):  # the first round fills the warm cache and is dropped
            for mark, base in versions.items():
                for cache in ("warm", "empty"):
                    folder = f"cache{mark}" if cache == "warm" else f"empty{i}{mark}"
                    env = {**base, "REGIONLAB_CACHE_DIR": str(Path(tmp) / folder)}
                    done = _one_day(exe, year, Path(tmp) / f"{cache}{i}{mark}", env)
                    for step, t in zip((*STEPS, "together",
                                        *(f"start-up of {s}" for s in STEPS)),
                                       done, strict=True):
                        if i:
                            times.setdefault(f"{step}, {cache} cache{mark}", []).append(t)
    rows = [(name, statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
            for name, t in times.items()]
    return rows, f"load {before} -> {load()}"


def _one_day(exe: str, year: int, where: Path, env: dict[str, str]
             ) -> list[tuple[float, float]]:
    folder, table = where / "profiles", where / "batch.csv"
    where.mkdir()
    args = [["init", "--all", "--year", str(year), str(folder)],
            ["batch", str(folder), "-o", str(table)],
            ["report", str(table), "-o", str(where / "report.html")]]
    done = [timed_both([exe, *a], env) for a in args]
    startup = [timed_both([sys.executable, "-c", STARTUP, *a], env) for a in args]
    return [*done, (sum(w for w, _ in done), sum(c for _, c in done)), *startup]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout (or its src folder) to time in turns")
    args = parser.parse_args()
    rows, where = day(regionlab_exe(), args.runs, args.year, args.against)
    print(f"year {args.year}; Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
          f"{where}")
    print(f"{'run':<56}{'wall s':>8}{'cpu s':>8}")
    for name, wall, cpu in rows:
        print(f"{name:<56}{wall:>8.3f}{cpu:>8.3f}")
    print(f"\nmedian of {args.runs} rounds each, warm and empty cache taking turns; aim: "
          "under 1 s together")


if __name__ == "__main__":
    main()
