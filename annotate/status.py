"""Where a team stands (``hoinghi status``): per project and annotator, articles done out
of the total, skipped, drafts and median lead time; passes per article against the
project's target (Label Studio's ``maximum_annotations``); the articles still waiting for
a pass; and agreement so far (strict span F1 per field, pairwise, on the articles with
two or more passes, as :func:`hoinghi.annotate.agreement.agree` measures it).

It reads one snapshot export per project (the one ``pull`` reads, predictions left as
ids) and, only when the project double-annotates a share of its tasks
(``overlap_cohort_percentage`` < 100), the task list's ``overlap`` (the per-task target
Label Studio drew). :func:`status_of_export` computes everything from a parsed export,
without a server.

>>> tasks = [{"id": 1, "data": {"doc_id": "d1", "text": "Ông Lê Văn An"}, "drafts": [], "annotations": [
...     {"id": 1, "completed_by": {"id": 2, "email": "a@x"}, "lead_time": 30.0, "result": []},
...     {"id": 2, "completed_by": {"id": 3, "email": "b@x"}, "lead_time": 50.0, "was_cancelled": True}]},
...     {"id": 2, "data": {"doc_id": "d2", "text": "Không"}, "annotations": [], "drafts": [{"user": 3}]}]
>>> s = status_of_export(tasks, project_id=7, title="hoinghi-officials", target=2)
>>> [(a.annotator, a.done, a.skipped, a.drafts, a.median_lead_time) for a in s.annotators]
[('a@x', 1, 0, 0, 30.0), ('b@x', 0, 1, 1, None)]
>>> s.passes, s.waiting
({0: 1, 1: 1}, ('d1', 'd2'))
"""
from __future__ import annotations

__all__ = ["AnnotatorStatus", "ProjectStatus", "status_of_export", "project_status", "team_status"]

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from ..errors import InputError
from .pull import _annotator, _Coverage, convert_export, snapshot_export
from .studio import studio_errors

_WAITING_SHOWN = 8


@dataclass(frozen=True)
class AnnotatorStatus:
    """One annotator in one project."""

    annotator: str
    done: int                               # articles with a submitted annotation
    skipped: int
    drafts: int
    median_lead_time: float | None          # seconds, over submitted annotations


@dataclass(frozen=True)
class ProjectStatus:
    """One project: its articles, target, annotators, passes, waiting articles, agreement."""

    project_id: int | None
    title: str | None
    schemas: tuple[str, ...]
    tasks: int
    target: int                              # passes wanted per article (maximum_annotations)
    overlap_percent: int
    annotators: tuple[AnnotatorStatus, ...]
    passes: dict[int, int]                   # submitted passes -> articles
    waiting: tuple[str, ...]                 # doc ids with fewer passes than their target
    agreement: dict[str, float | None] = field(default_factory=dict)   # label -> strict F1 (pairwise mean)
    agreement_overall: float | None = None
    agreement_documents: int = 0

    def to_json(self) -> dict:
        out = asdict(self)
        out["passes"] = {str(k): v for k, v in sorted(self.passes.items())}
        return out

    def lines(self) -> list[str]:
        """The terminal view: a few lines per project."""
        share = "" if self.overlap_percent == 100 or self.target == 1 else f" on {self.overlap_percent}% of them"
        done = sum(n for k, n in self.passes.items() if k > 0)
        out = [f"{self.title} (id {self.project_id}, {'+'.join(self.schemas)}): {self.tasks} articles, "
               f"target {self.target} pass(es){share}; {done} with at least one pass, "
               f"{self.tasks - len(self.waiting)} complete",
               "  passes per article: " + ", ".join(f"{k}: {n}" for k, n in sorted(self.passes.items()))]
        w = max([len(a.annotator) for a in self.annotators] + [9])
        out.append(f"  {'annotator':<{w}}  {'done':>11}  {'skipped':>7}  {'drafts':>6}  {'median lead':>11}")
        for a in self.annotators:
            lead = "n/a" if a.median_lead_time is None else f"{a.median_lead_time:.0f} s"
            out.append(f"  {a.annotator:<{w}}  {f'{a.done}/{self.tasks}':>11}  {a.skipped:>7}  {a.drafts:>6}  {lead:>11}")
        if self.waiting:
            more = f" (+{len(self.waiting) - _WAITING_SHOWN} more)" if len(self.waiting) > _WAITING_SHOWN else ""
            out.append(f"  waiting for a pass: {len(self.waiting)}: {', '.join(self.waiting[:_WAITING_SHOWN])}{more}")
        if self.agreement_documents:
            f = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
            out.append(f"  agreement so far (strict span F1, {self.agreement_documents} articles with 2+ passes): "
                       f"overall {f(self.agreement_overall)}; "
                       + ", ".join(f"{lab} {f(v)}" for lab, v in self.agreement.items()))
        else:
            out.append("  agreement so far: no article has two passes yet")
        return out


