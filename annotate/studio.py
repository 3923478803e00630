"""The Label Studio server and client: one place for processes, credentials and errors.

* :func:`template_dir` builds (once, ~30 s) a migrated Label Studio data dir with
  ``label-studio init --quiet`` and caches it under
  ``${XDG_CACHE_HOME:-~/.cache}/hoinghi/ls-template-<label-studio version>``.
* :func:`init_data_dir` copies the template into a new data dir and gives the copy its
  own ``SECRET_KEY``, admin password and API token (written to ``credentials.json``,
  mode 0600), so two copies never share secrets.
* :func:`local_server` starts ``label-studio start`` on 127.0.0.1 as a context manager
  (used by ``hoinghi serve``, the ``ls_server`` test fixture and the benchmark) and stops
  it with SIGTERM.
* :func:`connect` returns a client for an existing server; :func:`studio_errors` is the
  only place where ``ApiError`` and ``httpx`` errors become :class:`~hoinghi.errors.StudioError`.
* :func:`create_annotator` and :func:`submit_annotation` let code (the gold work, tests)
  run the real annotator flow without a browser.

Credentials resolve in this order: explicit ``url``/``token`` arguments, the
``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY`` environment variables, then the
workspace's ``credentials.json``.
"""
from __future__ import annotations

__all__ = [
    "Credentials",
    "Annotator",
    "LocalServer",
    "DEFAULT_WORKSPACE",
    "template_dir",
    "init_data_dir",
    "local_server",
    "port_is_free",
    "resolve_credentials",
    "connect",
    "studio_errors",
    "create_annotator",
    "invite_url",
    "submit_annotation",
    "region_id",
]

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from ..atomic import write_atomic
from ..errors import SetupError, StudioError

DEFAULT_WORKSPACE = Path("workspace") / "label-studio"
_CREDENTIALS = "credentials.json"
_SCRUB = ("HOST", "PORT", "USERNAME", "PASSWORD", "DEBUG", "LOG_LEVEL", "SECRET_KEY")
_TEMPLATE_EMAIL = "admin@hoinghi.local"
_START_TIMEOUT = 180.0


# -- credentials ------------------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """How to reach a Label Studio server: URL, admin e-mail, password and legacy API token."""

    url: str
    token: str
    email: str | None = None
    password: str | None = None

    def save(self, path: str | Path) -> Path:
        """Write as JSON with mode 0600 (atomically)."""
        return write_atomic(path, json.dumps(asdict(self), indent=2), mode=0o600)

    @classmethod
    def load(cls, path: str | Path) -> "Credentials":
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(**{k: raw.get(k) for k in ("url", "token", "email", "password")})
        except (OSError, ValueError, TypeError) as exc:
            raise SetupError(f"cannot read Label Studio credentials {path}: {exc}") from None


def resolve_credentials(url: str | None = None, token: str | None = None,
                        workspace: str | Path | None = None) -> Credentials:
    """The server to talk to: arguments, then ``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY``,
    then ``<workspace>/credentials.json`` (written by ``hoinghi serve``)."""
    url = url or os.environ.get("LABEL_STUDIO_URL")
    token = token or os.environ.get("LABEL_STUDIO_API_KEY")
    if not (url and token):
        path = Path(workspace or DEFAULT_WORKSPACE) / _CREDENTIALS
        if path.is_file():
            saved = Credentials.load(path)
            url, token = url or saved.url, token or saved.token
    if not url:
        raise SetupError("no Label Studio server: run `hoinghi serve`, or pass --url/--token "
                         "(or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY)")
    if not token:
        raise SetupError(f"no API token for {url}: pass --token or set LABEL_STUDIO_API_KEY")
    return Credentials(url.rstrip("/"), token)


# -- template and data dirs ---------------------------------------------------------

def _ls_version() -> str:
    try:
        import label_studio
    except ImportError:
        raise SetupError("the label-studio package is not installed (pip install 'hoinghi[server]')") from None
    return label_studio.__version__


def _ls_bin() -> str:
    _ls_version()
    candidate = Path(sys.executable).with_name("label-studio")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("label-studio")
    if not found:
        raise SetupError("the label-studio command is not on PATH")
    return found


