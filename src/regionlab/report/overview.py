"""A batch's page, the national overview: regions per domain and grade, per domain by
province, the distribution of each capacity, the map with its layers, the plane, and
the table of every region with its province (searchable, sortable, header in view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: nothing more imported at run time
    from regionlab.output.rows import BatchRow

from collections import Counter
from collections.abc import Sequence

from markupsafe import Markup

from regionlab.errors import Problem
from regionlab.korea.reference import province_of
from regionlab.output import palette
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.profile.models import ACTORS, DOMAINS
from regionlab.report import charts, words
from regionlab.report.html import Edition, page
from regionlab.report.maps import map_context, map_date, territory
from regionlab.report.names import region_title, row_name
from regionlab.report.nation import Contexts, contexts, median
from regionlab.report.pages import plane_areas, plane_text
from regionlab.report.vintages import with_evidence
from regionlab.rules.rulebook import Rulebook, load_rulebook


def batch_report(rows: Sequence[BatchRow], catalogue: Catalogue, lang: str,
                 title: str | None = None, *, rulebook: Rulebook | None = None,
                 framework: Framework | None = None, problems: Sequence[Problem] = (),
                 dated: Edition | None = None) -> str:
    """Rows as `batch.row` makes them (or `results.read` reads them back), drawn with
    the areas and thresholds of `rulebook` (the shipped one by default)."""
    cat = catalogue
    rulebook = rulebook or load_rulebook(None)
    rows = list(rows)
    national = latest_contexts(rows, framework or load_framework())
    table = [table_row(r, cat, lang) for r in rows]
    return page("batch.html.j2", cat, lang, dated=dated,
                title=title or cat.label("batch_report", lang),
                subtitle=batch_subtitle(rows, cat, lang),
                domain_counts=domain_counts(rows, cat, lang),
                by_province=by_province(table, cat, lang),
                histograms=histograms(rows, rulebook, cat, lang),
                map=map_context(rows, cat, lang, national),
                plane=_batch_plane(rows, rulebook, cat, lang),
                no_areas=plane_areas(rulebook) is None,
                off_plane=sum(_position(r) is None for r in rows),
                table=table, grade_titles=grade_titles(cat, lang),
                actor_titles=[cat.title("actors", a, lang) for a in ACTORS],
                problems=list(problems), thresholds=rulebook.thresholds,
                sources=page_sources(rows, framework or load_framework(), cat, lang))


def page_sources(rows: Sequence[BatchRow], fw: Framework, cat: Catalogue, lang: str) -> str:
    """The agencies whose figures the evidence scores of the page come from, in the
    language ('행정안전부(MOIS), 국가통계포털(KOSIS), ...'), for the page's header and
    every printed page's margin; empty when no row is scored on the evidence panel."""
    text = "; ".join(ind.source for a in with_evidence(rows)
                     for ind in fw.indicators.get(a, {}).values()
                     if ind.panel and ind.counted and ind.source)
    return words.agencies(text, lang, cat) if text else ""


def latest_contexts(rows: Sequence[BatchRow], fw: Framework) -> Contexts | None:
    """The context figures of the nation of the latest year, for the map's layers."""
    years = [r["year"] for r in rows]
    return contexts(max(years), fw) if years else None


def batch_subtitle(rows: Sequence[BatchRow], cat: Catalogue, lang: str) -> str:
    """'5 regions · 10 results · 2019–2025': a region in several years is one region."""
    years = sorted({r["year"] for r in rows})
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    regions = len({territory(r["region_code"], map_date()) for r in rows})
    parts = [cat.label("n_regions_one" if regions == 1 else "n_regions", lang).format(n=regions)]
    if regions != len(rows):
        parts.append(cat.label("n_results", lang).format(n=len(rows)))
    return " · ".join(parts + ([span] if span else []))


def _position(row: BatchRow) -> tuple[float, float] | None:
    x, y = row.get("municipality"), row.get("residents")
    return None if x is None or y is None else (x, y)


