"""Label Studio on PostgreSQL: the team server's database.

``hoinghi serve --database postgresql://USER[:PASS]@HOST[:PORT]/DB`` runs the same local
server with Label Studio's own PostgreSQL settings (``DJANGO_DB=default``,
``POSTGRE_NAME/USER/PASSWORD/HOST/PORT``, see :meth:`Database.ls_env`); the workspace
folder still holds the server's ``.env`` (``SECRET_KEY``), ``credentials.json``, media,
exports and log, and remembers its database in ``database.json`` (0600).

A fresh (empty) database is initialised like the SQLite data dir, from a cached template:
the first time ever, ``label-studio init`` migrates it (about 1–2 minutes on PostgreSQL)
and, when ``pg_dump`` is available, a plain-SQL dump of the migrated database is cached as
``${XDG_CACHE_HOME:-~/.cache}/hoinghi/ls-postgres-<label-studio version>.sql``; every later
fresh database is restored from that dump in one transaction (about half a second) through
the same driver Label Studio uses (psycopg), so no PostgreSQL client program is needed
then. Either way the copy then gets its own secrets
(:func:`~hoinghi.annotate.studio_data.give_secrets`).

A database that already holds a Label Studio is served as it is, with the credentials of
the workspace that initialised it; a database holding anything else is refused.
"""
from __future__ import annotations

__all__ = ["Database", "DATABASE_FILE", "prepare_database", "recorded_database", "pg_dump_program"]

import json
import os
import re
import shutil
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..errors import SetupError
from .studio import CREDENTIALS_FILE, Credentials
from .studio_data import cache_root, give_secrets, run_init
from .studio_process import ls_version

