"""The command line: `main` parses arguments, calls the library and renders;
`ratings` is `regionlab ratings`. Only the `regionlab` command and
`python -m regionlab` import it: the library below never does."""

from regionlab.base.gc_pause import collector_paused

# Start-up makes tens of thousands of objects that live as long as the run (modules,
# classes, typer's commands), which the cyclic collector would walk again and again
# as they are made (36 passes, 6 ms of every command); paused meanwhile.
with collector_paused():
    from regionlab.cli.main import app, main

__all__ = ["app", "main"]
