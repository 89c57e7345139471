"""The --lang option of every command, from the one list (data/languages.yaml): its
choices in the help, and its check. A language the list does not have is a usage
error naming the ones it has; a language whose texts are incomplete is refused with
the list of what it lacks (file:line: key), exit 1, before anything is read."""

from __future__ import annotations

import sys

import typer

from regionlab.errors import RegionlabError
from regionlab.policy import languages


def _choices() -> tuple[str, ...]:
    try:
        return languages.ids()
    except RegionlabError:  # a broken list is reported when --lang is checked
        return ()


# read once at start-up, for the help: the list is a small file in the disk cache
CHOICES = _choices()
DEFAULT = CHOICES[0] if CHOICES else "en"
HELP = f"one of {', '.join(CHOICES)}" if CHOICES else "see data/languages.yaml"


def checked(lang: str) -> str:
    try:
        known = languages.ids()
        if lang not in known:
            raise typer.BadParameter(f"'{lang}' is not a language; use one of "
                                     f"{', '.join(known)}", param_hint="--lang")
        languages.require(lang)
    except RegionlabError as e:
        problems = getattr(e, "problems", None)
        for line in [p.format() for p in problems] if problems else [str(e)]:
            print(line, file=sys.stderr)
        if problems:  # the problems count the first 100 of a file, not every text
            print(f"'{lang}' is not complete: give it the texts listed above, or take it "
                  f"off {languages.FILE}", file=sys.stderr)
        raise typer.Exit(1) from None
    return lang
