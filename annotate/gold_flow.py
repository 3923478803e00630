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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..document import Document, Relation, Span, read_documents, write_documents
from ..errors import InputError, Location
from ..schema import load_schemas


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
        from dataclasses import asdict
        return asdict(self)


def apply_decisions(gold: list[Document], log, decisions: list[dict], reviewer: str) -> tuple[list[Document], int]:
    """The reviewer's pass: majority ``gold`` plus ``decisions`` for every conflict.
    Raises :class:`InputError` listing the unsettled conflicts without a decision, and
    for decisions that match no conflict (stale decisions are never applied silently)."""
    by_doc = {d.id: d for d in gold}
    span_dec: dict[tuple, dict] = {}
    rel_dec: dict[tuple, dict] = {}
    for i, d in enumerate(decisions):
        if "head" in d:
            rel_dec[(d["document"], tuple(d["head"]), tuple(d["tail"]), d["type"])] = d
        else:
            span_dec[(d["document"], d["start"], d["end"], d["label"])] = d
    used: set = set()
    missing = []
    pending_rels: list = []
    spans: dict[str, set] = {k: {(s.start, s.end, s.label) for s in d.spans} for k, d in by_doc.items()}
    rels: dict[str, set] = {}
    for k, d in by_doc.items():
        ids = {s.id: (s.start, s.end, s.label) for s in d.spans}
        rels[k] = {(ids[r.head], ids[r.tail], r.type) for r in d.relations}
    for c in log.conflicts:
        if c.kind in ("relation", "dropped-relation"):
            cand = c.candidates[0]
            key = (c.doc_id, tuple(cand.head), tuple(cand.tail), cand.label)
            d = rel_dec.get(key)
            if d is None:
                if c.settled:
                    continue
                if c.rule.startswith("pending"):
                    pending_rels.append((c, key))
                    continue
                missing.append(c)
                continue
            used.add(("r",) + key)
            triple = (tuple(cand.head), tuple(cand.tail), cand.label)
            (rels[c.doc_id].add if d["keep"] else rels[c.doc_id].discard)(triple)
            continue
        keys = [(c.doc_id, x.start, x.end, x.label) for x in c.candidates]
        decided = [k for k in keys if k in span_dec]
        if not decided and not c.settled:
            missing.append(c)
            continue
        for k in decided:
            used.add(("s",) + k)
            (spans[c.doc_id].add if span_dec[k]["keep"] else spans[c.doc_id].discard)(k[1:])
    for c, key in pending_rels:  # a pending relation follows the reviewer's decision on its spans
        doc_id, h, t, typ = key
        if h in spans[doc_id] and t in spans[doc_id]:
            rels[doc_id].add((h, t, typ))
    if missing:
        lines = [f"{c.doc_id} {c.kind} " + "; ".join(f"{x.label} {x.text!r} [{x.start},{x.end}) by {', '.join(x.annotators)}"
                                                     for x in c.candidates) for c in missing[:20]]
        raise InputError(f"{len(missing)} unsettled conflict(s) have no reviewer decision:\n  " + "\n  ".join(lines),
                         Location(field="decisions"))
    for k, d in span_dec.items():  # reviewer-added spans (no conflict names them)
        if ("s",) + k not in used:
            if not d.get("keep"):
                raise InputError(f"decision rejects {k[3]} [{k[1]},{k[2]}) which no conflict lists (stale decision?)",
                                 Location(None, None, k[0], "decisions"))
            if k[0] not in spans:
                raise InputError("decision for an unknown document", Location(None, None, k[0], "decisions"))
            spans[k[0]].add(k[1:])
            used.add(("s",) + k)
    for k, d in rel_dec.items():
        if ("r",) + k not in used:
            if k[0] not in rels:
                raise InputError("decision for an unknown document", Location(None, None, k[0], "decisions"))
            (rels[k[0]].add if d["keep"] else rels[k[0]].discard)(k[1:])
    out = []
    for doc_id, d in by_doc.items():
        keys = sorted(spans[doc_id])
        ids = {k: f"r{i}" for i, k in enumerate(keys)}
        rr = tuple(Relation(ids[h], ids[t], typ) for h, t, typ in sorted(rels[doc_id]) if h in ids and t in ids)
        out.append(Document(doc_id, d.text, tuple(Span(k[0], k[1], k[2], ids[k], d.text[k[0]:k[1]]) for k in keys), rr,
                            {"annotator": reviewer}))
    return out, len(decisions)


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
    the agreement of those earlier passes to the card as a note, measured, not typed."""
    import label_studio

    from .adjudication import adjudicate
    from .agreement import agree
    from .pull import pull
    from .push import existing_tasks, load_articles, push
    from .passes import check_records, load_records
    from .studio import connect, create_annotator, submit_annotation
    from .studio_server import local_server
    from .gold import build_from_pull

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schemas = load_schemas()
    l2s = schemas.label_to_schema()
    articles = load_articles(corpus)
    if doc_ids is not None:
        keep = set(doc_ids)
        articles = [a for a in articles if a.id in keep]
    wanted = {a.id: a for a in articles}
    pass_docs: dict[str, dict[str, Document]] = {}
    for email, path in passes.items():
        docs = {d.id: d for d in read_documents(path, labels=l2s, gold=True, relation_ok=schemas.allows_relation)}
        for doc_id, a in wanted.items():
            if doc_id not in docs:
                raise InputError(f"annotator {email} has no record of this document", Location(str(path), None, doc_id, "id"))
            if docs[doc_id].text != a.text:
                raise InputError("the annotated text differs from the article", Location(str(path), None, doc_id, "text"))
        pass_docs[email] = docs
    res = FlowResult()
    if server is None and data_dir is None:
        raise InputError("run_flow needs a data_dir for its Label Studio, or a running server", Location(field="data_dir"))
    with (contextlib.nullcontext(server) if server is not None else local_server(data_dir)) as server:
        admin = server.client(timeout=300)
        log(f"Label Studio {label_studio.__version__} at {server.url} (data {server.data_dir})")
        pushed = push(admin, articles, schemas=schemas, combined=True, progress=progress, prefix=prefix)
        project = pushed.projects[0]
        res.project_id = project.project_id
        res.task_ids = existing_tasks(admin, project.project_id).tasks
        log(f"pushed {len(articles)} articles to project {project.project_id} {project.title!r}")
        users = {}
        for email in list(passes) + [reviewer]:
            users[email] = create_annotator(admin, email)
            res.annotators[email] = users[email].id
        for email, docs in pass_docs.items():
            client = connect(server.url, users[email].token, timeout=300)
            for doc_id in sorted(wanted):
                submit_annotation(client, res.task_ids[doc_id], docs[doc_id], label_to_schema=l2s)
            res.submitted[email] = len(wanted)
            log(f"submitted {len(wanted)} annotations as {email} (user {users[email].id})")
        first = out / "pull-passes"
        pull(admin, project.project_id, first, progress=progress)
        records = load_records([first])
        agreement = agree(check_records(records, documents=list(wanted)))
        (out / "agreement.json").write_text(json.dumps(agreement.to_json(), ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
        (out / "agreement.txt").write_text(agreement.table() + "\n", encoding="utf-8")
        gold, mlog = adjudicate(records, "majority", documents=list(wanted))
        mlog.write(out / "conflicts.jsonl")
        res.conflicts, res.unsettled = len(mlog.conflicts), len(mlog.unsettled)
        log(f"agreement strict F1 {agreement.overall['strict']:.3f}; majority: {res.conflicts} conflicts, "
            f"{res.unsettled} unsettled -> {out / 'conflicts.jsonl'}")
        dec = json.loads(Path(decisions).read_text(encoding="utf-8")) if decisions and Path(decisions).is_file() else []
        if not isinstance(dec, list):
            raise InputError("the decisions file must hold a JSON list", Location(str(decisions)))
        dec = [d for d in dec if d.get("document") in wanted]
        review, res.decisions_applied = apply_decisions(gold, mlog, dec, reviewer)
        write_documents(out / "reviewer.jsonl", review)
        client = connect(server.url, users[reviewer].token, timeout=300)
        for d in review:
            submit_annotation(client, res.task_ids[d.id], d, label_to_schema=l2s, ground_truth=True)
        log(f"submitted the reviewer's pass as {reviewer} ({len(review)} documents, {res.decisions_applied} decisions)")
        final = out / "pull"
        s2 = pull(admin, project.project_id, final, progress=progress)
        export_time = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        res.pull_summary = s2.to_json()
    prov = {"label_studio": f"label-studio {label_studio.__version__}", "export_time": export_time,
            "pull": str(final), "guideline": "docs/guidelines.md", "flow": "scripts/build_gold"}
    notes = []
    if pre_guideline:
        from .agreement import agree as _agree
        from .passes import Record
        early = [Record(who, d) for who, path in pre_guideline.items() for d in read_documents(path) if d.id in wanted]
        ea = _agree(early, documents=list(wanted))
        (out / "agreement-pre-guideline.txt").write_text(ea.table() + "\n", encoding="utf-8")
        low = sorted(((f["strict"], lab) for lab, f in ea.fields.items() if f["strict"] is not None))[:3]
        notes.append(f"{pre_guideline_note} ({' ~ '.join(pre_guideline)}): strict span F1 "
                     f"{ea.overall['strict']:.3f} (overlap {ea.overall['overlap']:.3f}; lowest: "
                     + ", ".join(f"{lab} {v:.3f}" for v, lab in low) + "). docs/guidelines.md settled those cases "
                     "explicitly (it names the hard cases of these very articles), so the figures above measure "
                     "agreement under a guideline that already decides them; see "
                     f"{out / 'agreement-pre-guideline.txt'}.")
    manifest, agreement2, glog = build_from_pull([final], name=name, version=version, policy=f"reviewer:{reviewer}",
                                                 out=gold_dir, provenance=prov, overwrite=True, notes=notes)
    res.agreement = agreement2.summary()
    res.gold = {"path": str(Path(gold_dir) / name), "fingerprint": manifest.fingerprint,
                "splits": {k: len(v) for k, v in manifest.splits.items()}, "adjudication": glog.summary()}
    res.files = {"pull": str(final), "pull-passes": str(first), "agreement": str(out / "agreement.json"),
                 "conflicts": str(out / "conflicts.jsonl"), "reviewer": str(out / "reviewer.jsonl")}
    res.seconds = round(time.perf_counter() - started, 1)
    (out / "flow.json").write_text(json.dumps(res.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return res
