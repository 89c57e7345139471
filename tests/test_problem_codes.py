"""Errors as documented data: every problem code regionlab can raise is in the registry
(data/problems.yaml) with a description and an example, and docs/problems.md lists
them all. Two nets: the codes written in the source (read with `ast`), and every code
actually raised while the suite runs (conftest.py records them; the check is at the
end of the session, so it sees the codes of every test)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT

from regionlab.policy.problems import problem_codes

CODE = re.compile(r"^[a-z]+(-[a-z0-9]+)+$|^unreadable$|^formula$")


def codes_in_source() -> dict[str, str]:
    """Codes given to Problem(file, line, field, code, message) or code=..., and to the
    local `problem(where, code, message)` helpers, as string literals."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "src" / "regionlab").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            # functions that give (code, message) or (field, code, message) for a caller
            # to make the Problem: the schema's _describe, the codes' code_problems
            if isinstance(function, ast.FunctionDef) and function.name in (
                    "_describe", "code_problems"):
                at = 0 if function.name == "_describe" else 1
                for node in ast.walk(function):
                    value = getattr(node, "value", None)
                    if isinstance(node, ast.Return | ast.Yield) and isinstance(
                            value, ast.Tuple) and len(value.elts) > at:
                        spot = value.elts[at]
                        if isinstance(spot, ast.Constant) and isinstance(spot.value, str) \
                                and CODE.match(spot.value):
                            found.setdefault(spot.value,
                                             f"{path.relative_to(ROOT)}:{node.lineno}")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            spots = [k.value for k in node.keywords if k.arg == "code"]
            if name == "Problem" and len(node.args) >= 4:
                spots.append(node.args[3])
            elif name.lstrip("_") == "problem" and len(node.args) >= 3:
                spots.append(node.args[1])
            # the other helpers that make a Problem (issue 19, item 11): a rating sheet's
            # row.bad(key, code, message) and at(file, row, columns, key, code, message),
            # the YAML loader's _Refused(code, message, mark)
            elif name == "bad" and len(node.args) >= 3:
                spots.append(node.args[1])
            elif name == "at" and len(node.args) >= 6:
                spots.append(node.args[4])
            elif name == "_Refused" and len(node.args) >= 2:
                spots.append(node.args[0])
            for spot in spots:
                if isinstance(spot, ast.Constant) and isinstance(spot.value, str) \
                        and CODE.match(spot.value):
                    found.setdefault(spot.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_in_the_source_is_documented():
    known = problem_codes()
    found = codes_in_source()
    assert len(found) > 40  # the scan sees the codes (it would pass on nothing found)
    missing = {c: where for c, where in found.items() if c not in known}
    assert not missing, f"add these to src/regionlab/data/problems.yaml: {missing}"


def test_the_registry_has_a_description_and_an_example_for_each():
    for code in problem_codes().values():
        assert code.description.endswith(".") and len(code.description) > 20, code.code
        assert code.example and "Traceback" not in code.example, code.code


def test_docs_page_lists_every_code_as_the_registry_has_it():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "problems_doc.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in page for c in problem_codes())


def test_validate_gives_problems_as_records(tmp_path):
    import json

    from typer.testing import CliRunner

    from regionlab.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: regionlab/profile/v1\nregion: {code: '1', name: X, country: XX}\n"
                   "year: 2019\nactors:\n  municipality: {rating: 6}\n  residents: {}\n"
                   "  business_finance: {}\n  universities: {}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 1, "valid": 0, "invalid": 1, "problems": 1}
    assert data["problems"] == [{"file": str(bad), "line": 5,
                                 "field": "actors.municipality.rating",
                                 "code": "out-of-range", "message": data["problems"][0]["message"]}]
    assert data["problems"][0]["code"] in problem_codes()
