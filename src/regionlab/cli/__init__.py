"""The command line: `main` parses arguments, calls the library and renders;
`ratings` is `regionlab ratings`. Only the `regionlab` command and
`python -m regionlab` import it: the library below never does."""

from regionlab.cli.main import app, main

__all__ = ["app", "main"]
