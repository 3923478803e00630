"""The team flow through the default path, as a library function (:func:`run_team_flow`):
what README's annotation section walks a project lead through, with every person's step
done by a real Label Studio user.

1. ``push`` the articles (one project per schema by default, or ``combined``) with
   ``annotators_per_task`` passes on ``overlap`` % of the tasks and the guideline;
2. each annotator signs up through the invite link and **takes tasks through Label
   Studio's next-task API** (``GET /api/projects/{id}/next``, as the labelling stream
   does), submitting their version of each article they are served, with their own
   token; they take turns, as people working at the same time would;
3. ``status`` of the projects;
4. ``pull`` each project (one folder per project) and measure agreement;
5. ``push-review``: the articles where the annotators disagree go to ``<prefix>-review``;
   the reviewer takes them through ``/next`` and submits the version ``review`` chooses
   (accept one annotator's, or an edited one); the review project is pulled;
6. ``gold build`` with the ``reviewer:<email>`` policy (``min_passes`` 1 keeps
   single-pass articles).

An annotator's version of an article is ``versions[annotator][doc_id]`` (a document
with every schema's spans; each project gets the part in its schemas). An article an
annotator has no version of is skipped in Label Studio (a skip, which the pull counts).
"""
from __future__ import annotations

__all__ = ["TeamFlowResult", "run_team_flow", "take_tasks", "opened_task"]

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from ..document import Document
from ..gold_set import GoldManifest
from .project_team import Overlap


@dataclass
class TeamFlowResult:
    """What :func:`run_team_flow` did and where it wrote."""

    projects: dict[str, int] = field(default_factory=dict)          # title -> id
    annotators: dict[str, int] = field(default_factory=dict)        # e-mail -> user id
    served: dict[str, list[str]] = field(default_factory=dict)      # e-mail -> doc ids, in the order served
    status: list = field(default_factory=list)                      # annotate.status.ProjectStatus
    pulls: list[Path] = field(default_factory=list)
    agreement: object = None                                         # AgreementResult
    review: object = None                                            # annotate.review.ReviewPush
    review_pull: Path | None = None
    manifest: GoldManifest | None = None


def _restrict(doc: Document, labels: set[str]) -> Document:
    spans = tuple(s for s in doc.spans if s.label in labels)
    ids = {s.id for s in spans}
    return Document(doc.id, doc.text, spans, tuple(r for r in doc.relations if r.head in ids and r.tail in ids))


def take_tasks(url: str, project_id: int, user, choose: Callable[[dict], Document | None], *,
               labels: set[str], limit: int | None = None) -> list[str]:
    """As ``user`` (an :class:`~hoinghi.annotate.studio.Annotator`), take tasks with
    ``GET /api/projects/{id}/next`` and submit ``choose(task)`` restricted to ``labels``
    (``None``: skip the task), until Label Studio serves nothing more (or ``limit``
    tasks); the doc ids served, in order."""
    import httpx

    from .studio import connect, submit_annotation

    client = connect(url, user.token, timeout=300, check=False)
    served: list[str] = []
    while limit is None or len(served) < limit:
        r = httpx.get(f"{url}/api/projects/{project_id}/next", headers={"Authorization": f"Token {user.token}"},
                      timeout=300)
        if r.status_code == 404:
            break
        r.raise_for_status()
        task = r.json()
        started = time.monotonic()
        doc = choose(task)
        lead = round(time.monotonic() - started, 3)      # as the editor records it: time spent on the task
        if doc is None:
            submit_annotation(client, task["id"], Document(task["data"]["doc_id"], task["data"]["text"]),
                              was_cancelled=True, lead_time=lead)
        else:
            submit_annotation(client, task["id"], _restrict(doc, labels), lead_time=lead)
        served.append(task["data"]["doc_id"])
    return served


def opened_task(url: str, task_id: int, token: str) -> dict:
    """The task as the editor opens it (``GET /api/tasks/{id}``), with every prediction."""
    import httpx

    r = httpx.get(f"{url}/api/tasks/{task_id}", headers={"Authorization": f"Token {token}"}, timeout=300)
    r.raise_for_status()
    return r.json()


