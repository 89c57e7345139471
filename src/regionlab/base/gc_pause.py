"""The cyclic garbage collector paused while many long-lived objects are made: a
batch's or a diff's rows, and the modules the command line and a report import."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while tens of thousands of long-lived rows are built.
    Assessing a profile (or failing to) leaves no reference cycles behind
    (tests/test_batch.py checks), so nothing waits for the collector, and its
    repeated full passes over the growing rows cost a batch or a diff of 20,000
    regions up to half its time (bench/)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # Everything made meanwhile would be traversed by the first collection
            # after this (a tenth of a second for 20,000 rows). Frozen and thawed, it
            # goes straight to the oldest generation instead, still collectable;
            # not when the caller froze objects itself (say, before forking
            # workers), whose freeze thawing would undo.
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
