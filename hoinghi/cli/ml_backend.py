"""``hoinghi ml-backend``: serve an extractor to Label Studio as an ML backend (foreground).

EXTRACTOR is any spec ``hoinghi eval`` accepts except a prediction file: a registered name
(``reference``), ``module:function``, ``file.py:function`` or ``cmd:<command>``. Label Studio
gets the extractor's spans and relations for each task it asks about, with
model_version = the extractor's name@version and a task score (low = unsure). Connect it
with ``hoinghi push ... --ml-backend http://HOST:PORT``. Ctrl-C or SIGTERM stops it.
"""
from __future__ import annotations

__all__ = ["register", "ml_backend_cli"]

import argparse
import logging
import signal
import sys
import threading

from . import ExitCode
from ._arg_types import seconds


def register(subparsers) -> None:
    p = subparsers.add_parser("ml-backend", help="serve an extractor to Label Studio as an ML backend",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--extractor", "-e", required=True, metavar="SPEC", help="extractor spec (not a prediction file)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=9090, help="port (default: %(default)s)")
    p.add_argument("--timeout", type=seconds, default=30.0,
                   help="seconds per document for a cmd: extractor (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="log only failures, not every request")
    p.set_defaults(func=ml_backend_cli)


def ml_backend_cli(args) -> ExitCode:
    from ..annotate.ml_backend import open_backend
    from ..annotate.ml_server import make_server

    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(message)s")
    backend = open_backend(args.extractor, timeout=args.timeout)
    server = make_server(backend, args.host, args.port)
    host, port = server.server_address[:2]
    stopping = threading.Event()

    def on_term(signum, frame):
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    previous = signal.signal(signal.SIGTERM, on_term)
    print(f"ML backend for {backend.model_version} at http://{host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
    print(f"hoinghi: ML backend stopped ({backend.served} task(s) answered, {backend.failed} empty after a failure)",
          file=sys.stderr)
    return ExitCode.OK
