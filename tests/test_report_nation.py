"""Where a region stands among all: the national distribution a report compares with
(the same as `init --all` + `batch` would give), ranks and percentiles, medians, the
panel's missing years said rather than drawn, peers and their method as data."""

from __future__ import annotations

import pytest
import yaml
from conftest import PROFILES
from markupsafe import escape

from regionlab.errors import InputError
from regionlab.nation import init_profiles
from regionlab.nation.batch import run_batch
from regionlab.profile.models import ACTORS
from regionlab.report import build, nation, peers
from regionlab.trust.engine import Engine


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.fixture(scope="module")
def nation_2022(engine):
    return nation.nation(2022, engine.framework, engine.rulebook)


def test_the_nation_is_what_init_all_and_batch_give(tmp_path, engine, nation_2022):
    init_profiles.init_all(2022, tmp_path)
    rows = {r["region_code"]: r for r in run_batch([tmp_path], with_stability=False).rows}
    assert len(nation_2022.units) == len(rows) == 226
    for u in nation_2022.units:
        r = rows[u.code]
        assert (u.domain, u.grade) == (r["domain"], r["grade"]), u.code
        assert u.capacities == {a: r[a] for a in ACTORS}, u.code


def test_the_nation_is_computed_once_per_year_framework_and_rulebook(engine, nation_2022):
    assert nation.nation(2022, engine.framework, engine.rulebook) is nation_2022
    assert nation.nation(2019, engine.framework, engine.rulebook) is not nation_2022
    assert nation.nation(2014, engine.framework, engine.rulebook) is None  # before the tables


def test_the_maps_context_figures_are_the_nations(engine, monkeypatch, tmp_path):
    """A national page's map shows each region's context figures (extinction risk,
    fiscal self-reliance and its year) found without assessing the nation: the same as
    the nation's units carry, region by region, made and then kept, each year's in one
    cache folder with the others' (a key without the year would serve another year)."""
    fw, rules = engine.framework, engine.rulebook
    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path))
    years = (2016, 2022, 2025)
    for _ in ("made", "kept"):
        for year in years:
            units = {}
            for u in nation.nation(year, fw, rules).units:
                units.setdefault(u.territory(), u.context)  # the first, as Nation.unit finds
            found = nation.contexts(year, fw)
            assert found is not None and found.by_territory == units, year
            assert found.fiscal_vintages() == {
                c["fiscal_self_reliance_vintage"] for c in units.values()} - {None}
    assert nation.contexts(2014, fw) is None  # before the tables, as the nation


def test_rank_and_percentile_count_the_region_once(nation_2022):
    gunsan = nation_2022.unit("52130")
    # in 2022 Gunsan was 45130 in Jeollabuk-do; its later code finds it all the same
    assert gunsan is not None and (gunsan.code, gunsan.kind, gunsan.province) == (
        "45130", "si", "45000")
    values = nation_2022.values("residents", without=gunsan.territory())
    assert len(values) == 225
    top = nation_2022.standing("residents", 101.0, gunsan.territory())
    bottom = nation_2022.standing("residents", -1.0, gunsan.territory())
    assert (top.rank, top.of) == (1, 226) and (bottom.rank, bottom.of) == (226, 226)
    assert top.percentile > 99 and bottom.percentile < 1
    assert nation.median([3, 1, 2]) == 2 and nation.median([1, 2, 3, 4]) == 2.5
    assert nation.median([]) is None


def test_a_year_without_panel_figures_is_said_not_drawn(tmp_path, engine):
    """2015-2018: no fiscal self-reliance figure, so no local government capacity in the
    nation: no rank, median or strip for it, and the page says why."""
    national = nation.nation(2016, engine.framework, engine.rulebook)
    assert not national.has("municipality") and national.has("residents")
    path = init_profiles.init_one("군산", 2016, tmp_path)
    text = path.read_text(encoding="utf-8").replace("  municipality: {}",
                                                    "  municipality: {rating: 3}")
    path.write_text(text, encoding="utf-8")
    page = build.report([path], "en")
    note = engine.catalogue.label("nation_missing", "en").format(
        year=2016, actors=engine.catalogue.title("actors", "municipality", "en"))
    assert str(escape(note)) in page
    assert 'data-chart="strip-municipality"' not in page
    assert 'data-chart="strip-residents"' in page
    assert page.count('class="series"') == 1  # the region's polygon only: no medians


