"""What a report keeps on disk between runs (issue 20, item 4): the embedded fonts'
subsets, the nation's standings and the compiled templates. A report made with an
empty cache, with a warm one and with none at all is the same page; what is kept is
keyed by what it is made from, and bounded."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import PROFILES
from test_startup_imports import INIT, _imported

from regionlab.policy import cache
from regionlab.policy.packaged import packaged
from regionlab.report import build, charts, html, nation
from regionlab.trust.engine import Engine


def _forget_in_memory() -> None:
    """What a new process would not have: the nations and templates kept in memory."""
    nation._KEPT.clear()
    html._environment.cache_clear()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(folder))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    _forget_in_memory()
    yield folder
    _forget_in_memory()


def test_a_report_is_the_same_from_an_empty_cache_a_warm_one_and_none(cache_dir, monkeypatch):
    """The batch page in Korean (Hangul to embed, the nation's context figures for the
    map): made first with an empty cache, then as a new run would with the cache it
    filled, where neither a font nor the panel is read, then with the cache off."""
    made = build.report([PROFILES], "ko")
    assert {p.name for p in cache_dir.iterdir()} >= {"fonts", "contexts", "templates"}
    _forget_in_memory()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(html, "_subset", lambda *a: pytest.fail("fonts subset again"))
        m.setattr(nation, "_contexts", lambda *a: pytest.fail("the nation read again"))
        m.setattr(nation, "_unit", lambda *a: pytest.fail("nation assessed"))
        assert build.report([PROFILES], "ko") == made

    # characters not met before: subset again, the same rules
    shutil.rmtree(cache_dir / "fonts")
    _forget_in_memory()
    assert build.report([PROFILES], "ko") == made

    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    _forget_in_memory()
    assert build.report([PROFILES], "ko") == made


def test_the_fonts_are_kept_by_the_font_files_contents(cache_dir, tmp_path, monkeypatch):
    """A font file that changes (same name) is subset again, not taken from the cache."""
    page = "<p>군산시 전라북도</p>"
    first = html.font_faces(page, "ko")
    assert "@font-face" in first
    changed = tmp_path / "NanumGothic.ttf"
    shutil.copyfile(charts.font_file("NanumGothic"), changed)
    with changed.open("ab") as f:  # bytes after the tables: the same glyphs, another file
        f.write(b"\0" * 16)
    real = charts.font_file
    monkeypatch.setattr(charts, "font_file",
                        lambda family: changed if family == "NanumGothic" else real(family))
    subset = []
    real_subset = html._subset
    monkeypatch.setattr(html, "_subset", lambda *a: subset.append(a) or real_subset(*a))
    assert html.font_faces(page, "ko") == first
    assert subset, "the changed font was not subset again"
    subset.clear()
    assert html.font_faces(page + "<p>서울</p>", "ko") != first  # other characters
    assert subset


def test_the_fonts_are_kept_by_the_subsetter_build(cache_dir, tmp_path, monkeypatch):
    """Another HarfBuzz (uharfbuzz's compiled module, another version or build) may
    subset the same characters to other bytes: the fonts are subset again, not taken
    from the cache."""
    page = "<p>군산시 전라북도</p>"
    first = html.font_faces(page, "ko")
    built = html._subsetter()
    assert built is not None and built.name.startswith("_harfbuzz")
    # a copy of the module where the subsetter is looked for, then the same path
    # rewritten with other bytes, as `pip install -U uharfbuzz` does (not a new path)
    copy = tmp_path / built.name
    copy.write_bytes(built.read_bytes())
    monkeypatch.setattr(html, "_subsetter", lambda: copy)
    subset = []
    real_subset = html._subset
    monkeypatch.setattr(html, "_subset", lambda *a: subset.append(a) or real_subset(*a))
    assert html.font_faces(page, "ko") == first
    assert not subset, "the same build's kept fonts were not taken"
    copy.write_bytes(built.read_bytes() + b"another build")
    os.utime(copy, ns=(1, 1))  # another stamp too, as a new file has
    assert html.font_faces(page, "ko") == first
    assert subset, "kept fonts taken for another subsetter's"


def test_a_template_kept_compiled_is_used_only_under_the_options_it_was_compiled_with(
        cache_dir, monkeypatch):
    """Jinja2 checks a kept template against its source only: one compiled under other
    options (here keeping the line break after each block tag) is other code, and is
    not taken from the cache folder for this one."""
    kept = html._environment().get_template("macros.j2").render()
    assert list((cache_dir / "templates").iterdir())
    monkeypatch.setitem(html.OPTIONS, "trim_blocks", False)
    _forget_in_memory()
    untrimmed = html._environment().get_template("macros.j2").render()
    assert untrimmed.strip() == kept.strip() == "" and len(untrimmed) > len(kept)


def test_the_nation_kept_on_disk_is_the_one_of_its_rulebook(cache_dir, tmp_path):
    """Issue 17, item 5a: a custom rulebook ranks the nation by its own rules. A nation
    kept on disk for the shipped rulebook is not taken for one whose conditions differ
    (same thresholds, same names), nor for one under another threshold."""
    shipped = Engine()
    kept = nation.nation(2022, shipped.framework, shipped.rulebook)
    rules = tmp_path / "rules.yaml"  # one condition changed on its line: nothing else moves
    rules.write_text(packaged("rulebook.yaml").read_text(encoding="utf-8").replace(
        "when: residents < low\n", "when: residents < low or true\n", 1), encoding="utf-8")
    for engine in (Engine(rules), Engine(what_ifs=["low=35"])):
        _forget_in_memory()
        from_disk = nation.nation(2022, engine.framework, engine.rulebook)
        with pytest.MonkeyPatch.context() as m:
            m.setenv("REGIONLAB_CACHE", "0")
            _forget_in_memory()
            fresh = nation.nation(2022, engine.framework, engine.rulebook)
        assert from_disk == fresh
        assert [u.domain for u in fresh.units] != [u.domain for u in kept.units]


def test_what_is_kept_by_contents_is_bounded(cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_KEPT", 4)
    made = []
    for i in range(10):
        assert cache.by_contents("things", f"key {i}", lambda i=i: made.append(i) or [i]) == [i]
    assert len(list((cache_dir / "things").iterdir())) == 4
    assert cache.by_contents("things", "key 9", lambda: made.append("again")) == [9]
    assert cache.by_contents("things", "key 0", lambda: made.append("again") or [0]) == [0]
    assert made == [*range(10), "again"]


def test_an_html_report_subsets_with_harfbuzz_and_from_a_warm_cache_not_at_all(tmp_path,
                                                                              cache_dir):
    """The first national report of a day subsets its fonts with HarfBuzz and loads no
    fontTools (its import and subsetter were 0.2 s of an empty cache's report); the
    second loads neither (the subsets are kept), nor openpyxl (only a workbook needs it;
    with numpy, 0.15 s). In a cache folder of its own: the suite's shared one holds at
    most MAX_KEPT font entries, and other workers' reports could push this one's out
    between its two runs."""
    table = tmp_path / "kr.csv"
    _imported("batch", str(PROFILES), "-o", str(table), code=INIT)
    first, second = (_imported("report", str(table), "--lang", "ja", "-o",
                               str(tmp_path / out), code=INIT)
                     for out in ("first.html", "second.html"))
    assert "uharfbuzz" in first and not first & {"fontTools", "openpyxl", "numpy"}
    assert "jinja2" in second and not second & {"uharfbuzz", "fontTools", "openpyxl", "numpy"}


def test_checked_files_kept_are_bounded_per_kind(cache_dir, monkeypatch, tmp_path):
    """The cache of checked data files had no bound: each edited rulebook (or each
    install) added an entry for good. Now at most MAX_KEPT per kind, the newest kept."""
    monkeypatch.setattr(cache, "MAX_KEPT", 4)
    built = []
    for i in range(10):
        file = tmp_path / f"rules-{i}.yaml"
        file.write_text(f"value: {i}\n", encoding="utf-8")
        got = cache.cached(file, "things", lambda p: built.append(p.name) or p.read_text())
        assert got == f"value: {i}\n"
    assert len(list(cache_dir.glob("things-*.json"))) == 4
    newest = tmp_path / "rules-9.yaml"
    assert cache.cached(newest, "things", lambda p: built.append("again")) == "value: 9\n"
    assert built == [f"rules-{i}.yaml" for i in range(10)]


def test_each_font_embeds_what_the_fonts_before_it_lack(cache_dir):
    """Japanese: kanji and kana from IPAexGothic, Hangul (which it lacks) from
    NanumGothic, and a character no font has is left out, without an error."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    rules = html.font_faces("<p>軍山 ア 군산 😀</p>", "ja")
    fonts = {int(n): set(map(chr, TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()))
             for n, data in re.findall(r'rl-font-(\d)";src:url\(data:font/woff;base64,'
                                       r'([A-Za-z0-9+/=]+)', rules)}
    assert charts.font_chain("ja")[:2] == ("IPAexGothic", "NanumGothic")
    assert fonts[0] >= {"軍", "山", "ア"} and not fonts[0] & {"군", "산"}
    assert fonts[1] >= {"군", "산"} and not fonts[1] & {"軍", "山", "ア"}
    assert "😀" not in fonts[0] | fonts[1]


def test_a_checksum_is_of_the_files_whole_contents(cache_dir, tmp_path):
    """A file's checksum (its size and CRC-32, read through a memory map) is that of all
    its bytes: an empty file, a small one and a font of 5 MB; a file rewritten with other
    contents and another size has another checksum."""
    import zlib

    empty, small = tmp_path / "empty", tmp_path / "small"
    empty.write_bytes(b"")
    small.write_bytes("é,1\n".encode())
    font = charts.font_file(next(iter(charts.FONT_FILES)))
    files = [empty, small, font]
    assert cache.checksum(files) == " ".join(
        f"{len(b)}-{zlib.crc32(b):08x}" for b in (p.read_bytes() for p in files))
    small.write_bytes(b"other, longer")
    assert cache.checksum([small]) == f"13-{zlib.crc32(b'other, longer'):08x}"
