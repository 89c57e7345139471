"""Compile the report's templates into the Python Jinja2 makes of them, and ship it.

    python scripts/build_templates.py [--check]

Parsing a template and generating its Python is most of what Jinja2 does to compile it:
a report whose templates are not yet in its cache (the first run after an install) paid
about 0.04 s for it. So it is done here, once per change of a template, and written to
`src/regionlab/report/templates/compiled.json`: for each template the size and CRC-32 of
its source and its Python, with the Jinja2 version and options (report/html.made_with)
it was made with. A report uses a template's Python only when all of these are those it
has (report/html._Environment); otherwise Jinja2 compiles the template as before. Run it
after changing a template (tests/test_report_templates.py fails until then). `--check`
only says whether the shipped file is up to date. The output is the same bytes on every
run with the same Jinja2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from shipped import ship  # noqa: E402

from regionlab.report import html  # noqa: E402


def text() -> str:
    """The shipped file as it would be made now: one template a line."""
    env = html._environment()
    templates = {}
    for name in sorted(env.list_templates(extensions=["j2"])):
        source, filename, _ = env.loader.get_source(env, name)
        templates[name] = [html._source_key(source),
                           env.compile(source, name, filename, raw=True)]
    lines = [f"{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}"
             for name, entry in templates.items()]
    return ('{"made_with": ' + json.dumps(html.made_with()) + ', "templates": {\n'
            + ",\n".join(lines) + "\n}}\n")


def main(argv: list[str] | None = None) -> int:
    return ship(html.SHIPPED, text(), __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
