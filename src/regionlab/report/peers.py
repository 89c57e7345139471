"""A region's peers: the municipalities most like it, and where those in another
domain differ most from it ("who is like us and doing better, and why").

The method is data (data/peers.yaml): the same kind of municipality (si, gun,
autonomous gu), then the nearest by weighted Euclidean distance on standardised
features (the four capacities, population and extinction risk). docs/reports.md
describes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from regionlab.base.schema import Schema, boolean, integer, mapping, number, one_of, record
from regionlab.policy.cache import cached
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS
from regionlab.report.nation import Nation, Unit

FEATURES = (*ACTORS, "log_population", "extinction_index")
SCHEMA = Schema(record(required={
    "format": one_of("regionlab/peers/v1"),
    "count": integer(ge=1, le=50),
    "same_kind": boolean(),
    "features": mapping(number(ge=0), keys=one_of(*FEATURES)),
}))


@dataclass(frozen=True)
class Settings:
    count: int
    same_kind: bool
    weights: dict[str, float]


@cache
def load_settings(path: str | None = None) -> Settings:
    data = cached(Path(path) if path else packaged("peers.yaml"), "peers", SCHEMA.check_file)
    return Settings(data["count"], data["same_kind"],
                    {k: float(w) for k, w in data["features"].items() if w > 0})


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 0.7 ms each, on every report).
class Peer(NamedTuple):
    unit: Unit
    distance: float
    # for a peer in another domain: (actor, the peer's capacity, the region's), the
    # actor the domain rules read on which the two differ most
    differs: tuple[str, float, float] | None


def feature(unit: Unit, name: str) -> float | None:
    return unit.capacities[name] if name in ACTORS else unit.context.get(name)


def find(nation: Nation, code: str, capacities: dict[str, float | None], domain: str | None,
         domain_actors: tuple[str, ...] = ACTORS, settings: Settings | None = None
         ) -> list[Peer]:
    """The nearest municipalities to the region `code` with `capacities` (its own, as
    assessed) and its context; [] when the nation does not know it."""
    settings = settings or load_settings()
    me = nation.unit(code)
    if me is None:
        return []
    mine = _known({n: capacities.get(n) if n in ACTORS else feature(me, n)
                   for n in settings.weights})
    if mine is None:
        return []
    pool = [(u, known) for u in nation.units if (not settings.same_kind or u.kind == me.kind)
            and (known := _known({n: feature(u, n) for n in settings.weights})) is not None]
    scale = {n: _spread([known[n] for _, known in pool]) for n in settings.weights}
    found = []
    for u, known in pool:
        if u.territory() == me.territory():
            continue
        d = math.sqrt(sum(w * ((known[n] - mine[n]) / scale[n]) ** 2
                          for n, w in settings.weights.items()))
        found.append((round(d, 6), u.code, u))
    found.sort(key=lambda t: t[:2])
    return [Peer(u, d, _differs(u, capacities, domain, domain_actors))
            for d, _, u in found[:settings.count]]


def _known(values: dict[str, float | None]) -> dict[str, float] | None:
    """The values, when every one is known."""
    out = {}
    for name, value in values.items():
        if value is None:
            return None
        out[name] = value
    return out


def _spread(values: list[float]) -> float:
    if len(values) < 2:
        return 1.0
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    return sd or 1.0


def _differs(peer: Unit, capacities: dict, domain: str | None, actors: tuple[str, ...]
             ) -> tuple[str, float, float] | None:
    if peer.domain is None or peer.domain == domain:
        return None
    gaps = [(abs(theirs - ours), a, theirs, ours) for a in actors
            if (theirs := peer.capacities.get(a)) is not None
            and (ours := capacities.get(a)) is not None]
    if not gaps:
        return None
    _, actor, theirs, ours = max(gaps)  # actors differ: the figures are never compared
    return actor, theirs, ours
