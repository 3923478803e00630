"""``hoinghi serve``: run the local Label Studio for annotators (foreground).

The first run creates ``workspace/label-studio/`` (``--workspace``) from the cached,
migrated template with a generated admin password and API token
(``credentials.json``, mode 0600), which every other command then uses. Binds
127.0.0.1 unless ``--host``; a busy port is an error (Label Studio would silently
move to another one). Ctrl-C or SIGTERM stops the server cleanly, and the server dies
with this command if it is killed.

``--database postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`` keeps Label Studio's data in
PostgreSQL instead of SQLite (a team server): an empty database is initialised on first
use (password also from PGPASSWORD); the workspace remembers it (``database.json``, 0600),
so later runs need no ``--database``.
"""
from __future__ import annotations

__all__ = ["register", "serve_cli", "add_connection_args"]

import argparse
import signal
import sys

from . import ExitCode
from ..annotate.studio import DEFAULT_WORKSPACE


def add_connection_args(p: argparse.ArgumentParser) -> None:
    """``--url``/``--token``/``--workspace``, shared by push and pull."""
    g = p.add_argument_group("Label Studio server (default: the one `hoinghi serve` runs)")
    g.add_argument("--url", help="Label Studio URL (env LABEL_STUDIO_URL)")
    g.add_argument("--token", help="API token (env LABEL_STUDIO_API_KEY)")
    g.add_argument("--workspace", default=str(DEFAULT_WORKSPACE),
                   help="data dir of the local server holding credentials.json (default: %(default)s)")


def _database(url: str):
    from ..annotate.studio_postgres import Database

    try:
        return Database.parse(url)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="run the local Label Studio for annotators",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workspace", default=str(DEFAULT_WORKSPACE), help="data dir (default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s; 0.0.0.0 for a LAN)")
    p.add_argument("--port", type=int, default=8080, help="port (default: %(default)s)")
    p.add_argument("--email", default="admin@example.com", help="admin e-mail on first run (default: %(default)s)")
    p.add_argument("--database", type=_database, metavar="URL",
                   help="PostgreSQL database postgresql://USER[:PASSWORD]@HOST[:PORT]/DB (default: SQLite in the "
                        "workspace, or the database the workspace already serves)")
    p.set_defaults(func=serve_cli)


class _Stop(Exception):
    pass


def serve_cli(args) -> ExitCode:
    from ..annotate.studio import invite_url
    from ..annotate.studio_server import local_server

    def on_term(signum, frame):
        raise _Stop()

    previous = signal.signal(signal.SIGTERM, on_term)
    print(f"hoinghi: starting Label Studio in {args.workspace} ...", file=sys.stderr)
    try:
        with local_server(args.workspace, host=args.host, port=args.port, email=args.email,
                          database=args.database) as srv:
            invite = invite_url(srv.client())
            print(f"Label Studio is running at {srv.url}")
            print(f"  database: {srv.database or srv.data_dir / 'label_studio.sqlite3'}")
            print(f"  admin: {srv.credentials.email} (password and API token in {srv.data_dir / 'credentials.json'})")
            print(f"  invite link for annotators: {invite}")
            print(f"  server log: {srv.log_path}")
            print("Press Ctrl-C to stop.", flush=True)
            rc = srv.process.wait()
            print(f"hoinghi: Label Studio exited with code {rc}; see {srv.log_path}", file=sys.stderr)
            return ExitCode.SETUP if rc else ExitCode.OK
    except (_Stop, KeyboardInterrupt):
        print("hoinghi: Label Studio stopped", file=sys.stderr)
        return ExitCode.OK
    finally:
        signal.signal(signal.SIGTERM, previous)
