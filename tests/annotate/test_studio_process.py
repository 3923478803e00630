"""The environment of Label Studio processes (hoinghi.annotate.studio_process)."""
from __future__ import annotations

from hoinghi.annotate.studio_process import ls_env


def test_environment_is_scrubbed(monkeypatch, tmp_path):
    for k in ("HOST", "PORT", "USERNAME", "PASSWORD", "LABEL_STUDIO_PORT", "SECRET_KEY"):
        monkeypatch.setenv(k, "stray")
    env = ls_env(tmp_path)
    assert not {"HOST", "PORT", "USERNAME", "PASSWORD", "LABEL_STUDIO_PORT", "SECRET_KEY"} & set(env)
    assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(tmp_path)
    assert (env["LATEST_VERSION_CHECK"], env["SENTRY_DSN"], env["FRONTEND_SENTRY_DSN"], env["COLLECT_ANALYTICS"]) == \
        ("false", "", "", "false")
