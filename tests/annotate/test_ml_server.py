"""annotate/ml_server.py: the four routes over HTTP (a real server in a thread)."""
from __future__ import annotations

import http.client
import json
import threading

import pytest

from hoinghi.annotate import ml_server
from hoinghi.annotate.ml_backend import open_backend
from hoinghi.annotate.ml_server import make_server
from hoinghi.errors import SetupError


@pytest.fixture(scope="module")
def served():
    server = make_server(open_backend("trivial"), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[:2]
    server.shutdown()
    server.server_close()


def _call(address, method, path, body=None, raw: bytes | None = None, conn=None):
    c = conn or http.client.HTTPConnection(*address, timeout=10)
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    c.request(method, path, body=data, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    return r.status, json.loads(r.read() or b"null")


TEXT = "Hội nghị lần thứ 14 đã diễn ra."

CASES = [  # method, path, body, status, check on the reply
    ("GET", "/health", None, 200, lambda r: r["status"] == "UP"),
    ("GET", "/", None, 200, lambda r: r["model_version"] == "trivial@0.1.0"),
    ("POST", "/setup", {"project": "1.17", "schema": "<View/>"}, 200, lambda r: r == {"model_version": "trivial@0.1.0"}),
    ("POST", "/predict", {"tasks": [{"id": 1, "data": {"text": TEXT}}, {"id": 2, "data": {"text": "x"}}]}, 200,
     lambda r: [len(x["result"]) for x in r["results"]] == [1, 0]),
    ("POST", "/webhook", {"action": "PROJECT_UPDATED"}, 200, lambda r: r == {"status": "ok"}),
    ("POST", "/predict", {"tasks": "nope"}, 400, lambda r: "tasks" in r["error"]),
    ("POST", "/setup", [1], 400, lambda r: "JSON object" in r["error"]),
    ("GET", "/nothing", None, 404, lambda r: "no route" in r["error"]),
    ("POST", "/train", {}, 404, lambda r: "no route" in r["error"]),
]


@pytest.mark.parametrize("method, path, body, status, check", CASES)
def test_routes(served, method, path, body, status, check):
    got_status, reply = _call(served, method, path, body)
    assert got_status == status and check(reply)


def test_garbage_body_is_400_and_the_connection_stays_usable(served):
    conn = http.client.HTTPConnection(*served, timeout=10)
    assert _call(served, "POST", "/predict", raw=b"\xff not json", conn=conn)[0] == 400
    assert _call(served, "GET", "/health", conn=conn)[0] == 200      # same keep-alive connection


def test_oversized_body_is_413(served, monkeypatch):
    monkeypatch.setattr(ml_server, "MAX_BODY", 10)
    status, reply = _call(served, "POST", "/predict", {"tasks": []})
    assert status == 413 and "limit" in reply["error"]


def test_busy_port_is_a_setup_error(served):
    with pytest.raises(SetupError, match=f"cannot listen on 127.0.0.1:{served[1]}"):
        make_server(open_backend("trivial"), port=served[1])
