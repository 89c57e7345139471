"""What the benchmarks share: the environment they run in and how a command is timed.

They run with Python's bytecode cache on, as an installed package has it (pip compiles
it at install): with PYTHONDONTWRITEBYTECODE set, an editable install would compile
regionlab's modules from source on every run, which no user pays.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    """Seconds one run of `cmd` takes, as a whole process, its output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - start


def timed_both(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and processor seconds (user + system, the operating system's count
    for the finished child) of one run of `cmd` (in `env`, by default ENV), its output
    discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env or ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    """The machine's load average over 1, 5 and 15 minutes (os.getloadavg)."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def regionlab_exe() -> str:
    """The `regionlab` command of this environment (beside this Python), or exit."""
    beside = Path(sys.executable).with_name("regionlab")
    exe = str(beside) if beside.exists() else shutil.which("regionlab")
    if exe is None:
        sys.exit("regionlab is not installed in this environment: pip install .")
    return exe
