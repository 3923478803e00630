"""The Ray engine of ``hoinghi extract``: the same extractor spec on Ray Data.

For users who already run a Ray cluster (``address="auto"`` or ``"ray://host:10001"``),
or on this machine (no address: a local Ray with ``num_cpus`` CPUs). The documents go
to a JSONL file in ``work_dir``, then ``ray.data.read_json`` → ``map_batches`` →
``write_json``; the driver reads the written rows back, checks each prediction like the
local engine does and hands it on. ``work_dir`` is removed afterwards.

Each document runs through :func:`~hoinghi.eval.runner.apply.apply_extractor`, the one
"run an extractor on a document" step of the local engine, **inside** the batch
function, so a document on which the extractor raises or answers out of contract
becomes a failure record and the rest of its block is kept (Ray's own error handling
fails the whole dataset, or drops whole blocks). Results are identical to the local
engine's.

Limits: Python specs only (``cmd:`` extractors run with the local engine); no
per-document timeout (a hung extractor holds its Ray task); on a multi-node cluster
``work_dir`` must be on storage every node sees, and the extractor must be importable
on every node (hoinghi installed, a ``file.py:function`` spec at the same path). Ray
is the optional extra ``hoinghi[ray]``.
"""
from __future__ import annotations

__all__ = ["run_ray", "extract_batch", "RAY_BATCH_SIZE", "RAY_ROUND_SIZE"]

import json
import shutil
from pathlib import Path
from typing import Callable, Sequence

from ...document import Document
from ...errors import ExtractorError, InputError, Location, SetupError
from ..predictions import Failure, check_prediction, input_json
from .apply import apply_extractor, wants_text
from .spec import ExtractorSpec, findable_spec, load_callable

RAY_BATCH_SIZE = 256       # documents per map_batches call
RAY_ROUND_SIZE = 100_000   # documents per Ray job: an interruption loses at most one round

_LOADED: dict[str, tuple[Callable, bool]] = {}  # spec -> (callable, takes_text), per Ray worker process


def extract_batch(batch: dict, spec: str) -> dict:
    """The ``map_batches`` function: run the extractor named by ``spec`` on every document
    of ``batch`` (columns ``id`` and ``text``) and return one row per document: ``status``
    ``ok`` with the prediction JSON (without text), or a failure kind with its message.
    Never raises for one document's trouble.

    >>> rows = extract_batch({"id": ["d1"], "text": ["Hội nghị lần thứ 14 đã diễn ra."]}, "hoinghi.extractors.trivial:extract")
    >>> rows["status"], json.loads(rows["prediction"][0])["spans"][0]["label"], rows["message"]
    (['ok'], 'MEETING', [''])
    """
    if spec not in _LOADED:
        func = load_callable(spec)[0]
        _LOADED[spec] = (func, wants_text(func))
    func, takes_text = _LOADED[spec]
    out: dict[str, list[str]] = {"id": [], "status": [], "prediction": [], "message": []}
    for doc_id, text in zip(list(batch["id"]), list(batch["text"])):
        answer = apply_extractor(func, Document(str(doc_id), str(text)), takes_text=takes_text)
        out["id"].append(str(doc_id))
        if isinstance(answer, Failure):
            out["status"].append(answer.kind)
            out["prediction"].append("")
            out["message"].append(answer.message)
        else:
            obj = answer.to_json()
            obj.pop("text", None)
            out["status"].append("ok")
            out["prediction"].append(json.dumps(obj, ensure_ascii=False))
            out["message"].append("")
    return out


def _connect(address: str | None, num_cpus: int):
    try:
        import ray
    except ImportError:
        raise SetupError("the ray engine needs Ray: pip install 'hoinghi[ray]'") from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    return ray


def _read_rows(folder: Path):
    """Rows written by ``write_json`` (one JSON object per line, in any number of files)."""
    for path in sorted(folder.rglob("*.json")):
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    yield Location(str(path), lineno), json.loads(line)


def _one_round(ray, resolved: ExtractorSpec, docs: Sequence[Document], on_result, bar, work_dir: Path) -> None:
    work_dir.mkdir(parents=True, exist_ok=True)
    source, written = work_dir / "input.jsonl", work_dir / "output"
    with open(source, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(input_json(d), ensure_ascii=False) + "\n")
    (ray.data.read_json(str(source))
        .map_batches(extract_batch, fn_kwargs={"spec": findable_spec(str(resolved.target))}, batch_size=RAY_BATCH_SIZE)
        .write_json(str(written)))
    by_id = {d.id: d for d in docs}
    seen: set[str] = set()
    for where, row in _read_rows(written):
        doc = by_id.get(row.get("id"))
        if doc is None or doc.id in seen:
            raise InputError("Ray wrote a row for a document that was not sent, or twice", where)
        seen.add(doc.id)
        if row["status"] == "ok":
            try:
                answer = check_prediction(json.loads(row["prediction"]), doc, where)
            except InputError as exc:
                answer = Failure(doc.id, "invalid", str(exc))
        else:
            answer = Failure(doc.id, row["status"], row["message"])
        on_result(doc, answer)
        bar.update(1)
    for d in docs:
        if d.id not in seen:  # cannot happen unless Ray lost a block; recorded, never silent
            on_result(d, Failure(d.id, "missing", "Ray returned no row for this document"))
            bar.update(1)


def run_ray(resolved: ExtractorSpec, docs: Sequence[Document], on_result: Callable[[Document, Document | Failure], None],
            *, address: str | None = None, num_cpus: int = 2, bar=None, work_dir: Path) -> None:
    """Run a Python spec on ``docs`` with Ray Data, calling ``on_result(doc, answer)`` once
    per document (a checked ``Document`` or a :class:`Failure`), in rounds of
    :data:`RAY_ROUND_SIZE`. Uses the running Ray if there is one, else connects to
    ``address`` or starts a local Ray with ``num_cpus`` CPUs."""
    if resolved.kind != "python":
        raise ExtractorError(f"extractor {resolved.label}: the ray engine runs Python extractors; "
                             "run cmd: extractors with --engine local")
    from ...progress import progress as progress_bar

    bar = bar if bar is not None else progress_bar(enabled=False)
    ray = _connect(address, num_cpus)
    try:
        for i in range(0, len(docs), RAY_ROUND_SIZE):
            _one_round(ray, resolved, docs[i:i + RAY_ROUND_SIZE], on_result, bar, work_dir / f"round-{i // RAY_ROUND_SIZE}")
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
