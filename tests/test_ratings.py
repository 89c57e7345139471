"""Rating as a team (regionlab.ratings): the sheet out, sheets in, the panel's figure
and spread, profiles rewritten with nothing else changed, all or nothing."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import PROFILES

from regionlab.base import yamlio
from regionlab.errors import InputError
from regionlab.nation import init_profiles
from regionlab.nation.batch import run_batch
from regionlab.profile.models import ACTORS
from regionlab.ratings import lines, transaction
from regionlab.ratings.apply import apply_ratings
from regionlab.ratings.panel import panel
from regionlab.ratings.read import Entry, Scale, read_sheets
from regionlab.ratings.rows import keys, load_folder, region_rows
from regionlab.ratings.settings import load_rules
from regionlab.ratings.sheet import write_sheet
from regionlab.trust.engine import Engine

RULES = load_rules()
SCALE = Scale(1.0, 5.0, RULES)
RATERS = ("kim", "lee", "park")


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    """Every 2022 template (as `regionlab init --all` writes them), once per module."""
    folder = tmp_path_factory.mktemp("kr22")
    init_profiles.init_all(2022, folder)
    return folder


@pytest.fixture
def folder(templates, tmp_path) -> Path:
    """A fresh copy: 30 templates and the example profiles (flow style, folded notes)."""
    out = tmp_path / "profiles"
    out.mkdir()
    for path in sorted(templates.glob("*.yaml"))[::8]:
        shutil.copy(path, out)
    for path in sorted(PROFILES.glob("*.yaml")):
        shutil.copy(path, out / f"example-{path.name}")
    return out


def rating_for(code: str, actor: str, rater: int) -> float:
    """A rater's rating, made up but repeatable: raters agree on some, not on others."""
    base = 1 + (int(code) + ACTORS.index(actor)) % 9 / 2
    return min(5.0, max(1.0, base + (0, 0.5, -1, 2)[(int(code) + rater) % 4] * (rater > 0)))


def fill(sheet: Path, out: Path, rater: int) -> Path:
    """The sheet filled by one rater, as a script would (openpyxl)."""
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    ws = book.worksheets[0]
    column = {c.value: c.column for c in ws[3]}
    for row in range(4, ws.max_row + 1):
        code = ws.cell(row, column["code"]).value
        for actor in ACTORS:
            ws.cell(row, column[f"{actor}_rating"]).value = rating_for(code, actor, rater)
        if int(code) % 5 == 0:
            ws.cell(row, column["residents_note"]).value = f"{RATERS[rater]}'s reasons"
    book.save(out)
    return out


def sheets_for(folder: Path, tmp_path: Path) -> list[Path]:
    loaded, fw = load_folder([folder])
    sheet = tmp_path / "ratings.xlsx"
    write_sheet(region_rows(loaded, fw, RULES, "en"), sheet, RULES, "en")
    return [fill(sheet, tmp_path / f"{name}.xlsx", i) for i, name in enumerate(RATERS)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


# --- the sheet ------------------------------------------------------------------------


def test_the_sheet_has_a_row_per_profile_with_its_evidence(folder, tmp_path):
    from openpyxl import load_workbook

    loaded, fw = load_folder([folder])
    rows = region_rows(loaded, fw, RULES, "ko")
    write_sheet(rows, tmp_path / "s.xlsx", RULES, "ko")
    book = load_workbook(tmp_path / "s.xlsx")
    ratings, scale = book.worksheets
    assert [c.value for c in ratings[3]] == keys()
    assert ratings.max_row == 3 + len(loaded)
    jongno = next(r for r in ratings.iter_rows(min_row=4, values_only=True) if r[0] == "11110")
    assert jongno[:6] == ("11110", "종로구", "Jongno", "서울특별시", 2022, None)
    engine = Engine()
    path = next(p for p, prof in loaded if prof.region.code == "11110")
    evidence = engine.assess_file(path).scores["municipality"].indicator_score
    assert jongno[6] == round(evidence, 1) and "재정자립도" in jongno[7]
    # the figures' units in Korean too (issue 18, item 7: 'points', 'index' were English)
    figures = " ".join(str(v) for row in ratings.iter_rows(min_row=4, values_only=True)
                       for v in row if isinstance(v, str))
    assert "%포인트" in figures and "백분위" in figures
    assert not {"points", "index", "percentile", "campuses"} & set(figures.split())
    formulas = {str(v.sqref).split(":")[0]: v.formula1
                for v in ratings.data_validations.dataValidation}
    assert formulas["I4"] == "AND(ISNUMBER(I4),I4>=1,I4<=5,MOD((I4-1)/0.5,1)=0)"
    assert len(formulas) == 4
    assert scale.title == "척도" and "주민자치회가 활발하고" in str(list(scale.values))


def test_a_csv_sheet_has_the_same_columns_and_its_scale_beside_it(folder, tmp_path):
    loaded, fw = load_folder([folder])
    written = write_sheet(region_rows(loaded, fw, RULES, "en"), tmp_path / "s.csv", RULES, "en",
                          rater="kim")
    assert written == [tmp_path / "s.csv", tmp_path / "s-scale.txt"]
    text = written[0].read_bytes().decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(keys()) + "\r\n")  # for Excel and Korean
    assert ",kim," in text.splitlines()[1]
    assert "5 = a self-organising civil society" in written[1].read_text(encoding="utf-8")


