"""The line editor of `ratings apply` (ratings/lines.py), over profiles laid out in every
way a person or a tool writes them: block and flow style, comments beside values and on
lines of their own, every kind of quoting, folded and literal notes, an indentation of
2 or 4, CRLF line endings, a byte-order mark, no line break at the end, actors with
nothing, and actors missing the keys the panel's rating needs (inserted).

What must hold: the edited text reads as the old data with the new values, exactly as
if the file had been loaded, changed and dumped again (a full round trip); and every
line but those of the values the panel writes is kept byte for byte."""

from __future__ import annotations

import csv
import re

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regionlab.base import yamlio
from regionlab.errors import InputError
from regionlab.policy.framework import load_framework
from regionlab.profile.models import ACTORS
from regionlab.profile.validate import check_profile
from regionlab.ratings import lines
from regionlab.ratings.apply import apply_ratings
from regionlab.ratings.panel import panel
from regionlab.ratings.read import Scale, read_sheets
from regionlab.ratings.settings import load_rules

RULES = load_rules()
PANEL_KEYS = ("rating", "rating_spread", "raters", "note")
INDICATOR = {"municipality": "fiscal_self_reliance_pct", "residents": "volunteer_rate_pct",
             "business_finance": "grdp_per_capita_mkrw", "universities": "institutions"}
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- profiles laid out in many ways -----------------------------------------------------

ratings = st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 3.0, 4.25])
# notes already in a file: each in a form YAML reads back as text
given_notes = st.sampled_from([
    "few volunteers", "'quoted: yes'", '"double \\"quoted\\""', "plain, no",
    ">-\n{i}  folded over\n{i}  two lines", "|-\n{i}  kept\n\n{i}  as lines",
    "주민자치회 활발", "'it''s so'", "x # not a comment", "plain over\n{i}  two lines",
    '"quoted over\n{i}  two lines"', ">-  # c\n{i}  folded, a comment on its header"])
# notes the raters write: anything a spreadsheet cell holds
new_notes = st.one_of(
    st.sampled_from([
        "few volunteers", "kim: few volunteers; lee: active councils", "it's so",
        "yes", "null", "3", "0261000", "4:21:00", "- a list?", "# not a comment",
        "a #hash", "ends with a colon:", " leading space", "trailing space ", "tab\there",
        "two\nlines", "two\r\nlines", "ends with a break\n", "\nstarts with a break",
        "  indented\nlines", "line\n  indented", "blank\n\nline", "spaces\n   \nline",
        "{braces}, [brackets]", '"double"', "'single'", "back\\slash", "nul\x00",
        "del\x7f", "nel\x85", "ls\u2028", "bom\ufeff", "emoji 🙂", "주민자치회가 활발하다",
        "long " * 30, "word" * 40, "long with  two spaces " * 5,
        "a note of several sentences, long enough to be folded over two lines or "
        "more, as a rater writes it when the reasons matter: turnout, councils, "
        "volunteers and village communities.",
    ]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
)


@st.composite
def changes(draw) -> dict[str, lines.Change]:
    out = {}
    for actor in draw(st.lists(st.sampled_from(ACTORS), min_size=1, max_size=4,
                               unique=True)):
        rating = draw(st.none() | ratings)
        panel = rating is not None and draw(st.booleans())
        note = draw(st.none() | new_notes)
        if rating is None and note is None:
            rating = 3
        out[actor] = lines.Change(
            rating, draw(st.sampled_from([0, 0.5, 1, 2, 3.5])) if panel else None,
            draw(st.integers(2, 5)) if panel else None, note)
    return out


@st.composite
def actor_text(draw, name: str, indent: str, step: str, comments) -> list[str]:
    """One actor under `actors:`: a block mapping, a flow mapping, or nothing."""
    kind = draw(st.sampled_from(["block", "block", "block", "flow", "empty flow", "null"]))
    head = f"{indent}{name}:"
    if kind == "null":
        return [head + draw(st.sampled_from(["", " ~", " null", " ~  " + next(comments)]))]
    entries: list[tuple[str, str]] = []
    rating = draw(st.sampled_from([None, "null", "", "~", "3", "2.5", "4.0"]))
    if rating is not None:
        entries.append(("rating", rating))
    if rating in ("3", "2.5", "4.0") and draw(st.booleans()):  # a panel's (valid) rating
        entries += [("rating_spread", str(draw(st.sampled_from([0, 1, 1.5])))),
                    ("raters", str(draw(st.integers(2, 4))))]
    if draw(st.booleans()):
        entries.append(("note", draw(given_notes)))
    if draw(st.booleans()) or not entries:
        entries.append(("indicators", draw(st.sampled_from([
            "{%s: 1}", "{%s: {value: 2.5, year: 2018}}", "block"])).replace("%s", INDICATOR[name])))
    entries = draw(st.permutations(entries))
    if kind == "empty flow" or (kind == "flow" and not entries):
        return [head + " {}" + draw(st.sampled_from(["", "  " + next(comments)]))]
    if kind == "flow":
        flat = [(k, v) for k, v in entries
                if not any(c in v for c in "\n#,") and v != "block"]  # as flow allows
        if not flat:
            return [head + " {}"]
        body = ", ".join(f"{k}: {v}" for k, v in flat)
        return [head + f" {{{body}}}" + draw(st.sampled_from(["", "  " + next(comments)]))]
    out = [head + draw(st.sampled_from(["", "  " + next(comments)]))]
    inner = indent + step
    for key, value in entries:
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(["", inner + next(comments)])))
        if value == "block":
            out += [f"{inner}{key}:", f"{inner}{step}{INDICATOR[name]}: 1  {next(comments)}"]
            continue
        value = value.replace("{i}", inner)
        gap = draw(st.sampled_from(["", " " * 13 + next(comments), "  " + next(comments)]))
        first, *rest = value.split("\n")
        if rest:  # no comment after a value of several lines
            out += [f"{inner}{key}: {first}".rstrip(), *rest]
        else:
            out.append(f"{inner}{key}: {first}".rstrip() + gap)
    return out


