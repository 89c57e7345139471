"""The regional profile on a region's page, after the regional profiles of the EU
Regional Innovation Scoreboard and Korean ministries' regional reports: a summary in
plain words written from the ranks and the reasons, each counted indicator of the
evidence panel as a bar against the nation's and the province's medians with its raw
value and year, the region's own capacities over every year the panel covers, its
structural context, an annex of the indicators' sources and methods, and the figures
to download as CSV (inside the page: a data: link, no network).
"""

from __future__ import annotations

import base64
import csv
import io

from markupsafe import Markup

from regionlab.engine.assess import Assessment
from regionlab.korea import evidence, reference
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.profile.models import ACTORS
from regionlab.report import charts, words
from regionlab.report.nation import Nation, median, nation


def regional_profile(a: Assessment, national: Nation | None, province: str | None,
                     placed: dict, cat: Catalogue, lang: str) -> dict | None:
    """What the profile shows, or None for a region the panel does not cover."""
    region = a.profile.region
    unit = national.unit(region.code) if national is not None else None
    if national is None or unit is None:
        return None
    fw = a.framework or load_framework()
    bars = _indicator_bars(national, unit.code, province, fw, cat, lang)
    series = _series(unit.code, a, fw, cat, lang)
    return {"summary": _summary(a, placed, cat, lang), "bars": bars, "series": series,
            "context": _context(unit, a.profile.year, fw, cat, lang),
            "annex": (annex := _annex(fw, bars, cat, lang)),
            "details": any(r["detail"] for r in annex),  # the annex's column of them
            "csv": _csv_link(region.code, a.profile.year, bars, series)}


def _summary(a: Assessment, placed: dict, cat: Catalogue, lang: str) -> list[str]:
    """Two or three sentences: the domain and why (the domain rule's own reason), the
    strongest and the weakest capacity against the nation."""
    out = []
    domain_rule = next((e for e in a.reasons if e.rule.kind == "domain"), None)
    if a.domain and domain_rule is not None:
        out.append(cat.label("profile_domain", lang).format(
            domain=cat.title("domains", a.domain, lang),
            why=domain_rule.rule.rationale_in(lang).rstrip(".。")))
    # the ranks are of the region's own capacities: said here only where they are the
    # panel's too (no analyst's rating in them), as the rest of the profile is
    ranked = [] if placed.get("rated") else [r for r in placed.get("rows", [])
                                             if r.get("percentile") is not None]
    if ranked:
        best = max(ranked, key=lambda r: r["percentile"])
        worst = min(ranked, key=lambda r: r["percentile"])
        out.append(cat.label("profile_strongest", lang).format(
            actor=best["actor"], rank=best["rank"], pct=f"{best['percentile']:.0f}"))
        if worst is not best:
            out.append(cat.label("profile_weakest", lang).format(
                actor=worst["actor"], rank=worst["rank"], pct=f"{worst['percentile']:.0f}"))
    return out


def _counted(fw: Framework):
    for actor in ACTORS:
        for name, ind in fw.indicators.get(actor, {}).items():
            if ind.panel and ind.counted:
                yield actor, name, ind


def _indicator_bars(national: Nation, code: str, province: str | None, fw: Framework,
                    cat: Catalogue, lang: str) -> list[dict]:
    """Each counted panel indicator: the region's figure (value, unit, year), the
    nation's and the province's medians, all placed on the nation's range."""
    everyone: dict[str, list[tuple[str, float]]] = {}
    mine: dict[str, evidence.Figure] = {}
    key = evidence.territory(code)
    for u in national.units:
        got, _ = evidence.figures(u.code, national.year, fw)
        for fig in got:
            everyone.setdefault(fig.indicator, []).append((u.province, fig.value))
            if u.territory() == key:
                mine[fig.indicator] = fig
    rows = []
    for actor, name, ind in _counted(fw):
        values = [v for _, v in everyone.get(name, ())]
        if not values:
            continue
        lo, hi = min(values), max(values)
        nat = median(values)
        prov_values = [v for p, v in everyone[name] if p == province]
        prov = median(prov_values) if prov_values else None
        f: evidence.Figure | None = mine.get(name)

        def at(v: float | None, lo: float = lo, hi: float = hi) -> float | None:
            return None if v is None else (0.0 if hi == lo else
                                           min(max((v - lo) / (hi - lo) * 100, 0.0), 100.0))
        year = "" if f is None else _vintage(f.vintage, f.carried_back, cat, lang)
        rows.append({"actor": cat.title("actors", actor, lang),
                     "indicator": ind.label.get(lang) or ind.label["en"], "id": name,
                     "unit": words.unit(ind.unit, lang, cat),
                     "value": None if f is None else f.value, "year": year,
                     "vintage": None if f is None else f.vintage,
                     "national": nat, "province": prov, "low": lo, "high": hi,
                     "at": at(None if f is None else f.value), "at_national": at(nat),
                     "at_province": at(prov), "agency": words.agencies(ind.source, lang, cat),
                     "source": ind.source_in.get(lang), "note": ind.note_in.get(lang),
                     "direction": ind.direction})
    return rows