def _per_annotator(tasks: list[dict]) -> tuple[AnnotatorStatus, ...]:
    done: dict[str, set] = defaultdict(set)
    skipped: Counter = Counter()
    drafts: Counter = Counter()
    leads: dict[str, list[float]] = defaultdict(list)
    emails: dict[int, str] = {}
    for t in tasks:
        for a in t.get("annotations") or []:
            who, uid = _annotator(a)
            if uid is not None:
                emails[uid] = who
            if a.get("was_cancelled"):
                skipped[who] += 1
                continue
            done[who].add(t.get("id"))
            if isinstance(a.get("lead_time"), (int, float)):
                leads[who].append(float(a["lead_time"]))
    for t in tasks:
        for d in t.get("drafts") or []:
            u = d.get("user") if isinstance(d, dict) else None
            drafts[u.get("email") if isinstance(u, dict) else emails.get(u, f"user-{u}")] += 1
    names = sorted(set(done) | set(skipped) | set(drafts))
    return tuple(AnnotatorStatus(n, len(done[n]), skipped[n], drafts[n],
                                 statistics.median(leads[n]) if leads[n] else None) for n in names)


def _agreement(tasks: list[dict], label_config: str | None) -> tuple[dict, float | None, int]:
    from .agreement import agree
    from .passes import Record

    by_annotator, _, summary = convert_export(tasks, label_config=label_config)
    records = [Record(who, d, declared_schemas=frozenset(d.meta["schemas"]), schema_version=d.meta["schema_version"])
               for who, docs in by_annotator.items() for d in docs]
    n = Counter(r.doc_id for r in records)
    records = [r for r in records if n[r.doc_id] >= 2]
    if not records:
        return {}, None, 0
    res = agree(records)
    return ({lab: v["strict"] for lab, v in res.fields.items()}, res.overall["strict"],
            len({r.doc_id for r in records}))


def status_of_export(tasks: list[dict], *, project_id: int | None = None, title: str | None = None,
                     label_config: str | None = None, target: int = 1, overlap_percent: int = 100,
                     targets: dict[int, int] | None = None) -> ProjectStatus:
    """The :class:`ProjectStatus` of a parsed snapshot export. ``target``: passes wanted
    per article; ``targets``: task id -> its own target (Label Studio's per-task
    ``overlap``), when only a share is double-annotated."""
    if not isinstance(tasks, list):
        raise InputError("a Label Studio export is a JSON list of tasks")
    passes: dict[int, int] = {}
    waiting = []
    for t in tasks:
        n = len({_annotator(a)[0] for a in t.get("annotations") or [] if not a.get("was_cancelled")})
        passes[n] = passes.get(n, 0) + 1
        if n < (targets or {}).get(t.get("id"), target):
            waiting.append(str((t.get("data") or {}).get("doc_id", f"task {t.get('id')}")))
    agreement, overall, n_docs = _agreement(tasks, label_config)
    return ProjectStatus(project_id, title, _Coverage.of(label_config).covered, len(tasks), target, overlap_percent,
                         _per_annotator(tasks), dict(sorted(passes.items())), tuple(waiting), agreement, overall,
                         n_docs)


def _task_targets(client, project_id: int) -> dict[int, int]:
    with studio_errors(f"listing the tasks of project {project_id}", getattr(client, "_hoinghi_url", None)):
        return {t.id: int(getattr(t, "overlap", 1) or 1)
                for t in client.tasks.list(project=project_id, fields="task_only", page_size=1000)}


def project_status(client, project: str | int, *, prefix: str = "hoinghi") -> ProjectStatus:
    """The status of one project (id, title or schema name)."""
    from .projects import find_project

    proj = find_project(client, project, prefix)
    target = int(getattr(proj, "maximum_annotations", 1) or 1)
    percent = int(getattr(proj, "overlap_cohort_percentage", 100) or 0)
    raw = snapshot_export(client, proj.id, predictions=False)
    targets = _task_targets(client, proj.id) if target > 1 and percent < 100 else None
    return status_of_export(json.loads(raw), project_id=proj.id, title=proj.title, label_config=proj.label_config,
                            target=target, overlap_percent=percent, targets=targets)


def team_status(client, projects: list[str | int] | None = None, *, prefix: str = "hoinghi") -> list[ProjectStatus]:
    """The status of the given projects, or of every project titled ``<prefix>-...``."""
    if not projects:
        with studio_errors("listing projects", getattr(client, "_hoinghi_url", None)):
            projects = sorted(p.id for p in client.projects.list(page_size=100) if (p.title or "").startswith(prefix + "-"))
    return [project_status(client, p, prefix=prefix) for p in projects]