@st.composite
def profiles(draw) -> str:
    """A profile's text, before line endings: its layout drawn, its meaning plain."""
    count = iter(range(10**6))
    comments = (f"# c{n}" for n in count)
    step = draw(st.sampled_from(["  ", "    "]))
    out = [next(comments) for _ in range(draw(st.integers(0, 2)))]
    out.append("format: regionlab/profile/v1")
    if draw(st.booleans()):
        out.append('region: {code: "99999", name: Testville, country: XX}')
    else:
        out += ["region:", f'{step}code: "99999"  {next(comments)}', f"{step}name: Testville",
                f"{step}country: XX"]
    out.append("year: 2019")
    out.append("actors:" + draw(st.sampled_from(["", "  " + next(comments)])))
    for actor in draw(st.permutations(ACTORS)):
        if draw(st.booleans()):
            out.append(step + next(comments))
        out += draw(actor_text(actor, step, step, comments))
    if draw(st.booleans()):
        out += ["sources:", f"{step}- a", f"{step}- 'b'"]
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


# --- the oracle: load, change, compare --------------------------------------------------


def round_trip(text: str, changes: dict[str, lines.Change]) -> dict:
    """What loading the file and setting the values gives: the data a full round trip
    (load, set, dump) would write, were its dumper faultless."""
    data = yaml.safe_load(text)
    for actor, c in changes.items():
        entry = data["actors"][actor] or {}
        if c.rating is not None:
            entry["rating"] = c.rating
            entry.pop("rating_spread", None)
            entry.pop("raters", None)
            if c.spread is not None:
                entry.update(rating_spread=c.spread, raters=c.raters)
        if c.note is not None:
            entry["note"] = c.note
        data["actors"][actor] = entry
    return data


def edited(text: str, changes: dict[str, lines.Change]) -> str:
    return lines.edit(text, changes, *yamlio.parse(text, "p.yaml"))


def split(text: str) -> list[str]:
    return re.split(r"\r\n|\n", text)


def written_lines(text: str, changes: dict, whole: set[str],
                  keys: tuple[str, ...] = PANEL_KEYS) -> set[int]:
    """The lines the panel may write: the lines of these keys under the changed actors,
    all the lines of an actor in `whole` (one that was not a block mapping)."""
    node = yamlio.parse(text, "p.yaml")[1]
    actors = dict((k.value, (k, v)) for k, v in node.value)["actors"][1]
    out: set[int] = set()
    for k, v in actors.value:
        if k.value not in changes:
            continue
        if k.value in whole:
            out |= set(range(k.start_mark.line, last_line(text, v) + 1))
            continue
        for key, value in v.value:
            if key.value in keys:
                out |= set(range(key.start_mark.line, last_line(text, value) + 1))
    return out