def _ls_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a Label Studio process: stray bare HOST/PORT/USERNAME/PASSWORD...
    scrubbed (LS reads them), outbound version check, Sentry and analytics off."""
    env = {k: v for k, v in os.environ.items()
           if k not in _SCRUB and not k.startswith(("LABEL_STUDIO_", "HEARTEX_"))}
    env.update(LABEL_STUDIO_BASE_DATA_DIR=str(data_dir), LATEST_VERSION_CHECK="false", SENTRY_DSN="",
               FRONTEND_SENTRY_DSN="", COLLECT_ANALYTICS="false", LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true")
    env.update(extra)
    return env


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hoinghi"


def template_dir(cache_root: str | Path | None = None) -> Path:
    """A migrated Label Studio data dir (database, admin, organisation, legacy token
    enabled), built once with ``label-studio init --quiet`` (~30 s) and cached per
    label-studio version. Concurrent callers wait on a file lock."""
    import fcntl

    root = Path(cache_root) if cache_root else _cache_root()
    tpl = root / f"ls-template-{_ls_version()}"
    if (tpl / "label_studio.sqlite3").exists():
        return tpl
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{tpl.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (tpl / "label_studio.sqlite3").exists():
            return tpl
        tmp = tpl.with_name(tpl.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        env = _ls_env(tmp, LABEL_STUDIO_USERNAME=_TEMPLATE_EMAIL, LABEL_STUDIO_PASSWORD=secrets.token_urlsafe(18),
                      LABEL_STUDIO_USER_TOKEN=secrets.token_hex(20), LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true")
        proc = subprocess.run([_ls_bin(), "init", "--quiet"], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=600, env=env)
        if proc.returncode != 0 or not (tmp / "label_studio.sqlite3").exists():
            raise SetupError(f"`label-studio init` failed (exit {proc.returncode}): "
                             f"{(proc.stderr or proc.stdout).strip()[-500:]}")
        (tmp / ".env").unlink(missing_ok=True)  # every copy gets its own SECRET_KEY
        tmp.rename(tpl)
    return tpl


def _django_password_hash(password: str, iterations: int = 1_000_000) -> str:
    salt = secrets.token_urlsafe(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    import base64
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def init_data_dir(data_dir: str | Path, *, email: str = "admin@example.com", password: str | None = None,
                  token: str | None = None, cache_root: str | Path | None = None) -> Credentials:
    """Create a Label Studio data dir from the cached template and give it fresh secrets:
    a new ``SECRET_KEY`` (in ``.env``, 0600), and the admin's e-mail, password and legacy
    API token and the organisation's invite token rewritten in the SQLite database
    (generated when not given). Writes
    ``credentials.json`` (0600) into the data dir and returns the credentials; the URL is
    filled in by :func:`local_server`. Refuses an existing data dir."""
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
            (uid,) = con.execute("SELECT id FROM htx_user WHERE email = ?", (_TEMPLATE_EMAIL,)).fetchone()
            con.execute("UPDATE htx_user SET email = ?, password = ? WHERE id = ?",
                        (email, _django_password_hash(password), uid))
            con.execute("UPDATE authtoken_token SET key = ? WHERE user_id = ?", (token, uid))
            # the organisation's invite-link token too, or every copy would accept the same signup link
            con.execute("UPDATE organization SET token = ?", (secrets.token_urlsafe(30),))
    finally:
        con.close()
    creds = Credentials("", token, email, password)
    creds.save(data_dir / _CREDENTIALS)
    return creds


# -- the server process ---------------------------------------------------------------

def port_is_free(host: str, port: int) -> bool:
    """True when nothing listens on ``host:port`` (Label Studio itself would silently hop
    to the next port, so we check first)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class LocalServer:
    """A running local Label Studio (see :func:`local_server`)."""

    url: str
    credentials: Credentials
    data_dir: Path
    log_path: Path
    process: subprocess.Popen

    @property
    def token(self) -> str:
        return self.credentials.token

    @property
    def pid(self) -> int:
        return self.process.pid

    def client(self, **kwargs):
        """An SDK client for this server (see :func:`connect`)."""
        return connect(self.url, self.token, **kwargs)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM our own process (SIGINT may be ignored when started from a script)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def local_server(data_dir: str | Path = DEFAULT_WORKSPACE, *, host: str = "127.0.0.1", port: int | None = None,
                 email: str = "admin@example.com", log_path: str | Path | None = None,
                 cache_root: str | Path | None = None, stdout=None) -> Iterator[LocalServer]:
    """Run ``label-studio start`` on ``data_dir`` until the block ends.

    A missing data dir is created from the cached template (:func:`init_data_dir`,
    ~3 s after the first ~30 s build). ``port=None`` picks a free port; a given busy
    port raises :class:`SetupError`. Blocks until ``/health/`` answers, then yields a
    :class:`LocalServer`; the credentials file gets the URL. The server log goes to
    ``log_path`` (default ``<data_dir>/server.log``) unless ``stdout`` is given.

    >>> with local_server("workspace/label-studio") as srv:   # doctest: +SKIP
    ...     client = srv.client()
    """
    data_dir = Path(data_dir).resolve()
    if port is None:
        port = _free_port(host)
    elif not port_is_free(host, port):
        raise SetupError(f"port {port} on {host} is busy; stop what runs there or pass --port")
    if not (data_dir / "label_studio.sqlite3").exists():
        creds = init_data_dir(data_dir, email=email, cache_root=cache_root)
    else:
        creds = Credentials.load(data_dir / _CREDENTIALS) if (data_dir / _CREDENTIALS).exists() else None
        if creds is None:
            raise SetupError(f"{data_dir} has a Label Studio database but no {_CREDENTIALS}")
    display_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    url = f"http://{display_host}:{port}"
    log_path = Path(log_path) if log_path else data_dir / "server.log"
    log = open(log_path, "a", encoding="utf-8") if stdout is None else None
    proc = subprocess.Popen([_ls_bin(), "start", "--no-browser", "--internal-host", host, "-p", str(port)],
                            env=_ls_env(data_dir), stdin=subprocess.DEVNULL, stdout=log or stdout,
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = LocalServer(url, Credentials(url, creds.token, creds.email, creds.password), data_dir, log_path, proc)
    try:
        _wait_healthy(server, log_path if log else None)
        server.credentials.save(data_dir / _CREDENTIALS)
        yield server
    finally:
        server.stop()
        if log:
            log.close()


def _wait_healthy(server: LocalServer, log_path: Path | None, timeout: float = _START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-1500:] if log_path else ""
            raise SetupError(f"label-studio exited with code {server.process.returncode} before it was ready"
                             + (f"; log tail:\n{tail}" if tail else ""))
        if log_path is not None:  # LS hops to another port when ours was taken in the meantime
            m = re.search(r"Starting development server at (http://[\d.]+:(\d+))/",
                          log_path.read_text(encoding="utf-8", errors="replace"))
            if m and not server.url.endswith(":" + m.group(2)):
                server.stop()
                raise SetupError(f"port of {server.url} was taken while starting; Label Studio moved to {m.group(1)}")
        try:
            with urllib.request.urlopen(server.url + "/health/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    server.stop()
    raise SetupError(f"label-studio did not become healthy within {timeout:.0f} s")


# -- client and errors -----------------------------------------------------------------

@contextlib.contextmanager
def studio_errors(what: str, url: str | None = None):
    """Turn SDK/HTTP failures inside the block into one-sentence :class:`StudioError`s.

    >>> with studio_errors("listing projects"):
    ...     raise ConnectionRefusedError()
    Traceback (most recent call last):
    ...
    hoinghi.errors.StudioError: cannot reach Label Studio while listing projects: ConnectionRefusedError
    """
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    where = f" at {url}" if url else ""
    try:
        yield
    except ApiError as exc:
        status = exc.status_code
        detail = _detail(exc.body)
        if status == 401:
            msg = f"Label Studio{where} refused the API token while {what} ({detail or 'unauthorised'})"
        elif status == 403:
            msg = f"Label Studio{where} denied access while {what} ({detail or 'forbidden'})"
        elif status == 404:
            msg = f"Label Studio{where} has no such object while {what} ({detail or 'not found'})"
        elif status is not None and status >= 500:
            msg = f"Label Studio{where} failed with a server error {status} while {what}"
        else:
            msg = f"Label Studio{where} answered {status} while {what}: {detail}"
        raise StudioError(msg) from exc
    except (httpx.ConnectError, httpx.ConnectTimeout, ConnectionError, urllib.error.URLError) as exc:
        raise StudioError(f"cannot reach Label Studio{where} while {what}: {type(exc).__name__}") from exc
    except httpx.TimeoutException as exc:
        raise StudioError(f"Label Studio{where} timed out while {what}") from exc
    except httpx.HTTPError as exc:
        raise StudioError(f"HTTP error talking to Label Studio{where} while {what}: {exc}") from exc


def _detail(body) -> str:
    if isinstance(body, dict):
        for key in ("detail", "validation_errors", "message"):
            if body.get(key):
                val = body[key]
                return val if isinstance(val, str) else json.dumps(val, ensure_ascii=False)[:300]
        return json.dumps(body, ensure_ascii=False)[:300]
    if isinstance(body, str):
        if "<html" in body.lower():
            return "HTML error page"
        return body.strip()[:300]
    return "" if body is None else str(body)[:300]


def connect(url: str | None = None, token: str | None = None, *, workspace: str | Path | None = None,
            timeout: float = 600.0, max_retries: int = 0, check: bool = True):
    """An SDK ``LabelStudio`` client. ``max_retries=0`` by default: the SDK would retry
    POSTs (imports!) after a server error, which duplicates tasks; callers that retry do
    it idempotently. With ``check`` the token is verified once (``users.whoami``)."""
    from label_studio_sdk import LabelStudio

    creds = resolve_credentials(url, token, workspace)
    client = LabelStudio(base_url=creds.url, api_key=creds.token, timeout=timeout, max_retries=max_retries)
    client._hoinghi_url = creds.url  # for error messages
    if check:
        with studio_errors("checking the API token", creds.url):
            client.users.whoami()
    return client


# -- annotators and annotations ------------------------------------------------------------

@dataclass(frozen=True)
class Annotator:
    """A Label Studio user that can annotate: id, e-mail and its own legacy API token."""

    id: int
    email: str
    token: str
    password: str | None = None


def invite_url(client) -> str:
    """The absolute invite (signup) link of the organisation (``GET /api/invite``)."""
    url = client._hoinghi_url
    with studio_errors("fetching the invite link", url):
        r = client._client_wrapper.httpx_client.request("api/invite", method="GET")
        r.raise_for_status()
    return url + r.json()["invite_url"]


def create_annotator(client, email: str, password: str | None = None) -> Annotator:
    """Create an annotator account without a browser, through the invite link, as a
    person would: sign up with e-mail and password, then read the user's own legacy
    token from ``/api/current-user/token``. Returns the :class:`Annotator` (use its token
    to post annotations as that user)."""
    import httpx

    password = password or secrets.token_urlsafe(15)
    signup = invite_url(client)
    base = client._hoinghi_url
    with studio_errors(f"signing up annotator {email}", base), httpx.Client(follow_redirects=False, timeout=60) as h:
        h.get(signup).raise_for_status()
        csrf = h.cookies.get("csrftoken")
        r = h.post(signup, data={"email": email, "password": password, "csrfmiddlewaretoken": csrf},
                   headers={"Referer": signup})
        if r.status_code != 302:
            raise StudioError(f"Label Studio refused to sign up {email} (HTTP {r.status_code}; "
                              "is the e-mail already taken or the password too weak?)")
        t = h.get(base + "/api/current-user/token")
        t.raise_for_status()
        token = t.json()["token"]
        me = h.get(base + "/api/current-user/whoami")
        me.raise_for_status()
        uid = me.json()["id"]
    return Annotator(uid, email, token, password)


def region_id() -> str:
    """A 10-character region id like the ones the Label Studio UI generates.

    >>> len(region_id()), region_id().isalnum()
    (10, True)
    """
    from .ls_conversion import _region_id
    return _region_id()


def submit_annotation(client, task_id: int, doc, *, label_to_schema: dict[str, str] | None = None,
                      completed_by: int | None = None, lead_time: float | None = None,
                      was_cancelled: bool = False, ground_truth: bool = False, keep_ids: bool = False) -> int:
    """Post ``doc``'s spans and relations as an annotation of ``task_id`` exactly as the
    UI stores them (see :func:`hoinghi.annotate.ls_conversion.to_results`: fresh 10-character
    region ids unless ``keep_ids``, ``origin: "manual"``, ``from_name`` = the label's
    schema, ``to_name: "text"``, relation items without ids). Post with the annotator's own
    client (``connect(url, annotator.token)``) or as admin with ``completed_by=<user id>``.
    ``was_cancelled`` posts a skip (empty result). Returns the annotation id; a pull gives
    the spans back with the region ids as span ids."""
    from .ls_conversion import to_results

    result = [] if was_cancelled else to_results(doc, label_to_schema=label_to_schema, origin="manual",
                                                 new_ids=not keep_ids)
    kwargs: dict = {"result": result, "was_cancelled": was_cancelled, "ground_truth": ground_truth}
    if completed_by is not None:
        kwargs["completed_by"] = completed_by
    if lead_time is not None:
        kwargs["lead_time"] = lead_time
    with studio_errors(f"submitting an annotation to task {task_id}", getattr(client, "_hoinghi_url", None)):
        ann = client.annotations.create(id=task_id, **kwargs)
    return ann.id

