"""The local server process: login, busy ports (hoinghi.annotate.studio_server)."""
from __future__ import annotations

import socket

import httpx
import pytest

from hoinghi.annotate.studio_server import local_server
from hoinghi.errors import SetupError


@pytest.mark.studio
def test_admin_can_log_in_with_the_generated_password(ls_server):
    creds = ls_server.credentials

    def login(password):
        with httpx.Client(base_url=ls_server.url, follow_redirects=False) as h:
            h.get("/user/login/")
            return h.post("/user/login/", data={"email": creds.email, "password": password,
                                                "csrfmiddlewaretoken": h.cookies.get("csrftoken")},
                          headers={"Referer": ls_server.url + "/user/login/"})

    ok = login(creds.password)
    assert ok.status_code == 302 and "/user/login" not in ok.headers["location"]
    assert login("wrong-password").status_code == 200      # the form again, with an error


@pytest.mark.studio
def test_busy_port_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(SetupError, match=f"port {port} on 127.0.0.1 is busy"):
            with local_server(tmp_path / "d", port=port):
                pass
    assert not (tmp_path / "d").exists()
