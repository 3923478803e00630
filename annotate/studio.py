"""The Label Studio client: credentials, connection, errors and annotator accounts.

* :func:`resolve_credentials` finds the server to talk to and :func:`connect` returns an
  SDK client for it; :func:`studio_errors` is the only place where ``ApiError`` and
  ``httpx`` errors become :class:`~hoinghi.errors.StudioError`.
* :func:`create_annotator` and :func:`submit_annotation` let code (the gold work, tests)
  run the real annotator flow without a browser.

The local server itself (data dir, database, process) is
:mod:`hoinghi.annotate.studio_server`.

Credentials resolve in this order: explicit ``url``/``token`` arguments, the
``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY`` environment variables, then the
workspace's ``credentials.json``.
"""
from __future__ import annotations

__all__ = [
    "Credentials",
    "Annotator",
    "DEFAULT_WORKSPACE",
    "CREDENTIALS_FILE",
    "resolve_credentials",
    "connect",
    "studio_errors",
    "create_annotator",
    "invite_url",
    "submit_annotation",
    "region_id",
    "snapshot_export",
]

import contextlib
import json
import os
import secrets
import time
import urllib.error
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..errors import SetupError, StudioError

DEFAULT_WORKSPACE = Path("workspace") / "label-studio"
CREDENTIALS_FILE = "credentials.json"


# -- credentials ------------------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """How to reach a Label Studio server: URL, admin e-mail, password and legacy API token."""

    url: str
    token: str
    email: str | None = None
    password: str | None = None

    def save(self, path: str | Path) -> Path:
        """Write as JSON with mode 0600 (atomically)."""
        return write_atomic(path, json.dumps(asdict(self), indent=2), mode=0o600)

    @classmethod
    def load(cls, path: str | Path) -> "Credentials":
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(**{k: raw.get(k) for k in ("url", "token", "email", "password")})
        except (OSError, ValueError, TypeError) as exc:
            raise SetupError(f"cannot read Label Studio credentials {path}: {exc}") from None


def resolve_credentials(url: str | None = None, token: str | None = None,
                        workspace: str | Path | None = None) -> Credentials:
    """The server to talk to: arguments, then ``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY``,
    then ``<workspace>/credentials.json`` (written by ``hoinghi serve``)."""
    url = url or os.environ.get("LABEL_STUDIO_URL")
    token = token or os.environ.get("LABEL_STUDIO_API_KEY")
    if not (url and token):
        path = Path(workspace or DEFAULT_WORKSPACE) / CREDENTIALS_FILE
        if path.is_file():
            saved = Credentials.load(path)
            url, token = url or saved.url, token or saved.token
    if not url:
        raise SetupError("no Label Studio server: run `hoinghi serve`, or pass --url/--token "
                         "(or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY)")
    if not token:
        raise SetupError(f"no API token for {url}: pass --token or set LABEL_STUDIO_API_KEY")
    return Credentials(url.rstrip("/"), token)


# -- client and errors -----------------------------------------------------------------

@contextlib.contextmanager
def studio_errors(what: str, url: str | None = None):
    """Turn SDK/HTTP failures inside the block into one-sentence :class:`StudioError`s.

    >>> with studio_errors("listing projects"):
    ...     raise ConnectionRefusedError()
    Traceback (most recent call last):
    ...
    hoinghi.errors.StudioError: cannot reach Label Studio while listing projects: ConnectionRefusedError
    """
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    where = f" at {url}" if url else ""
    try:
        yield
    except ApiError as exc:
        status = exc.status_code
        detail = _detail(exc.body)
        if status == 401:
            msg = f"Label Studio{where} refused the API token while {what} ({detail or 'unauthorised'})"
        elif status == 403:
            msg = f"Label Studio{where} denied access while {what} ({detail or 'forbidden'})"
        elif status == 404:
            msg = f"Label Studio{where} has no such object while {what} ({detail or 'not found'})"
        elif status is not None and status >= 500:
            msg = f"Label Studio{where} failed with a server error {status} while {what}"
        else:
            msg = f"Label Studio{where} answered {status} while {what}: {detail}"
        raise StudioError(msg) from exc
    except (httpx.ConnectError, httpx.ConnectTimeout, ConnectionError, urllib.error.URLError) as exc:
        raise StudioError(f"cannot reach Label Studio{where} while {what}: {type(exc).__name__}") from exc
    except httpx.TimeoutException as exc:
        raise StudioError(f"Label Studio{where} timed out while {what}") from exc
    except httpx.HTTPError as exc:
        raise StudioError(f"HTTP error talking to Label Studio{where} while {what}: {exc}") from exc


def _detail(body) -> str:
    if isinstance(body, dict):
        for key in ("detail", "validation_errors", "message"):
            if body.get(key):
                val = body[key]
                return val if isinstance(val, str) else json.dumps(val, ensure_ascii=False)[:300]
        return json.dumps(body, ensure_ascii=False)[:300]
    if isinstance(body, str):
        if "<html" in body.lower():
            return "HTML error page"
        return body.strip()[:300]
    return "" if body is None else str(body)[:300]


