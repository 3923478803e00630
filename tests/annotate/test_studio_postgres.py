"""Label Studio's database on PostgreSQL (hoinghi.annotate.studio_postgres): URLs, and
preparing a real database (the ``pg_server`` fixture) from the cached dump."""
from __future__ import annotations

import json
import stat

import pytest

from hoinghi.annotate.studio import Credentials
from hoinghi.annotate.studio_postgres import DATABASE_FILE, Database, prepare_database, recorded_database
from hoinghi.errors import SetupError

URLS = [
    # (url, user, password, host, port, database) or (url, error)
    ("postgresql://team@db.lan:6543/labels", "team", None, "db.lan", 6543, "labels"),
    ("postgres://team:pw@127.0.0.1/labels", "team", "pw", "127.0.0.1", 5432, "labels"),
    ("postgresql://t%40m:p%2Fw%3A@[::1]:5/l%20s", "t@m", "p/w:", "::1", 5, "l s"),
    ("postgresql://db.lan/labels", "not a PostgreSQL URL"),
    ("postgresql://team:secret@db.lan/", "not a PostgreSQL URL"),
    ("postgresql://team:secret@db.lan:port/x", "not a PostgreSQL URL"),
    ("postgresql://team:secret@db.lan/x?sslmode=require", "not a PostgreSQL URL"),
    ("mysql://team:secret@db.lan/x", "not a PostgreSQL URL"),
]


@pytest.mark.parametrize("case", URLS, ids=[c[0] for c in URLS])
def test_url_table(case, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    if len(case) == 2:
        with pytest.raises(ValueError, match=case[1]) as info:
            Database.parse(case[0])
        assert "secret" not in str(info.value)           # a password is never echoed
        return
    url, user, password, host, port, name = case
    db = Database.parse(url)
    assert (db.user, db.password, db.host, db.port, db.name) == (user, password, host, port, name)
    assert Database.parse(db.url) == db and (password is None or password not in str(db))


def test_password_from_pgpassword_and_label_studio_settings(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "from-env")
    db = Database.parse("postgresql://team@h:7/labels")
    assert db.password == "from-env" and Database.parse("postgresql://team:url@h/l").password == "url"
    assert db.ls_env() == {"DJANGO_DB": "default", "POSTGRE_NAME": "labels", "POSTGRE_USER": "team",
                           "POSTGRE_PASSWORD": "from-env", "POSTGRE_HOST": "h", "POSTGRE_PORT": "7"}


@pytest.mark.studio
def test_fresh_databases_get_label_studio_and_their_own_secrets(pg_server, tmp_path):
    import psycopg

    a, b = (Database.parse(pg_server.new_database()) for _ in "ab")
    ca = prepare_database(a, tmp_path / "a")
    cb = prepare_database(b, tmp_path / "b", email="lead@example.com")
    assert ca.token != cb.token and ca.password != cb.password and cb.email == "lead@example.com"
    for ws, db, creds in ((tmp_path / "a", a, ca), (tmp_path / "b", b, cb)):
        for name in (".env", "credentials.json", DATABASE_FILE):
            assert stat.S_IMODE((ws / name).stat().st_mode) == 0o600
        assert recorded_database(ws) == db and json.loads((ws / DATABASE_FILE).read_text())["url"] == db.url
        with psycopg.connect(db.url) as con:
            assert con.execute("SELECT email FROM htx_user").fetchall() == [(creds.email,)]
            assert con.execute("SELECT key FROM authtoken_token").fetchall() == [(creds.token,)]
    with psycopg.connect(a.url) as ca_con, psycopg.connect(b.url) as cb_con:
        invite = [c.execute("SELECT token FROM organization").fetchone() for c in (ca_con, cb_con)]
    assert invite[0] != invite[1]                       # a signup link of one server does not open another
    # served again from its workspace: the same credentials, nothing re-initialised
    assert prepare_database(a, tmp_path / "a") == Credentials.load(tmp_path / "a" / "credentials.json") == ca


@pytest.mark.studio
def test_refusals(pg_server, tmp_path):
    import psycopg

    used = Database.parse(pg_server.new_database())
    prepare_database(used, tmp_path / "owner")
    cases = [
        # (database, workspace, message)
        (used, tmp_path / "stranger", "already holds a Label Studio, but"),
        (Database.parse(pg_server.new_database()), tmp_path / "owner", "serves postgresql://hoinghi@127.0.0.1:"),
    ]
    other = Database.parse(pg_server.new_database())
    with psycopg.connect(other.url) as con:
        con.execute("CREATE TABLE accounts (id int)")
    cases.append((other, tmp_path / "x", "is not empty (1 table(s)) and holds no Label Studio"))
    (tmp_path / "lite").mkdir()
    (tmp_path / "lite" / "label_studio.sqlite3").write_bytes(b"")
    cases.append((Database.parse(pg_server.new_database()), tmp_path / "lite", "serves a SQLite Label Studio"))
    for db, ws, message in cases:
        with pytest.raises(SetupError, match=message.replace("(", r"\(").replace(")", r"\)")):
            prepare_database(db, ws)
    assert not (tmp_path / "stranger").exists() and not (tmp_path / "x").exists()
