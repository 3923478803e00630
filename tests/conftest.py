"""Shared fixtures. ``ls_server``: one real Label Studio for the whole test session
(a copy of the cached template data dir, a free port on 127.0.0.1, ~3 s to start
after the one-time ~30 s template build); ``ls_client``: an SDK client for it.

Tests using them should carry ``@pytest.mark.studio``; they are skipped with a reason
when the ``label-studio`` package is absent. ``report_corpus``: the small scored
article of the report tests.
"""
from __future__ import annotations

import importlib.util
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

    spec = f"{REPO / 'tests' / 'data' / 'scored_extractor.py'}:extract"
    proc = subprocess.Popen([str(Path(sys.executable).with_name("hoinghi")), "ml-backend", "-e", spec, "--port", "0",
                             "-q"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
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