def _annotate(url: str, projects, users: dict, versions: Mapping[str, Mapping[str, Document]],
              res: TeamFlowResult) -> None:
    """Step 2: the annotators take turns, one task each per turn, in every project."""
    for p in projects:
        labels = {lab for n in p.schemas for lab in _schemas()[n].label_names}
        active = dict(users)
        while active:
            for email in list(active):
                got = take_tasks(url, p.project_id, active[email],
                                 lambda t, e=email: versions[e].get(t["data"]["doc_id"]), labels=labels, limit=1)
                res.served.setdefault(email, []).extend(got)
                if not got:
                    del active[email]


def _schemas():
    from ..schema import load_schemas
    return load_schemas()


def _review(server, admin, res: TeamFlowResult, out: Path, reviewer: str, review: Callable, *, policy: str,
            prefix: str) -> None:
    """Step 5: push the disagreements, the reviewer submits through /next, pull."""
    from .pull import pull
    from .review import push_review
    from .schema_groups import load_groups
    from .studio import create_annotator

    res.review = push_review(admin, load_groups(res.pulls), policy=policy, prefix=prefix)
    user = create_annotator(admin, reviewer)
    res.annotators[reviewer] = user.id

    def choose(task):
        versions = {p["model_version"]: p for p in opened_task(server.url, task["id"], user.token)["predictions"]}
        return review(task["data"]["doc_id"], task["data"]["text"], versions)

    labels = set(_schemas().labels)
    res.served[reviewer] = take_tasks(server.url, res.review.project_id, user, choose, labels=labels)
    res.review_pull = out / "pulls" / "review"
    pull(admin, res.review.project_id, res.review_pull, progress=False)


def run_team_flow(server, articles: Sequence[Document], versions: Mapping[str, Mapping[str, Document]], *,
                  reviewer: str, review: Callable[[str, str, dict], Document | None], out_dir: str | Path,
                  name: str, version: str, gold_dir: str | Path = "gold", prefix: str = "hoinghi",
                  combined: bool = False, annotators_per_task: int = 2, overlap: int = 100, min_passes: int = 2,
                  guideline: str | None = None, policy: str = "majority", overwrite: bool = False) -> TeamFlowResult:
    """Run the team flow (module doc) on a running Label Studio ``server`` (``.url`` and
    ``.token``): ``versions[annotator e-mail][doc id]`` is what each annotator submits when
    served that article; ``review(doc_id, text, {annotator: prediction})`` is the
    reviewer's submitted document (``None``: skip). Pulls go to ``out_dir/pulls/``, the
    gold set to ``gold_dir/name``."""
    from .agreement import AgreementResult  # noqa: F401  (the type of res.agreement)
    from .gold import build_from_pull
    from .pull import pull
    from .push import push
    from .schema_groups import agree_groups, load_groups
    from .status import team_status
    from .studio import connect, create_annotator

    out = Path(out_dir)
    admin = connect(server.url, server.token, timeout=300)
    res = TeamFlowResult()
    pushed = push(admin, list(articles), combined=combined, prefix=prefix, progress=False,
                  overlap=Overlap(annotators_per_task, overlap), guideline=guideline)
    res.projects = {p.title: p.project_id for p in pushed.projects}
    users = {email: create_annotator(admin, email) for email in versions}
    res.annotators.update({e: u.id for e, u in users.items()})
    _annotate(server.url, pushed.projects, users, versions, res)
    res.status = team_status(admin, list(res.projects.values()), prefix=prefix)
    for p in pushed.projects:
        folder = out / "pulls" / p.title
        pull(admin, p.project_id, folder, progress=False)
        res.pulls.append(folder)
    res.agreement = agree_groups(load_groups(res.pulls), min_passes=min_passes)
    _review(server, admin, res, out, reviewer, review, policy=policy, prefix=prefix)
    res.manifest, _, _ = build_from_pull(res.pulls + [res.review_pull], name=name, version=version,
                                         policy=f"reviewer:{reviewer}", out=gold_dir, overwrite=overwrite,
                                         min_passes=min_passes)
    return res
