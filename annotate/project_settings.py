"""The Label Studio project fields that decide what annotators see and in which order:
a live ML backend (:func:`connect_ml_backend`) and the task queue (:func:`set_order`).

What Label Studio 1.23.2 does with them (read from its source, checked by the tests):

* A task opened in the UI (``GET /api/tasks/{id}``) asks the project's first ML backend
  for a prediction only when ``evaluate_predictions_automatically`` or
  ``show_collab_predictions`` is on **and the task has no prediction at all** — an
  imported pre-annotation (``push --predictions-from``) blocks the live call. Only the
  second is set here: with the first, Label Studio also asks the backend for every task
  that any API listing returns (``data_manager/api.py``).
* Annotators see the predictions whose ``model_version`` equals the project's
  ``model_version``. :func:`connect_ml_backend` sets it to the backend's ``name@version``
  (which is also the backend's title), so live predictions are the ones shown; imported
  predictions of another version stay stored but hidden.
* The backend's ``/setup`` version is a cache key: a task holding a prediction of that
  version is not sent to the backend again.
* ``sampling = "Uncertainty sampling"`` serves, among the unlabelled tasks with a
  prediction of the project's ``model_version``, the one with the **lowest**
  ``predictions.score`` first (tasks without such a prediction are not served while
  scored ones remain; with none at all, the order is random).
"""
from __future__ import annotations

__all__ = ["probe_ml_backend", "connect_ml_backend", "MLLink", "set_order", "ORDERS", "SAMPLING"]

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from ..errors import StudioError
from .studio import studio_errors

#: ``push --order`` values and the Label Studio ``sampling`` each sets.
SAMPLING = {"sequential": "Sequential sampling", "uncertainty": "Uncertainty sampling",
            "disagreement": "Uncertainty sampling"}
ORDERS = tuple(SAMPLING)


def _ask(url: str, route: str, body: dict | None, timeout: float) -> dict:
    """One request to an ML backend, as Label Studio makes it; a JSON object or a
    one-sentence :class:`StudioError`."""
    target = url.rstrip("/") + route
    what = f"{'POST' if body is not None else 'GET'} {route}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(target, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
    except urllib.error.HTTPError as exc:
        raise StudioError(f"the ML backend at {url} answered {what} with HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise StudioError(f"cannot reach the ML backend at {url} ({reason})") from None
    try:
        reply = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StudioError(f"the ML backend at {url} answered {what} with something that is not JSON "
                          f"({raw[:60]!r}); is it an ML backend?") from None
    if not isinstance(reply, dict):
        raise StudioError(f"the ML backend at {url} answered {what} with JSON that is not an object")
    return reply


def probe_ml_backend(url: str, *, schema: str = "", timeout: float = 5.0) -> str:
    """Call ``/health`` and ``/setup`` the way Label Studio will and return the backend's
    ``model_version``; an unreachable URL or a reply that is not the protocol's raises
    :class:`StudioError` in one sentence (before Label Studio would give a vaguer one)."""
    if not url.startswith(("http://", "https://")):
        raise StudioError(f"ML backend URL {url!r} must start with http:// or https://")
    _ask(url, "/health", None, timeout)
    version = _ask(url, "/setup", {"project": "0.0", "schema": schema}, timeout).get("model_version")
    if not isinstance(version, str) or not version:
        raise StudioError(f"the ML backend at {url} answered POST /setup without a model_version")
    return version


@dataclass(frozen=True)
class MLLink:
    """A project's connection to an ML backend."""

    project_id: int
    backend_id: int
    url: str
    model_version: str
    created: bool                       # False: the project already had this URL
    others: tuple[str, ...] = ()        # other backends of the project (Label Studio uses only the first)


def connect_ml_backend(client, project_id: int, url: str, *, model_version: str | None = None) -> MLLink:
    """Connect the backend at ``url`` to the project (once; reconnecting updates it) and
    make its predictions the ones annotators see: project ``model_version`` = the backend's
    ``name@version`` (also its title), ``show_collab_predictions`` on."""
    version = model_version or probe_ml_backend(url)
    where = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"listing the ML backends of project {project_id}", where):
        existing = list(client.ml.list(project=project_id))
    same = [m for m in existing if (m.url or "").rstrip("/") == url.rstrip("/")]
    with studio_errors(f"connecting the ML backend {url} to project {project_id}", where):
        if same:
            # url and project must be sent again: a PATCH without them is a 500 in Label Studio 1.23.2
            backend = client.ml.update(id=same[0].id, url=url, project=project_id, title=version, is_interactive=False)
        else:
            backend = client.ml.create(project=project_id, url=url, title=version, is_interactive=False)
    with studio_errors(f"setting project {project_id} to show {version}", where):
        # not evaluate_predictions_automatically: with it, every task listing through the API
        # (push's doc_id map, the Data Manager, hoinghi queue) asks the backend for each task listed
        client.projects.update(id=project_id, model_version=version, show_collab_predictions=True)
    others = tuple(m.url for m in existing if m.id != backend.id)
    return MLLink(project_id, backend.id, url, version, not same, others)


def set_order(client, project_id: int, order: str, model_version: str | None = None) -> None:
    """Set the project's queue: ``sequential`` (Label Studio's default, task order), or
    ``uncertainty``/``disagreement`` (uncertainty sampling over the predictions of
    ``model_version``, lowest score first)."""
    if order not in SAMPLING:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    fields = {"sampling": SAMPLING[order]}
    if order != "sequential":
        if not model_version:
            raise ValueError(f"order {order!r} needs the model_version whose scores order the tasks")
        fields["model_version"] = model_version
    with studio_errors(f"setting the task order of project {project_id}", getattr(client, "_hoinghi_url", None)):
        client.projects.update(id=project_id, **fields)
