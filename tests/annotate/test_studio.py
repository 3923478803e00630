"""Credentials, connection, annotators and error mapping (hoinghi.annotate.studio)."""
from __future__ import annotations

import socket
import stat
from pathlib import Path

import httpx
import pytest
from label_studio_sdk.core.api_error import ApiError

from hoinghi.annotate.studio import (Credentials, connect, create_annotator, region_id, resolve_credentials,
                                     studio_errors, submit_annotation)
from hoinghi.document import Document, Span
from hoinghi.errors import SetupError, StudioError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_credentials_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    with pytest.raises(SetupError, match="hoinghi serve"):
        resolve_credentials(workspace=tmp_path)
    Credentials("http://saved:1", "saved-token", "a@b", "pw").save(tmp_path / "credentials.json")
    assert _mode(tmp_path / "credentials.json") == 0o600
    assert resolve_credentials(workspace=tmp_path) == Credentials("http://saved:1", "saved-token")
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://env:2/")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "env-token")
    assert resolve_credentials(workspace=tmp_path) == Credentials("http://env:2", "env-token")
    assert resolve_credentials("http://arg:3", "arg-token", tmp_path) == Credentials("http://arg:3", "arg-token")


def test_region_ids_look_like_the_ui():
    ids = {region_id() for _ in range(200)}
    assert len(ids) == 200 and all(len(i) == 10 and i.isalnum() for i in ids)


ERRORS = [
    # (case, exception raised inside the block, message part)
    ("connect error", httpx.ConnectError("refused"), "cannot reach Label Studio at http://h:1 while doing x"),
    ("read timeout", httpx.ReadTimeout("slow"), "timed out while doing x"),
    ("401", ApiError(status_code=401, body={"detail": "Invalid token."}), "refused the API token while doing x (Invalid token.)"),
    ("403", ApiError(status_code=403, body={"detail": "nope"}), "denied access while doing x (nope)"),
    ("404 with HTML body", ApiError(status_code=404, body="<html><body>Not Found</body></html>"),
     "has no such object while doing x (HTML error page)"),
    ("500", ApiError(status_code=500, body="boom"), "failed with a server error 500 while doing x"),
    ("400 validation", ApiError(status_code=400, body={"validation_errors": {"text": ["missing"]}}),
     'answered 400 while doing x: {"text": ["missing"]}'),
]


@pytest.mark.parametrize("case,exc,message", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_mapping_table(case, exc, message):
    with pytest.raises(StudioError) as info:
        with studio_errors("doing x", "http://h:1"):
            raise exc
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.studio
def test_wrong_token_unreachable_and_missing_object(ls_server):
    with pytest.raises(StudioError, match="refused the API token") as exc:
        connect(ls_server.url, "not-the-token")
    assert "Invalid token" in str(exc.value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    with pytest.raises(StudioError, match="cannot reach Label Studio"):
        connect(f"http://127.0.0.1:{dead}", "x")
    client = ls_server.client()
    with pytest.raises(StudioError, match="has no such object"):
        with studio_errors("fetching project 999999", ls_server.url):
            client.projects.get(id=999999)


@pytest.mark.studio
def test_annotator_signs_up_through_the_invite_link_and_posts_as_itself(ls_server):
    admin = ls_server.client()
    ann = create_annotator(admin, "invitee@example.com")
    me = connect(ls_server.url, ann.token).users.whoami()
    assert (me.id, me.email) == (ann.id, "invitee@example.com")
    with pytest.raises(StudioError, match="refused to sign up invitee@example.com"):
        create_annotator(admin, "invitee@example.com")
    project = admin.projects.create(title="studio annotator check", label_config=(
        '<View><Labels name="officials" toName="text"><Label value="PERSON"/><Label value="POSITION"/></Labels>'
        '<Relations><Relation value="holds"/></Relations><Text name="text" value="$text"/></View>'))
    task = admin.projects.import_tasks(id=project.id, request=[{"data": {"text": "Ông An", "doc_id": "x"}}],
                                       return_task_ids=True).task_ids[0]
    aid = submit_annotation(connect(ls_server.url, ann.token), task, Document("x", "Ông An", (Span(4, 6, "PERSON"),)),
                            lead_time=7.5)
    stored = admin.annotations.get(id=aid)
    assert stored.completed_by == ann.id and stored.lead_time == 7.5
    (item,) = stored.result
    assert item["origin"] == "manual" and len(item["id"]) == 10 and item["value"]["text"] == "An"
    admin.projects.delete(id=project.id)
