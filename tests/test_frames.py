"""The pandas view of results, for notebooks."""

from __future__ import annotations

import math

from conftest import PROFILES

from regionlab.nation.batch import run_batch
from regionlab.nation.diff import diff, load_side
from regionlab.nation.frames import diff_frame, results_frame
from regionlab.output import results
from regionlab.rules.rulebook import load_rulebook


def test_results_frame_from_a_batch_and_from_its_file(tmp_path):
    result = run_batch([PROFILES], recursive=True)
    frame = results_frame(result)
    assert len(frame) == 10
    assert frame["residents"].dtype == "float64"
    assert frame.loc[frame["region_code"] == "45130", "cases"].iloc[0] == ["rochester-nbn"]
    assert frame.groupby("domain", observed=True).size()["overlap"] == 6
    results.write(result, tmp_path / "r.csv")
    again = results_frame(tmp_path / "r.csv")
    assert again[["region_code", "year", "domain", "residents"]].equals(
        frame[["region_code", "year", "domain", "residents"]])


def test_diff_frame_has_numbers_and_drivers():
    result = diff(load_side(PROFILES), load_side(PROFILES / "2025"), load_rulebook())
    frame = diff_frame(result, only_changed=True)
    gunsan = frame[frame["name"] == "Gunsan"].iloc[0]
    assert gunsan["residents_change"] == 25.0
    assert "residents rose to low (40)" in gunsan["drivers"]
    assert "Seongnam" not in set(frame["name"])
    assert not math.isnan(gunsan["municipality_old"])
