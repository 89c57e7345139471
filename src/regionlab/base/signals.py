"""Signals that end a run (SIGTERM from `kill` or a timeout, SIGHUP from a closed
terminal or a cancelled job) handled as Ctrl-C is: as an exception, so that every
`finally` and every clean-up of a temporary file runs, instead of the process
vanishing mid-write. And a way to hold them off while a group of files is moved
into place, so that the group is written whole or not at all."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# the signals that end a run; SIGINT is Python's own KeyboardInterrupt
ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(BaseException):
    """The run was ended by a signal (not an error of the run: a BaseException, so
    that no `except Exception` takes it for one)."""

    def __init__(self, signum: int, after_writing: bool = False):
        super().__init__(signum)
        self.signum = signum
        # it came while files were being moved into place, which was let finish: what
        # was being written is all there (a reader must not take "stopped" for "none")
        self.after_writing = after_writing

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _raise(signum: int, frame) -> None:
    raise Terminated(signum)


def end_as_exception() -> None:
    """SIGTERM and SIGHUP raise Terminated in the main thread from now on (the
    command line's entry point calls this; a library user keeps their own handlers)."""
    for signum in ENDING:
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _raise)


def default_endings() -> None:
    """Back to the default (a worker process of a batch: its parent cleans up)."""
    for signum in ENDING:
        signal.signal(signum, signal.SIG_DFL)


@contextmanager
def held_off() -> Iterator[None]:
    """Signals that end a run (and Ctrl-C) wait until the block is over: they are
    noted, and acted on as soon as it ends. For short steps that must not stop half
    way (moving a group of files into place, putting them back). Held off in Python,
    not by the process's signal mask: a signal goes to any thread that does not block
    it (a progress bar's, say), and Python runs its handler in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, frame) -> None:
        noted.append(signum)

    before = {}
    for signum in (signal.SIGINT, *ENDING):
        handler = signal.getsignal(signum)
        if handler is not None:  # None: set outside Python, and cannot be put back
            before[signum] = signal.signal(signum, note)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        if noted and before.get(noted[0]) is _raise:
            raise Terminated(noted[0], after_writing=True)
        if noted:
            signal.raise_signal(noted[0])  # now: Ctrl-C, or SIGTERM as it would have been
