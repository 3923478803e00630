"""hoinghi.progress: one bar, shown only on a terminal when asked for."""
import io
import sys

from hoinghi.progress import progress


def test_silent_when_not_enabled_or_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert list(progress(range(3), desc="x")) == [0, 1, 2]
    bar = progress(total=2, desc="x")
    bar.update(2)
    bar.close()
    assert sys.stderr.getvalue() == ""


def test_a_bar_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert list(progress(range(3), desc="scoring")) == [0, 1, 2]
    assert "scoring" in tty.getvalue()
    tty2 = Tty()
    monkeypatch.setattr(sys, "stderr", tty2)
    assert list(progress(range(3), desc="scoring", enabled=False)) == [0, 1, 2]
    assert tty2.getvalue() == ""
