"""The assessment on a terminal: rows that a reader scans down stay whole at the
widths terminals are opened at."""

from __future__ import annotations

import io

import pytest
from conftest import PROFILES
from rich.cells import cell_len
from rich.console import Console

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
