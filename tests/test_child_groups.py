"""hoinghi/child_groups.py: a registered process group dies with the process that
registered it, even when that process is killed with SIGKILL; an unregistered one lives."""
import signal
import subprocess
import sys
import time

import pytest

PARENT = """
import subprocess, sys, time
from hoinghi.child_groups import watch, unwatch
kept = subprocess.Popen(["sh", "-c", "sleep 60; :", sys.argv[1] + "-watched"], start_new_session=True)
watch(kept.pid)
free = subprocess.Popen(["sh", "-c", "sleep 60; :", sys.argv[1] + "-unwatched"], start_new_session=True)
watch(free.pid); unwatch(free.pid)
print("ready", flush=True)
time.sleep(60)
"""


def _alive(marker: str) -> bool:
    return subprocess.run(["pgrep", "-f", marker], capture_output=True).returncode == 0


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_watched_group_dies_with_its_parent(tmp_path, how):
    marker = f"hoinghi-child-groups-{tmp_path.name}-{how.name}"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, marker], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline() == "ready\n"
        assert _alive(marker + "-watched") and _alive(marker + "-unwatched")
        parent.send_signal(how)
        parent.wait(10)
        for _ in range(50):  # the watchdog notices the closed pipe at once; give it up to 5 s
            if not _alive(marker + "-watched"):
                break
            time.sleep(0.1)
        assert not _alive(marker + "-watched")
        assert _alive(marker + "-unwatched")  # unregistered: not ours to kill
    finally:
        subprocess.run(["pkill", "-f", marker])
