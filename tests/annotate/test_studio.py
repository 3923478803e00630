import pytest
@pytest.mark.studio
def test_smoke(ls_client, ls_server):
    me = ls_client.users.whoami()
    assert me.email == "admin@example.com"
    assert ls_server["url"].startswith("http://127.0.0.1:")
