"""Label Studio data dirs: a cached, migrated template and fresh copies with their own secrets.

* :func:`template_dir` builds (once, ~30 s) a migrated Label Studio data dir with
  ``label-studio init --quiet`` and caches it under
  ``${XDG_CACHE_HOME:-~/.cache}/hoinghi/ls-template-<label-studio version>``.
* :func:`init_data_dir` copies the template into a new data dir and gives the copy its
  own ``SECRET_KEY``, admin password and API token (written to ``credentials.json``,
  mode 0600), so two copies never share secrets.
"""
from __future__ import annotations

__all__ = ["template_dir", "init_data_dir", "cache_root", "django_password_hash", "TEMPLATE_EMAIL"]

import base64
import hashlib
import os
import secrets
import shutil
import sqlite3
import subprocess
from pathlib import Path

from ..errors import SetupError
from .studio import CREDENTIALS_FILE, Credentials
from .studio_process import ls_command, ls_env, ls_version

TEMPLATE_EMAIL = "admin@hoinghi.local"


def cache_root() -> Path:
    """``${XDG_CACHE_HOME:-~/.cache}/hoinghi``: where templates are cached."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hoinghi"


def template_dir(cache: str | Path | None = None) -> Path:
    """A migrated Label Studio data dir (database, admin, organisation, legacy token
    enabled), built once with ``label-studio init --quiet`` (~30 s) and cached per
    label-studio version. Concurrent callers wait on a file lock."""
    import fcntl

    root = Path(cache) if cache else cache_root()
    tpl = root / f"ls-template-{ls_version()}"
    if (tpl / "label_studio.sqlite3").exists():
        return tpl
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{tpl.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (tpl / "label_studio.sqlite3").exists():
            return tpl
        tmp = tpl.with_name(tpl.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        env = ls_env(tmp, LABEL_STUDIO_USERNAME=TEMPLATE_EMAIL, LABEL_STUDIO_PASSWORD=secrets.token_urlsafe(18),
                     LABEL_STUDIO_USER_TOKEN=secrets.token_hex(20), LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true")
        proc = subprocess.run(ls_command("init", "--quiet"), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=600, env=env)
        if proc.returncode != 0 or not (tmp / "label_studio.sqlite3").exists():
            raise SetupError(f"`label-studio init` failed (exit {proc.returncode}): "
                             f"{(proc.stderr or proc.stdout).strip()[-500:]}")
        (tmp / ".env").unlink(missing_ok=True)  # every copy gets its own SECRET_KEY
        tmp.rename(tpl)
    return tpl


def django_password_hash(password: str, iterations: int = 1_000_000) -> str:
    """A Django ``pbkdf2_sha256`` password hash (what Label Studio stores)."""
    salt = secrets.token_urlsafe(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def init_data_dir(data_dir: str | Path, *, email: str = "admin@example.com", password: str | None = None,
                  token: str | None = None, cache_root: str | Path | None = None) -> Credentials:
    """Create a Label Studio data dir from the cached template and give it fresh secrets:
    a new ``SECRET_KEY`` (in ``.env``, 0600), and the admin's e-mail, password and legacy
    API token and the organisation's invite token rewritten in the SQLite database
    (generated when not given). Writes
    ``credentials.json`` (0600) into the data dir and returns the credentials; the URL is
    filled in by :func:`~hoinghi.annotate.studio_server.local_server`. Refuses an existing data dir."""
    data_dir = Path(data_dir)
    if (data_dir / "label_studio.sqlite3").exists():
        raise SetupError(f"{data_dir} already holds a Label Studio database")
    tpl = template_dir(cache_root)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(tpl, data_dir, dirs_exist_ok=True)
    password = password or secrets.token_urlsafe(15)
    token = token or secrets.token_hex(20)
    fd = os.open(data_dir / ".env", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"SECRET_KEY={secrets.token_urlsafe(50)}\n")
    con = sqlite3.connect(data_dir / "label_studio.sqlite3")
    try:
        with con:
            (uid,) = con.execute("SELECT id FROM htx_user WHERE email = ?", (TEMPLATE_EMAIL,)).fetchone()
            con.execute("UPDATE htx_user SET email = ?, password = ? WHERE id = ?",
                        (email, django_password_hash(password), uid))
            con.execute("UPDATE authtoken_token SET key = ? WHERE user_id = ?", (token, uid))
            # the organisation's invite-link token too, or every copy would accept the same signup link
            con.execute("UPDATE organization SET token = ?", (secrets.token_urlsafe(30),))
    finally:
        con.close()
    creds = Credentials("", token, email, password)
    creds.save(data_dir / CREDENTIALS_FILE)
    return creds
