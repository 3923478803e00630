"""Shared fixtures. ``ls_server``: one real Label Studio for the whole test session
(a copy of the cached template data dir, a free port on 127.0.0.1, ~3 s to start
after the one-time ~30 s template build); ``ls_client``: an SDK client for it;
``pg_server``: a real PostgreSQL cluster for the session (temp folder, private port).

Tests using them should carry ``@pytest.mark.studio``; they are skipped with a reason
when the ``label-studio`` package is absent. ``report_corpus``: the small scored
article of the report tests.
"""
from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple

import pytest

from hoinghi.document import Document, Span

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"


def _need_label_studio() -> None:
    if importlib.util.find_spec("label_studio") is None:
        pytest.skip("the label-studio package is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory):
    """A running local Label Studio: ``.url``, ``.token``, ``.pid``, ``.data_dir``,
    ``.credentials`` (admin e-mail/password), ``.client()``. Also subscriptable as
    ``ls_server["url"]``, ``["token"]``, ``["pid"]`` for convenience."""
    _need_label_studio()
    from hoinghi.annotate.studio_server import local_server

    data = tmp_path_factory.mktemp("ls") / "data"
    with local_server(data, email="admin@example.com") as server:
        yield _Server(server)


class _Server:
    def __init__(self, server):
        self._server = server

    def __getattr__(self, name):
        return getattr(self._server, name)

    def __getitem__(self, key):
        return getattr(self._server, key)


@pytest.fixture
def ls_client(ls_server):
    """An SDK client (admin, legacy token, no retries) for ``ls_server``."""
    return ls_server.client(timeout=120)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared read-only material (../shared relative to the repo root)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"shared material not found at {SHARED.resolve()}")
    return SHARED.resolve()


# -- the report tests' corpus (tests/eval/test_report_data.py, test_html_report.py, tests/cli/test_cli_report.py)
REPORT_TEXT = ("Ngày 18-7, Quận ủy Hoàng Mai tổ chức Hội nghị lần thứ 14. Đồng chí Nguyễn Quang Hiếu, "
               "Bí thư Quận ủy chủ trì.")


def _report_at(text, s, label, sid):
    i = text.index(s)
    return Span(i, i + len(s), label, sid)


REPORT_GOLD = [Document("d1", REPORT_TEXT, (
    _report_at(REPORT_TEXT, "Ngày 18-7", "DATE", "g1"), _report_at(REPORT_TEXT, "Quận ủy Hoàng Mai", "ORGANIZER", "g2"),
    _report_at(REPORT_TEXT, "Hội nghị lần thứ 14", "MEETING", "g3"),
    _report_at(REPORT_TEXT, "Nguyễn Quang Hiếu", "PERSON", "g4"), _report_at(REPORT_TEXT, "Bí thư Quận ủy", "POSITION", "g5")))]
REPORT_PRED = {"d1": Document("d1", None, (
    _report_at(REPORT_TEXT, "Ngày 18-7", "DATE", "p1"),                # correct
    _report_at(REPORT_TEXT, "Hội nghị lần thứ", "MEETING", "p2"),      # boundary
    _report_at(REPORT_TEXT, "Nguyễn Quang Hiếu", "POSITION", "p3"),    # label
    _report_at(REPORT_TEXT, "Đồng chí", "PERSON", "p4"),                # spurious
))}                                                                     # missed: ORGANIZER, POSITION


class ReportCorpus(NamedTuple):
    text: str
    gold: list
    pred: dict
    at: object


@pytest.fixture(scope="session")
def report_corpus() -> ReportCorpus:
    """One article, its gold and a prediction with an outcome of each kind (the report tests)."""
    return ReportCorpus(REPORT_TEXT, REPORT_GOLD, REPORT_PRED, _report_at)


# -- ML backends (issue 14) -----------------------------------------------------------