def test_the_profile_template_says_what_the_sheet_says(tmp_path):
    """One scale, in data/ratings.yaml: the template's guide is its English words."""
    text = init_profiles.init_one("Gunsan", 2022, tmp_path).read_text(encoding="utf-8")
    for actor in ACTORS:
        words = RULES.scale[actor]
        assert f"# {words['title']['en']}." in text
        for point in ("1", "3", "5"):
            assert f"{point} = {words[point]['en']}" in text


# --- the panel ------------------------------------------------------------------------


def entry(rater: str, ratings: dict, notes: dict | None = None, code: str = "11110") -> Entry:
    return Entry("s.xlsx", 4, code, 2022, rater, "", "", ratings, notes or {}, {})


def test_the_panel_takes_the_median_and_records_the_spread_and_signed_notes():
    found = panel([entry("lee", {"residents": 5.0}, {"residents": "active councils"}),
                   entry("kim", {"residents": 2.0, "municipality": 3.0}),
                   entry("park", {"residents": 3.0}, {"residents": "few volunteers"})], RULES)
    residents = found[("11110", 2022)]["residents"]
    assert (residents.rating, residents.spread, residents.raters) == (3.0, 3.0, 3)
    assert residents.note == "lee: active councils; park: few volunteers"
    assert residents.by_rater == (("kim", 2.0), ("lee", 5.0), ("park", 3.0))
    municipality = found[("11110", 2022)]["municipality"]
    assert (municipality.rating, municipality.spread, municipality.raters) == (3.0, None, 1)


def test_an_even_panel_takes_the_middle_two_and_the_rule_is_data(tmp_path):
    entries = [entry("a", {"residents": 2.0}), entry("b", {"residents": 3.5}),
               entry("c", {"residents": 5.0}), entry("d", {"residents": 5.0})]
    assert panel(entries, RULES)[("11110", 2022)]["residents"].rating == 4.25
    data = yaml.safe_load(shipped_rules().read_text(encoding="utf-8"))
    data["panel"] = "mean"
    mean_rules = tmp_path / "ratings.yaml"
    mean_rules.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert panel(entries, load_rules(str(mean_rules)))[("11110", 2022)]["residents"].rating \
        == 3.88


def shipped_rules() -> Path:
    from regionlab.policy.packaged import packaged

    return packaged("ratings.yaml")


# --- apply: the round trip -------------------------------------------------------------


