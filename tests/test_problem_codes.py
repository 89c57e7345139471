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


class _Source:
    """Where a problem code can be written in the source, found rather than listed:
    the code of `Problem(file, line, field, code, message)` (or `code=`), and every
    helper that passes one of its parameters on into such a place (`problem(path,
    code, message)`, a rule check's `add`, a sheet row's `bad`, the YAML loader's
    `_Refused(code, ...)`, which keeps it as `self.code`), followed to a fixed point;
    and the functions whose returned tuples are unpacked into such a place (the
    schema's `_describe`, the codes' `code_problems`). A new helper needs no entry
    here (issue 19, item 11: codes raised through helpers the scan did not know were
    missing from the registry)."""

    def __init__(self, root):
        self.files = {path: ast.parse(path.read_text(encoding="utf-8"))
                      for path in sorted((root / "src" / "regionlab").rglob("*.py"))}
        self.constants = {t.id: node.value.value for tree in self.files.values()
                          for node in tree.body if isinstance(node, ast.Assign)
                          and isinstance(node.value, ast.Constant)
                          and isinstance(node.value.value, str)
                          for t in node.targets if isinstance(t, ast.Name)}
        self.helpers: dict[str, set[tuple[int, str]]] = {"Problem": {(3, "code")}}
        self.tuples: dict[str, set[int]] = {}  # function -> index of the code it returns
        self.attributes: set[str] = set()  # `x.code` in a code's place
        self._find_helpers()

    def slots(self, call: ast.Call) -> list[ast.expr]:
        """The expressions given as a code to this call, if it is a problem helper."""
        func = call.func
        name = getattr(func, "id", None) or getattr(func, "attr", "")
        out = []
        for index, keyword in self.helpers.get(name, ()):
            if len(call.args) > index and not any(
                    isinstance(a, ast.Starred) for a in call.args[:index + 1]):
                out.append(call.args[index])
            out += [k.value for k in call.keywords if k.arg == keyword]
        return out

    def _find_helpers(self) -> None:
        changed = True
        while changed:
            changed = False
            for tree in self.files.values():
                for function in ast.walk(tree):
                    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                        changed |= self._learn(function, tree)

    def _learn(self, function, tree) -> bool:
        names = [a.arg for a in function.args.args]
        method = bool(names) and names[0] in ("self", "cls")
        params = names[1:] if method else names
        changed = False
        used: set[str] = set()  # names given as a code somewhere in the function
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                for spot in self.slots(node):
                    for whole in self._wholes(spot):  # f"{kind}-gap": kind is no code
                        if isinstance(whole, ast.Name):
                            used.add(whole.id)
                        elif isinstance(whole, ast.Attribute) and \
                                whole.attr not in self.attributes:
                            self.attributes.add(whole.attr)
                            changed = True
        # a parameter given on as a code, or returned in a tuple a caller unpacks into one
        owner = self._class_of(function, tree) if function.name == "__init__" else None
        for i, param in enumerate(params):
            kept = owner is not None and any(
                isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
                and n.value.id == param and any(
                    isinstance(t, ast.Attribute) and t.attr in self.attributes
                    for t in n.targets) for n in ast.walk(function))
            if param in used or kept:
                name = owner or function.name
                if (i, param) not in self.helpers.setdefault(name, set()):
                    self.helpers[name].add((i, param))
                    changed = True
        # `code, message = f(...)` or `for field, code, message in f(...)`, then code given
        for node in ast.walk(function):
            target, value = ((node.targets[0], node.value) if isinstance(node, ast.Assign)
                             and len(node.targets) == 1 else (node.target, node.iter)
                             if isinstance(node, ast.For) else (None, None))
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Call):
                callee = getattr(value.func, "id", None) or getattr(value.func, "attr", "")
                for i, element in enumerate(target.elts):
                    if isinstance(element, ast.Name) and element.id in used and \
                            i not in self.tuples.setdefault(callee, set()):
                        self.tuples[callee].add(i)
                        changed = True
        return changed

    def _wholes(self, spot) -> list:
        """The expressions that are a code as a whole: the spot, or either side of an
        `a if x else b`."""
        if isinstance(spot, ast.IfExp):
            return self._wholes(spot.body) + self._wholes(spot.orelse)
        return [spot]

    @staticmethod
    def _class_of(function, tree) -> str | None:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and function in node.body:
                return node.name
        return None

    def codes(self) -> dict[str, str]:
        """Each code written in the source, and where (patterns for codes made by an
        f-string, such as f"{kind}-gap", as regular expressions)."""
        found: dict[str, str] = {}
        for path, tree in self.files.items():
            where = str(path.relative_to(ROOT))
            for node in ast.walk(tree):
                spots: list = []
                if isinstance(node, ast.Call):
                    spots = self.slots(node)
                elif isinstance(node, ast.FunctionDef) and node.name in self.tuples:
                    spots = [n.value.elts[i] for n in ast.walk(node)
                             if isinstance(n, ast.Return | ast.Yield)
                             and isinstance(n.value, ast.Tuple)
                             for i in self.tuples[node.name] if len(n.value.elts) > i]
                for spot in spots:
                    for code in self._values(spot):
                        found.setdefault(code, f"{where}:{getattr(spot, 'lineno', '?')}")
        return found

    def _values(self, spot) -> list[str]:
        if isinstance(spot, ast.Constant) and isinstance(spot.value, str):
            return [spot.value]
        if isinstance(spot, ast.IfExp):
            return self._values(spot.body) + self._values(spot.orelse)
        if isinstance(spot, ast.Name) and spot.id in self.constants:
            return [self.constants[spot.id]]
        if isinstance(spot, ast.JoinedStr):
            return ["re:" + "".join(re.escape(part.value) if isinstance(part, ast.Constant)
                                    else "[a-z0-9-]+" for part in spot.values)]
        return []


def codes_in_source() -> dict[str, str]:
    """Every code written in the source (see _Source), and where."""
    return _Source(ROOT).codes()


def test_every_code_in_the_source_is_documented():
    known = problem_codes()
    found = codes_in_source()
    assert len(found) > 40  # the scan sees the codes (it would pass on nothing found)
    missing = {c: where for c, where in found.items()
               if c not in known and not (c.startswith("re:") and any(
                   re.fullmatch(c[3:], k) for k in known))}
    assert not missing, f"add these to src/regionlab/data/problems.yaml: {missing}"


def test_the_scan_sees_codes_given_through_helpers():
    """The raise sites that the scan once missed, each found (a code given to a rule
    check's add, through a constant, an f-string, a helper's returned tuple)."""
    found = codes_in_source()
    for code, where in (("never-fires", "rules/check.py"), ("threshold-order", "check.py"),
                        ("too-many-problems", "errors.py"), ("yaml-1-1-number", "yamlparse.py"),
                        ("empty-value", "schema.py"), ("unknown-region-code", "codes.py"),
                        ("not-a-code", "ratings/read.py"), ("merged-cells", "ratings/read.py"),
                        ("unknown-context", "validate")):
        assert code in found and where in found[code], (code, found.get(code))
    assert "re:unreachable\\-[a-z0-9-]+" in found or "re:unreachable-[a-z0-9-]+" in found


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
