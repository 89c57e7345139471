"""A signal that ends a run while files are moved into place: the move finishes, and
the run then stops saying so (issue 19, item 5: "stopped" after all files were in
place was read as "nothing applied")."""

from __future__ import annotations

import os
import signal

import pytest

from regionlab.base import signals


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_held_off_stops_the_run_after_the_block_saying_so(name):
    signum = getattr(signal, name)
    before = signal.getsignal(signum)
    signal.signal(signum, signals._raise)  # as the command line sets it
    done = []
    try:
        with pytest.raises(signals.Terminated) as ended:
            with signals.held_off():
                os.kill(os.getpid(), signum)
                done.append("moved")  # the block is not cut short
        assert done == ["moved"]
        assert ended.value.signum == signum and ended.value.after_writing
        # outside a held-off block it ends the run where it is, and says nothing of writing
        with pytest.raises(signals.Terminated) as ended:
            os.kill(os.getpid(), signum)
        assert not ended.value.after_writing
    finally:
        signal.signal(signum, before)


def test_the_command_line_tells_a_finished_write_from_one_never_begun(monkeypatch, capsys):
    import importlib

    cli = importlib.import_module("regionlab.cli.main")  # the module, not the function

    for after_writing, words in ((True, "once the files being written were in place"),
                                 (False, "no file is left half-written")):
        def ended(*args, after_writing=after_writing, **kwargs):
            raise signals.Terminated(signal.SIGTERM, after_writing=after_writing)

        monkeypatch.setattr(cli, "narrowed", lambda given, ended=ended: ended)
        monkeypatch.setattr("sys.argv", ["regionlab", "assess", "x.yaml"])
        with pytest.raises(SystemExit) as exit_:
            cli.main()
        assert exit_.value.code == 128 + signal.SIGTERM
        assert words in capsys.readouterr().err