@pytest.fixture(scope="session")
def ml_backend_url():
    """A real ``hoinghi ml-backend`` process serving ``tests/data/scored_extractor.py:extract``
    (PERSON for every 'Lê Văn An', scored with the number after '#' in the text)."""
    import subprocess
    import sys

    def die_with_pytest():   # a test run killed before teardown must not leave the backend running
        if sys.platform.startswith("linux"):
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG

    spec = f"{REPO / 'tests' / 'data' / 'scored_extractor.py'}:extract"
    proc = subprocess.Popen([str(Path(sys.executable).with_name("hoinghi")), "ml-backend", "-e", spec, "--port", "0",
                             "-q"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            preexec_fn=die_with_pytest)
    line = proc.stdout.readline()
    assert line.startswith("ML backend for"), "the ml-backend process did not start"
    yield line.split(" at ")[1].strip()
    proc.terminate()
    assert proc.wait(timeout=10) == 0


@pytest.fixture(scope="session")
def not_a_backend_url():
    """A web server that answers every request with HTML (not an ML backend)."""
    import http.server
    import threading

    class Html(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>not a backend</html>")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Html)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


# -- PostgreSQL -------------------------------------------------------------------------

def _pg_bindir() -> Path | None:
    """The newest Debian PostgreSQL (``/usr/lib/postgresql/N/bin``), else ``initdb`` on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (see the ``pg_server`` fixture)."""

    superuser = "postgres"
    role = "hoinghi"            # the role Label Studio logs in as: no superuser, owns its databases

    def __init__(self, bindir: Path, folder: Path, port: int, password: str, run_as: tuple[int, int] | None):
        self.bindir, self.folder, self.port, self.password, self.run_as = bindir, folder, port, password, run_as
        self.process: subprocess.Popen | None = None

    def _popen_args(self) -> dict:
        args: dict = {"stdin": subprocess.DEVNULL, "cwd": self.folder}
        if self.run_as:
            args.update(user=self.run_as[0], group=self.run_as[1], extra_groups=[])
        return args

    def start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if self.run_as:
            for p in (self.folder, pwfile):
                os.chown(p, *self.run_as)
        init = subprocess.run([str(self.bindir / "initdb"), "-D", str(self.folder / "data"), "-U", self.superuser,
                               "-A", "scram-sha-256", f"--pwfile={pwfile}", "--no-sync", "-E", "UTF8",
                               "--locale=C.UTF-8"], capture_output=True, text=True, timeout=120, **self._popen_args())
        if init.returncode:
            raise RuntimeError(f"initdb failed: {init.stderr.strip()[-500:]}")
        log = open(self.folder / "postgres.log", "w")
        self.process = subprocess.Popen(
            [str(self.bindir / "postgres"), "-D", str(self.folder / "data"), "-p", str(self.port),
             "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
             "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            stdout=log, stderr=subprocess.STDOUT, preexec_fn=_interrupt_when_parent_dies(), **self._popen_args())
        log.close()
        self._wait_ready()
        self.sql(f"CREATE ROLE {self.role} LOGIN PASSWORD '{self.password}'")

    def _wait_ready(self, timeout: float = 60.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.url("postgres", user=self.superuser), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("postgres did not start: "
                                       + (self.folder / "postgres.log").read_text(errors="replace")[-800:])
                time.sleep(0.2)

    def url(self, database: str, *, user: str | None = None, password: str | None = None) -> str:
        return f"postgresql://{user or self.role}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres", user=self.superuser), autocommit=True) as con:
            con.execute(statement)

    def new_database(self, prefix: str = "ls") -> str:
        """A fresh, empty database owned by :attr:`role`; returns its URL (with the password)."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        self.sql(f"CREATE DATABASE {name} OWNER {self.role}")
        return self.url(name)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)      # fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _interrupt_when_parent_dies():
    """A ``preexec_fn`` for the child, run after it became the ``postgres`` user: SIGINT
    (fast shutdown) when the test run dies, so no cluster outlives a killed pytest.
    (``prctl`` is looked up here, in the parent: nothing is imported after the fork.)"""
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(1, signal.SIGINT, 0, 0, 0)      # PR_SET_PDEATHSIG


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL (Debian's ``postgresql`` package) for the whole session: its own
    cluster in a temp folder, a private port on 127.0.0.1, stopped and removed at the end.
    As root it runs as the ``postgres`` user (PostgreSQL refuses to run as root).
    ``.new_database()`` gives the URL of a fresh database owned by a non-superuser role.
    Skipped with the reason when PostgreSQL is not installed (``scripts/test`` installs it
    when it can)."""
    _need_label_studio()
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql; scripts/test does it as root)")
    run_as = None
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        run_as = (pw.pw_uid, pw.pw_gid)
    folder = Path(tempfile.mkdtemp(prefix="hoinghi-pg-"))
    from hoinghi.annotate.studio_server import free_port

    server = PostgresServer(bindir, folder, free_port(), secrets.token_hex(12), run_as)
    try:
        server.start()
        yield server
    finally:
        server.stop()

@pytest.fixture(scope="session")
def ray_local():
    """A local Ray for the whole test session (2 CPUs, a 256 MB object store), as the
    Ray engine's tests need; skipped with a reason when ray is not installed."""
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install -e '.[dev]' installs it)")
    import os

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a local test cluster needs no token
    ray.init(num_cpus=2, object_store_memory=256 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()
