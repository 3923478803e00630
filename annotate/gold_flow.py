"""The real gold flow through a local Label Studio (``scripts/build_gold``).

1. start a throwaway local Label Studio (:func:`hoinghi.annotate.studio_server.local_server`);
2. push the articles to **one combined project** (all three schemas);
3. sign up one Label Studio user per annotator (through the invite link, as a person
   would) and submit each annotator's pass **with that user's own token**, exactly as
   the UI stores results (:func:`hoinghi.annotate.studio.submit_annotation`);
4. pull (snapshot export, raw export kept) and measure agreement on the independent passes;
5. adjudicate by ``majority`` and write the conflicts list for the reviewer;
6. the reviewer's pass = the majority decisions + the reviewer's recorded decisions
   for every conflict (``decisions`` JSON; an unsettled conflict without a decision
   stops the flow and is listed); it is submitted by a reviewer user with Label
   Studio's ground-truth flag;
7. pull again and build the gold set with the ``reviewer:<email>`` policy.

A decision is ``{"document": id, "start": s, "end": e, "label": L, "keep": bool,
"reason": "..."}`` for a span, or with ``"head": [s, e, L], "tail": [s, e, L],
"type": T`` for a relation; spans the reviewer adds are decisions with ``keep: true``
that no annotator marked. A relation left pending by an unsettled span conflict follows
the reviewer's span decisions (kept when both its head and tail are kept) unless a
relation decision says otherwise.
"""
from __future__ import annotations

__all__ = ["FlowResult", "run_flow", "apply_decisions"]

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from ..atomic import write_atomic
from ..document import Document, Relation, Span, SpanKey, read_documents, read_json, write_documents
from ..errors import InputError, Location
from ..schema import load_schemas
from .gold import build_from_pull


@dataclass
class FlowResult:
    """What :func:`run_flow` did (``to_json``) and where it wrote."""

    project_id: int | None = None
    task_ids: dict[str, int] = field(default_factory=dict)
    annotators: dict[str, int] = field(default_factory=dict)      # email -> user id
    submitted: dict[str, int] = field(default_factory=dict)       # email -> annotations
    conflicts: int = 0
    unsettled: int = 0
    decisions_applied: int = 0
    pull_summary: dict = field(default_factory=dict)
    agreement: dict = field(default_factory=dict)
    gold: dict = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class _Review:
    """The reviewer's pass being assembled: span keys and relation triples per document,
    and the decisions used so far (``("s", doc, start, end, label)`` or ``("r", doc, head, tail, type)``)."""

    spans: dict[str, set[SpanKey]]
    rels: dict[str, set[tuple[SpanKey, SpanKey, str]]]
    used: set = field(default_factory=set)

    @classmethod
    def of(cls, by_doc: dict[str, Document]) -> "_Review":
        rels = {}
        for k, d in by_doc.items():
            ids = {s.id: s.key for s in d.spans}
            rels[k] = {(ids[r.head], ids[r.tail], r.type) for r in d.relations}
        return cls({k: {s.key for s in d.spans} for k, d in by_doc.items()}, rels)


def _index_decisions(decisions: list[dict]) -> tuple[dict[tuple, dict], dict[tuple, dict]]:
    """Span decisions by ``(document, start, end, label)``, relation decisions by
    ``(document, head, tail, type)``."""
    span_dec: dict[tuple, dict] = {}
    rel_dec: dict[tuple, dict] = {}
    for d in decisions:
        if "head" in d:
            rel_dec[(d["document"], tuple(d["head"]), tuple(d["tail"]), d["type"])] = d
        else:
            span_dec[(d["document"], d["start"], d["end"], d["label"])] = d
    return span_dec, rel_dec


def _decide_conflicts(log, span_dec: dict, rel_dec: dict, review: _Review) -> tuple[list, list]:
    """Apply the decisions that name a conflict of ``log``; returns the unsettled
    conflicts without a decision and the pending relations (conflict, key)."""
    missing, pending = [], []
    for c in log.conflicts:
        if c.kind in ("relation", "dropped-relation"):
            cand = c.candidates[0]
            key = (c.doc_id, tuple(cand.head), tuple(cand.tail), cand.label)
            d = rel_dec.get(key)
            if d is None:
                if c.settled:
                    continue
                if c.rule.startswith("pending"):
                    pending.append((c, key))
                else:
                    missing.append(c)
                continue
            review.used.add(("r",) + key)
            triple = (tuple(cand.head), tuple(cand.tail), cand.label)
            (review.rels[c.doc_id].add if d["keep"] else review.rels[c.doc_id].discard)(triple)
            continue
        keys = [(c.doc_id, *x.key) for x in c.candidates]
        decided = [k for k in keys if k in span_dec]
        if not decided and not c.settled:
            missing.append(c)
            continue
        for k in decided:
            review.used.add(("s",) + k)
            (review.spans[c.doc_id].add if span_dec[k]["keep"] else review.spans[c.doc_id].discard)(k[1:])
    return missing, pending


