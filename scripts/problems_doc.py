"""Write docs/problems.md from src/regionlab/data/problems.yaml (the registry of codes).

    python scripts/problems_doc.py [--check]

With --check, exit 1 if the committed page differs from what the registry gives.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regionlab.policy.problems import PLACES, problem_codes

PAGE = Path(__file__).resolve().parents[1] / "docs" / "problems.md"


def page() -> str:
    codes = problem_codes()
    lines = [
        "# Problem codes",
        "",
        "Every problem regionlab reports names the file, the line, the field, what is wrong",
        "and what is allowed, and ends with a stable code in brackets:",
        "",
        "```",
        "kr/45130-gunsan-2019.yaml:9: actors.residents.rating: 6 is out of range: input "
        "should be less than or equal to 5 [out-of-range]",
        "```",
        "",
        "`regionlab validate --format json` gives the same problems as records (`file`,",
        "`line`, `field`, `code`, `message`), and `InputError.problems` does in Python.",
        "The codes are data (`src/regionlab/data/problems.yaml`); this page is made from",
        "it by `python scripts/problems_doc.py`, and a test fails when a code is raised",
        "that it does not list.",
        "",
    ]
    for place, title in PLACES.items():
        here = sorted(c for c in codes.values() if c.where == place)
        if not here:
            continue
        lines += [f"## {title}", "", "| code | what it means | example message |",
                  "|---|---|---|"]
        lines += [f"| `{c.code}` | {c.description} | {c.example.replace('|', '/')} |"
                  for c in here]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = page()
    if args.check:
        same = PAGE.is_file() and PAGE.read_text(encoding="utf-8") == text
        print("docs/problems.md is up to date" if same else
              "docs/problems.md differs: run python scripts/problems_doc.py", file=sys.stderr)
        return 0 if same else 1
    PAGE.write_text(text, encoding="utf-8")
    print(f"{PAGE}: {len(problem_codes())} codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
