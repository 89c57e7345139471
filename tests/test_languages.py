"""Languages as data (issue 17, point 4): one list (data/languages.yaml), complete in
every labelled data file or refused with what it lacks, and no language a copy of
another beyond the allow-list of data/untranslated.yaml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROFILES
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.errors import InputError, RegionlabError
from regionlab.policy import languages
from regionlab.policy.packaged import DATA

runner = CliRunner()
GUNSAN = PROFILES / "gunsan.yaml"
# a language added in a test: qaa, of ISO 639's range for local use (never a real one,
# so that adding a real fourth language to the list leaves these tests as they are)
NEW = "qaa"
SHIPPED = languages.ids()
# its name in every language, and every language's name in it (none the same as another)
NEW_NAMES = {**{lang: f"Testish ({lang})" for lang in SHIPPED}, "en": "Testish",
             NEW: "Testisch"}
IN_NEW = {lang: f"Sprache {lang}" for lang in SHIPPED}


def _with_languages(folder: Path, monkeypatch) -> None:
    """The data files of `folder` stand for the packaged ones in the list's module."""
    monkeypatch.setattr(languages, "DATA", folder)
    languages.languages.cache_clear()
    languages.untranslated.cache_clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the packaged data files, read by policy/languages.py instead."""
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    _with_languages(folder, monkeypatch)
    yield folder
    monkeypatch.undo()
    languages.languages.cache_clear()
    languages.untranslated.cache_clear()


def _add_language(folder: Path, copied_from: str | None = None) -> None:
    """A language added to the list, with ja's conventions; with `copied_from`, every
    labelled text of every data file gets that language's text as its own."""
    for path in folder.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == languages.FILE:
            data["languages"][NEW] = {**data["languages"]["ja"], "name": dict(NEW_NAMES)}
            for other, name in IN_NEW.items():
                data["languages"][other]["name"][NEW] = name
        elif copied_from is None:
            continue
        else:
            data = _copied(data, copied_from)
        path.write_text(yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    languages.languages.cache_clear()


class _Plain(yaml.SafeDumper):
    """Values written out where used: regionlab refuses YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def _copied(value, source: str):
    if isinstance(value, dict) and value and set(value) <= set(SHIPPED) and all(
            isinstance(t, str) for t in value.values()):
        return {**value, NEW: value[source]}
    if isinstance(value, dict):
        return {k: _copied(v, source) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v, source) for v in value]
    return value


# -- the shipped list ---------------------------------------------------------------

@pytest.mark.parametrize("lang", languages.ids())
def test_every_language_of_the_list_has_every_labelled_text(lang):
    assert [p.format() for p in languages.missing(lang)] == []


@pytest.mark.parametrize("lang", languages.ids())
def test_no_language_copies_another_beyond_the_allow_list(lang):
    """A text the same as another language's is untranslated (or the language is a copy)."""
    assert [p.format() for p in languages.copies(lang)] == []


def test_the_allow_list_of_same_texts_holds_only_texts_that_are_the_same_somewhere():
    """An allowed text nobody shows alike any more leaves the list (it would hide a copy)."""
    same = {t for path in languages.labelled_files() for _, _, given in languages.labelled(path)
            for t in given.values() if list(given.values()).count(t) > 1}
    assert set(languages.untranslated()["same"]) - same == set()


def test_the_list_names_each_language_in_every_language_and_one_is_written_in():
    found = languages.languages()
    assert all(set(lang.name) == set(found) for lang in found.values())
    assert [i for i, lang in found.items() if lang.as_written] == [languages.as_written()]


# -- a language added ------------------------------------------------------------------

def test_a_language_added_without_its_texts_is_refused_with_each_text_it_lacks(data_copy):
    _add_language(data_copy)
    assert languages.ids()[-1] == NEW
    with pytest.raises(InputError) as e:
        languages.require(NEW)
    shown = [p.format() for p in e.value.problems]
    ui = data_copy / "ui.yaml"
    assert f"{ui}:5: labels.region: no Testish text ('{NEW}'): every labelled text needs one " \
           "in each language of languages.yaml [missing-translation]" in shown
    files = {Path(p.file).name for p in e.value.problems}
    assert {"ui.yaml", "catalogue.yaml", "framework.yaml", "ratings.yaml",
            "rulebook.yaml"} <= files
    for lang in languages.ids()[:-1]:  # the others keep working
        assert languages.require(lang).id == lang


def test_the_cli_offers_the_list_and_refuses_an_incomplete_language_without_a_traceback(
        data_copy, tmp_path):
    _add_language(data_copy)
    for args in (["assess", str(GUNSAN)], ["explain", str(GUNSAN)],
                 ["report", str(GUNSAN), "-o", str(tmp_path / "r.html")],
                 ["ratings", "sheet", str(PROFILES), "-o", str(tmp_path / "s.csv")]):
        r = runner.invoke(app, [*args, "--lang", NEW])
        assert r.exit_code == 1, (args, r.output)
        assert f"{data_copy / 'ui.yaml'}:5: labels.region: no Testish text ('{NEW}')" in r.stderr
        assert f"'{NEW}' is not complete:" in r.stderr
        assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "s.csv").exists()
    assert runner.invoke(app, ["assess", str(GUNSAN), "--lang", "ja"]).exit_code == 0
    r = runner.invoke(app, ["assess", str(GUNSAN), "--lang", "xx"])
    assert r.exit_code == 2
    assert f"'xx' is not a language; use one of {', '.join(SHIPPED)}, {NEW}" in r.stderr