def _unsettled_error(missing: list) -> InputError:
    lines = [f"{c.doc_id} {c.kind} " + "; ".join(f"{x.label} {x.text!r} [{x.start},{x.end}) by {', '.join(x.annotators)}"
                                                 for x in c.candidates) for c in missing[:20]]
    return InputError(f"{len(missing)} unsettled conflict(s) have no reviewer decision:\n  " + "\n  ".join(lines),
                      Location(field="decisions"))


def _apply_unlisted(span_dec: dict, rel_dec: dict, review: _Review) -> None:
    """Decisions no conflict names: spans the reviewer adds (a rejection is a stale
    decision and refused) and relation decisions."""
    for k, d in span_dec.items():
        if ("s",) + k not in review.used:
            if not d.get("keep"):
                raise InputError(f"decision rejects {k[3]} [{k[1]},{k[2]}) which no conflict lists (stale decision?)",
                                 Location(None, None, k[0], "decisions"))
            if k[0] not in review.spans:
                raise InputError("decision for an unknown document", Location(None, None, k[0], "decisions"))
            review.spans[k[0]].add(k[1:])
            review.used.add(("s",) + k)
    for k, d in rel_dec.items():
        if ("r",) + k not in review.used:
            if k[0] not in review.rels:
                raise InputError("decision for an unknown document", Location(None, None, k[0], "decisions"))
            (review.rels[k[0]].add if d["keep"] else review.rels[k[0]].discard)(k[1:])


def apply_decisions(gold: list[Document], log, decisions: list[dict], reviewer: str) -> tuple[list[Document], int]:
    """The reviewer's pass: majority ``gold`` plus ``decisions`` for every conflict.
    Raises :class:`InputError` listing the unsettled conflicts without a decision, and
    for decisions that match no conflict (stale decisions are never applied silently)."""
    by_doc = {d.id: d for d in gold}
    span_dec, rel_dec = _index_decisions(decisions)
    review = _Review.of(by_doc)
    missing, pending = _decide_conflicts(log, span_dec, rel_dec, review)
    for c, (doc_id, h, t, typ) in pending:  # a pending relation follows the reviewer's decision on its spans
        if h in review.spans[doc_id] and t in review.spans[doc_id]:
            review.rels[doc_id].add((h, t, typ))
    if missing:
        raise _unsettled_error(missing)
    _apply_unlisted(span_dec, rel_dec, review)
    out = []
    for doc_id, d in by_doc.items():
        keys = sorted(review.spans[doc_id])
        ids = {k: f"r{i}" for i, k in enumerate(keys)}
        rr = tuple(Relation(ids[h], ids[t], typ) for h, t, typ in sorted(review.rels[doc_id]) if h in ids and t in ids)
        out.append(Document(doc_id, d.text, tuple(Span(k[0], k[1], k[2], ids[k], d.text[k[0]:k[1]]) for k in keys), rr,
                            {"annotator": reviewer}))
    return out, len(decisions)


def _write_json(path: Path, obj) -> None:
    write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _articles(corpus: str | Path, doc_ids: Iterable[str] | None) -> list[Document]:
    from .articles import load_articles

    articles = load_articles(corpus)
    if doc_ids is not None:
        keep = set(doc_ids)
        articles = [a for a in articles if a.id in keep]
    return articles


def _read_passes(passes: dict[str, str | Path], wanted: dict[str, Document], schemas) -> dict[str, dict[str, Document]]:
    """Each annotator's documents by id; every wanted article must be there with its exact text."""
    l2s = schemas.label_to_schema()
    pass_docs: dict[str, dict[str, Document]] = {}
    for email, path in passes.items():
        docs = {d.id: d for d in read_documents(path, labels=l2s, gold=True, relation_ok=schemas.allows_relation)}
        for doc_id, a in wanted.items():
            if doc_id not in docs:
                raise InputError(f"annotator {email} has no record of this document", Location(str(path), None, doc_id, "id"))
            if docs[doc_id].text != a.text:
                raise InputError("the annotated text differs from the article", Location(str(path), None, doc_id, "text"))
        pass_docs[email] = docs
    return pass_docs