def test_a_region_outside_the_panel_gets_a_note_not_a_comparison(write_profile, engine):
    data = yaml.safe_load((PROFILES / "gunsan.yaml").read_text(encoding="utf-8"))
    data["region"] = {"code": "X1", "name": "Testville", "country": "ZZ"}
    data["context"].pop("designations", None)
    path = write_profile(data)
    page = build.report([path], "en")
    assert str(escape(engine.catalogue.label("nation_none", "en"))) in page
    assert str(escape(engine.catalogue.label("peers_none", "en"))) in page


def test_peers_are_of_the_same_kind_nearest_first_and_say_where_they_differ(nation_2022):
    gunsan = nation_2022.unit("52130")
    caps = dict(gunsan.capacities)
    found = peers.find(nation_2022, "52130", caps, gunsan.domain, ("municipality", "residents"))
    settings = peers.load_settings()
    assert len(found) == settings.count
    assert all(p.unit.kind == "si" and p.unit.code != "45130" for p in found)
    assert [p.distance for p in found] == sorted(p.distance for p in found)
    for p in found:
        if p.unit.domain == gunsan.domain:
            assert p.differs is None
        else:
            actor, theirs, ours = p.differs
            assert actor in ("municipality", "residents") and ours == caps[actor]
    # a region placed in another domain than its peers: each peer says where it differs
    moved = peers.find(nation_2022, "52130", caps, "social", ("municipality", "residents"))
    assert all(p.differs is not None for p in moved if p.unit.domain != "social")


def test_the_peer_method_is_data_and_checked(tmp_path):
    bad = tmp_path / "peers.yaml"
    bad.write_text("format: regionlab/peers/v1\ncount: 0\nsame_kind: true\n"
                   "features: {residents: 1, shoe_size: 2}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        peers.load_settings(str(bad))
    assert {p.field for p in e.value.problems} >= {"count"}
    good = tmp_path / "alike.yaml"
    good.write_text("format: regionlab/peers/v1\ncount: 3\nsame_kind: false\n"
                    "features: {residents: 1, municipality: 0}\n", encoding="utf-8")
    s = peers.load_settings(str(good))
    assert (s.count, s.same_kind, s.weights) == (3, False, {"residents": 1.0})


def test_the_region_page_ranks_each_capacity_and_lists_peers(engine):
    page = build.report([PROFILES / "gunsan.yaml"], "en")
    for text in ("114th of 226", engine.catalogue.label("national_median", "en"),
                 "Median of Jeollabuk-do", engine.catalogue.label("peers", "en")):
        assert str(escape(text)) in page, text
    assert 'data-chart="strip-universities"' in page


def test_a_rulebook_reading_context_figures_ranks_against_the_nation_it_sees(tmp_path):
    """Issue 17, item 5: the nation is assessed by the engine on the templates' context
    figures too, so a rulebook that reads them places every municipality as a batch of
    `init --all` does (it once saw no population and decided otherwise)."""
    shipped = (PROFILES.parent / "src/regionlab/data/rulebook.yaml").read_text(encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(shipped.replace("when: residents < low\n",
                                     "when: residents < low or population < 40000\n", 1),
                     encoding="utf-8")
    folder = tmp_path / "kr25"
    init_profiles.init_all(2025, folder)
    rows = {r["region_code"]: r for r in
            run_batch([folder], rules=rules, with_stability=False).rows}
    engine = Engine(rules)
    national = nation.nation(2025, engine.framework, engine.rulebook)
    small = [u for u in national.units if (u.context["population"] or 1e9) < 40000]
    assert small and all(u.domain == "government" for u in small)
    for u in national.units:
        assert (u.domain, u.grade) == (rows[u.code]["domain"], rows[u.code]["grade"]), u.code


def test_engines_with_the_same_what_ifs_share_one_nation_and_few_are_kept():
    """Kept by what they read, not by the engine's identity: a process that makes one
    what-if engine per request does not keep one nation per engine."""
    first, again = Engine(what_ifs=["low=35"]), Engine(what_ifs=["low=35"])
    kept = nation.nation(2022, first.framework, first.rulebook)
    assert nation.nation(2022, again.framework, again.rulebook) is kept
    for low in range(20, 20 + nation.MAX_KEPT + 4):
        e = Engine(what_ifs=[f"low={low}"])
        nation.nation(2019, e.framework, e.rulebook)
    assert len(nation._KEPT) <= nation.MAX_KEPT