def test_one_blank_text_deep_in_a_file_makes_the_language_incomplete(data_copy, tmp_path,
                                                                     monkeypatch):
    """The check of completeness a run pays first (policy/languages._given_everywhere,
    kept on disk) refuses what the list of missing texts finds: one Korean text made
    blank in the last labelled file is enough, with an empty cache or a warm one."""
    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    assert languages.require("ko").id == "ko"  # kept as complete for these files
    last = [p for p in languages.labelled_files()
            if any("ko" in given for _, _, given in languages.labelled(p))][-1]
    data = yaml.safe_load(last.read_text(encoding="utf-8"))
    texts = [t for _, _, t in languages.labelled(last) if "ko" in t]
    field = next(f for f, _, given in languages.labelled(last) if given == texts[-1])
    where = data
    for step in field.split(".")[:-1] if field else []:
        where = where[int(step) if isinstance(where, list) else step]
    leaf = field.split(".")[-1]
    target = where[int(leaf) if isinstance(where, list) else leaf]
    target["ko"] = " "
    last.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    with pytest.raises(InputError) as e:
        languages.require("ko")
    assert [(Path(p.file).name, p.field) for p in e.value.problems] == [(last.name, field)]
    assert languages.require("ja").id == "ja"


@settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.none() | st.sampled_from(["", " ", "text", "\t"]) | st.integers(0, 3),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["en", "ko", "ja", "x", "1"]), inner, max_size=4),
    max_leaves=12))
