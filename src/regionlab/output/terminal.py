"""Render assessments: the terminal view (rich), JSON and the trace (Markdown:
markdown.py, which shares the lines of cases, flags, stability and what it takes).

The only module that imports rich. Every human-facing word comes from the
catalogue (policy terms) or ui.yaml (interface labels), in the chosen language.
"""

from __future__ import annotations

import json

from regionlab.engine.assess import Assessment
from regionlab.engine.json_view import assessment_dict, comparison_text, evaluation_dict, number
from regionlab.output.wording import flag_detail, source_text
from regionlab.policy.catalogue import Catalogue, load_catalogue
from regionlab.profile.models import ACTORS


def console():
    """A console for stdout; colours only on a terminal (rich decides)."""
    from rich.console import Console

    return Console(highlight=False)


class Progress:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, label: str):
        import sys

        self.bar = None
        if sys.stderr.isatty() and total:
            from rich.console import Console
            from rich.progress import Progress as Bar

            self.bar = Bar(console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task(label, total=total)

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def advance(self, n: int) -> None:
        if self.bar:
            self.bar.advance(self.task, n)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


def band(capacity: float | None, thresholds: dict) -> str | None:
    low, high = thresholds.get("low"), thresholds.get("high")
    if capacity is None or low is None or high is None:
        return None
    return "low" if capacity < low else "high" if capacity >= high else "mid"


def to_json(a: Assessment, cat: Catalogue, lang: str, explain: bool = False,
            steps: list | None = None) -> str:
    data = assessment_dict(a, cat, lang)
    if a.what_if:
        data["what_if"] = [s._asdict() for s in a.what_if]
    if steps is not None:
        data["what_it_takes"] = [{**s._asdict(), "change": s.change, "text": s.text()}
                                 for s in steps]
    if explain:
        data["trace"] = [evaluation_dict(e) for e in a.evaluations]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- terminal ------------------------------------------------------------------

def to_terminal(a: Assessment, cat: Catalogue, lang: str, console, explain: bool = False,
                steps: list | None = None):
    """The default view. Plain styled lines rather than rich tables: as clear, and
    about 10 ms cheaper, which matters for a command run once per profile."""
    from rich.text import Text

    L = lambda key: cat.label(key, lang)  # noqa: E731 - a short alias keeps lines readable
    out = Text()
    region = a.profile.region
    local = f" ({region.name_local})" if region.name_local else ""
    out.append(f"{region.name}{local} · {region.code} · {a.profile.year}\n", style="bold")
    if a.what_if:
        out.append(f"{L('what_if')}: " + "; ".join(s.text() for s in a.what_if) + "\n",
                   style="bold magenta")
    out.append("\n")
    out.append(f"{L('capacities')}\n", style="bold")
    names = {actor: cat.title("actors", actor, lang) for actor in ACTORS}
    width = max(_cells(n) for n in names.values())
    cells, basis_below = _bar_cells(a, names, width, cat, lang, L, console)
    for actor in ACTORS:
        s = a.scores[actor]
        b = band(s.capacity, a.rulebook.thresholds)
        out.append(f"  {_pad(names[actor], width)}  ")
        if s.capacity is None:
            out.append(f"{'—':>5}  {'':{cells}}  ")
            out.append(L("insufficient"), style="yellow")
        else:
            filled = round(s.capacity * cells / 100)
            out.append(f"{s.capacity:5.1f}  ")
            out.append("█" * filled, style=_BAND_STYLE.get(b or "", ""))
            out.append("░" * (cells - filled) + "  ")
            out.append(cat.title("bands", b, lang) if b else "",
                       style=_BAND_STYLE.get(b or "", ""))
            if basis_below:  # under the bar, so the actor's row itself stays whole
                out.append(f"\n  {'':{width}}  {'':5}  ({basis_text(s, L)})", style="dim")
            else:
                out.append(f"  ({basis_text(s, L)})", style="dim")
        out.append("\n")
    _evidence(out, a, L, lang)
    domain = cat.title("domains", a.domain, lang) if a.domain else L("insufficient")
    grade = cat.title("grades", a.grade, lang) if a.grade else "—"
    out.append(f"\n{L('domain')}: ", style="bold")
    out.append(f"{domain} ({a.domain or '—'})\n")
    out.append(f"{L('grade')}: ", style="bold")
    out.append(f"{grade} ({a.grade or '—'})\n")
    if stability_text(a, L):
        out.append(f"{L('stability')}: ", style="bold")
        out.append(stability_text(a, L) + "\n")
    _listing(out, L("cases"), [case_line(c, cat, lang) for c in a.of_kind("case")], L)
    _listing(out, L("strategies"),
             [f"{cat.title('strategies', c.id, lang)} ({c.id})" for c in a.of_kind("strategy")], L)
    _listing(out, L("flags"), [flag_line(c, a, cat, lang) for c in a.of_kind("flag")], L)
    out.append(f"\n{L('reasons')}\n", style="bold")
    for e in a.reasons:
        out.append("\n".join(reason_lines(e, L, lang)) + "\n")
    if steps is not None:
        out.append(f"\n{L('what_it_takes')}\n", style="bold")
        for step in steps or ():
            out.append(f"  • {step_text(step, cat, lang)}\n")
        if not steps:
            out.append(f"  • {L('none')}\n")
    if explain:
        _trace(out, a, L, lang)
    if console.is_terminal:  # piped, the lines stay whole: for grep and for files
        out = fit(out, console.width)
    console.print(out, soft_wrap=True, end="")


def _bar_cells(a: Assessment, names: dict, width: int, cat, lang: str, L,
               console) -> tuple[int, bool]:
    """Cells of the capacity bars, and whether each basis goes on a line of its own:
    20 cells, fewer on a narrow terminal so that each row stays on one line (down to
    10); if even then a row is too long, the bases ("Rating 50, Evidence 23") move
    under their bars rather than the row wrapping mid-phrase. Piped output keeps 20
    cells and one line, so files and greps do not depend on the window."""
    if not console.is_terminal:
        return _BAR, False
    head = 2 + width + 2 + 5 + 2
    longest = shortest = 0
    for actor in ACTORS:
        s = a.scores[actor]
        b = band(s.capacity, a.rulebook.thresholds)
        if s.capacity is None:
            longest = max(longest, head + 2 + _cells(L("insufficient")))
            continue
        band_cells = _cells(cat.title("bands", b, lang) if b else "")
        longest = max(longest, head + 2 + band_cells + 4 + _cells(basis_text(s, L)))
        shortest = max(shortest, head + 2 + band_cells)
    if console.width - longest >= _BAR_MIN:
        return min(_BAR, console.width - longest), False
    return max(_BAR_MIN, min(_BAR, console.width - shortest)), True


_BAR, _BAR_MIN = 20, 10


def fit(text, width: int):
    """`text` (a rich Text) with each line longer than `width` broken at spaces, the
    rest of it under the line's own indent (and past a bullet), so that a reason
    stays readable in an 80-column terminal."""
    plain = text.plain
    cuts: list[tuple[int, int, bool]] = []
    start = 0
    for line in plain.split("\n"):
        cuts += _breaks(line, start, width)
        start += len(line) + 1
    if not cuts:
        return text
    pieces = text.divide(offset for offset, _, _ in cuts)
    out = pieces[0]
    for piece, (_, indent, at_space) in zip(pieces[1:], cuts, strict=True):
        if at_space:
            out.right_crop(1)  # the space broken at
        out.append("\n" + " " * indent)
        out.append_text(piece)
    return out


def fit_text(text: str, width: int) -> str:
    """`fit` for plain text (the diff's table)."""
    from rich.text import Text

    return fit(Text(text), width).plain


def _breaks(line: str, start: int, width: int) -> list[tuple[int, int, bool]]:
    """Where `line` (at `start` in the whole text) breaks: (offset, indent, at a space)
    triples. Japanese runs without spaces, so a line with no space to break at breaks
    between two full-width characters instead (never before 、。) or after （「).
    The cells before each character are summed once, so that a long line costs time in
    proportion to its length, not to its length times its breaks."""
    from itertools import accumulate

    from rich.cells import get_character_cell_size

    before = [0, *accumulate(map(get_character_cell_size, line))]  # cells of line[:i]
    lead = len(line) - len(line.lstrip(" "))
    indent = min(lead + (2 if line[lead:].startswith("• ") else 0), width // 3)
    cuts: list[tuple[int, int, bool]] = []
    seg, room = 0, width
    while before[-1] - before[seg] > room:
        low = seg + (lead if seg == 0 else 0)
        space = line.rfind(" ", low + 1, seg + room + 1)
        while space > low and before[space] - before[seg] > room:  # wide (Hangul) cells
            space = line.rfind(" ", low + 1, space)
        wide = _wide_break(line, before, low, seg, room)
        if wide > space + 1:  # a later break between full-width characters fills more
            cuts.append((start + wide, indent, False))
            seg, room = wide, width - indent
            continue
        if space <= low:  # one word longer than the line: break after it
            space = line.find(" ", seg + room)
            if space < 0:
                break
        cuts.append((start + space + 1, indent, True))
        seg, room = space + 1, width - indent
    return cuts


def _wide_break(line: str, before: list[int], low: int, seg: int, room: int) -> int:
    """The last offset after `low` where the segment from `seg` still fits in `room`
    cells and both neighbours are full-width (kana, kanji, full-width punctuation),
    keeping the line-start and line-end rules of Japanese; -1 if there is none.
    `before[i]`: the cells of line[:i]."""
    from bisect import bisect_right

    end = min(bisect_right(before, before[seg] + room, lo=seg) - 1, len(line) - 1)
    for at in range(end, low + 1, -1):
        first, then = line[at - 1], line[at]
        if (before[at] - before[at - 1] == 2 and before[at + 1] - before[at] == 2
                and then not in _NO_LINE_START and first not in _NO_LINE_END
                and not _hangul(first + then)):
            return at
    return -1


_NO_LINE_START = set("、。，．・：；？！）」』】〕ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
_NO_LINE_END = set("（「『【〔")


def _hangul(text: str) -> bool:
    # Korean is written with spaces between words: it breaks there, never inside one
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _cells(text: str) -> int:
    from rich.cells import cell_len  # Hangul and kana take two cells

    return cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _cells(text))


def basis_text(score, L) -> str:
    if score.rating_score is not None and score.indicator_score is not None:
        # judgement and evidence side by side, then combined into the capacity shown
        # side by side, not a sum ('Rating 50 + Evidence 23' read as one)
        return (f"{L('rating')} {score.rating_score:.0f}, "
                f"{L('evidence')} {score.indicator_score:.0f}")
    return " + ".join(L(part) for part in score.basis.split("+"))


def _evidence(out, a, L, lang: str) -> None:
    """Each indicator given: its value and unit, the year it is from (carried back or
    not) and the score it maps to; nothing when the profile has ratings only."""
    from regionlab.output.wording import figure_text
    from regionlab.policy.catalogue import load_catalogue

    cat = load_catalogue()
    lines = []
    for actor in ACTORS:
        given = a.scores[actor].indicators
        # counted figures with their score, then those kept beside them at weight 0
        lines += [f"  • {figure_text(a, actor, i, cat, lang)} → {i.score:.0f}\n"
                  for i in given if i.weight > 0]
        lines += [f"    · {figure_text(a, actor, i, cat, lang)} ({L('not_counted')})\n"
                  for i in given if i.weight <= 0]
    if lines:
        out.append(f"\n{L('evidence')}\n", style="bold")
        for line in lines:
            out.append(line)


_BAND_STYLE = {"low": "red", "mid": "yellow", "high": "green"}


def case_line(c, cat, lang, text=str, code=str) -> str:
    """'Title (id) — Prerequisite first: strategy'; `text` and `code` put the words and
    the id into the output (Markdown escapes one and makes the other a code span)."""
    line = f"{text(cat.title('cases', c.id, lang))} ({code(c.id)})"
    if c.prerequisite:
        first = cat.title("strategies", c.prerequisite, lang)
        line += f" — {text(cat.label('prerequisite', lang))}: {text(first)}"
    return line


def flag_line(c, a: Assessment, cat, lang, text=str, code=str) -> str:
    """'Severity: Title (id) [initiative]: detail', with `text` and `code` as case_line."""
    severity = {"warning": cat.label("severity_warning", lang),
                "info": cat.label("severity_info", lang),
                "advice": cat.label("severity_advice", lang)}.get(
        cat.entry("flags", c.id)["severity"], "")
    where = f" {text(f'[{c.initiative}]')}" if c.initiative else ""
    detail = flag_detail(c, a, cat, lang)
    detail = f": {text(detail)}" if detail else ""
    return f"{text(severity)}: {text(cat.title('flags', c.id, lang))} ({code(c.id)}){where}{detail}"


def stability_text(a: Assessment, L) -> str:
    """'0.84 — 84 of 100 perturbed runs keep the domain', or '' for an unclassified
    region (the count said as such: '... keep the domain (100)' read as 100 runs)."""
    s = a.stability
    if s is None or s.domain is None:
        return ""
    if s.alternatives:  # noise and the choices of method, each said
        methods = s.alternatives + 1
        noise = (L("no_perturbation") if s.samples == 0 or s.noise is None else
                 f"{s.noise:.2f}, " + _runs_kept(s.noise, s.samples, L))
        return f"{s.domain:.2f} — {noise}; " + L("methods_kept").format(
            kept=methods - len(s.methods), methods=methods)
    if s.samples == 0:
        return f"{s.domain:.2f} — {L('no_perturbation')}"
    return f"{s.domain:.2f} — " + _runs_kept(s.domain, s.samples, L)


def _runs_kept(share: float, samples: int, L) -> str:
    return L("runs_kept").format(kept=round(share * samples), samples=samples)


def step_text(step, cat: Catalogue, lang: str) -> str:
    """'residents 30.0 → 40.0 (+10.0; rating 2.2 → 2.6) → overlap' in the language
    (what_it_takes.Step; in English, Step.text())."""
    rating = "" if step.rating_before is None else cat.label("step_rating", lang).format(
        before=f"{step.rating_before:.1f}", after=f"{step.rating_after:.1f}")
    if step.rating_before is None and getattr(step, "rating_with_evidence", None) is not None:
        rating = cat.label("step_rating_evidence", lang).format(
            rating=f"{step.rating_with_evidence:.1f}")
    group = "domains" if step.kind == "domain" else "cases"
    return cat.label("step_text", lang).format(
        actor=cat.title("actors", step.actor, lang), actor_id=step.actor,
        before=f"{step.before:.1f}", after=f"{step.after:.1f}", change=f"{step.change:+.1f}",
        rating=rating, target=cat.title(group, step.target, lang), target_id=step.target)


def _listing(out, title: str, lines: list[str], L):
    out.append(f"\n{title}\n", style="bold")
    for line in lines or [L("none")]:
        out.append(f"  • {line}\n")


def reason_lines(e, L, lang: str = "en") -> list[str]:
    """A fired rule as lines: what it concluded, on which values, against what, and why."""
    where = f" [{e.initiative}]" if e.initiative else ""
    source = source_text(e.rule.source, lang, load_catalogue())
    lines = [f"  • {e.rule.id}{where} → {', '.join(e.rule.then)}  ({L('source')}: {source})"]
    lines += [f"      {comparison_text(c)}" for c in e.comparisons]
    read = _read_values(e)
    if read:
        lines.append(f"      {L('values')}: {read}")
    lines.append(f"      {L('rationale')}: {e.rule.rationale_in(lang)}")
    return lines


def _read_values(e) -> str:
    return ", ".join(f"{k}={number(v)}" for k, v in {**e.values, **e.thresholds}.items())


def _trace(out, a: Assessment, L, lang: str = "en"):
    """Every rule considered, in rulebook order: fired, not fired, or undecided
    for want of a value; with the comparisons made and the values read."""
    out.append(f"\n{L('trace')}\n", style="bold")
    for e in a.evaluations:
        where = f" [{e.initiative}]" if e.initiative else ""
        if e.fired:
            out.append(f"  ✔ {L('fired'):<10}", style="green")
        elif e.missing:
            out.append(f"  ? {L('missing')}: {e.missing}", style="yellow")
        else:
            out.append(f"  ✘ {L('not_fired'):<10}", style="dim")
        out.append(f" {e.rule.id}{where} → {', '.join(e.rule.then)}  "
                   f"({L('source')}: {source_text(e.rule.source, lang, load_catalogue())})\n")
        for c in e.comparisons or ():
            out.append(f"      {comparison_text(c)}\n")
        if not e.comparisons:
            out.append(f"      {e.rule.condition.source}\n")
        read = _read_values(e)
        if read:
            out.append(f"      {L('values')}: {read}\n", style="dim")
