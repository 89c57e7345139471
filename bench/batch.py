"""Batch benchmark: `regionlab batch` on N synthetic profiles against the parse floor.

The floor is a plain Python process that only reads each file and parses it with
PyYAML's C loader (`yaml.load(text, yaml.CSafeLoader)`), nothing else. Both run
in the same session on the same files; the ratio of wall times is the figure the
README quotes (aim: at most 1.2x single-threaded). The commands take turns,
three rounds, and the best of each is kept. Peak memory (max RSS) of each
run is printed too, for N and N/4 profiles, to show it does not grow beyond the
result rows.

    python bench/batch.py [--n 20000] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob('*.yaml')):
    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
"""

DESIGNATIONS = ["industrial_crisis", "employment_crisis", "population_decline"]


def synthetic(i: int, rng: random.Random) -> str:
    """A plausible profile: ratings for most actors, some indicators, some context."""
    # Made-up codes, so country XX: a Korean code must exist in the reference table
    # in its year. Checking one costs about 7 µs (0.15 s for 20,000 real profiles),
    # which this benchmark leaves out.
    def actor(indicators: dict[str, float]) -> str:
        lines = []
        if rng.random() < 0.95:
            lines.append(f"    rating: {rng.choice([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5])}")
        if rng.random() < 0.3:
            lines.append("    indicators:")
            lines += [f"      {k}: {v}" for k, v in indicators.items()]
        return "\n".join(lines) or "    note: not rated yet"

    designations = [d for d in DESIGNATIONS if rng.random() < 0.1]
    municipality = {"fiscal_self_reliance_pct": round(rng.uniform(5, 65), 1),
                    "innovation_staff": rng.randint(0, 12)}
    residents = {"volunteer_rate_pct": round(rng.uniform(3, 35), 1),
                 "autonomy_council_pct": rng.randint(0, 100)}
    business = {"grdp_per_capita_mkrw": round(rng.uniform(15, 90), 1),
                "firms_per_1000": rng.randint(40, 160)}
    universities = {"institutions": rng.randint(0, 12),
                    "researchers_per_1000": round(rng.uniform(0, 25), 1)}
    return f"""format: regionlab/profile/v1
region:
  code: "{10000 + i}"
  name: Synthetic region {i}
  name_local: 가상지역{i}
  country: XX
year: {rng.choice([2019, 2024, 2025])}
context:
  designations: [{", ".join(designations)}]
  population: {rng.randint(20000, 1000000)}
  women_20_39: {rng.randint(1000, 100000)}
  population_65plus: {rng.randint(5000, 150000)}
  fiscal_self_reliance_pct: {rng.uniform(5, 65):.1f}
actors:
  municipality:
{actor(municipality)}
  residents:
{actor(residents)}
  business_finance:
{actor(business)}
  universities:
{actor(universities)}
initiatives:
  - name: Initiative {i}
    type: {rng.choice(["service", "process", "organisation"])}
    stage: {rng.choice(["prompt", "proposal", "prototype", "sustaining", "scaling", "systemic"])}
    lead: {rng.choice(["residents", "municipality", "business_finance", "universities"])}
    funding: {rng.choice(["own", "central_contest", "private", "mixed"])}
sources:
  - "synthetic benchmark profile (illustrative, not data)"
"""


def generate(folder: Path, n: int, seed: int = 20191) -> None:
    rng = random.Random(seed)  # fixed seed: the same files every run
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"p{i:06d}.yaml").write_text(synthetic(i, rng), encoding="utf-8")


# Runs a command and prints its peak RSS: RUSAGE_CHILDREN of a fresh process sees
# only that command (and, with --jobs, the largest of its workers).
PEAK = ("import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


# With Python's bytecode cache on, as an installed package has it (see bench/startup.py).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - start


def peak(cmd: list[str]) -> float:
    """The command's peak RSS in MB."""
    out = subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True,
                         env=ENV)
    return int(out.stdout.split()[-1]) / 1024


def timed(runs: dict[str, list[str]], rounds: int = 3) -> dict[str, tuple[float, float]]:
    """Wall seconds (best of `rounds`) and peak MB of each command. The commands take
    turns, round after round, so that a machine slowing down or speeding up
    meanwhile weighs on all of them alike, the floor included."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, cmd in runs.items():
            walls[name].append(wall(cmd))
    return {name: (min(walls[name]), peak(cmd)) for name, cmd in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="generate the profiles here and keep them")
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("regionlab"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="regionlab-bench-"))
    small = work / "small"
    generate(work / "all", args.n)
    generate(small, args.n // 4)
    out = work / "out.csv"
    runs = {
        "floor: read + yaml.load (CSafeLoader)": [sys.executable, "-c", FLOOR, str(work / "all")],
        "regionlab batch": [exe, "batch", str(work / "all"), "-o", str(out)],
        f"regionlab batch --jobs {args.jobs}": [exe, "batch", str(work / "all"), "-o", str(out),
                                                  "--jobs", str(args.jobs)],
        "regionlab batch --no-stability": [exe, "batch", str(work / "all"), "-o", str(out),
                                           "--no-stability"],
        f"regionlab batch, {args.n // 4} profiles": [exe, "batch", str(small), "-o", str(out)],
    }
    results = timed(runs)
    # a second year of the same regions, drawn with another seed, for diff
    generate(work / "later", args.n, seed=20251)
    old_csv, new_csv = work / "old.csv", work / "new.csv"
    for folder, target in ((work / "all", old_csv), (work / "later", new_csv)):
        subprocess.run([exe, "batch", str(folder), "-o", str(target)], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results.update(timed({f"regionlab diff, two {args.n}-region tables ({fmt})":
                          [exe, "diff", str(old_csv), str(new_csv), "--format", fmt]
                          for fmt in ("table", "csv", "json")}))
    floor = results["floor: read + yaml.load (CSafeLoader)"][0]
    print(f"{args.n} synthetic profiles; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'run':<52} {'seconds':>8} {'x floor':>8} {'peak MB':>8}")
    for name, (wall, peak) in results.items():
        ratio = f"{wall / floor:8.2f}" if name.startswith(("floor", "regionlab batch")) \
            and "profiles" not in name else "       -"
        print(f"{name:<52} {wall:8.2f} {ratio} {peak:8.0f}")


if __name__ == "__main__":
    main()
