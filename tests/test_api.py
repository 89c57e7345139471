"""The package's own names: `from regionlab import Engine, Assessment, InputError,
Problem`, loaded only when first used, so that `import regionlab` (and every command)
stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PROFILES

import regionlab
from regionlab import errors
from regionlab.engine import assess
from regionlab.trust import engine


def test_the_main_names_come_from_the_package():
    from regionlab import Assessment, Engine, InputError, Problem, RegionlabError

    assert (Engine, Assessment) == (engine.Engine, assess.Assessment)
    assert (InputError, Problem, RegionlabError) == (errors.InputError, errors.Problem,
                                                     errors.RegionlabError)
    assert set(regionlab.__all__) <= set(dir(regionlab))
    a = Engine().assess_file(PROFILES / "gunsan.yaml")
    assert isinstance(a, Assessment) and a.domain == "government"


def test_importing_the_package_loads_nothing_else():
    code = "import sys, regionlab; print([m for m in sys.modules if m.startswith('regionlab')])"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "['regionlab']"


def test_subpackages_still_import_and_unknown_names_are_refused():
    from regionlab import report  # a subpackage, not one of the lazy names

    assert report.__name__ == "regionlab.report"
    with pytest.raises(AttributeError):
        regionlab.no_such_name  # noqa: B018
    with pytest.raises(ImportError):
        from regionlab import no_such_name  # noqa: F401
