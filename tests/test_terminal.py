"""The assessment on a terminal: rows that a reader scans down stay whole at the
widths terminals are opened at."""

from __future__ import annotations

import io

import pytest
from conftest import PROFILES
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from regionlab.korea import reference
from regionlab.nation.init_profiles import template
from regionlab.output import terminal
from regionlab.trust.engine import Engine

EXAMPLES = sorted(PROFILES.glob("*.yaml")) + sorted((PROFILES / "2025").glob("*.yaml"))


@pytest.fixture(scope="module")
def engine():
    return Engine()


def shown(engine, path, lang: str, width: int, on_terminal: bool = True) -> list[str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=on_terminal,
                      color_system=None, highlight=False)
    terminal.to_terminal(engine.assess_file(path), engine.catalogue, lang, console)
    return buffer.getvalue().splitlines()


def capacity_rows(lines: list[str], engine, lang: str) -> list[str]:
    start = lines.index(engine.catalogue.label("capacities", lang)) + 1
    return lines[start:start + 4]


@pytest.mark.parametrize("width", [80])
@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem + "-" + p.parent.name)
def test_each_capacity_row_stays_on_one_line(engine, path, lang, width):
    lines = shown(engine, path, lang, width)
    rows = capacity_rows(lines, engine, lang)
    for actor, row in zip(terminal.ACTORS, rows, strict=True):
        assert engine.catalogue.title("actors", actor, lang) in row
        assert cell_len(row) <= width, row
        # the bar still shows the capacity: filled cells over all cells
        score = engine.assess_file(path).scores[actor].capacity
        if score is not None:
            cells = row.count("█") + row.count("░")
            assert cells >= 10
            assert abs(row.count("█") / cells - score / 100) <= 0.5 / cells + 1e-9


def test_piped_bars_keep_twenty_cells_whatever_the_width(engine):
    gunsan = PROFILES / "gunsan.yaml"
    for width in (60, 80, 200):
        rows = capacity_rows(shown(engine, gunsan, "en", width, on_terminal=False), engine, "en")
        assert all(r.count("█") + r.count("░") == 20 for r in rows)


@pytest.fixture(scope="module")
def rated_with_evidence(tmp_path_factory):
    """Gunsan 2022 as `init` writes it (official figures for three actors) with a
    rating of 3 for every actor: each row then shows "(Rating 50, Evidence 29)"."""
    text = template(reference.by_code("45130"), 2022)
    assert text.count("rating: null") == 4
    path = tmp_path_factory.mktemp("rated") / "gunsan-2022.yaml"
    path.write_text(text.replace("rating: null", "rating: 3   "), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_rating_and_evidence_side_by_side_fit_80_columns(engine, rated_with_evidence, lang):
    """The longest English rows (36-cell actor name, then both bases) used to wrap
    mid-phrase at 80 columns; the basis now goes under the bar, whole, when it
    would not fit beside it (ko and ja fit beside it)."""
    a = engine.assess_file(rated_with_evidence)
    lines = shown(engine, rated_with_evidence, lang, 80)
    start = lines.index(engine.catalogue.label("capacities", lang)) + 1
    block = lines[start:lines.index("", start)]
    assert all(cell_len(line) <= 80 for line in block), block
    rating, evidence = (engine.catalogue.label(k, lang) for k in ("rating", "evidence"))
    for actor in terminal.ACTORS:
        s = a.scores[actor]
        basis = f"({rating} {s.rating_score:.0f}, {evidence} {s.indicator_score:.0f})"
        assert sum(basis in line for line in block) == 1, (basis, block)
        row = next(line for line in block
                   if engine.catalogue.title("actors", actor, lang) in line)
        assert f"{s.capacity:5.1f}" in row and row.count("█") + row.count("░") >= 10
    # wide, or piped, each actor stays on one line with its basis
    for wide in (shown(engine, rated_with_evidence, lang, 140),
                 shown(engine, rated_with_evidence, lang, 80, on_terminal=False)):
        rows = capacity_rows(wide, engine, lang)
        assert all(f"{engine.catalogue.label('rating', lang)} 50, " in r for r in rows), rows


_WORDS = st.lists(st.one_of(
    st.text(alphabet="abcdefghij", min_size=1, max_size=12),           # English words
    st.text(alphabet="가나다라마바사", min_size=1, max_size=6),          # Korean words
    st.builds(lambda opening, text, closing: opening + text + closing,   # Japanese runs
              st.sampled_from(["", "（", "「"]),
              st.text(alphabet="住民の力量が必要である", min_size=1, max_size=60),
              st.sampled_from(["", "、", "。", "：", "）", "」"])),
), min_size=1, max_size=40)


@given(words=_WORDS, width=st.integers(20, 100), indent=st.integers(0, 6))
def test_fitted_lines_keep_the_text_and_the_width(words, width, indent):
    """Any mix of English, Korean (spaced) and Japanese (unspaced) text: every line
    fits unless it is one word longer than the line; nothing is lost or reordered;
    Korean words are never split; no line starts with 、。) or ends with (."""
    line = " " * indent + " ".join(words)
    lines = terminal.fit_text(line, width).split("\n")
    assert "".join(lines).replace(" ", "") == line.replace(" ", "")
    for x in lines:
        if cell_len(x) > width:
            assert " " not in x.strip(" ") and not any(_full_width(c) for c in x), x
    for before, after in zip(lines, lines[1:], strict=False):
        assert after.strip(" ")[:1] not in set("、。：）」ー"), (before, after)
        assert before[-1:] not in set("（「"), (before, after)
    korean = {w for w in words if w[0] in "가나다라마바사"}
    pieces = {p for x in lines for p in x.split(" ") if p}
    for w in korean:  # a Korean word at a line's edge is still whole
        assert any(w in p for p in pieces)


def _full_width(ch: str) -> bool:
    return cell_len(ch) == 2