def _series(code: str, a: Assessment, fw: Framework, cat: Catalogue, lang: str) -> dict:
    """The region's capacities and domain on the panel's evidence alone, every year the
    reference tables cover (a year without a figure for an actor shows a dash)."""
    years = list(range(reference.COVERAGE_START.year, reference.as_of().year + 1))
    found = {}
    for y in years:
        n = nation(y, fw, a.rulebook)
        u = n.unit(code) if n is not None else None
        if u is not None:
            found[y] = u
    years = [y for y in years if y in found]
    cells = {x: [found[y].capacities[x] for y in years] for x in ACTORS}
    titles = {x: cat.title("actors", x, lang) for x in ACTORS}
    rows = [{"actor": titles[x], "cells": cells[x]} for x in ACTORS]
    domains = [cat.title("domains", d, lang) if (d := found[y].domain) else "—"
               for y in years]
    drawn = [Markup(charts.series(years, cells[x], a.profile.year, a.rulebook.thresholds,
                                  titles[x], f"series-{x}",
                                  f"{cat.label('profile_series', lang)}: {titles[x]}"))
             for x in ACTORS]
    return {"years": years, "rows": rows, "domains": domains, "this_year": a.profile.year,
            "charts": drawn}


# the panel's figures the context table shows beside the reference table's (structural
# context, as a scoreboard's profile has it): the economy's size per head
CONTEXT_FIGURES = ("grdp_per_resident_index",)


def _context(unit, year: int, fw: Framework, cat: Catalogue, lang: str) -> dict:
    """The region's structural context, each figure with the date it is of and its
    source agency: population, the share aged 65 and over and the local extinction risk
    index (resident registration of CONTEXT_DATE), GRDP per resident (the panel's figure
    for the year), fiscal self-reliance, the kind of municipality. Employment is said to
    be missing: the panel has no figure of it."""
    ctx = unit.context
    full = reference.context_2025(unit.code) or {}
    on, mois = reference.CONTEXT_DATE.isoformat(), cat.label("agency_mois", lang)
    rows = []
    if ctx.get("population"):
        rows.append((cat.label("population", lang), f"{int(ctx['population']):,}", on, mois))
    if full.get("population") and full.get("population_65plus") is not None:
        share = 100 * full["population_65plus"] / full["population"]
        rows.append((cat.label("aged_65_share", lang), f"{share:.1f} %", on, mois))
    if ctx.get("extinction_index") is not None:
        rows.append((cat.label("extinction_index", lang), f"{ctx['extinction_index']:.3f}", on,
                     mois))
    got, _ = evidence.figures(unit.code, year, fw)
    for fig in (f for f in got if f.indicator in CONTEXT_FIGURES):
        ind = fw.indicators[fig.actor][fig.indicator]
        rows.append((ind.label.get(lang) or ind.label["en"], f"{fig.value:.1f}",
                     _vintage(fig.vintage, fig.carried_back, cat, lang),
                     words.agencies(ind.source, lang, cat)))
    if ctx.get("fiscal_self_reliance_pct") is not None:
        vintage = ctx.get("fiscal_self_reliance_vintage")
        fiscal = fw.indicators["municipality"].get("fiscal_self_reliance_pct")
        rows.append((cat.label("fiscal_self_reliance_pct", lang),
                     f"{ctx['fiscal_self_reliance_pct']:.1f}", str(vintage or "—"),
                     words.agencies(fiscal.source if fiscal else None, lang, cat)))
    rows.append((cat.label("kind", lang), cat.label(f"kind_{unit.kind}", lang), "", ""))
    return {"rows": [dict(zip(("label", "value", "on", "source"), r, strict=True))
                     for r in rows],
            "missing": cat.label("context_no_employment", lang)}


def _vintage(vintage: int, carried_back: bool, cat: Catalogue, lang: str) -> str:
    return str(vintage) + (words.aside(cat.label("carried_back", lang), lang)
                           if carried_back else "")


def _annex(fw: Framework, bars: list[dict], cat: Catalogue, lang: str) -> list[dict]:
    """Each indicator's agency, the year of the figure used, its direction, and the
    source as the framework gives it and what the figure can stand for, in the language
    (left blank where the framework does not give them in it)."""
    return [{"indicator": b["indicator"], "agency": b["agency"], "year": b["year"] or "—",
             "direction": cat.label(f"direction_{b['direction']}", lang),
             "detail": _detail(b["source"], b["note"], cat, lang)} for b in bars]


def _detail(source: str | None, note: str | None, cat: Catalogue, lang: str) -> str:
    if not source:
        return ""
    return cat.label("source_and_note", lang).format(source=source, note=note) if note \
        else source


def _csv_link(code: str, year: int, bars: list[dict], series: dict) -> dict:
    """The profile's figures as CSV, in a data: link the reader downloads."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["region_code", "year", "indicator", "value", "figure_year", "national_median",
                "province_median"])
    for b in bars:
        w.writerow([code, year, b["id"], _num(b["value"]), b["vintage"] or "",
                    _num(b["national"]), _num(b["province"])])
    w.writerow([])
    w.writerow(["region_code", "year", *ACTORS])
    for i, y in enumerate(series["years"]):
        w.writerow([code, y, *(_num(r["cells"][i]) for r in series["rows"])])
    data = base64.b64encode(("\ufeff" + out.getvalue()).encode("utf-8")).decode("ascii")
    return {"href": Markup(f"data:text/csv;charset=utf-8;base64,{data}"),
            "name": f"regionlab-{code}-{year}.csv"}


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:g}"