DATABASE_FILE = "database.json"
_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class Database:
    """Where a PostgreSQL database is: ``str()`` never shows the password.

    >>> db = Database.parse("postgresql://team:s%40cret@db.lan/labels")
    >>> str(db), db.port, db.password
    ('postgresql://team@db.lan:5432/labels', 5432, 's@cret')
    >>> Database.parse("mysql://me:secret@h/d")
    Traceback (most recent call last):
    ...
    ValueError: not a PostgreSQL URL (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE): 'mysql://me:***@h/d'
    """

    user: str
    host: str
    port: int
    name: str
    password: str | None = None

    @classmethod
    def parse(cls, url: str, *, env_password: bool = True) -> "Database":
        """Read ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` (percent-encoded parts
        allowed). Without a password in the URL, ``PGPASSWORD`` from the environment is
        used when ``env_password``. Raises ``ValueError`` with a sentence."""
        shown = re.sub(r"(//[^/@]*?):[^/@]*@", r"\1:***@", url)   # never echo a password
        shape = f"not a PostgreSQL URL (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE): {shown!r}"
        try:
            u = urllib.parse.urlsplit(url)
            port = u.port or 5432
        except ValueError:
            raise ValueError(shape) from None
        name = urllib.parse.unquote(u.path.lstrip("/"))
        if u.scheme not in _SCHEMES or not u.username or not u.hostname or not name or "/" in name \
                or u.query or u.fragment:
            raise ValueError(shape)
        password = urllib.parse.unquote(u.password) if u.password is not None else None
        if password is None and env_password:
            password = os.environ.get("PGPASSWORD")
        return cls(urllib.parse.unquote(u.username), u.hostname, port, name, password)

    def __str__(self) -> str:
        return f"postgresql://{urllib.parse.quote(self.user, safe='')}@{self._netloc()}/{urllib.parse.quote(self.name)}"

    def _netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The URL with the password (for ``database.json`` only)."""
        if self.password is None:
            return str(self)
        auth = f"{urllib.parse.quote(self.user, safe='')}:{urllib.parse.quote(self.password, safe='')}"
        return f"postgresql://{auth}@{self._netloc()}/{urllib.parse.quote(self.name)}"

    def ls_env(self) -> dict[str, str]:
        """Label Studio's own settings for this database."""
        return {"DJANGO_DB": "default", "POSTGRE_NAME": self.name, "POSTGRE_USER": self.user,
                "POSTGRE_PASSWORD": self.password or "", "POSTGRE_HOST": self.host, "POSTGRE_PORT": str(self.port)}

    def connect(self):
        """A psycopg connection (autocommit off); a refusal becomes one :class:`SetupError` sentence."""
        try:
            import psycopg
        except ImportError:
            raise SetupError("PostgreSQL needs the psycopg package (it comes with label-studio)") from None
        try:
            return psycopg.connect(host=self.host, port=self.port, user=self.user, dbname=self.name,
                                   password=self.password or None, connect_timeout=10)
        except psycopg.Error as exc:
            raise SetupError(f"cannot connect to PostgreSQL {self}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    """The server's or libpq's reason, on one line.

    >>> _reason(Exception('connection failed: connection to server at "127.0.0.1", port 5 failed: '
    ...                   'FATAL:  password authentication failed for user "team"'))
    'password authentication failed for user "team"'
    """
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    first = re.sub(r"^connection failed: ", "", first)
    first = re.sub(r'^connection to server at "[^"]*"(?: \([^)]*\))?, port \d+ failed: ', "", first)
    return re.sub(r"^(FATAL|ERROR):\s+", "", first).strip() or type(exc).__name__


def _label_studio_tables(con) -> tuple[bool, int]:
    """(whether Label Studio's user table exists, number of tables in the public schema)."""
    cur = con.execute("SELECT to_regclass('public.htx_user') IS NOT NULL, "
                      "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public')")
    return cur.fetchone()


def prepare_database(db: Database, data_dir: str | Path, *, email: str = "admin@example.com",
                     cache: str | Path | None = None) -> Credentials:
    """Make ``db`` ready for the local server of workspace ``data_dir`` and return the
    admin's credentials (URL not filled in).

    Refuses: an unreachable database or wrong credentials, a workspace that serves SQLite
    or another database, a database that holds something other than Label Studio, and a
    Label Studio database this workspace has no credentials for. A fresh database is
    initialised from the cached dump (see the module docstring) and given its own secrets.
    The workspace records the database (``database.json``, 0600)."""
    data_dir = Path(data_dir)
    _check_workspace(db, data_dir)
    with db.connect() as con:
        has_ls, tables = _label_studio_tables(con)
    if has_ls:
        if not (data_dir / CREDENTIALS_FILE).is_file():
            raise SetupError(f"{db} already holds a Label Studio, but {data_dir} has no {CREDENTIALS_FILE} for it; "
                             "serve it from the workspace that initialised it, or use an empty database")
        _remember(db, data_dir)
        return Credentials.load(data_dir / CREDENTIALS_FILE)
    if tables:
        raise SetupError(f"{db} is not empty ({tables} table(s)) and holds no Label Studio; use an empty database")
    data_dir.mkdir(parents=True, exist_ok=True)
    _fill(db, data_dir, cache)
    with db.connect() as con:
        creds = give_secrets(data_dir, con, "%s", email=email)
    _remember(db, data_dir)
    return creds


def recorded_database(data_dir: str | Path) -> Database | None:
    """The database a workspace serves (its ``database.json``), or None for SQLite."""
    path = Path(data_dir) / DATABASE_FILE
    if not path.is_file():
        return None
    try:
        return Database.parse(json.loads(path.read_text(encoding="utf-8"))["url"], env_password=False)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SetupError(f"cannot read {path}: {exc}") from None


def _check_workspace(db: Database, data_dir: Path) -> None:
    if (data_dir / "label_studio.sqlite3").exists():
        raise SetupError(f"{data_dir} serves a SQLite Label Studio; give the PostgreSQL server its own --workspace")
    known = recorded_database(data_dir)
    if known is not None and str(known) != str(db):
        raise SetupError(f"{data_dir} serves {known}, not {db}; give each database its own --workspace")


def _remember(db: Database, data_dir: Path) -> None:
    write_atomic(data_dir / DATABASE_FILE, json.dumps({"url": db.url}, indent=2) + "\n", mode=0o600)


# -- the cached dump ----------------------------------------------------------------------

def _dump_path(cache: str | Path | None) -> Path:
    return (Path(cache) if cache else cache_root()) / f"ls-postgres-{ls_version()}.sql"


def _fill(db: Database, data_dir: Path, cache: str | Path | None) -> None:
    """Give the empty ``db`` Label Studio's tables and the template admin: restore the
    cached dump, or migrate (``label-studio init``) and cache a dump for next time."""
    import fcntl

    dump = _dump_path(cache)
    dump.parent.mkdir(parents=True, exist_ok=True)
    with open(dump.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if dump.is_file() and _restore(db, dump.read_text(encoding="utf-8")):
            return
        run_init(data_dir, **db.ls_env())
        (data_dir / ".env").unlink(missing_ok=True)   # give_secrets writes the workspace's own
        _save_dump(db, dump)


def _restore(db: Database, sql: str) -> bool:
    """Run the dump in one transaction; False (nothing changed) when the server refuses it."""
    import psycopg

    sql = re.sub(r"(?m)^\\(?:un)?restrict \S+\n", "", sql)   # psql meta-commands of newer pg_dump
    try:
        with db.connect() as con:
            con.execute(sql)
    except psycopg.Error:
        return False
    return True


def pg_dump_program() -> str | None:
    """``pg_dump`` on PATH, else the newest under ``/usr/lib/postgresql/*/bin`` (Debian), else None."""
    found = shutil.which("pg_dump")
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return str(versions[-1]) if versions else None


def _save_dump(db: Database, dump: Path) -> None:
    """Cache a plain-SQL dump of the freshly migrated ``db`` (no owners, grants or comments;
    INSERT statements, so the driver can replay it). Without a working ``pg_dump`` nothing
    is cached and the next fresh database is migrated again."""
    program = pg_dump_program()
    if program is None:
        return
    env = {**os.environ, "PGPASSWORD": db.password or ""}
    proc = subprocess.run([program, "--no-owner", "--no-privileges", "--no-comments", "--inserts",
                           "-h", db.host, "-p", str(db.port), "-U", db.user, "-d", db.name],
                          capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)
    if proc.returncode == 0 and "CREATE TABLE" in proc.stdout:
        write_atomic(dump, proc.stdout, mode=0o600)
