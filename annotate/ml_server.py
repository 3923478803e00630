"""The HTTP side of ``hoinghi ml-backend``: Label Studio's four ML backend routes over a
:class:`~hoinghi.annotate.ml_backend.Backend`, on the standard library's
``ThreadingHTTPServer``.

Why the standard library: four JSON routes need no framework; the toolkit's core install
stays free of a web stack (the stale ``label-studio-ml`` package pins Flask 1.1.2;
Starlette/uvicorn or Flask would be new dependencies; Django is only there with Label Studio
itself); ``http.server`` is maintained with Python. What it lacks is hardening for the open
internet, so it binds 127.0.0.1 by default and is meant for the Label Studio server's
network only; request bodies are capped at :data:`MAX_BODY` bytes.

Replies: 200 with JSON for the four routes (and ``GET /``), 400 for a body that is not
the JSON the route expects, 404 for other paths, 413 for an oversized body. A failure of
the extractor on a task is never an error reply (see the backend).
"""
from __future__ import annotations

__all__ = ["make_server", "MAX_BODY"]

import json
import logging
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..errors import SetupError
from .ml_backend import Backend, RequestError

log = logging.getLogger("hoinghi.ml_backend")

#: Largest request body accepted (bytes): Label Studio sends whole task records, a few per request.
MAX_BODY = 64 << 20


class _Handler(BaseHTTPRequestHandler):
    server_version = "hoinghi-ml-backend"
    protocol_version = "HTTP/1.1"   # keep-alive: Label Studio reuses its connection

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes; without this, Nagle's algorithm and the
        # client's delayed ACK add about 40 ms to every keep-alive reply
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @property
    def backend(self) -> Backend:
        return self.server.backend

    def log_message(self, format, *args) -> None:   # noqa: A002 - the base class's signature
        log.info("%s %s", self.address_string(), format % args)

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise RequestError("bad Content-Length") from None
        if length > MAX_BODY:
            self.close_connection = True
            raise _TooLarge(f"request body of {length} bytes is over the {MAX_BODY}-byte limit")
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RequestError(f"the body is not JSON ({exc})") from None

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.split("?")[0].rstrip("/") in ("", "/health"):
            return self._reply(200, self.backend.health())
        self._reply(404, {"error": f"no route GET {self.path}"})

    def do_POST(self) -> None:  # noqa: N802
        route = self.path.split("?")[0].rstrip("/")
        try:
            body = self._body()
            if route == "/setup":
                return self._reply(200, self.backend.setup(body))
            if route == "/predict":
                return self._reply(200, self.backend.predict(body))
            if route == "/webhook":
                return self._reply(200, {"status": "ok"})
        except _TooLarge as exc:
            return self._reply(413, {"error": str(exc)})
        except RequestError as exc:
            log.warning("POST %s: %s", route, exc)
            return self._reply(400, {"error": str(exc)})
        self._reply(404, {"error": f"no route POST {self.path}"})


class _TooLarge(RequestError):
    pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, backend: Backend):
        self.backend = backend
        super().__init__(address, _Handler)


def make_server(backend: Backend, host: str = "127.0.0.1", port: int = 9090) -> ThreadingHTTPServer:
    """A bound (not yet serving) server for ``backend``; ``port=0`` picks a free port
    (``server.server_address``). A busy port raises :class:`~hoinghi.errors.SetupError`.
    Call ``serve_forever()`` and, to stop, ``shutdown()`` from another thread.

    >>> from hoinghi.annotate.ml_backend import open_backend
    >>> srv = make_server(open_backend("trivial"), port=0)
    >>> srv.server_address[0]
    '127.0.0.1'
    >>> srv.server_close()
    """
    try:
        return _Server((host, port), backend)
    except OSError as exc:
        raise SetupError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); stop what runs there "
                         "or pass --port") from None
