"""The colours of domains and bands, shared by the charts, the HTML report and the Excel
file so that a domain looks the same everywhere. Plain data: importing this costs nothing.

Based on the Okabe-Ito palette, which stays distinguishable with colour-blindness.
"""

from __future__ import annotations

DOMAIN = {"government": "#0072B2", "overlap": "#CC79A7", "social": "#009E73"}
INSUFFICIENT = "#E69F00"  # assessed, but not classified for want of data
NOT_ASSESSED = "#D9D9D9"  # on the map: no result in this batch
# light tints of the same colours, for table cells that carry text
DOMAIN_TINT = {"government": "#CCE3F0", "overlap": "#F5E4EE", "social": "#CCECE3"}
INSUFFICIENT_TINT = "#FAECCC"
GRADE = ("#9DC3E6", "#4F8CC9", "#1F4E79")  # grades in catalogue order: readiness rising
CAPACITY = "#3C4A5A"  # the capacities' polygon on the radar: no domain's colour
BAND = {"low": "#D55E00", "mid": "#E69F00", "high": "#009E73"}


def domain_colour(domain: str | None) -> str:
    return DOMAIN.get(domain or "", INSUFFICIENT)


def domain_tint(domain: str | None) -> str:
    return DOMAIN_TINT.get(domain or "", INSUFFICIENT_TINT)