def by_hand(folder: Path, out: Path, panels: dict) -> None:
    """The same ratings written into the YAML another way: load, set, dump."""
    out.mkdir()
    for path in folder.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for actor, p in panels.get((data["region"]["code"], data["year"]), {}).items():
            given = data["actors"][actor]
            given["rating"] = p.rating
            if p.raters > 1:
                given.update(rating_spread=p.spread, raters=p.raters)
            if p.note is not None:
                given["note"] = p.note
        (out / path.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def verdicts(folder: Path) -> dict:
    result = run_batch([folder])
    assert not result.problems
    return {r["region_code"]: (r["domain"], r["grade"], r["stability"], r["flags"],
                               r["municipality"], r["residents"]) for r in result.rows}


def test_sheets_from_three_raters_give_the_verdicts_of_ratings_written_by_hand(
        folder, tmp_path):
    before = snapshot(folder)
    sheets = sheets_for(folder, tmp_path)
    report = apply_ratings(sheets, folder)
    assert report.raters == RATERS and len(report.changed) == len(before)
    assert report.panels == report.ratings == 4 * len(before) and report.disputed > 0
    entries = read_sheets(sheets, SCALE)
    original = tmp_path / "original"
    original.mkdir()
    for name, data in before.items():
        (original / name).write_bytes(data)
    by_hand(original, tmp_path / "hand", panel(entries, RULES))
    applied = verdicts(folder)
    assert applied == verdicts(tmp_path / "hand")
    assert any("near-threshold" in v[3] for v in applied.values())
    for name, old in before.items():  # only rating, spread, raters and note lines differ
        new = (folder / name).read_bytes()
        assert_changed_only_panel_lines(old.decode(), new.decode(), name)


def assert_changed_only_panel_lines(old: str, new: str, name: str) -> None:
    """Every line outside the actors' rating, spread, raters and note is kept byte for
    byte, comments included (the one beside a rating too)."""
    before, after = old.splitlines(), new.splitlines()
    allowed_old = panel_lines(before, ("rating:", "note:"))
    allowed_new = panel_lines(after, ("rating:", "rating_spread:", "raters:", "note:"))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert set(range(i1, i2)) <= allowed_old, (name, before[i1:i2])
        assert set(range(j1, j2)) <= allowed_new, (name, after[j1:j2])
        for line in before[i1:i2]:
            if "#" in line and line.lstrip().startswith("rating:"):
                comment = line[line.index("#"):]
                assert any(a.endswith(comment) for a in after[j1:j2]), (name, line)


def panel_lines(lines: list[str], keys: tuple[str, ...]) -> set[int]:
    """The indexes of lines of these keys, and of a note's text below its key."""
    found, note_indent = set(), None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if note_indent is not None and indent > note_indent:
            found.add(i)  # a folded note's own line
            continue
        note_indent = indent if line.lstrip().startswith("note:") else None
        if line.lstrip().startswith(keys) and not line.lstrip().startswith("#"):
            found.add(i)
    return found


def test_applying_the_same_sheets_again_changes_nothing(folder, tmp_path):
    sheets = sheets_for(folder, tmp_path)
    apply_ratings(sheets, folder)
    after = snapshot(folder)
    assert apply_ratings(sheets, folder).changed == ()
    assert snapshot(folder) == after


def test_a_dry_run_writes_nothing_and_shows_each_change(folder, tmp_path):
    before = snapshot(folder)
    report = apply_ratings(sheets_for(folder, tmp_path), folder, dry_run=True)
    assert snapshot(folder) == before
    diff = report.diffs[report.changed[0]]
    assert "-    rating: null" in diff and "+    rating_spread:" in diff


@pytest.mark.parametrize("text", [
    "format: regionlab/profile/v1\r\nregion: {code: \"99999\", name: T, country: XX}\r\n"
    "year: 2019\r\nactors:\r\n  municipality: {rating: 2}  # mine\r\n  residents: {}\r\n"
    "  business_finance: {rating: 3}\r\n  universities:\r\n    rating: 3\r\n",
    "\ufeffformat: regionlab/profile/v1\nregion:\n    code: \"99999\"\n    name: T\n"
    "    country: XX\nyear: 2019\nactors:\n    municipality: {rating: 2}\n    residents: {}\n"
    "    business_finance: {rating: 3}\n    universities:\n        rating: 3\n"
    "sources:\n-   'a'\n-   b\n",
])
def test_line_endings_indentation_and_flow_style_are_kept(tmp_path, text):
    path = tmp_path / "p.yaml"
    path.write_bytes(text.encode("utf-8"))
    old = path.read_bytes()
    new = edited(text.removeprefix("\ufeff"),
                 {"residents": lines.Change(3.5, 2, 3, None),
                  "universities": lines.Change(4, None, None, "two\nlines")})
    old_lines = text.removeprefix("\ufeff").splitlines()
    gone = set(old_lines) - set(new.splitlines())
    assert gone == {ln for ln in old_lines if ln.strip() in ("residents: {}", "rating: 3")}
    assert ("\r\n" in new) == ("\r\n" in text)
    data = yaml.safe_load(new)
    assert data["actors"]["residents"] == {"rating": 3.5, "rating_spread": 2, "raters": 3}
    assert data["actors"]["universities"] == {"rating": 4, "note": "two\nlines"}
    assert data["actors"]["municipality"] == {"rating": 2}
    assert old == path.read_bytes()


def edited(text: str, changes: dict) -> str:
    return lines.edit(text, changes, *yamlio.parse(text, "p.yaml"))


def test_a_value_the_file_already_gives_is_left_as_written():
    text = ("format: regionlab/profile/v1\nactors:\n  municipality:\n    rating: 3.0  # kept\n"
            "    rating_spread: 1.0\n    raters: 3\n  residents: {}\n"
            "  business_finance: {}\n  universities: {}\n")
    assert edited(text, {"municipality": lines.Change(3, 1, 3, None)}) == text


# --- hostile sheets ---------------------------------------------------------------------


def xlsx(tmp_path: Path, name: str, folder: Path, edit) -> Path:
    """A filled sheet (one rater) with one edit made to its worksheet."""
    from openpyxl import load_workbook

    sheet = sheets_for(folder, tmp_path)[0]
    book = load_workbook(sheet)
    ws = book.worksheets[0]
    edit(ws, {c.value: c.column_letter for c in ws[3]})
    out = tmp_path / name
    book.save(out)
    return out


HOSTILE = {
    "unknown code": (lambda ws, col: ws.__setitem__(f"{col['code']}5", "99999"),
                     5, "code", "unknown-region"),
    "text in a rating": (lambda ws, col: ws.__setitem__(f"{col['residents_rating']}6", "three"),
                         6, "residents_rating", "not-a-number"),
    "a rating of 0": (lambda ws, col: ws.__setitem__(f"{col['municipality_rating']}4", 0),
                      4, "municipality_rating", "out-of-range"),
    "a rating of 7": (lambda ws, col: ws.__setitem__(f"{col['universities_rating']}7", 7),
                      7, "universities_rating", "out-of-range"),
    "between steps": (lambda ws, col: ws.__setitem__(f"{col['residents_rating']}5", 3.3),
                      5, "residents_rating", "off-step"),
    "a formula": (lambda ws, col: ws.__setitem__(f"{col['residents_rating']}8",
                                                 "=AVERAGE(I8,Q8)"),
                  8, "residents_rating", "formula"),
    "a date": (lambda ws, col: ws.__setitem__(f"{col['residents_rating']}9",
                                              __import__("datetime").datetime(2022, 3, 5)),
               9, "residents_rating", "not-a-number"),
    "a duplicate row": (lambda ws, col: [ws.cell(10, c).__setattr__("value", ws.cell(4, c).value)
                                         for c in range(1, ws.max_column + 1)],
                        10, "code", "duplicate-row"),
    "another year": (lambda ws, col: ws.__setitem__(f"{col['year']}4", 2019),
                     4, "year", "wrong-year"),
    "a column sorted alone": (lambda ws, col: ws.__setitem__(f"{col['name']}4", "Gunsan"),
                              4, "name", "row-mismatch"),
    "no code": (lambda ws, col: ws.__setitem__(f"{col['code']}6", None),
                6, "code", "missing-code"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_sheet_is_refused_with_row_and_column_and_nothing_changes(
        folder, tmp_path, case):
    edit, row, key, code = HOSTILE[case]
    sheet = xlsx(tmp_path, "hostile.xlsx", folder, edit)
    before = snapshot(folder)
    with pytest.raises(InputError) as e:
        apply_ratings([sheet], folder)
    found = [(p.file, p.line, p.field, p.code) for p in e.value.problems]
    assert (str(sheet), row, f"column {column_of(sheet, key)} ({key})", code) in found, found
    assert snapshot(folder) == before


def column_of(sheet: Path, key: str) -> str:
    from openpyxl import load_workbook

    ws = load_workbook(sheet).worksheets[0]
    return next(c.column_letter for c in ws[3] if c.value == key)


def test_every_problem_of_a_sheet_is_listed_at_once(folder, tmp_path):
    def two(ws, col):
        ws[f"{col['residents_rating']}4"] = "x"
        ws[f"{col['code']}6"] = "00000"
        ws[f"{col['year']}7"] = 2030

    sheet = xlsx(tmp_path, "two.xlsx", folder, two)
    with pytest.raises(InputError) as e:
        apply_ratings([sheet], folder)
    assert [(p.line, p.code) for p in e.value.problems] == [
        (4, "not-a-number"), (6, "unknown-region"), (7, "wrong-year")]


def test_a_csv_saved_by_korean_excel_is_read(folder, tmp_path):
    loaded, fw = load_folder([folder])
    sheet = tmp_path / "s.csv"
    write_sheet(region_rows(loaded, fw, RULES, "ko"), sheet, RULES, "ko", rater="kim")
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    cols = lines[0].split(",")
    cells = next(__import__("csv").reader([lines[1]]))
    cells[cols.index("residents_rating")] = "3.5"
    cells[cols.index("residents_note")] = "주민자치회 활발"
    lines[1] = ",".join(f'"{c}"' for c in cells)
    sheet.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949", errors="replace"))
    (entry_,) = read_sheets([sheet], SCALE)
    assert entry_.ratings == {"residents": 3.5} and entry_.notes == {"residents": "주민자치회 활발"}
    assert entry_.rater == "kim"


def test_a_sheet_without_the_key_row_is_not_a_rating_sheet(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_sheets([other], SCALE)
    assert [p.code for p in e.value.problems] == ["not-a-rating-sheet"]


# --- all or nothing ---------------------------------------------------------------------


def test_a_failed_move_puts_back_the_files_already_moved(tmp_path, monkeypatch):
    paths = [tmp_path / f"{n}.yaml" for n in "abc"]
    for p in paths:
        p.write_bytes(b"old " + p.name.encode())
    moved = []
    real = transaction.os.replace

    def failing(src, dst):
        if len(moved) == 2 and str(dst).endswith("c.yaml"):
            raise OSError("disk full")
        moved.append(dst)
        real(src, dst)

    monkeypatch.setattr(transaction.os, "replace", failing)
    with pytest.raises(OSError):
        transaction.write_all([transaction.Rewrite(p, p.read_bytes(), b"new") for p in paths])
    monkeypatch.undo()
    assert [p.read_bytes() for p in paths] == [b"old a.yaml", b"old b.yaml", b"old c.yaml"]
    assert sorted(f.name for f in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml"]


def test_a_file_changed_since_it_was_read_stops_every_write(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"a")
    b.write_bytes(b"b, edited meanwhile")
    with pytest.raises(InputError) as e:
        transaction.write_all([transaction.Rewrite(a, b"a", b"A"),
                               transaction.Rewrite(b, b"b", b"B")])
    assert [p.code for p in e.value.problems] == ["changed-meanwhile"]
    assert a.read_bytes() == b"a" and sorted(f.name for f in tmp_path.iterdir()) == \
        ["a.yaml", "b.yaml"]


def test_the_rules_kept_in_the_cache_are_the_rules_checked_afresh_and_a_bad_file_is_refused(
        tmp_path, monkeypatch):
    """ratings.yaml is checked once per version of the file (policy/cache.cached): the
    rules read back are the rules checked afresh, and a file that does not fit is refused
    at its line whether a good version of it was kept before or not."""
    from regionlab.errors import InputError

    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    rules = tmp_path / "ratings.yaml"
    rules.write_text(shipped_rules().read_text(encoding="utf-8"), encoding="utf-8")
    checked = load_rules.__wrapped__(str(rules))  # checked, and kept
    assert load_rules.__wrapped__(str(rules)) == checked  # read back from the cache
    assert list((tmp_path / "cache").glob("ratings-*.json"))
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    assert load_rules.__wrapped__(str(rules)) == checked == RULES
    monkeypatch.delenv("REGIONLAB_CACHE")
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("panel: median", "panel: mode", 1), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_rules.__wrapped__(str(rules))
    line = 1 + text.splitlines().index(next(x for x in text.splitlines()
                                            if x.startswith("panel: median")))
    assert f"{rules}:{line}: panel: " in str(e.value)
    assert "'mode'" in str(e.value)
