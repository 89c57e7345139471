"""docs/python-api.md is a notebook session run as a doctest: what it shows is what
the library gives (assess a folder, a DataFrame, a changed threshold, errors)."""

from __future__ import annotations

import doctest
import os

from conftest import ROOT


def test_python_api_page_runs_as_shown(monkeypatch):
    monkeypatch.chdir(ROOT)  # the page names files relative to the repository
    failures, tried = doctest.testfile(
        os.fspath(ROOT / "docs" / "python-api.md"), module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 15
    assert failures == 0