def _push_project(server, articles: list[Document], schemas, res: FlowResult, *, prefix: str, progress: bool, log):
    """Step 2: the admin client and the id of the one combined project the articles went to."""
    from .push import existing_tasks, push

    admin = server.client(timeout=300)
    pushed = push(admin, articles, schemas=schemas, combined=True, progress=progress, prefix=prefix)
    project = pushed.projects[0]
    res.project_id = project.project_id
    res.task_ids = existing_tasks(admin, project.project_id).tasks
    log(f"pushed {len(articles)} articles to project {project.project_id} {project.title!r}")
    return admin, project.project_id


def _create_users(admin, emails: Iterable[str], res: FlowResult) -> dict:
    """Step 3a: one Label Studio user per annotator and reviewer (through the invite link)."""
    from .studio import create_annotator

    users = {}
    for email in emails:
        users[email] = create_annotator(admin, email)
        res.annotators[email] = users[email].id
    return users


def _submit(server, user, docs: Iterable[Document], res: FlowResult, schemas, *, ground_truth: bool = False) -> None:
    """Step 3b/6: post ``docs`` as ``user``'s annotations with the user's own token."""
    from .studio import connect, submit_annotation

    client = connect(server.url, user.token, timeout=300)
    for d in docs:
        submit_annotation(client, res.task_ids[d.id], d, label_to_schema=schemas.label_to_schema(),
                          ground_truth=ground_truth)


def _agreement_and_conflicts(admin, project_id: int, out: Path, doc_ids: list[str], res: FlowResult, *,
                             progress: bool, log):
    """Steps 4–5: pull the independent passes, write the agreement and the majority's
    conflicts; returns the majority gold and its log."""
    from .adjudication import adjudicate
    from .agreement import agree
    from .passes import check_records, load_records
    from .pull import pull

    pull(admin, project_id, out / "pull-passes", progress=progress)
    records = load_records([out / "pull-passes"])
    agreement = agree(check_records(records, documents=doc_ids))
    _write_json(out / "agreement.json", agreement.to_json())
    write_atomic(out / "agreement.txt", agreement.table() + "\n")
    gold, mlog = adjudicate(records, "majority", documents=doc_ids)
    mlog.write(out / "conflicts.jsonl")
    res.conflicts, res.unsettled = len(mlog.conflicts), len(mlog.unsettled)
    log(f"agreement strict F1 {agreement.overall['strict']:.3f}; majority: {res.conflicts} conflicts, "
        f"{res.unsettled} unsettled -> {out / 'conflicts.jsonl'}")
    return gold, mlog


def _reviewer_pass(gold: list[Document], mlog, decisions: str | Path | None, wanted: dict[str, Document],
                   reviewer: str, out: Path, res: FlowResult) -> list[Document]:
    """Step 6: the majority plus the recorded decisions (for the wanted documents),
    written to ``reviewer.jsonl``."""
    dec = read_json(decisions) if decisions and Path(decisions).is_file() else []
    if not isinstance(dec, list):
        raise InputError("the decisions file must hold a JSON list", Location(str(decisions)))
    dec = [d for d in dec if d.get("document") in wanted]
    review, res.decisions_applied = apply_decisions(gold, mlog, dec, reviewer)
    write_documents(out / "reviewer.jsonl", review)
    return review


def _pre_guideline_note(pre_guideline: dict[str, str | Path], wanted: dict[str, Document], out: Path,
                        note: str) -> str:
    """The agreement of passes made before the guideline, measured, as a card note
    (its table goes to ``agreement-pre-guideline.txt``)."""
    from .agreement import agree
    from .passes import Record

    early = [Record(who, d) for who, path in pre_guideline.items() for d in read_documents(path) if d.id in wanted]
    ea = agree(early, documents=list(wanted))
    write_atomic(out / "agreement-pre-guideline.txt", ea.table() + "\n")
    low = sorted(((f["strict"], lab) for lab, f in ea.fields.items() if f["strict"] is not None))[:3]
    return (f"{note} ({' ~ '.join(pre_guideline)}): strict span F1 "
            f"{ea.overall['strict']:.3f} (overlap {ea.overall['overlap']:.3f}; lowest: "
            + ", ".join(f"{lab} {v:.3f}" for v, lab in low) + "). docs/guidelines.md settled those cases "
            "explicitly (it names the hard cases of these very articles), so the figures above measure "
            "agreement under a guideline that already decides them; see "
            f"{out / 'agreement-pre-guideline.txt'}.")


