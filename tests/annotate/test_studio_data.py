"""Data dirs from the cached template, each with its own secrets (hoinghi.annotate.studio_data)."""
from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from hoinghi.annotate.studio_data import init_data_dir
from hoinghi.errors import SetupError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.studio
def test_new_data_dirs_get_their_own_secrets(ls_server, tmp_path):
    a = init_data_dir(tmp_path / "a")
    b = init_data_dir(tmp_path / "b", email="boss@example.com", password="Chosen-pass-123")
    assert a.token != b.token and a.password != b.password and b.password == "Chosen-pass-123"
    env_a, env_b = ((tmp_path / x / ".env").read_text() for x in "ab")
    assert env_a.startswith("SECRET_KEY=") and env_a != env_b
    server_env = (Path(ls_server.data_dir) / ".env").read_text()
    assert server_env not in (env_a, env_b)
    for x in "ab":
        assert _mode(tmp_path / x / ".env") == 0o600 and _mode(tmp_path / x / "credentials.json") == 0o600
    invite = [sqlite3.connect(tmp_path / x / "label_studio.sqlite3").execute("SELECT token FROM organization").fetchone()
              for x in "ab"]
    assert invite[0] != invite[1]            # a signup link of one copy does not open another
    with pytest.raises(SetupError, match="already holds"):
        init_data_dir(tmp_path / "a")
