"""Assess many profiles: every good one becomes a row, every bad one its problems.

A bad file never stops the batch. Rows are sorted by region code, then year
(then file), so the same inputs always give the same output. With `jobs > 1`
the files are shared out in chunks to worker processes, each of which loads the
framework, rulebook and catalogue once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path

from regionlab.base.gc_pause import collector_paused
from regionlab.base.signals import default_endings
from regionlab.engine.assess import Assessment
from regionlab.engine.recommend import Conclusion
from regionlab.errors import InputError, Problem
from regionlab.output.rows import BatchResult, BatchRow, blank_row, with_figures
from regionlab.profile.discover import profile_paths
from regionlab.profile.models import PROFILE
from regionlab.trust.engine import Engine
from regionlab.trust.what_it_takes import Step, domain_steps

CHUNK = 64  # files per step, and per task for worker processes (amortises the hand-off)


def row(a: Assessment, framework=None) -> BatchRow:
    """One assessment as a flat row: numbers as numbers, lists as tuples of ids. Made
    for every profile of a batch, so each list is gathered in one pass."""
    profile = a.profile
    region = profile.region
    scores = a.scores
    cases: list[Conclusion] = []
    strategies: list[str] = []
    flags: dict[str, None] = {}
    for c in a.conclusions:  # kinds: case, strategy, flag
        if c.kind == "case":
            cases.append(c)
        elif c.kind == "strategy":
            strategies.append(c.id)
        elif c.kind == "flag":
            flags[c.id] = None  # each flag once, in order
    verdict: dict[str, str] = {}
    reasons: dict[str, None] = {}
    for e in a.reasons:
        rule = e.rule
        reasons[rule.id] = None
        if rule.kind in ("domain", "grade"):
            verdict[rule.kind] = rule.id
    context = a.context
    years = [i.year for s in scores.values() for i in s.indicators if i.year is not None]
    cells = blank_row()  # every column, in order, each set below or by with_figures
    cells["region_code"] = region.code
    cells["region_name"] = region.name
    cells["year"] = profile.year
    mun, res = scores["municipality"], scores["residents"]
    biz, uni = scores["business_finance"], scores["universities"]
    cells["municipality"] = mun.capacity
    cells["residents"] = res.capacity
    cells["business_finance"] = biz.capacity
    cells["universities"] = uni.capacity
    cells["grade"] = a.grade
    cells["domain"] = a.domain
    cells["cases"] = tuple([c.id for c in cases])
    cells["strategies"] = tuple(strategies)
    cells["flags"] = tuple(flags)
    cells["region_name_local"] = region.name_local
    cells["parent"] = region.parent
    cells["domain_rule"] = verdict.get("domain")
    cells["grade_rule"] = verdict.get("grade")
    cells["prerequisites"] = tuple([f"{c.id}:{c.prerequisite}" for c in cases if c.prerequisite])
    cells["reasons"] = tuple(reasons)
    cells["designations"] = tuple(sorted(_texts(context.get("designations", ()))))
    # "outcome:name"; ';' would split the cell, so it is replaced in names
    cells["initiative_outcomes"] = tuple([f"{i.outcome}:{i.name.replace(';', ',')}"
                                          for i in profile.initiatives if i.outcome])
    cells["stability"] = a.stability.domain if a.stability else None
    cells["what_it_takes"] = _steps_text(domain_steps(a, framework)) if framework else ()
    # judgement and evidence side by side, to one place (a call each cost more)
    cells["municipality_rating"] = None if (v := mun.rating_score) is None else round(v, 1)
    cells["municipality_evidence"] = None if (v := mun.indicator_score) is None else round(v, 1)
    cells["residents_rating"] = None if (v := res.rating_score) is None else round(v, 1)
    cells["residents_evidence"] = None if (v := res.indicator_score) is None else round(v, 1)
    cells["business_finance_rating"] = None if (v := biz.rating_score) is None else round(v, 1)
    cells["business_finance_evidence"] = None if (v := biz.indicator_score) is None else round(v, 1)
    cells["universities_rating"] = None if (v := uni.rating_score) is None else round(v, 1)
    cells["universities_evidence"] = None if (v := uni.indicator_score) is None else round(v, 1)
    if years:
        cells["figures_carried_back"] = sum([y > profile.year for y in years])
        cells["oldest_figure"] = min(years)
    else:
        cells["figures_carried_back"] = 0
        cells["oldest_figure"] = None
    cells["file"] = a.file
    cells["country"] = region.country
    return with_figures(cells, a)  # and the figures data/columns.yaml declares columns for


def _steps_text(steps: tuple[Step, ...]) -> tuple[str, ...]:
    """The smallest one-actor change to each other domain, e.g. "overlap: residents
    +15.0": worded once per tuple of steps (regions rated alike share theirs,
    trust/what_it_takes.domain_steps), the tuple kept with its words so that its id
    is not reused meanwhile."""
    found = _WORDED.get(id(steps))
    if found is None or found[0] is not steps:
        if len(_WORDED) >= _WORDED_MAX:  # bounded: a batch of real regions shares few
            _WORDED.clear()
        found = _WORDED[id(steps)] = steps, tuple(
            [f"{s.target}: {s.actor} {s.change:+.1f}" for s in steps])
    return found[1]


_WORDED: dict[int, tuple[tuple[Step, ...], tuple[str, ...]]] = {}
_WORDED_MAX = 4096


def _texts(value: object) -> Iterable[str]:
    """The designations of the context (scoring.context_values: a frozenset of ids)."""
    return value if isinstance(value, _COLLECTIONS) else ()


_COLLECTIONS = (frozenset, set, list, tuple)


def sort_key(r: Mapping[str, object]) -> tuple:
    return (r["region_code"], r["year"], r["file"])


def run_batch(paths: Iterable[Path], rules: Path | None = None, jobs: int = 1,
              recursive: bool = False, advance: Callable[[int], None] | None = None,
              files: list[Path] | None = None, with_stability: bool = True) -> BatchResult:
    """Assess every profile under `paths` (or exactly `files`, when the caller has
    listed them already). A rulebook problem is raised before any work starts; a
    profile's problems are collected and the batch goes on. Two profiles of one
    region and year: the first (by file name) is kept, the other is a problem."""
    missing: list[Problem] = []
    files = profile_paths(list(paths), recursive, missing) if files is None else files
    # fails early on a bad rulebook; unworded: a row reads ids, never a flag's words
    engine = Engine(rules, with_stability=with_stability, words=False)
    advance = advance or (lambda n: None)
    if jobs > 1 and len(files) > CHUNK:
        rows, problems = _parallel(files, (rules, with_stability), jobs, advance)
    else:
        rows, problems = _assess_all(engine, files, advance)
    rows.sort(key=sort_key)
    rows, twice = one_per_region(rows)
    return BatchResult(rows, missing + problems + twice, len(files))


def one_per_region(rows: list[BatchRow]) -> tuple[list[BatchRow], list[Problem]]:
    """The first row of each region and year; each other one a problem naming both
    files (which one is meant?). A region is its territory: Gunsan's 45130 and 52130
    both stand in 2024, the year its code changed. Codes outside Korea stand for
    themselves."""
    from regionlab.korea import reference

    first: dict[tuple, BatchRow] = {}
    kept, problems = [], []
    days: dict[int, date] = {}  # year -> the day its codes are read on (one per year)
    for r in rows:  # sorted by code, year, file
        country, year = r["country"], r["year"]
        on = days.get(year)
        if on is None:
            on = days[year] = reference.date_for_year(year)
        key = (reference.territory(r["region_code"], on, country), country, year)
        seen = first.setdefault(key, r)
        if seen is r:
            kept.append(r)
        else:
            problems.append(Problem(r["file"], None, "region.code", "duplicate-region",
                                    f"region {r['region_code']} in {r['year']} is also in "
                                    f"{seen['file']}; keep one profile per region and year "
                                    "(this one is left out)"))
    return kept, problems


Assessed = tuple[list[BatchRow], list[Problem]]


def _assess_all(engine: Engine, files: list[Path], advance) -> Assessed:
    """Files a chunk at a time: all of a chunk loaded, then all assessed. Each step
    then runs many times in a row, which keeps the processor's caches warm: about
    5 % faster than file by file (bench/)."""
    rows: list[BatchRow] = []
    problems: list[Problem] = []
    PROFILE.for_many()  # pydantic-core checks each profile faster than Python (schema.py)
    with collector_paused():
        for start in range(0, len(files), CHUNK):
            chunk = files[start:start + CHUNK]
            loaded = []
            for path in chunk:
                try:
                    loaded.append((path, engine.load(path)))
                except InputError as e:
                    problems += e.problems
            for path, profile in loaded:
                try:
                    rows.append(row(engine.assess_loaded(profile, str(path), trace=False),
                                    engine.framework))
                except InputError as e:
                    problems += e.problems
            advance(len(chunk))
    return rows, problems


_worker_engine: Engine | None = None


def _start_worker(settings: tuple) -> None:
    global _worker_engine
    default_endings()  # a worker ended with its parent: the parent cleans up
    rules, with_stability = settings
    _worker_engine = Engine(rules, with_stability=with_stability, words=False)


def _work(chunk: list[Path]) -> Assessed:
    if _worker_engine is None:
        raise RuntimeError("a batch worker runs only after _start_worker")
    return _assess_all(_worker_engine, chunk, lambda n: None)


def _parallel(files, settings, jobs, advance):
    # imported here, only when there are workers to start: concurrent.futures.process
    # pulls in multiprocessing, about 13 ms of every batch's start-up (bench/batch.py)
    from concurrent.futures import ProcessPoolExecutor

    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    rows: list[BatchRow] = []
    problems: list[Problem] = []
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(settings,)) as pool:
        for chunk, (chunk_rows, chunk_problems) in zip(chunks, pool.map(_work, chunks),
                                                       strict=True):
            rows += chunk_rows
            problems += chunk_problems
            advance(len(chunk))
    return rows, problems
