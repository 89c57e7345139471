"""The colours of domains and bands, shared by the charts, the HTML report and the Excel
file so that a domain looks the same everywhere. Plain data: importing this costs nothing.

Chosen for WCAG AA and colour-blind readers (tests/test_report_trust.py checks both):
every domain and band colour is a mark of at least 3:1 against white and the tinted
areas it is drawn on, and a domain's name written in its colour on its own area reads at
4.5:1; the three domains stay apart under simulated protanopia, deuteranopia and
tritanopia (blue and green apart by lightness, not hue alone). The bands are one
brown from light to dark, a scale of their own: green means the social domain and
nothing else.
"""

from __future__ import annotations

DOMAIN = {"government": "#1B3F8B", "overlap": "#AA3E7C", "social": "#1C7338"}
INSUFFICIENT = "#8C8C8C"  # assessed, but not classified for want of data
NOT_ASSESSED = "#D9D9D9"  # on the map: no result in this batch
# light tints of the same colours, for table cells that carry text
DOMAIN_TINT = {"government": "#D1D9E8", "overlap": "#EED8E5", "social": "#D2E3D7"}
INSUFFICIENT_TINT = "#E8E8E8"
GRADE = ("#9DC3E6", "#4F8CC9", "#1F4E79")  # grades in catalogue order: readiness rising
CAPACITY = "#3C4A5A"  # the capacities' polygon on the radar: no domain's colour
BAND = {"low": "#D2691E", "mid": "#94501A", "high": "#4A2A0C"}


def domain_colour(domain: str | None) -> str:
    return DOMAIN.get(domain or "", INSUFFICIENT)


def domain_tint(domain: str | None) -> str:
    return DOMAIN_TINT.get(domain or "", INSUFFICIENT_TINT)
