"""Process groups that die with this process, even when it is killed with SIGKILL.

A ``cmd:`` extractor runs in its own session (so a timeout can kill its whole group), which
also means nothing kills it when ``hoinghi`` itself dies without running its clean-up
(SIGKILL, OOM killer): it would be reparented to init and keep running. :func:`watch`
registers a group with a watchdog: a small process in its own session that holds the read
end of a pipe whose write end only this process holds. When this process ends, however it
ends, the kernel closes the pipe; the watchdog reads end-of-file and kills every group
still registered. :func:`unwatch` removes a group that ended normally.

>>> import subprocess
>>> p = subprocess.Popen(["sleep", "30"], start_new_session=True)
>>> watch(p.pid); unwatch(p.pid); p.kill(); p.wait()
-9
"""
from __future__ import annotations

__all__ = ["watch", "unwatch"]

import os
import subprocess
import sys
import threading

_WATCHDOG = r"""
import os, signal, sys
groups = set()
for line in sys.stdin:
    pgid = int(line)
    if pgid > 0:
        groups.add(pgid)
    else:
        groups.discard(-pgid)
for pgid in groups:  # the parent is gone: its children go too
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
"""

_lock = threading.Lock()
_watchdog: subprocess.Popen | None = None
_owner_pid: int | None = None


def _pipe():
    global _watchdog, _owner_pid
    if _watchdog is None or _owner_pid != os.getpid() or _watchdog.poll() is not None:
        _watchdog = subprocess.Popen([sys.executable, "-c", _WATCHDOG], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True, close_fds=True)
        _owner_pid = os.getpid()
    return _watchdog.stdin


def _send(value: int) -> None:
    with _lock:
        pipe = _pipe()
        try:
            pipe.write(f"{value}\n".encode())
            pipe.flush()
        except BrokenPipeError:  # the watchdog died: start another next time
            pass


def watch(pgid: int) -> None:
    """Kill process group ``pgid`` when this process ends, however it ends."""
    _send(pgid)


def unwatch(pgid: int) -> None:
    """The group ended (or was killed) normally: forget it."""
    if _watchdog is not None and _owner_pid == os.getpid():
        _send(-pgid)