def last_line(text: str, node) -> int:
    """The last line of a node's own text (a block mapping's end lies past the comments
    and blank lines that follow it)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        key, value = node.value[-1]
        return max(key.start_mark.line, last_line(text, value))
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return last_line(text, node.value[-1])
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \r\n":
        end -= 1
    return len(split(text[:end])) - 1


def not_block(text: str) -> set[str]:
    node = yamlio.parse(text, "p.yaml")[1]
    actors = dict((k.value, v) for k, v in node.value)["actors"]
    return {k.value for k, v in actors.value
            if not (isinstance(v, yaml.MappingNode) and not v.flow_style and v.value)}


@SETTINGS
@given(profiles(), changes(), st.sampled_from(["\n", "\r\n"]))
def test_the_line_editor_writes_the_values_and_keeps_every_other_line(layout, change, eol):
    text = layout.replace("\n", eol)
    new = edited(text, change)
    assert yamlio.parse(new, "p.yaml")[0] == round_trip(text, change)
    whole = not_block(text)
    old_lines, new_lines = split(text), split(new)
    before = written_lines(text, change, whole)
    after = written_lines(new, change, whole)
    assert [ln for i, ln in enumerate(old_lines) if i not in before] == \
        [ln for i, ln in enumerate(new_lines) if i not in after]
    # every comment is kept, but those beside a spread or raters a single rating drops
    single = {a: c for a, c in change.items()
              if c.rating is not None and c.spread is None and a not in whole}
    dropped = {m for i in written_lines(text, single, set(), ("rating_spread", "raters"))
               for m in re.findall(r"# c\d+", old_lines[i])}
    assert re.findall(r"# c\d+", new) == [c for c in re.findall(r"# c\d+", text)
                                           if c not in dropped]
    # lines end as the file's do; and a second edit changes nothing
    assert ("\n" in new.replace("\r\n", "")) == (eol == "\n" and "\n" in text)
    assert edited(new, change) == new


def test_a_comment_beside_a_rating_keeps_its_column():
    text = ("actors:\n  municipality:\n    rating: null             # 1-5: yours\n"
            "  residents:\n    rating:   # short gap\n  business_finance: {}\n"
            "  universities:\n    note: x\n")
    new = edited(text, {"municipality": lines.Change(3.5, 1, 3, None),
                        "residents": lines.Change(4.25, None, None, None)})
    assert new.splitlines()[2:5] == ["    rating: 3.5              # 1-5: yours",
                                     "    rating_spread: 1", "    raters: 3"]
    assert new.splitlines()[6] == "    rating: 4.25 # short gap"


@pytest.mark.parametrize("note, written", [
    ("few volunteers", "note: few volunteers"),
    ("kim: few; lee: many", "note: 'kim: few; lee: many'"),
    ("kim's", "note: kim's"),
    ("kim: it's", 'note: "kim: it\'s"'),
    ("yes", "note: 'yes'"),
    ("two\nlines", "note: |-\n      two\n      lines"),
    ("nel\x85", 'note: "nel\\x85"'),
    ("word " * 20 + "end",  # folded at 88 columns
     "note: >-\n      " + "word " * 15 + "word\n      word word word word end"),
])
def test_notes_are_written_as_a_person_would(note, written):
    text = "actors:\n  municipality:\n    rating: 2\n"
    new = edited(text, {"municipality": lines.Change(None, None, None, note)})
    assert new == text + "    " + written + "\n"


# --- through `ratings apply`: a byte-order mark, CRLF and NFD text ------------------------


@st.composite
def sheet_rows(draw) -> list[dict[str, str]]:
    """A rating sheet's rows for the profile 99999 of 2019, by one to three raters."""
    rows = []
    for rater in draw(st.lists(st.sampled_from(["kim", "lee", "park"]), min_size=1,
                               max_size=3, unique=True)):
        row = {"code": "99999", "year": "2019", "rater": rater}
        for actor in draw(st.lists(st.sampled_from(ACTORS), min_size=1, unique=True)):
            row[f"{actor}_rating"] = str(draw(st.sampled_from([1, 2.5, 3, 4, 4.5])))
            if draw(st.booleans()):
                row[f"{actor}_note"] = draw(st.sampled_from(
                    ["few volunteers", "주민자치회 활발", "it's so: really", "two\nlines"]))
        rows.append(row)
    return rows


def valid(text: str) -> bool:
    try:
        check_profile(*yamlio.parse(text, "p.yaml"), "p.yaml", FRAMEWORK)
    except InputError:
        return False
    return True


FRAMEWORK = load_framework()
SHEET_KEYS = ["code", "year", "rater",
              *(f"{a}_{part}" for a in ACTORS for part in ("rating", "note"))]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(profiles(), sheet_rows(), st.booleans(), st.sampled_from(["\n", "\r\n"]),
       st.booleans())
def test_apply_keeps_the_byte_order_mark_line_endings_and_every_other_line(
        tmp_path_factory, layout, rows, bom, eol, nfd):
    if nfd:  # Hangul decomposed, as macOS may write it: kept as it is, not normalised
        layout = "# 주민\u1100\u1161\n" + layout
    text = layout.replace("\n", eol)
    assume(valid(text))
    folder = tmp_path_factory.mktemp("profiles")
    path = folder / "p.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    sheet = folder.parent / f"{folder.name}.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, SHEET_KEYS)
        writer.writeheader()
        writer.writerows(rows)
    apply_ratings([sheet], folder)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    new = raw.decode("utf-8-sig")
    panels = panel(read_sheets([sheet], Scale(1.0, 5.0, RULES)), RULES)[("99999", 2019)]
    change = {a: lines.Change(p.rating, p.spread if p.raters > 1 else None,
                              p.raters if p.raters > 1 else None, p.note)
              for a, p in panels.items()}
    assert yamlio.parse(new, "p.yaml")[0] == round_trip(text, change)
    whole = not_block(text)
    assert [ln for i, ln in enumerate(split(text)) if i not in written_lines(text, change, whole)] \
        == [ln for i, ln in enumerate(split(new)) if i not in written_lines(new, change, whole)]
    assert ("\n" in new.replace("\r\n", "")) == (eol == "\n")
    assert apply_ratings([sheet], folder).changed == ()  # the second time: nothing to do
