"""Shared test set-up: the on-disk data cache goes to a temporary folder, so the
suite never reads or writes the user's cache, and helpers to write profiles."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "profiles"

# No timed tests: Hypothesis's 200 ms deadline per example failed a property of the
# condition language on a loaded 2-core machine (440 ms once, 0.09 ms when replayed)
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


@pytest.fixture(autouse=True, scope="session")
def _cache_in_tmp(tmp_path_factory):
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # the run's workers share one cache (its writes are whole files, replaced
        # atomically, made for parallel runs): the fonts subset, the nation assessed and
        # the templates compiled once per run instead of once per worker
        folder = base.parent / "cache"
        folder.mkdir(exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("cache")
    os.environ["REGIONLAB_CACHE_DIR"] = str(folder)
    yield


def profile_data(municipality=3, residents=3, business_finance=3, universities=3, **extra):
    """A minimal valid profile as data; a rating of None leaves the actor empty."""
    ratings = dict(municipality=municipality, residents=residents,
                   business_finance=business_finance, universities=universities)
    data = {
        "format": "regionlab/profile/v1",
        # a synthetic region: country XX, so that its code is not checked against
        # the table of Korean local governments
        "region": {"code": "99999", "name": "Testville", "country": "XX"},
        "year": 2019,
        "actors": {a: ({} if r is None else {"rating": r}) for a, r in ratings.items()},
    }
    data.update(extra)
    return data


@pytest.fixture
def write_profile(tmp_path):
    def write(data: dict, name: str = "p.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


def edited_rulebook(folder: Path, conditions: dict[str, str], **thresholds: float) -> Path:
    """The shipped rulebook with these rules' conditions (by rule id) and threshold
    values, written to `folder`."""
    from regionlab.policy.packaged import packaged

    data = yaml.safe_load(packaged("rulebook.yaml").read_text(encoding="utf-8"))
    for rule in data["rules"]:
        rule["when"] = conditions.get(rule["id"], rule["when"])
    for name, value in thresholds.items():
        data["thresholds"][name]["value"] = value
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # a name of its own: rulebooks are cached by file while a run lasts
    path = folder / f"rulebook-{hashlib.sha256(text.encode()).hexdigest()[:12]}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- order: the longest files first ---------------------------------------------------

# With --dist loadfile (pyproject's addopts, with --no-loadscope-reorder) each file goes
# whole to one worker, in the order collected: a long file begun last keeps the run
# waiting while the other worker idles (mypy's one test alone is about 10 s). These
# files took longest (pytest --durations=0, summed by file, most first); the rest
# keep their order after them.
LONGEST_FIRST = ["test_report_browser.py", "test_hostile_2.py", "test_report_trust.py",
                 "test_report.py", "test_report_i18n.py", "test_types.py",
                 "test_loader_properties.py", "test_expr.py", "test_ratings.py",
                 "test_stability_properties.py", "test_hostile.py", "test_validity.py"]


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable


# --- problem codes: every code raised during the run must be in the registry ----------------

_RAISED: dict[str, str] = {}


def pytest_sessionstart(session):
    """Record each problem code the suite sees raised: every problem is made through
    Problem.__init__ (wrapped here; worker processes of `batch --jobs` are not seen)."""
    from regionlab import errors

    made = errors.Problem.__init__

    def record(self, *args, **kwargs):
        made(self, *args, **kwargs)
        _RAISED.setdefault(self.code, self.message)

    errors.Problem.__init__ = record


def pytest_sessionfinish(session, exitstatus):
    """A code raised during the run that data/problems.yaml does not document fails the
    run (tests/test_problem_codes.py checks the codes written in the source). Under
    pytest-xdist each worker hands its codes to the controlling process, which checks
    them all once every worker is done."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a worker: report, the controller decides
        workeroutput["problem_codes"] = dict(_RAISED)
        return
    if not _RAISED:
        return
    from regionlab.policy.problems import problem_codes

    missing = sorted(set(_RAISED) - set(problem_codes()))
    if missing:
        print("\nproblem codes raised but not documented in src/regionlab/data/problems.yaml: "
              + ", ".join(f"{c} ({_RAISED[c]!r})" for c in missing))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist's hook on the controlling process: a worker finished; gather its codes."""
    for code, message in getattr(node, "workeroutput", {}).get("problem_codes", {}).items():
        _RAISED.setdefault(code, message)
