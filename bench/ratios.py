"""Every speed figure of issue 20 against its floor or aim, in one run, with the load.

    python bench/ratios.py [--runs 15] [--n 20000] [--year 2022] [--ratings]

- start-up: `regionlab assess profiles/gunsan.yaml`, cold, against
  `python -c "import typer, pydantic, yaml, rich.console"` (aim: at most 1.2x); and the
  modules assess imports beyond the floor's;
- batch: `regionlab batch` of N generated profiles (bench/batch.py) against a process
  that only reads and parses the same files with PyYAML's C loader (aim: at most 1.2x);
- a national day: `init --all`, `batch` and `report` of the batch, one year (aim:
  under 1 s together), with regionlab's disk cache warm and empty (bench/national.py);
- with --ratings, bench/ratings.py's figures as it prints them.

Each command runs as a whole process, taking turns with its floor, so that a machine
slowing down meanwhile weighs on both. Wall time and processor time (user + system,
the operating system's count for the finished child) are both given: a loaded machine
stretches wall time, hardly processor time. The load average (1, 5, 15 minutes) is
printed beside each figure, as read when it was measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from batch import FLOOR as PARSE_FLOOR
from batch import generate
from common import ENV, load, regionlab_exe, timed_both
from national import day

ROOT = Path(__file__).resolve().parents[1]
IMPORT_FLOOR = "import typer, pydantic, yaml, rich.console"
MODULES = """
import contextlib, io, sys
from regionlab.cli.main import narrowed
args = ['assess', sys.argv[1]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        narrowed(args)(args)
    except SystemExit:
        pass
print(' '.join(sorted(sys.modules)))
"""


def _line(name: str, wall: float, cpu: float, base: tuple[float, float] | None, aim: str,
          where: str) -> str:
    if base is None:
        ratios = f"{'-':>8}{'-':>8}"
    else:
        ratios = f"{wall / base[0]:>8.2f}{cpu / base[1]:>8.2f}"
    return f"{name:<52}{wall:>8.3f}{cpu:>8.3f}{ratios}{aim:>8}  {where}"


def _alternating(commands: dict[str, list[str]], rounds: int
                 ) -> tuple[dict[str, list[tuple[float, float]]], str]:
    """Each command's (wall, processor) seconds over `rounds` rounds taking turns, after
    one run each that warms the file cache and regionlab's data cache; and the load
    average before and after."""
    for cmd in commands.values():
        timed_both(cmd)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    before = load()
    for _ in range(rounds):
        for name, cmd in commands.items():
            times[name].append(timed_both(cmd))
    return times, f"load {before} -> {load()}"


def startup(exe: str, runs: int) -> list[str]:
    profile = str(ROOT / "profiles" / "gunsan.yaml")
    commands = {"floor: import typer, pydantic, yaml, rich.console":
                [sys.executable, "-c", IMPORT_FLOOR],
                "regionlab assess (table)": [exe, "assess", profile],
                "regionlab assess --format json": [exe, "assess", profile, "--format", "json"]}
    times, where = _alternating(commands, runs)
    medians = {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
               for name, t in times.items()}
    base = medians["floor: import typer, pydantic, yaml, rich.console"]
    lines = [_line(name, *m, base, "1.2" if "assess" in name else "", where)
             for name, m in medians.items()]
    return lines + [f"  (median of {runs}, alternating)", *_imported(profile)]


def _imported(profile: str) -> list[str]:
    """The modules assess imports that the floor does not, and the other way round."""
    def modules(code: str, *args: str) -> set[str]:
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                             text=True, env=ENV, check=True).stdout.split()
        return set(out)

    floor = modules(IMPORT_FLOOR + "\nimport sys; print(' '.join(sorted(sys.modules)))")
    assess = modules(MODULES, profile)
    extra = sorted(assess - floor)
    ours = [m for m in extra if m.split(".")[0] == "regionlab"]
    others = sorted({m.split(".")[0] for m in extra} - {"regionlab"})
    spared = sorted({m.split(".")[0] for m in floor - assess})
    return [f"  assess imports {len(extra)} modules the floor does not: {len(ours)} of "
            f"regionlab's, and {', '.join(others) or 'nothing else'}",
            f"  the floor imports what assess does not: {', '.join(spared) or 'nothing'}"]


def batch(exe: str, n: int, rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "profiles", Path(tmp) / "out.csv"
        generate(folder, n)
        commands = {"floor: read + yaml.load (CSafeLoader)":
                    [sys.executable, "-c", PARSE_FLOOR, str(folder)],
                    f"regionlab batch, {n} profiles": [exe, "batch", str(folder), "-o",
                                                       str(out)]}
        times, where = _alternating(commands, rounds)
    best = {name: (min(w for w, _ in t), min(c for _, c in t)) for name, t in times.items()}
    base = best["floor: read + yaml.load (CSafeLoader)"]
    return [_line(name, *b, base, "1.2" if "regionlab" in name else "", where)
            for name, b in best.items()] + [f"  (best of {rounds}, alternating)"]


def national(exe: str, runs: int, year: int) -> list[str]:
    rows, where = day(exe, runs, year)
    return [_line(f"{'national day: ' if name.startswith('together') else ''}{name}, {year}",
                  wall, cpu, None, "1 s" if name.startswith("together") else "", where)
            for name, wall, cpu in rows] + [f"  (median of {runs}, warm and empty cache "
                                             "taking turns)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--ratings", action="store_true", help="run bench/ratings.py too")
    args = parser.parse_args()
    exe = regionlab_exe()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; load average "
          f"(1, 5, 15 min) {load()}")
    print(f"{'measure':<52}{'wall s':>8}{'cpu s':>8}{'x wall':>8}{'x cpu':>8}{'aim':>8}")
    measures = (lambda: startup(exe, args.runs), lambda: batch(exe, args.n, 3),
                lambda: national(exe, max(args.runs // 3, 3), args.year))
    for measure in measures:  # each printed as soon as it is measured
        # each starts with nothing left for the disk to write: the 20,000 generated
        # files, written and removed, were otherwise flushed by init --all's own sync
        # in the national day (0.37 s of processor time instead of 0.22)
        os.sync()
        print("\n".join(measure()), flush=True)
    if args.ratings:
        print(flush=True)
        subprocess.run([sys.executable, str(Path(__file__).with_name("ratings.py")),
                        "--year", str(args.year)], check=False, env=ENV)


if __name__ == "__main__":
    main()
