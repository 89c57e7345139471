"""The report's templates compiled at build time (scripts/build_templates.py): the shipped
Python is what Jinja2 makes of the templates now, a page made from it is the page Jinja2's
own compiling makes, and a template whose source differs is compiled by Jinja2."""

from __future__ import annotations

import jinja2
import pytest
from conftest import PROFILES, ROOT

from regionlab.report import build, html


@pytest.fixture
def fresh(monkeypatch):
    """No cache on disk or in the process: every template compiled on first use."""
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    html._environment.cache_clear()
    html._shipped.cache_clear()
    yield
    html._environment.cache_clear()
    html._shipped.cache_clear()


def test_the_shipped_python_is_the_templates_compiled_now(monkeypatch, fresh):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from build_templates import text

    shipped = html.SHIPPED.read_text(encoding="utf-8")
    if f'"made_with": "{html.made_with()}"' not in shipped:  # another Jinja2: not used
        assert html._shipped() == {}
        pytest.skip(f"the shipped templates were made with another Jinja2 than "
                    f"{jinja2.__version__}: run python scripts/build_templates.py")
    assert shipped == text(), "run python scripts/build_templates.py"
    assert set(html._shipped()) == set(html._environment().list_templates(extensions=["j2"]))


def test_a_page_from_the_shipped_python_is_the_page_jinja2_compiles(monkeypatch, fresh):
    if not html._shipped():
        pytest.skip("the shipped templates were made with another Jinja2")
    with monkeypatch.context() as m:  # Jinja2's compiling: not needed
        m.setattr(jinja2.Environment, "compile",
                  lambda *a, **k: pytest.fail("a template compiled by Jinja2"))
        shipped = [build.report([PROFILES / "gunsan.yaml"], "ko"),
                   build.report([PROFILES], "ja")]
    html._environment.cache_clear()
    with monkeypatch.context() as m:  # nothing shipped: Jinja2 compiles every template
        m.setattr(html, "_shipped", lambda: {})
        assert [build.report([PROFILES / "gunsan.yaml"], "ko"),
                build.report([PROFILES], "ja")] == shipped


def test_a_template_whose_source_differs_is_compiled_by_jinja2(fresh):
    env = html._environment()
    assert "batch.html.j2" in html._shipped()
    code = env.compile("edited {{ 6 * 7 }}", "batch.html.j2", "batch.html.j2")
    assert env.template_class.from_code(env, code, env.globals).render() == "edited 42"