def domain_counts(rows: Sequence[BatchRow], cat: Catalogue, lang: str) -> list[dict]:
    """Regions per domain (and per grade within it), with insufficient data last."""
    by_domain = Counter(r["domain"] for r in rows)
    by_both = Counter((r["domain"], r["grade"]) for r in rows)
    out = []
    for d in (*DOMAINS, None):
        out.append({"id": d or "insufficient", "count": by_domain[d],
                    "title": domain_title(d, cat, lang),
                    "colour": palette.domain_colour(d), "tint": palette.domain_tint(d),
                    "grades": [by_both[(d, g)] for g in (*cat.grades, None)]})
    return out


def domain_title(d: str | None, cat: Catalogue, lang: str) -> str:
    return cat.title("domains", d, lang) if d else cat.label("not_classified", lang)


def grade_titles(cat: Catalogue, lang: str) -> list[str]:
    return [cat.title("grades", g, lang) for g in cat.grades] + [cat.label("no_grade", lang)]


def by_province(table: Sequence[dict], cat: Catalogue, lang: str) -> list[dict]:
    """Regions per domain in each province, in code order; a bar of shares per row."""
    counts: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for t in table:
        key = t["province_code"] or "~"
        counts.setdefault(key, Counter())[t["domain"]] += 1
        names[key] = t["province"] or "—"
    out = []
    for key in sorted(counts):
        c, total = counts[key], sum(counts[key].values())
        out.append({"name": names[key], "total": total,
                    "counts": [c[d] for d in (*DOMAINS, None)],
                    "bar": [(palette.domain_colour(d), 100 * c[d] / total,
                             f"{domain_title(d, cat, lang)}: {c[d]}")
                            for d in (*DOMAINS, None) if c[d]]})
    return out


def histograms(rows: Sequence[BatchRow], rulebook: Rulebook, cat: Catalogue, lang: str
               ) -> list[dict]:
    out = []
    for actor in ACTORS:
        values = [v for r in rows if isinstance(v := r.get(actor), float | int)]
        title = cat.title("actors", actor, lang)
        svg = charts.histogram(values, rulebook.thresholds, median(values),
                               cat.label("capacity", lang), f"hist-{actor}",
                               cat.label("histogram_alt", lang).format(actor=title)) \
            if values else None
        out.append({"actor": title, "svg": Markup(svg) if svg else None, "n": len(values),
                    "median": median(values)})
    return out


def _batch_plane(rows: Sequence[BatchRow], rulebook: Rulebook, cat: Catalogue, lang: str
                 ) -> Markup | None:
    years = len({r["year"] for r in rows}) > 1  # several years: each name with its year
    points = [charts.Point(r["region_code"], row_name(r, lang) + (f" {r['year']}" if years
                                                                  else ""),
                           *at, r["domain"])
              for r in rows if (at := _position(r)) is not None]
    if not points:
        return None
    return Markup(charts.plane(points, rulebook.thresholds, plane_areas(rulebook),
                               plane_text(cat, lang), "batch-plane",
                               cat.label("plane_alt", lang), big=True))


def table_row(r: BatchRow, cat: Catalogue, lang: str) -> dict:
    province = province_of(r["region_code"], r["year"])
    return {"code": r["region_code"], "name": region_title(r["region_name"],
                                                           r.get("region_name_local"), lang),
            "province_code": province,
            "province": words.province(province, lang, cat) if province else
            (r.get("parent") or ""),
            "year": r["year"], "capacities": [r.get(a) for a in ACTORS],
            "domain": r["domain"], "domain_title": domain_title(r["domain"], cat, lang),
            "tint": palette.domain_tint(r["domain"]),
            "grade": cat.title("grades", r["grade"], lang) if r["grade"] else "—",
            "grade_rank": cat.grades.index(r["grade"]) if r["grade"] in cat.grades else -1,
            "stability": r.get("stability"),
            "cases": [cat.title("cases", c, lang) for c in r.get("cases") or ()],
            "flags": [cat.title("flags", f, lang) for f in r.get("flags") or ()]}