def connect(url: str | None = None, token: str | None = None, *, workspace: str | Path | None = None,
            timeout: float = 600.0, max_retries: int = 0, check: bool = True):
    """An SDK ``LabelStudio`` client. ``max_retries=0`` by default: the SDK would retry
    POSTs (imports!) after a server error, which duplicates tasks; callers that retry do
    it idempotently. With ``check`` the token is verified once (``users.whoami``)."""
    from label_studio_sdk import LabelStudio

    creds = resolve_credentials(url, token, workspace)
    client = LabelStudio(base_url=creds.url, api_key=creds.token, timeout=timeout, max_retries=max_retries)
    client._hoinghi_url = creds.url  # for error messages
    if check:
        with studio_errors("checking the API token", creds.url):
            client.users.whoami()
    return client


# -- annotators and annotations ------------------------------------------------------------

@dataclass(frozen=True)
class Annotator:
    """A Label Studio user that can annotate: id, e-mail and its own legacy API token."""

    id: int
    email: str
    token: str
    password: str | None = None


def invite_url(client) -> str:
    """The absolute invite (signup) link of the organisation (``GET /api/invite``)."""
    url = client._hoinghi_url
    with studio_errors("fetching the invite link", url):
        r = client._client_wrapper.httpx_client.request("api/invite", method="GET")
        r.raise_for_status()
    return url + r.json()["invite_url"]


def create_annotator(client, email: str, password: str | None = None) -> Annotator:
    """Create an annotator account without a browser, through the invite link, as a
    person would: sign up with e-mail and password, then read the user's own legacy
    token from ``/api/current-user/token``. Returns the :class:`Annotator` (use its token
    to post annotations as that user)."""
    import httpx

    password = password or secrets.token_urlsafe(15)
    signup = invite_url(client)
    base = client._hoinghi_url
    with studio_errors(f"signing up annotator {email}", base), httpx.Client(follow_redirects=False, timeout=60) as h:
        h.get(signup).raise_for_status()
        csrf = h.cookies.get("csrftoken")
        r = h.post(signup, data={"email": email, "password": password, "csrfmiddlewaretoken": csrf},
                   headers={"Referer": signup})
        if r.status_code != 302:
            raise StudioError(f"Label Studio refused to sign up {email} (HTTP {r.status_code}; "
                              "is the e-mail already taken or the password too weak?)")
        t = h.get(base + "/api/current-user/token")
        t.raise_for_status()
        token = t.json()["token"]
        me = h.get(base + "/api/current-user/whoami")
        me.raise_for_status()
        uid = me.json()["id"]
    return Annotator(uid, email, token, password)


def region_id() -> str:
    """A 10-character region id like the ones the Label Studio UI generates.

    >>> len(region_id()), region_id().isalnum()
    (10, True)
    """
    from .ls_conversion import _region_id
    return _region_id()


def submit_annotation(client, task_id: int, doc, *, label_to_schema: dict[str, str] | None = None,
                      completed_by: int | None = None, lead_time: float | None = None,
                      was_cancelled: bool = False, ground_truth: bool = False, keep_ids: bool = False) -> int:
    """Post ``doc``'s spans and relations as an annotation of ``task_id`` exactly as the
    UI stores them (see :func:`hoinghi.annotate.ls_conversion.to_results`: fresh 10-character
    region ids unless ``keep_ids``, ``origin: "manual"``, ``from_name`` = the label's
    schema, ``to_name: "text"``, relation items without ids). Post with the annotator's own
    client (``connect(url, annotator.token)``) or as admin with ``completed_by=<user id>``.
    ``was_cancelled`` posts a skip (empty result). Returns the annotation id; a pull gives
    the spans back with the region ids as span ids."""
    from .ls_conversion import to_results

    result = [] if was_cancelled else to_results(doc, label_to_schema=label_to_schema, origin="manual",
                                                 new_ids=not keep_ids)
    kwargs: dict = {"result": result, "was_cancelled": was_cancelled, "ground_truth": ground_truth}
    if completed_by is not None:
        kwargs["completed_by"] = completed_by
    if lead_time is not None:
        kwargs["lead_time"] = lead_time
    with studio_errors(f"submitting an annotation to task {task_id}", getattr(client, "_hoinghi_url", None)):
        ann = client.annotations.create(id=task_id, **kwargs)
    return ann.id


def snapshot_export(client, project_id: int, *, poll: float = 0.5, timeout: float = 1800.0,
                    predictions: bool = True) -> bytes:
    """The full snapshot export (JSON) of a project with predictions (unless not
    ``predictions``: their ids only) and annotators expanded."""
    url = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"exporting project {project_id}", url):
        exp = client.projects.exports.create(
            project_id, title=f"hoinghi pull {time.strftime('%Y-%m-%dT%H:%M:%S')}",
            serialization_options={"predictions": {"only_id": not predictions},
                                   "annotations__completed_by": {"only_id": False}})
        deadline = time.monotonic() + timeout
        status = exp.status
        while status not in ("completed", "failed"):
            if time.monotonic() > deadline:
                raise StudioError(f"the export of project {project_id} did not finish within {timeout:.0f} s")
            time.sleep(poll)
            status = client.projects.exports.get(project_id, export_pk=exp.id).status
        if status == "failed":
            from ..errors import StudioError
            raise StudioError(f"Label Studio failed to build the export of project {project_id}")
        return b"".join(client.projects.exports.download(project_id, export_pk=exp.id, export_type="JSON"))
