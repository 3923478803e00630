"""The Label Studio project fields that decide how a *team* works on a project: how many
annotators label each task (:func:`set_overlap`) and the guideline they read before
labelling (:func:`guideline_html`, :func:`set_guideline`).

What Label Studio 1.23.2 does with them (community edition; read from its source and
checked by the tests with real annotator users taking tasks through
``GET /api/projects/{id}/next``, as the labelling stream does):

* ``maximum_annotations`` (N): a task keeps being served to *other* annotators until it
  holds N annotations (a skip counts as one); an annotator is never served a task twice.
* ``overlap_cohort_percentage`` (P): only P % of the tasks get N annotations; the others
  are finished after one. Label Studio picks the overlapping tasks itself (at random, when
  the setting is saved or tasks are imported): the share is exact up to rounding, which
  tasks it is is not ours to choose.
* ``expert_instruction`` (HTML) is the project's "Instructions" box; with
  ``show_instruction`` on, the labelling stream opens it before the first task. The
  per-label descriptions stay in the label config as hints.

>>> html = guideline_html("# Title\\n\\nA <b>bold</b> **claim** | x\\n")
>>> "<h1>Title</h1>" in html, "&lt;b&gt;" in html, "<strong>claim</strong>" in html
(True, True, True)
"""
from __future__ import annotations

__all__ = ["Overlap", "set_overlap", "guideline_html", "set_guideline", "default_guideline", "read_guideline",
           "GUIDELINE_NAME"]

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from .studio import studio_errors

#: The guideline ``push`` puts into every project unless ``--guideline`` names another.
GUIDELINE_NAME = "docs/guidelines.md"


@dataclass(frozen=True)
class Overlap:
    """``annotators_per_task`` (Label Studio's ``maximum_annotations``) on ``percent`` % of
    the tasks (``overlap_cohort_percentage``); the rest get one pass.

    >>> Overlap(2, 30).describe()
    '2 annotators per task on 30% of the tasks (1 on the rest)'
    >>> Overlap(0, 100)
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: field annotators_per_task: --annotators-per-task must be at least 1 (got 0)
    """

    annotators_per_task: int
    percent: int = 100

    def __post_init__(self):
        if self.annotators_per_task < 1:
            raise InputError(f"--annotators-per-task must be at least 1 (got {self.annotators_per_task})",
                             Location(field="annotators_per_task"))
        if not 0 <= self.percent <= 100:
            raise InputError(f"--overlap must be a percentage between 0 and 100 (got {self.percent})",
                             Location(field="overlap"))

    def describe(self) -> str:
        if self.annotators_per_task == 1:
            return "1 annotator per task"
        rest = "" if self.percent == 100 else " (1 on the rest)"
        return f"{self.annotators_per_task} annotators per task on {self.percent}% of the tasks{rest}"


def set_overlap(client, project_id: int, overlap: Overlap) -> Overlap:
    """PATCH the project's ``maximum_annotations`` and ``overlap_cohort_percentage`` and
    return what Label Studio stored (read back, so a silently ignored field shows)."""
    where = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"setting the overlap of project {project_id}", where):
        p = client.projects.update(id=project_id, maximum_annotations=overlap.annotators_per_task,
                                   overlap_cohort_percentage=overlap.percent)
    return Overlap(int(p.maximum_annotations), int(p.overlap_cohort_percentage))


def default_guideline() -> Path | None:
    """``docs/guidelines.md`` of this checkout, when there is one."""
    p = Path(__file__).resolve().parents[1] / GUIDELINE_NAME
    return p if p.is_file() else None


def guideline_html(markdown: str) -> str:
    """The guideline as HTML for Label Studio's instructions box: CommonMark plus tables
    (markdown-it-py, already installed with the toolkit's dependencies); raw HTML in the
    text is escaped, never passed through (markdown-it also refuses ``javascript:`` links)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)


def read_guideline(path: str | Path) -> str:
    """The rendered guideline of a Markdown file (a located error when it is unreadable)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the guideline ({exc.__class__.__name__}: {exc})", Location(str(p))) from None
    return guideline_html(text)


def set_guideline(client, project_id: int, html: str) -> bool:
    """Put ``html`` into the project's instructions and show them before labelling;
    returns whether it changed."""
    where = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"reading project {project_id}", where):
        p = client.projects.get(id=project_id)
    if (p.expert_instruction or "") == html and p.show_instruction:
        return False
    with studio_errors(f"setting the instructions of project {project_id}", where):
        client.projects.update(id=project_id, expert_instruction=html, show_instruction=True)
    return True
