"""The validity report of `regionlab evidence check` as text for a terminal of 80
columns (the JSON is the report's plain data as it stands)."""

from __future__ import annotations

import textwrap

ACTOR_NAMES = {"municipality": "Local government", "residents": "Residents",
               "business_finance": "Business and finance",
               "universities": "Universities and research"}


def _r(x) -> str:
    return "   —" if x is None else f"{x:+.2f}"


def text(report: dict) -> str:
    out = [f"What the evidence measures, {report['year']} "
           f"({report['municipalities']} municipalities, evidence alone)", ""]
    d = report["domains"]
    out.append(f"Domains: {report['with_domain']} of {report['municipalities']} decided — "
               f"government {d['government']}, overlap {d['overlap']}, social {d['social']}")
    if report.get("no_domain_because"):
        out.append(f"  no domain: {report['no_domain_because']}")
    out += ["", "Each actor's capacity against what it may really measure",
            "(r: correlation over the municipalities; 65+: share of residents aged 65+,",
            " June 2025; log pop: log of population; mean by kind of local government)", "",
            f"  {'':34} {'r 65+':>6} {'r log pop':>9}  {'gu':>5} {'si':>5} {'gun':>5}"]
    for actor, a in report["actors"].items():
        kinds = a["mean_by_kind"]
        out.append(f"  {ACTOR_NAMES.get(actor, actor):34} {_r(a['r_65plus']):>6} "
                   f"{_r(a['r_log_population']):>9}  "
                   + " ".join(f"{kinds.get(k) if kinds.get(k) is not None else '—':>5}"
                              for k in ("gu", "si", "gun")))
        for name, f in a["figures"].items():
            mark = "counted" if f["counted"] else "shown"
            out.append(f"    {name[:32]:32} {_r(f['r_65plus']):>6} "
                       f"{_r(f['r_log_population']):>9}  {mark}")
        for pair in a["between_counted"]:
            out += _wrapped(f"r between {pair['a']} and {pair['b']}: {_r(pair['r'])}", 4)
    out += ["", "Domains by kind and by designation (government / overlap / social)"]
    for title, key in (("kind", "domains_by_kind"), ("designation", "domains_by_designation")):
        for name, counts in report[key].items():
            cells = " / ".join(str(counts.get(x, 0)) for x in ("government", "overlap",
                                                               "social"))
            none = f" (no domain {counts['none']})" if counts.get("none") else ""
            out.append(f"  {(title + ' ' + name)[:44]:44} {cells}{none}")
    alt = report["alternatives"]
    s = report["stability"]
    out += ["", "Verdicts each declared method alternative changes (framework.yaml)",
            f"  {'':30} {'domain':>6} {'grade':>6} {'cases':>6}"]
    for name, n in alt["changed"].items():
        out.append(f"  {name:30} {n:6} {alt['grades_changed'][name]:6} "
                   f"{alt['cases_changed'][name]:6}")
    out += [f"  {'any of them (domain)':30} {alt['any']:6}",
            f"  {'stability 1.00':30} {s['one']:6}",
            f"  {'flagged near-threshold':30} {s['near_threshold']:6}", "",
            "The presentation's table (KRILA 2019, 2.3), with no rating: the evidence and",
            "the designations init writes (Rochester's model follows a crisis designation)"]
    for p in report["presentation"]:
        mark = "holds" if p["holds"] else "DOES NOT HOLD"
        lost = (f"; lost under {', '.join(p['lost_under'])}" if p.get("lost_under")
                else "; kept under every alternative")
        out += _wrapped(f"{p['name'] or p['code']} {p['year']}: expects {p['case']} — "
                        f"{mark}{lost}; {p['domain'] or 'no domain'}, cases "
                        f"{', '.join(p['cases']) or 'none'}", 2)
    out += ["", "Places known for a resource, ranked on that actor (top tenth = "
            f"{report['known'][0]['top'] if report['known'] else '—'})"]
    for k in report["known"]:
        if k["rank"] is None:
            out.append(f"  {k['code']}: not found in {report['year']}")
            continue
        tie = f", tied with {k['tied'] - 1}" if k.get("tied", 1) > 1 else ""
        mark = "holds" if k["holds"] else "below the top tenth"
        out.append(f"  {k['name']} on {k['actor']}: {k['rank']} of {k['of']}{tie} "
                   f"({k['capacity']:.1f}) — {mark}")
        out += _wrapped(k["why"], 4)
    return "\n".join(out) + "\n"


def _wrapped(line: str, indent: int) -> list[str]:
    return textwrap.wrap(line, 80, initial_indent=" " * indent,
                         subsequent_indent=" " * (indent + 2)) or [""]
