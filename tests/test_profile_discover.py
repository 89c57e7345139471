"""The files of a folder come in the order of their paths, whatever their names, each
named as listing the folder names it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionlab.profile.discover import profile_paths

_NAMES = st.lists(
    st.text(alphabet="aAbB09_- 가나é.", min_size=1, max_size=6).filter(
        lambda n: not n.startswith(".")).map(lambda n: n + ".yaml"),
    min_size=1, max_size=8, unique=True)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_NAMES, st.lists(st.sampled_from(["", "b", "B", "가", "b/c"]), min_size=8, max_size=8),
       st.booleans())
def test_a_folders_profiles_come_in_path_order(tmp_path_factory, names, under, recursive):
    # sorted as Path sorts them (a batch's rows and a report's pages follow this order):
    # with sub-folders looked into, all of them together (b/x.yaml before c.yaml);
    # without, the folder's own files only
    folder: Path = tmp_path_factory.mktemp("f")
    made = []
    for name, sub in zip(names, under, strict=False):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        made.append(folder / sub / name)
        made[-1].write_text("x: 1\n", encoding="utf-8")
    found = profile_paths([folder], recursive=recursive)
    assert found == sorted(p for p in made if recursive or p.parent == folder)


@pytest.mark.parametrize("spelling", [".", "f", "./f", "f/", "f//", "f/./", "f/../f", "ABS"])
@pytest.mark.parametrize("recursive", [False, True])
def test_a_folders_files_are_named_as_listing_the_folder_names_them(tmp_path, monkeypatch,
                                                                   spelling, recursive):
    # a batch's `file` column and every problem name a file by its path's text: the
    # folder as given (as Path spells it), then the names, as os.scandir gives them
    monkeypatch.chdir(tmp_path)
    for name in ("f/a.yaml", "f/b.yml", "f/sub/c.yaml", "f/sub/deeper/d.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    if spelling == ".":
        monkeypatch.chdir(tmp_path / "f")
    folder = Path(tmp_path / "f" if spelling == "ABS" else spelling)

    def listed(where: Path) -> list[str]:
        entries = sorted(os.scandir(where), key=lambda e: e.name)
        found = [str(Path(e.path)) for e in entries if e.is_file()]
        if recursive:
            for e in entries:
                if e.is_dir():
                    found += listed(Path(e.path))
        return found

    assert sorted(map(str, profile_paths([folder], recursive=recursive))) == sorted(listed(folder))