def _build(final: Path, out: Path, res: FlowResult, *, reviewer: str, gold_dir, name: str, version: str,
           provenance: dict, notes: list[str]) -> None:
    """Step 7: the gold set from the final pull with the ``reviewer:<email>`` policy."""
    manifest, agreement, glog = build_from_pull([final], name=name, version=version, policy=f"reviewer:{reviewer}",
                                                out=gold_dir, provenance=provenance, overwrite=True, notes=notes)
    res.agreement = agreement.summary()
    res.gold = {"path": str(Path(gold_dir) / name), "fingerprint": manifest.fingerprint,
                "splits": {k: len(v) for k, v in manifest.splits.items()}, "adjudication": glog.summary()}
    res.files = {"pull": str(final), "pull-passes": str(out / "pull-passes"), "agreement": str(out / "agreement.json"),
                 "conflicts": str(out / "conflicts.jsonl"), "reviewer": str(out / "reviewer.jsonl")}


def _submit_passes(server, users: dict, pass_docs: dict[str, dict[str, Document]], doc_ids: list[str],
                   res: FlowResult, schemas, log) -> None:
    """Each annotator's pass submitted as that annotator, documents in ``doc_ids`` order."""
    for email, docs in pass_docs.items():
        _submit(server, users[email], [docs[doc_id] for doc_id in doc_ids], res, schemas)
        res.submitted[email] = len(doc_ids)
        log(f"submitted {len(doc_ids)} annotations as {email} (user {users[email].id})")


def run_flow(corpus: str | Path, passes: dict[str, str | Path], *, reviewer: str, out_dir: str | Path,
             gold_dir: str | Path, name: str, version: str, decisions: str | Path | None = None,
             data_dir: str | Path | None = None, server=None, prefix: str = "hoinghi", doc_ids: Iterable[str] | None = None, progress: bool = True,
             pre_guideline: dict[str, str | Path] | None = None,
             pre_guideline_note: str = "Passes made before the guideline", log=print) -> FlowResult:
    """Run the whole flow (module doc). ``passes`` maps an annotator e-mail to its
    document JSONL; ``out_dir`` receives ``pull/`` (final pull with the raw export),
    ``pull-passes/`` (the pull before the reviewer), ``agreement.json``/``.txt``,
    ``conflicts.jsonl`` (majority log), ``reviewer.jsonl`` (the reviewer's pass) and
    ``flow.json``. ``doc_ids`` restricts the flow to a slice of the corpus.
    ``server`` (a running :class:`~hoinghi.annotate.studio_server.LocalServer`) is used instead
    of starting one on ``data_dir``; ``prefix`` names the project (``<prefix>-combined``).
    ``pre_guideline`` (annotator → JSONL of a pass made before the guideline) adds
    the agreement of those earlier passes to the card as a note, measured, not typed.
    Each step is a function of its own above; this one runs them in order."""
    import label_studio

    from .pull import pull
    from .studio_server import local_server

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schemas = load_schemas()
    articles = _articles(corpus, doc_ids)
    wanted = {a.id: a for a in articles}
    pass_docs = _read_passes(passes, wanted, schemas)
    res = FlowResult()
    if server is None and data_dir is None:
        raise InputError("run_flow needs a data_dir for its Label Studio, or a running server", Location(field="data_dir"))
    with (contextlib.nullcontext(server) if server is not None else local_server(data_dir)) as server:
        log(f"Label Studio {label_studio.__version__} at {server.url} (data {server.data_dir})")
        admin, project_id = _push_project(server, articles, schemas, res, prefix=prefix, progress=progress, log=log)
        users = _create_users(admin, list(passes) + [reviewer], res)
        _submit_passes(server, users, pass_docs, sorted(wanted), res, schemas, log)
        gold, mlog = _agreement_and_conflicts(admin, project_id, out, list(wanted), res, progress=progress, log=log)
        review = _reviewer_pass(gold, mlog, decisions, wanted, reviewer, out, res)
        _submit(server, users[reviewer], review, res, schemas, ground_truth=True)
        log(f"submitted the reviewer's pass as {reviewer} ({len(review)} documents, {res.decisions_applied} decisions)")
        final = out / "pull"
        res.pull_summary = pull(admin, project_id, final, progress=progress).to_json()
        export_time = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    prov = {"label_studio": f"label-studio {label_studio.__version__}", "export_time": export_time,
            "pull": str(final), "guideline": "docs/guidelines.md", "flow": "scripts/build_gold"}
    notes = [_pre_guideline_note(pre_guideline, wanted, out, pre_guideline_note)] if pre_guideline else []
    _build(final, out, res, reviewer=reviewer, gold_dir=gold_dir, name=name, version=version, provenance=prov,
           notes=notes)
    res.seconds = round(time.perf_counter() - started, 1)
    _write_json(out / "flow.json", res.to_json())
    return res
