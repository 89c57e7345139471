"""Every way a profile can be wrong gets a precise problem: code, field and line
(PROFILE-FORMAT.md). One small fixture per failure mode in fixtures/invalid/; the
wording is not pinned, except the "did you mean" hint and the list of what is allowed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regionlab.base import yamlio
from regionlab.errors import InputError, Problem
from regionlab.policy.framework import load_framework
from regionlab.profile.models import Profile
from regionlab.profile.validate import load_profile

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
PROFILES = Path(__file__).resolve().parents[1] / "profiles"

# fixture -> [(code, field, line, fragments the message must contain), ...]
CASES: dict[str, list[tuple[str, str, int | None, tuple[str, ...]]]] = {
    # unknown keys: named, located, with the closest known key and what is allowed
    "unknown-key-top.yaml": [
        ("unknown-key", "sorces", 12, ("did you mean 'sources'", "allowed: format, region")),
    ],
    "unknown-key-region.yaml": [
        ("unknown-key", "region.parnt", 6, ("did you mean 'parent'", "allowed: code, name")),
    ],
    "unknown-key.yaml": [
        ("unknown-key", "actors.residents.ratng", 10,
         ("did you mean 'rating'", "allowed: rating, indicators, note")),
    ],
    "unknown-key-initiative.yaml": [
        ("unknown-key", "initiatives.0.outcom", 18, ("did you mean 'outcome'", "allowed: name")),
    ],
    # a key spelt like a schema type ("float", "str") is still the user's key
    "unknown-key-named-like-a-type.yaml": [
        ("unknown-key", "actors.residents.float", 10, ("'float'", "allowed: rating")),
    ],
    # missing required keys: at the line of the enclosing mapping
    "missing-format.yaml": [("missing-key", "format", 2, ("'format'",))],
    "missing-region-code.yaml": [("missing-key", "region.code", 3, ("'code'",))],
    "missing-actor.yaml": [("missing-key", "actors.universities", 7, ("'universities'",))],
    # a key given twice: the second one, naming the first
    "duplicate-key.yaml": [("duplicate-key", "", 12, ("'rating'", "first on line 10"))],
    # ratings
    "rating-zero.yaml": [("out-of-range", "actors.residents.rating", 9, ())],
    "rating-six.yaml": [("out-of-range", "actors.residents.rating", 9, ())],
    "rating-text.yaml": [("wrong-type", "actors.residents.rating", 9, ("'3'",))],
    "rating-bool.yaml": [("wrong-type", "actors.residents.rating", 9, ("quote it",))],
    "rating-nan.yaml": [("invalid-value", "actors.residents.rating", 9, ("finite",))],
    # region code and year
    "code-number.yaml": [("wrong-type", "region.code", 4, ("quote it",))],
    "year-text.yaml": [("wrong-type", "year", 6, ())],
    "format-v2.yaml": [("unsupported-format", "format", 2, ("regionlab/profile/v1",))],
    # initiatives: enumerations with a suggestion and the allowed values
    "initiative-type.yaml": [
        ("invalid-value", "initiatives.0.type", 14,
         ("did you mean 'process'", "allowed: service, behaviour, process, organisation, rule")),
    ],
    "initiative-stage.yaml": [
        ("invalid-value", "initiatives.0.stage", 15,
         ("did you mean 'prototype'", "allowed: prompt, proposal, prototype")),
    ],
    "initiative-lead.yaml": [
        ("invalid-value", "initiatives.0.lead", 16,
         ("did you mean 'residents'", "allowed: municipality, residents")),
    ],
    "initiative-funding.yaml": [
        ("invalid-value", "initiatives.0.funding", 17,
         ("did you mean 'central_contest'", "allowed: own, central_contest, private, mixed")),
    ],
    # context: names checked against the indicator framework
    "unknown-context.yaml": [
        ("unknown-context", "context.populaton", 13, ("did you mean 'population'", "allowed:")),
    ],
    "unknown-designation.yaml": [
        ("unknown-designation", "context.designations.1", 13,
         ("'industrial'", "allowed: disaster, employment_crisis, employment_crisis_preemptive, industrial_crisis")),
    ],
    "designation-not-text.yaml": [
        ("unknown-designation", "context.designations.0", 13, ("allowed:",)),
    ],
    "context-negative.yaml": [("out-of-range", "context.population", 13, ())],
    "context-out-of-range.yaml": [
        ("out-of-range", "context.fiscal_self_reliance_pct", 13, ("100",)),
    ],
    "context-infinite.yaml": [("invalid-value", "context.population", 13, ("finite",))],
    "extinction-conflict.yaml": [
        ("conflicting-figure", "context.extinction_index", 15,
         ("women_20_39", "population_65plus")),
    ],
    # a wrong type is one problem, not also a conflict
    "extinction-bool.yaml": [("wrong-type", "context.extinction_index", 15, ())],
    # indicators: checked per actor
    "indicator-unknown.yaml": [
        ("unknown-indicator", "actors.residents.indicators.volunter_rate_pct", 11,
         ("did you mean 'volunteer_rate_pct'", "allowed:")),
    ],
    "indicator-other-actor.yaml": [
        ("unknown-indicator", "actors.residents.indicators.innovation_staff", 11,
         ("of municipality", "not of residents")),
    ],
    # the document as a whole
    "empty.yaml": [("empty-file", "", None, ())],
    "only-comments.yaml": [("empty-file", "", None, ())],
    "top-level-list.yaml": [("not-a-mapping", "", 2, ("a list",))],
    "scalar.yaml": [("not-a-mapping", "", 2, ("a single value",))],
    # what the YAML loader refuses
    "tabs.yaml": [("tab-character", "", 5, ())],
    "python-tag.yaml": [("tag-not-allowed", "", 11, ("python/object/apply:os.system",))],
    "merge-key.yaml": [("merge-not-allowed", "", 10, ())],
    "two-documents.yaml": [("several-documents", "", 12, ())],
    "unclosed-bracket.yaml": [("yaml-syntax", "", 10, ("from line 9",))],
    "unhashable-key.yaml": [("yaml-syntax", "", 13, ())],
    "bad-date.yaml": [("invalid-value", "", 13, ("2019-02-30", "quote it"))],
    # all problems of a file at once, sorted by line
    "several-problems.yaml": [
        ("wrong-type", "region.code", 4, ("quote it",)),
        ("wrong-type", "year", 6, ()),
        ("out-of-range", "actors.residents.rating", 9, ()),
    ],
}


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def problems_of(path: Path, framework) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_profile(path, framework)
    return info.value.problems


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in INVALID.iterdir()) == sorted([*CASES, "alias-bomb.yaml"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_profile(name, framework):
    path = INVALID / name
    problems = problems_of(path, framework)
    assert [(p.code, p.field, p.line) for p in problems] == [
        (code, field, line) for code, field, line, _ in CASES[name]
    ]
    for problem, (*_, fragments) in zip(problems, CASES[name], strict=True):
        assert problem.file == str(path)
        assert problem.message
        for fragment in fragments:
            assert fragment in problem.message, (fragment, problem.message)


def test_alias_bomb_is_refused_quickly(framework):
    # a billion laughs: 9 levels of 9 aliases would expand to 9**9 strings; refused
    # before anything is walked or expanded: next to no memory, and far from the
    # minutes a walk of 9**9 nodes takes (a bound a loaded machine cannot reach; the
    # old half-second bound failed under load)
    import tracemalloc

    start = time.perf_counter()
    tracemalloc.start()
    try:
        problems = problems_of(INVALID / "alias-bomb.yaml", framework)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000 and time.perf_counter() - start < 10
    assert [(p.code, p.line) for p in problems] == [("alias-not-allowed", 2)]


# --- encodings ------------------------------------------------------------------------------

GUNSAN = (PROFILES / "gunsan.yaml").read_text(encoding="utf-8")


def test_cp949_file_is_named(tmp_path, framework):
    path = tmp_path / "legacy.yaml"
    path.write_bytes(GUNSAN.encode("cp949"))
    [problem] = problems_of(path, framework)
    assert problem.code == "not-utf8"
    assert "CP949" in problem.message
    first_hangul = next(i for i, line in enumerate(GUNSAN.splitlines(), 1)
                        if any("\uac00" <= c <= "\ud7a3" for c in line))
    assert problem.line == first_hangul


def test_utf8_with_bom_loads(tmp_path, framework):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GUNSAN.encode("utf-8"))
    profile = load_profile(path, framework)
    assert isinstance(profile, Profile)
    assert profile.region.name_local == "군산시"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_is_not_utf8(tmp_path, framework, encoding):
    path = tmp_path / "wide.yaml"
    text = GUNSAN if encoding == "utf-16" else "\ufeff" + GUNSAN  # both with a BOM
    path.write_bytes(text.encode(encoding))
    [problem] = problems_of(path, framework)
    assert (problem.code, problem.line) == ("not-utf8", None)
    assert "UTF-16" in problem.message


# --- the file itself ------------------------------------------------------------------------


def test_folder_is_not_a_file(tmp_path, framework):
    [problem] = problems_of(tmp_path, framework)
    assert (problem.code, problem.field, problem.line) == ("not-a-file", "", None)


def test_missing_file_is_unreadable(tmp_path, framework):
    [problem] = problems_of(tmp_path / "nowhere.yaml", framework)
    assert (problem.code, problem.line) == ("no-such-file", None)


def test_file_larger_than_the_limit(tmp_path, framework):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * (yamlio.MAX_BYTES // 10 + 1))
    [problem] = problems_of(path, framework)
    assert (problem.code, problem.line) == ("file-too-large", None)


@pytest.mark.parametrize("text", [
    "[" * 5000,
    "[" * 5000 + "]" * 5000,
    "a: " + "{b: " * 3000 + "1" + "}" * 3000,
    "".join("  " * i + "-\n" for i in range(3000)),
])
def test_deep_nesting_is_a_clean_error(tmp_path, framework, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path, framework)  # never a RecursionError or a traceback
    assert problems and all(p.code and p.message for p in problems)


def test_huge_integer_is_refused(tmp_path, framework):
    # larger than any figure; beyond 4300 digits Python cannot even print it
    path = tmp_path / "big.yaml"
    path.write_text(f"context:\n  population: {'9' * 5000}\n", encoding="utf-8")
    [problem] = problems_of(path, framework)
    assert (problem.code, problem.line) == ("invalid-value", 2)
    path.write_text(f"context:\n  population: 0x{'f' * 100}\n", encoding="utf-8")
    [problem] = problems_of(path, framework)
    assert (problem.code, problem.line) == ("out-of-range", 2)


def test_control_character_has_a_line(tmp_path, framework):
    path = tmp_path / "ctrl.yaml"
    path.write_text("# 군산\nformat: regionlab/profile/v1\nyear: 2019\x07\n", encoding="utf-8")
    [problem] = problems_of(path, framework)
    assert (problem.code, problem.line) == ("yaml-syntax", 3)
    assert "#x0007" in problem.message


def test_syntax_error_at_the_end_is_on_the_last_line(tmp_path, framework):
    path = tmp_path / "end.yaml"
    for text in ("format: regionlab/profile/v1\nsources: [a, b\n", "a: 1\nsources: [a, b"):
        path.write_text(text, encoding="utf-8")
        [problem] = problems_of(path, framework)
        assert (problem.code, problem.line) == ("yaml-syntax", 2)


def test_only_a_document_marker_is_empty(tmp_path, framework):
    path = tmp_path / "dashes.yaml"
    path.write_text("---\n# nothing yet\n", encoding="utf-8")
    [problem] = problems_of(path, framework)
    assert (problem.code, problem.line) == ("empty-file", None)


# --- how a problem is printed ---------------------------------------------------------------


def test_problem_format():
    p = Problem("p.yaml", 9, "actors.residents.rating", "out-of-range", "6 is out of range")
    assert p.format() == "p.yaml:9: actors.residents.rating: 6 is out of range [out-of-range]"
    whole = Problem("p.yaml", None, "", "empty-file", "the file is empty")
    assert whole.format() == "p.yaml: the file is empty [empty-file]"


def test_input_error_prints_every_problem(framework):
    path = INVALID / "several-problems.yaml"
    with pytest.raises(InputError) as info:
        load_profile(path, framework)
    lines = str(info.value).splitlines()
    assert len(lines) == 3
    assert lines[0] == f"{path}:4: region.code: expected text, got 45130; quote it [wrong-type]"
    assert all(line.startswith(f"{path}:") and line.endswith("]") for line in lines)


def test_a_set_is_described_alike_in_every_run(tmp_path):
    # a set's own order follows the hashes of its text, which Python seeds anew in
    # each process: the same file must still get the same words every time
    text = (PROFILES / "gunsan.yaml").read_text(encoding="utf-8")
    text = text.replace("designations: [industrial_crisis, employment_crisis]",
                        "designations: !!set {industrial, employment, crisis, decline}\n"
                        "  population: [!!set {alpha, beta, gamma, delta}]")
    text = text.replace("  name: Gunsan\n", "  name: !!set {gun, san, si, city}\n")
    assert text.count("!!set") == 3
    path = tmp_path / "sets.yaml"
    path.write_text(text, encoding="utf-8")
    outputs = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, "-m", "regionlab", "validate", str(path)],
                             capture_output=True, text=True, env=env, check=False)
        assert out.returncode == 1 and "wrong-type" in out.stdout + out.stderr
        outputs.add(out.stdout + out.stderr)
    assert len(outputs) == 1, outputs