def test_a_language_is_complete_where_no_text_of_it_is_missing(data):
    """Any data: the quick check of completeness answers as the texts listed by
    `labelled` (the list `missing` words) say, for every language."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_text(yaml.safe_dump({"x": data}), encoding="utf-8")
        found = languages.labelled(path)
        known = set(languages.ids())
        for lang in languages.ids():
            assert languages._given_in({"x": data}, lang, known) == all(
                lang in given for _, _, given in found)


def test_a_complete_language_added_as_data_alone_is_spoken(data_copy):
    """A fourth language made of data only: the list takes it, it is complete, and the
    conventions it declares are the ones the code reads."""
    _add_language(data_copy, copied_from="ja")
    assert languages.missing(NEW) == []
    assert languages.require(NEW).remark("x") == "（x）"


def test_a_language_copied_from_another_fails_the_check_of_copies(data_copy):
    _add_language(data_copy, copied_from="ja")
    found = languages.copies(NEW)
    assert len(found) > 300  # the first 100 of each file, then how many more
    assert any(p.field == "labels.region" and f"the '{NEW}' text is the 'ja' one ('地域')"
               in p.message for p in found)


def test_a_text_left_in_english_fails_the_check_of_copies(data_copy):
    ui = data_copy / "ui.yaml"
    ui.write_text(ui.read_text(encoding="utf-8").replace('ko: "지역"', 'ko: "Region"', 1),
                  encoding="utf-8")
    found = [p.format() for p in languages.copies("ko")]
    assert found == [f"{ui}:5: labels.region: the 'ko' text is the 'en' one ('Region'): "
                     "translate it, or allow it in untranslated.yaml (same) [same-text]"]


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["languages"]["ko"].update(as_written=True),
     "exactly one language is `as_written: true`"),
    (lambda d: d["languages"]["ko"]["name"].update(xx="?"), "'xx' is not a language"),
    (lambda d: d["languages"]["ko"].update(aside="()"), "languages.ko.aside"),
    # in full-width brackets: not ASCII, the pattern checked by languages._check itself
    (lambda d: d["languages"]["ja"].update(aside="（}{）"),
     "languages.ja.aside: '（}{）' does not match the pattern \\{\\} [invalid-value]"),
    (lambda d: d["languages"]["ja"].update(aside="（{ }）", latin=1),
     "languages.ja.aside: '（{ }）' does not match the pattern"),
])
def test_a_bad_list_is_a_located_problem(data_copy, edit, message):
    path = data_copy / languages.FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    with pytest.raises(RegionlabError) as e:
        languages.languages()
    assert message in str(e.value) and str(path) in str(e.value)
    r = runner.invoke(app, ["assess", str(GUNSAN), "--lang", "en"])
    assert r.exit_code == 1 and str(path) in r.stderr and message in r.stderr


# -- the code ----------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[1] / "src" / "regionlab"
# `lang == "ko"`, `"en" != lang`, `lang in ("ko", "ja")`, a list spelt ("en", "ko", ...)
ASKS = re.compile(r"""\blang\s*(?:==|!=)\s*["']|["'][a-z]{2}["']\s*(?:==|!=)\s*lang\b"""
                  r"""|\blang\s+(?:not\s+)?in\s*[(\[{]\s*["']|["']en["'],\s*["']ko["']""")


def test_no_code_asks_which_language_it_is():
    """A difference between languages is a property of the language in languages.yaml;
    code and templates never branch on a language's id, nor spell the list."""
    found = [f"{path.relative_to(SRC)}:{n}: {line.strip()}"
             for path in sorted([*SRC.rglob("*.py"), *SRC.rglob("*.j2")])
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ASKS.search(line)]
    assert found == []


def test_every_language_draws_its_charts_with_fonts_regionlab_ships():
    from regionlab.report.charts import FONT_FILES

    assert {i: set(lang.fonts) - set(FONT_FILES) for i, lang in languages.languages().items()
            if set(lang.fonts) - set(FONT_FILES)} == {}


def test_the_shipped_list_is_checked_without_pydantic_core(tmp_path):
    """The first run after an install checks the list (its asides in full-width
    brackets among it) with no pydantic-core: importing it was most of `init --all`'s
    check of its data files. Every other run reads the checked list from the cache."""
    code = ("import sys\nfrom regionlab.policy import languages\nlanguages.languages()\n"
            "print(sorted(m for m in sys.modules if m.startswith('pydantic')))")
    env = {**os.environ, "REGIONLAB_CACHE_DIR": str(tmp_path / "empty")}
    env.pop("REGIONLAB_CACHE", None)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["[]"]
    assert list((tmp_path / "empty").glob("languages-*.json"))  # it was checked, not read


# -- a data file parsed once a run --------------------------------------------------------

def test_a_file_the_completeness_check_parsed_is_checked_as_if_parsed_again(tmp_path):
    """The catalogue and the labels are checked from the data the check of --lang's
    language parsed in the same run (policy/packaged.parse_kept): a file that changed
    since is read again, and one that does not fit its schema is refused with the same
    problems, at the same lines, as checking the file afresh."""
    from regionlab.policy.catalogue import UI
    from regionlab.policy.packaged import check_kept, parse_kept

    ui = tmp_path / "ui.yaml"
    shutil.copy(DATA / "ui.yaml", ui)
    assert check_kept(UI, ui) == UI.check_file(ui)  # nothing kept: read
    parse_kept(ui)
    text = ui.read_text(encoding="utf-8")
    ui.write_text(text.replace('en: "Region"', 'en: "Area"', 1), encoding="utf-8")
    assert check_kept(UI, ui)["labels"]["region"]["en"] == "Area"  # changed: read again

    ui.write_text(text.replace('en: "Region"', "en: 3", 1), encoding="utf-8")
    parse_kept(ui)
    with pytest.raises(InputError) as kept:
        check_kept(UI, ui)
    with pytest.raises(InputError) as afresh:
        UI.check_file(ui)
    assert [p.format() for p in kept.value.problems] == [
        p.format() for p in afresh.value.problems]
    line = text[:text.index('en: "Region"')].count("\n") + 1
    assert f"{ui}:{line}: labels.region.en: expected text, got 3" in str(kept.value)
    # taken once: a file changed without a new stamp (same size, time put back) is read
    # itself by the next check, not served the data kept of it before
    ui.write_text(text, encoding="utf-8")
    before = ui.stat()
    parse_kept(ui)
    ui.write_text(text.replace('en: "Region"', 'en: "Zegion"', 1), encoding="utf-8")
    os.utime(ui, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert check_kept(UI, ui)["labels"]["region"]["en"] == "Region"  # the kept data: taken
    assert check_kept(UI, ui)["labels"]["region"]["en"] == "Zegion"  # read itself
