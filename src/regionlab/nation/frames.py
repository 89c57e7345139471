"""Results as pandas DataFrames, for analysts who carry on in a notebook.

    >>> from regionlab.nation.frames import results_frame, diff_frame
    >>> kr = results_frame("kr.csv")            # or a BatchResult, or a folder of profiles
    >>> kr.groupby("domain")["residents"].describe()

The command line never imports this module (pandas costs ~0.3 s to import).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from regionlab.nation.batch import row, run_batch
from regionlab.nation.diff import DiffResult
from regionlab.nation.diff_view import COLUMNS as DIFF_COLUMNS
from regionlab.nation.diff_view import flat
from regionlab.output import results
from regionlab.output.rows import COLUMNS, LISTS, BatchResult
from regionlab.profile.models import ACTORS


def results_frame(source: BatchResult | Path | str | list) -> pd.DataFrame:
    """One row per assessed profile, in batch order: capacities as floats (NaN when
    missing), `year` as an integer, id lists as Python lists, domain and grade as
    categoricals. `source`: a BatchResult, a batch file, a folder of profiles, or a
    list of Assessments (as `Engine.assess_folder` gives; the batch table's columns)."""
    if isinstance(source, BatchResult):
        rows = source.rows
    elif isinstance(source, list):
        rows = [row(a, a.framework) for a in source]
    else:
        path = Path(source)
        rows = run_batch([path]).rows if path.is_dir() else results.read(path)
    frame = pd.DataFrame([{c: list(v) if c in LISTS and isinstance(v, tuple) else v
                           for c, v in r.items()} for r in rows], columns=list(COLUMNS))
    frame[list(ACTORS)] = frame[list(ACTORS)].astype("float64")
    frame["year"] = frame["year"].astype("int64")
    for column in ("domain", "grade"):
        frame[column] = frame[column].astype("category")
    return frame


def diff_frame(result: DiffResult, only_changed: bool = False) -> pd.DataFrame:
    """The diff as a flat table, one row per region (the columns of `diff --format csv`)."""
    regions = result.changed if only_changed else result.regions
    frame = pd.DataFrame([flat(r) for r in regions], columns=list(DIFF_COLUMNS))
    numbers = [c for c in DIFF_COLUMNS if c.endswith(("_old", "_new", "_change"))
               and c.split("_")[0] not in ("domain", "grade", "code", "year")]
    frame[numbers] = frame[numbers].replace("", float("nan")).astype("float64")
    return frame
