"""Label Studio data dirs: a cached, migrated template and fresh copies with their own secrets.

* :func:`template_dir` builds (once, ~30 s) a migrated Label Studio data dir with
  ``label-studio init --quiet`` and caches it under
  ``${XDG_CACHE_HOME:-~/.cache}/hoinghi/ls-template-<label-studio version>``.
* :func:`init_data_dir` copies the template into a new data dir and gives the copy its
  own ``SECRET_KEY``, admin password and API token (written to ``credentials.json``,
  mode 0600), so two copies never share secrets.
"""
from __future__ import annotations

__all__ = ["template_dir", "init_data_dir", "cache_root", "run_init", "give_secrets", "django_password_hash",
           "TEMPLATE_EMAIL"]

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
        run_init(tmp)
        if not (tmp / "label_studio.sqlite3").exists():
            raise SetupError(f"`label-studio init` made no database in {tmp}")
        (tmp / ".env").unlink(missing_ok=True)  # every copy gets its own SECRET_KEY
        tmp.rename(tpl)
    return tpl


def run_init(data_dir: Path, **extra: str) -> None:
    """``label-studio init --quiet`` on ``data_dir`` (and the database ``extra`` names, if
    any): migrations, an organisation and the template admin with a random password and
    legacy API token enabled (:func:`give_secrets` replaces them in every copy)."""
    env = ls_env(data_dir, LABEL_STUDIO_USERNAME=TEMPLATE_EMAIL, LABEL_STUDIO_PASSWORD=secrets.token_urlsafe(18),
                 LABEL_STUDIO_USER_TOKEN=secrets.token_hex(20), LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true", **extra)
    proc = subprocess.run(ls_command("init", "--quiet"), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=900, env=env)
    if proc.returncode != 0:
        raise SetupError(f"`label-studio init` failed (exit {proc.returncode}): "
                         f"{(proc.stderr or proc.stdout).strip()[-500:]}")


def django_password_hash(password: str, iterations: int = 1_000_000) -> str:
    """A Django ``pbkdf2_sha256`` password hash (what Label Studio stores)."""
    salt = secrets.token_urlsafe(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def init_data_dir(data_dir: str | Path, *, email: str = "admin@example.com", password: str | None = None,
                  token: str | None = None, cache_root: str | Path | None = None) -> Credentials:
    """Create a Label Studio data dir from the cached template and give it fresh secrets
    (:func:`give_secrets`: ``SECRET_KEY``, admin e-mail/password/token, invite token,
    ``credentials.json``). The URL is filled in by
    :func:`~hoinghi.annotate.studio_server.local_server`. Refuses an existing data dir."""
    data_dir = Path(data_dir)
    if (data_dir / "label_studio.sqlite3").exists():
        raise SetupError(f"{data_dir} already holds a Label Studio database")
    tpl = template_dir(cache_root)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(tpl, data_dir, dirs_exist_ok=True)
    con = sqlite3.connect(data_dir / "label_studio.sqlite3")
    try:
        with con:
            return give_secrets(data_dir, con, "?", email=email, password=password, token=token)
    finally:
        con.close()


def give_secrets(data_dir: Path, con, placeholder: str, *, email: str, password: str | None = None,
                 token: str | None = None) -> Credentials:
    """Make a copy of the template (SQLite or PostgreSQL, through the DB-API connection
    ``con`` whose parameter marker is ``placeholder``) its own: a new ``SECRET_KEY`` (in
    ``<data_dir>/.env``, 0600), the admin's e-mail, password hash and legacy API token and
    the organisation's invite token (generated when not given), so two copies never share
    a secret or a signup link. Writes ``credentials.json`` (0600) without a URL and
    returns the credentials. The caller commits."""
    password = password or secrets.token_urlsafe(15)
    token = token or secrets.token_hex(20)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / ".env", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"SECRET_KEY={secrets.token_urlsafe(50)}\n")
    cur = con.cursor()
    p = placeholder
    cur.execute(f"SELECT id FROM htx_user WHERE email = {p}", (TEMPLATE_EMAIL,))
    (uid,) = cur.fetchone()
    cur.execute(f"UPDATE htx_user SET email = {p}, password = {p} WHERE id = {p}",
                (email, django_password_hash(password), uid))
    cur.execute(f"UPDATE authtoken_token SET key = {p} WHERE user_id = {p}", (token, uid))
    # the organisation's invite-link token too, or every copy would accept the same signup link
    cur.execute(f"UPDATE organization SET token = {p}", (secrets.token_urlsafe(30),))
    creds = Credentials("", token, email, password)
    creds.save(data_dir / CREDENTIALS_FILE)
    return creds
