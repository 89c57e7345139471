"""A region's figures and reasons as rows of words in the reader's language: what its
report page (report/pages.py) and its Markdown (output/markdown.py) both show, built once.
"""

from __future__ import annotations

from regionlab.engine.assess import Assessment
from regionlab.engine.json_view import comparison_text
from regionlab.output import wording
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS


def evidence_rows(a: Assessment, cat: Catalogue, lang: str) -> list[dict]:
    """Each indicator given: its actor, name, value and unit, the year it is from
    (carried back or not), the agencies behind it and its score ("shown, not counted" at
    weight 0); in the framework's order within each actor. `value` and `year` are
    worded for a page; `number`, `unit`, `figure_year` and `carried_back` are the same
    apart, for a workbook's cells."""
    rows = []
    for actor in ACTORS:
        for i in a.scores[actor].indicators:
            ind = a.framework_indicators[actor][i.name]
            unit = wording.unit_text(ind.unit, cat, lang)
            carried = i.year is not None and i.year > a.profile.year
            year = "" if i.year is None else str(i.year)
            if carried:
                year += wording.aside(cat.label("carried_back", lang), lang)
            counted = i.weight > 0
            rows.append({"actor_id": actor, "actor": cat.title("actors", actor, lang),
                         "name": ind.label[lang], "value": f"{i.value:g} {unit}",
                         "number": i.value, "unit": unit, "year": year,
                         "figure_year": i.year, "carried_back": carried,
                         "source": wording.agencies(ind.source, lang, cat),
                         "counted": counted,
                         "score": round(i.score) if counted
                         else cat.label("not_counted", lang)})
    return rows


def reason_row(e, cat: Catalogue, lang: str) -> dict:
    """A rule considered, in the language: what it concludes (titles), its comparisons
    and the values it read with their names, its source and why; its id apart, for an
    analyst. A comparison that cannot be worded is shown as code."""
    comparisons = []
    for c in e.comparisons:
        worded = wording.comparison(c, lang, cat)
        comparisons.append({"text": worded or comparison_text(c), "code": worded is None})
    if not comparisons:
        comparisons = [{"text": e.rule.condition.source, "code": True}]
    return {"id": e.rule.id, "initiative": e.initiative,
            "concludes": wording.concludes(e.rule.kind, e.rule.then, lang, cat),
            "comparisons": comparisons,
            "read": wording.values({**e.values, **e.thresholds}, lang, cat),
            "source": wording.source_text(e.rule.source, lang, cat),
            "rationale": e.rule.rationale_in(lang)}
