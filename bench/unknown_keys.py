"""Loading a profile with N unknown keys takes time in proportion to N.

A hostile or broken file (a spreadsheet pasted under `context`, a generator gone
wrong) can hold hundreds of thousands of keys; it must be refused in time
proportional to its size, with the first problems listed and the rest counted,
not stall a batch (each problem used to be located by a search of the whole
mapping, so 40,000 keys took 35 s). For N = 1k, 10k and 100k unknown keys, at the
top level and among the context figures, this prints the best of three runs and
the time per key; linear means the time per key stays about the same.

    python bench/unknown_keys.py [--sizes 1000 10000 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from regionlab.errors import InputError
from regionlab.policy.framework import load_framework
from regionlab.profile.validate import load_profile

HEAD = """format: regionlab/profile/v1
region: {code: "52130", name: Gunsan}
year: 2025
actors:
  municipality: {rating: 3}
  residents: {rating: 2}
  business_finance: {rating: 2}
  universities: {rating: 2}
"""


def profile(n: int, where: str) -> str:
    if where == "top":
        return HEAD + "".join(f"unknown_{i}: {i}\n" for i in range(n))
    return HEAD + "context:\n" + "".join(f"  unknown_{i}: {i}\n" for i in range(n))


def best(path: Path, runs: int) -> tuple[float, int]:
    framework = load_framework()
    times, shown = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        try:
            load_profile(path, framework)
        except InputError as e:
            shown = len(e.problems)
        times.append(time.perf_counter() - start)
    return min(times), shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for where in ("top", "context"):
            for n in args.sizes:
                path = Path(folder) / f"{where}-{n}.yaml"
                path.write_text(profile(n, where), encoding="utf-8")
                seconds, shown = best(path, args.runs)
                print(f"{where:8} {n:>8,} keys  {seconds:7.3f} s  "
                      f"{seconds / n * 1e6:6.1f} µs/key  {shown} problems shown")


if __name__ == "__main__":
    main()
