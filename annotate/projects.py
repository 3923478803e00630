"""Label Studio projects: their titles, finding one, creating one or bringing its label
config up to date under Label Studio's strict validation (see :func:`ensure_project`).
Importing tasks into them is :mod:`hoinghi.annotate.push`.
"""
from __future__ import annotations

__all__ = ["TITLE_PREFIX", "project_title", "find_project", "ensure_project"]

from typing import Sequence

from ..errors import StudioError
from ..schema import Schema
from .studio import studio_errors

TITLE_PREFIX = "hoinghi"


def project_title(schemas: Sequence[Schema], combined: bool = False, prefix: str = TITLE_PREFIX) -> str:
    """``hoinghi-meetings`` for one schema, ``hoinghi-combined`` for a combined project.

    >>> from hoinghi.schema import load_schemas
    >>> project_title([load_schemas()["officials"]]), project_title([], combined=True, prefix="pilot")
    ('hoinghi-officials', 'pilot-combined')
    """
    return f"{prefix}-combined" if combined else f"{prefix}-{schemas[0].name}"


def find_project(client, ref: str | int, prefix: str = TITLE_PREFIX):
    """A project by id, or by exact title (``hoinghi-meetings``), or by schema name
    (``meetings`` → ``<prefix>-meetings``). Raises :class:`StudioError` when absent or ambiguous."""
    url = getattr(client, "_hoinghi_url", None)
    if isinstance(ref, int) or str(ref).isdigit():
        with studio_errors(f"fetching project {ref}", url):
            return client.projects.get(id=int(ref))
    with studio_errors("listing projects", url):
        projects = list(client.projects.list(page_size=100))
    for title in (str(ref), f"{prefix}-{ref}"):
        hits = [p for p in projects if p.title == title]
        if len(hits) > 1:
            raise StudioError(f"{len(hits)} projects are titled {title!r}; pass the project id instead")
        if hits:
            with studio_errors(f"fetching project {hits[0].id}", url):
                return client.projects.get(id=hits[0].id)
    raise StudioError(f"Label Studio has no project {ref!r} (known: {', '.join(p.title for p in projects) or 'none'})")


def ensure_project(client, title: str, config: str, *, force: bool = False) -> tuple[object, str]:
    """Create the project or bring its label config up to date.

    Returns ``(project, action)`` with action ``created``, ``unchanged``, ``updated`` or
    ``forced``. Strict validation runs before any update; refused changes raise
    :class:`StudioError` with Label Studio's reason (labels and annotation counts)."""
    from label_studio_sdk.core.api_error import ApiError

    url = getattr(client, "_hoinghi_url", None)
    try:
        project = find_project(client, title)
    except StudioError as exc:
        if "has no project" not in str(exc):
            raise
        with studio_errors(f"creating project {title}", url):
            return client.projects.create(title=title, label_config=config), "created"
    if (project.label_config or "").strip() == config.strip():
        return project, "unchanged"
    action = "updated"
    try:
        client.projects.validate_label_config(id=project.id, label_config=config)
    except ApiError as exc:
        if exc.status_code != 400:
            with studio_errors(f"validating the label config of {title}", url):
                raise
        reason = _validation_reason(exc.body)
        if not force:
            raise StudioError(f"refusing to change the label config of project {title} (id {project.id}): "
                              f"{reason}; pass --force to change it anyway (those annotations will come back "
                              f"as rejects on pull)") from None
        action = "forced"
    except Exception:
        with studio_errors(f"validating the label config of {title}", url):
            raise
    with studio_errors(f"updating the label config of {title}", url):
        project = client.projects.update(id=project.id, label_config=config)
    return project, action


def _validation_reason(body) -> str:
    if isinstance(body, dict):
        errs = body.get("validation_errors") or body.get("detail") or body
        if isinstance(errs, dict):
            errs = "; ".join(" ".join(map(str, v)) if isinstance(v, list) else str(v) for v in errs.values())
        return str(errs).strip()
    return str(body)[:400]
