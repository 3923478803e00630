"""The local Label Studio server: a context manager around ``label-studio start``.

:func:`local_server` (used by ``hoinghi serve``, the ``ls_server`` test fixture and the
benchmark) creates the data dir when missing (:mod:`hoinghi.annotate.studio_data`),
refuses a busy port (Label Studio itself would silently hop to the next one), starts the
server on 127.0.0.1, waits for ``/health/`` and stops it with SIGTERM.
"""
from __future__ import annotations

__all__ = ["LocalServer", "local_server", "port_is_free", "free_port"]

import contextlib
import re
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import SetupError
from .studio import CREDENTIALS_FILE, DEFAULT_WORKSPACE, Credentials, connect
from .studio_data import init_data_dir
from .studio_postgres import Database, prepare_database, recorded_database
from .studio_process import ls_command, ls_env

_START_TIMEOUT = 180.0


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


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now (the kernel's pick)."""
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
    database: Database | None = None    # None: SQLite in the data dir

    @property
    def token(self) -> str:
        return self.credentials.token

    @property
    def pid(self) -> int:
        return self.process.pid

    def client(self, **kwargs):
        """An SDK client for this server (see :func:`~hoinghi.annotate.studio.connect`)."""
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
                 email: str = "admin@example.com", database: Database | None = None,
                 log_path: str | Path | None = None, cache_root: str | Path | None = None,
                 stdout=None) -> Iterator[LocalServer]:
    """Run ``label-studio start`` on ``data_dir`` until the block ends.

    A missing data dir is created from the cached template
    (:func:`~hoinghi.annotate.studio_data.init_data_dir`, ~3 s after the first ~30 s
    build). With ``database`` (or when the workspace recorded one) Label Studio runs on
    that PostgreSQL database instead, prepared by
    :func:`~hoinghi.annotate.studio_postgres.prepare_database`. ``port=None`` picks a
    free port; a given busy port raises :class:`SetupError`. Blocks until ``/health/`` answers, then yields a
    :class:`LocalServer`; the credentials file gets the URL. The server log goes to
    ``log_path`` (default ``<data_dir>/server.log``) unless ``stdout`` is given.

    >>> with local_server("workspace/label-studio") as srv:   # doctest: +SKIP
    ...     client = srv.client()
    """
    data_dir = Path(data_dir).resolve()
    if port is None:
        port = free_port(host)
    elif not port_is_free(host, port):
        raise SetupError(f"port {port} on {host} is busy; stop what runs there or pass --port")
    database = database or recorded_database(data_dir)
    creds = (prepare_database(database, data_dir, email=email, cache=cache_root) if database
             else _sqlite_credentials(data_dir, email, cache_root))
    display_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    url = f"http://{display_host}:{port}"
    log_path = Path(log_path) if log_path else data_dir / "server.log"
    log = open(log_path, "a", encoding="utf-8") if stdout is None else None
    env = ls_env(data_dir, **(database.ls_env() if database else {}))
    proc = subprocess.Popen(ls_command("start", "--no-browser", "--internal-host", host, "-p", str(port)),
                            env=env, stdin=subprocess.DEVNULL, stdout=log or stdout,
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = LocalServer(url, Credentials(url, creds.token, creds.email, creds.password), data_dir, log_path, proc,
                         database)
    try:
        _wait_healthy(server, log_path if log else None)
        server.credentials.save(data_dir / CREDENTIALS_FILE)
        yield server
    finally:
        server.stop()
        if log:
            log.close()


def _sqlite_credentials(data_dir: Path, email: str, cache_root) -> Credentials:
    if not (data_dir / "label_studio.sqlite3").exists():
        return init_data_dir(data_dir, email=email, cache_root=cache_root)
    if not (data_dir / CREDENTIALS_FILE).exists():
        raise SetupError(f"{data_dir} has a Label Studio database but no {CREDENTIALS_FILE}")
    return Credentials.load(data_dir / CREDENTIALS_FILE)


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
