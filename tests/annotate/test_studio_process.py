"""What a Label Studio process sees (hoinghi.annotate.studio_process): its environment,
and what its open ``/api/version`` tells about us (against the real server)."""
from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from hoinghi.annotate.studio_process import ls_env

REPO = Path(__file__).resolve().parents[2]


def test_environment_is_scrubbed(monkeypatch, tmp_path):
    stray = ("HOST", "PORT", "USERNAME", "PASSWORD", "LABEL_STUDIO_PORT", "SECRET_KEY", "GIT_DIR", "GIT_WORK_TREE")
    for k in stray:
        monkeypatch.setenv(k, "stray")
    env = ls_env(tmp_path)
    assert not set(stray) & set(env)
    assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(tmp_path)
    assert (env["LATEST_VERSION_CHECK"], env["SENTRY_DSN"], env["FRONTEND_SENTRY_DSN"], env["COLLECT_ANALYTICS"]) == \
        ("false", "", "", "false")
    assert (env["ML_BLOCK_LOCAL_IP"], env["SSRF_PROTECTION_ENABLED"]) == ("false", "false")  # local ML backends
    assert ls_env(tmp_path, DJANGO_DB="default")["DJANGO_DB"] == "default"


def _git(where: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _strings(obj) -> list[str]:
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return [obj] if isinstance(obj, str) else []


@pytest.mark.studio
def test_version_api_tells_nothing_of_our_git(ls_server):
    """``/api/version`` is open to anyone; with the virtualenv inside a repository Label
    Studio used to report that repository's commit, message, branch and date."""
    import label_studio

    with urllib.request.urlopen(ls_server.url + "/api/version/") as r:    # no token: anyone can ask
        body = r.read().decode()
    answer = json.loads(body)
    assert answer["release"] == label_studio.__version__
    # the repositories a git lookup could find: ours, and the one around the installed package
    repos = {top for top in (_git(REPO, "rev-parse", "--show-toplevel"),
                             _git(Path(label_studio.__file__).parent, "rev-parse", "--show-toplevel")) if top}
    assert repos, "the test needs a git checkout to compare with"
    values = _strings(answer)
    for repo in map(Path, repos):
        head, subject = _git(repo, "rev-parse", "HEAD"), _git(repo, "show", "-s", "--format=%s")
        branch = _git(repo, "rev-parse", "--abbrev-ref", "HEAD")
        assert head[:7] not in body and subject not in values and branch not in values
        for candidate in set(re.findall(r"\b[0-9a-f]{7,40}\b", body)):      # no commit of ours, however old
            assert not _git(repo, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"), candidate
