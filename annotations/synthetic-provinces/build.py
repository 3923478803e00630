"""Build ``gold/synthetic-provinces`` (v1.0.0) through a real Label Studio with the team flow.

1. a throwaway local Label Studio (:func:`hoinghi.annotate.studio_server.local_server`);
2. ``push`` the 45 articles per schema (the default: three projects) with two annotators per
   task on 100% of the tasks and ``docs/guidelines.md`` shown before labelling;
3. ``annotator-a@hoinghi.local`` and ``annotator-b@hoinghi.local`` take tasks through
   Label Studio's next-task API with their own tokens and submit their pass's version of the
   article they are served (``passes/annotator-*.jsonl``);
4. ``hoinghi status`` of the three projects -> ``status.txt``;
5. pull each project (``pulls/``), agreement (``agreement.txt``/``.json``), ``push-review`` of
   the articles in conflict, ``reviewer@hoinghi.local`` takes them through the next-task API and
   submits the reviewer's version (``passes/reviewer.jsonl``), pull of the review project;
6. ``gold build --policy reviewer:reviewer@hoinghi.local`` -> ``gold/synthetic-provinces``.

Steps 1-5 are :func:`hoinghi.annotate.team_flow.run_team_flow`; every pulled record is then
compared with what was submitted (a pull that lost or changed anything stops the build).
Step 6 (:func:`build_gold_set`) reads only the committed pulls, so a test rebuilds the gold
set from them byte for byte. Run from the repo root::

    .venv/bin/python annotations/synthetic-provinces/passes.py check reviewer   # -> passes/reviewer.jsonl
    .venv/bin/python annotations/synthetic-provinces/build.py [--overwrite]
    .venv/bin/python annotations/synthetic-provinces/build.py --from-pulls --overwrite   # step 6 only
"""
import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from hoinghi.annotate.articles import load_articles
from hoinghi.annotate.gold import build_from_pull
from hoinghi.annotate.passes import load_records
from hoinghi.annotate.project_team import default_guideline, read_guideline
from hoinghi.annotate.schema_groups import agree_groups, load_groups
from hoinghi.atomic import write_atomic
from hoinghi.document import read_documents
from hoinghi.errors import InputError, Location
from hoinghi.schema import load_schemas

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
NAME, VERSION, PREFIX = "synthetic-provinces", "1.0.0", "provinces"
ANNOTATORS = {"annotator-a@hoinghi.local": HERE / "passes/annotator-a.jsonl",
              "annotator-b@hoinghi.local": HERE / "passes/annotator-b.jsonl"}
REVIEWER, REVIEWER_PASS = "reviewer@hoinghi.local", HERE / "passes/reviewer.jsonl"
POLICY = f"reviewer:{REVIEWER}"
SCHEMA_PROJECTS = [f"{PREFIX}-{n}" for n in ("meetings", "indicators", "officials")]
PULLS = [HERE / "pulls" / p for p in SCHEMA_PROJECTS] + [HERE / "pulls" / "review"]


def _documents(path: Path) -> dict:
    schemas = load_schemas()
    return {d.id: d for d in read_documents(path, labels=schemas.label_to_schema(), gold=True,
                                            relation_ok=schemas.allows_relation)}


def _keys(doc, labels=None) -> tuple[set, set]:
    spans = {s.id: s.key for s in doc.spans if labels is None or s.label in labels}
    return set(spans.values()), {(spans[r.head], spans[r.tail], r.type) for r in doc.relations
                                 if r.head in spans and r.tail in spans}


def check_round_trip(pulls, submitted: dict) -> int:
    """Every pulled record equals what its annotator submitted for that article (restricted
    to the schemas of the record's project), and every submission came back in every schema. Raises
    :class:`InputError` naming the pull, annotator and document otherwise; returns the
    number of records compared."""
    schemas, seen = load_schemas(), set()
    for r in load_records(pulls):
        sent = submitted.get(r.annotator, {}).get(r.doc_id)
        names = r.declared_schemas or frozenset(schemas.names)
        labels = {lab for n in names for lab in schemas[n].label_names}
        if sent is None or sent.text != r.document.text or _keys(sent, labels) != _keys(r.document):
            raise InputError(f"the pull of {r.annotator} differs from what was submitted", r.where)
        seen.add((r.annotator, r.doc_id, names))
    covered: dict[tuple, set] = {}
    for a, d, names in seen:
        covered.setdefault((a, d), set()).update(names)
    lost = [(a, d) for a, docs in submitted.items() for d in docs if covered.get((a, d)) != set(schemas.names)]
    if lost:
        raise InputError(f"{len(lost)} submitted document(s) missing from the pulls (in some schema's project), "
                         f"first {lost[0]}", Location(str(pulls[0])))
    return len(seen)


def annotate_in_label_studio(data_dir: Path, out: Path = HERE, log=print) -> None:
    """Steps 1-5 (module doc) on a throwaway Label Studio in ``data_dir``."""
    from hoinghi.annotate.studio_server import local_server
    from hoinghi.annotate.team_flow import run_team_flow
    from hoinghi.cli import main as cli

    articles = load_articles(HERE / "articles")
    versions = {email: _documents(path) for email, path in ANNOTATORS.items()}
    reviewed = _documents(REVIEWER_PASS)

    def review(doc_id, text, shown):
        if sorted(shown) != sorted(ANNOTATORS) or doc_id not in reviewed or reviewed[doc_id].text != text:
            raise InputError(f"review task shows {sorted(shown)}; the reviewer's pass has "
                             f"{'no' if doc_id not in reviewed else 'a'} version", Location(str(REVIEWER_PASS), None,
                                                                                            doc_id, "id"))
        return reviewed[doc_id]

    with local_server(data_dir) as server, tempfile.TemporaryDirectory() as scratch:
        res = run_team_flow(server, articles, versions, reviewer=REVIEWER, review=review, out_dir=out, name=NAME,
                            version=VERSION, gold_dir=scratch, prefix=PREFIX, annotators_per_task=2, overlap=100,
                            guideline=read_guideline(default_guideline()), overwrite=True)
        status = io.StringIO()
        with contextlib.redirect_stdout(status):
            code = cli(["status", "--prefix", PREFIX, "--url", server.url, "--token", server.token,
                        *SCHEMA_PROJECTS])
        assert code == 0, status.getvalue()
    write_atomic(out / "status.txt", status.getvalue())
    write_atomic(out / "agreement.txt", res.agreement.table() + "\n")
    write_atomic(out / "agreement.json", json.dumps(res.agreement.to_json(), ensure_ascii=False, indent=2) + "\n")
    log("\n".join(res.review.lines()))
    if sorted(res.review.disagreements) != sorted(reviewed):
        raise InputError(f"push-review sent {len(res.review.disagreements)} article(s), the reviewer's pass has "
                         f"{len(reviewed)}", Location(str(REVIEWER_PASS)))
    n = check_round_trip([out / p.relative_to(HERE) for p in PULLS], {**versions, REVIEWER: reviewed})
    log(f"served: " + ", ".join(f"{e} {len(v)}" for e, v in res.served.items())
        + f"; {n} pulled records equal what was submitted")


NOTES = (
    "## What this set is — read first",
    "**Invented articles, not real news.** The 45 texts (`prov-001` … `prov-045`) were written for this project "
    "in 2026-11 by three writers of the team (15 each), for issue 15: a development gold set of the genre from "
    "articles nobody had seen. Places are real provinces, districts, towns and provincial cities ("
    "units of 19 provinces: 15 districts, 14 towns, 16 provincial cities; 2015–2025; numbered plenary sessions "
    "and six-month / nine-month / year reviews), used only as settings; every official, figure, quotation, outlet, "
    "byline and photo credit is invented. The writers read the five real articles of the shared corpus for the "
    "register and the web clutter and the field list of `docs/guidelines.md`; no writer read the extractor's rules, "
    "its reference document or its tests, or ran it. How each writer worked and what each article holds: "
    "`annotations/synthetic-provinces/articles/{a,b,c}-notes.md`.",
    "**How it was annotated.** Two independent passes, by two annotators of the team (`annotator-a`, "
    "`annotator-b`), each reading only `docs/guidelines.md` 1.1.0 (span lists and notes in "
    "`annotations/synthetic-provinces/passes/`). Both passes were submitted through a real Label Studio with the "
    "team flow (`annotations/synthetic-provinces/build.py`): three per-schema projects, two annotators per task on "
    "100% of the tasks, the guideline shown before labelling, each annotator taking tasks through Label Studio's "
    "next-task API with their own account; `hoinghi status` of the three projects once both had "
    "finished is `annotations/synthetic-provinces/status.txt`. The articles where the passes differ went to a review project "
    "(`hoinghi push-review`); a reviewer of the team settled their 120 conflicts (51 span groups, 69 relations, in "
    "24 articles) by the guideline and submitted the reviewer's versions there; the decisions and their reasons are "
    "`annotations/synthetic-provinces/passes/reviewer/decisions.md`. (The `reviewer` policy's log below counts "
    "122: the same 51 span groups, and the relations grouped differently, 37 conflicting and 34 dropped with a "
    "rejected span; adjudicating the committed passes directly gives the same count and the same gold.) Pulls, raw exports, rejects, agreement and "
    "the adjudication log are under `annotations/synthetic-provinces/`.",
    "**Caveat on agreement.** The annotators, the reviewer and the writers are members of one team who share "
    "their training and read the same guideline, so the agreement above (strict span F1 {strict}) is likely "
    "higher than two independent human annotators would reach.",
    "**Keep the test split out of rule development.** Develop and tune extractors on `train` and `dev` only; "
    "score `test` once, at the end, and report that figure as it is.",
)

_INTRO_OLD = "Vietnamese news articles about Party committee meetings, annotated"
_INTRO_NEW = ("**Invented** Vietnamese articles in the style of news about Party committee meetings (not real news; "
              "see *What this set is*), annotated")
_LICENCE_OLD = ("The article texts belong to their publishers (named in each text); the annotations are released "
                "with the toolkit (Apache-2.0). Use the texts for research and evaluation only.")
_LICENCE_NEW = ("The texts were invented for the toolkit and are released with it (Apache-2.0), as are the "
                "annotations. They are not news and must not be quoted as such.")


def build_gold_set(out_dir: str | Path = REPO / "gold", *, pulls=PULLS, overwrite: bool = False):
    """Step 6: ``<out_dir>/synthetic-provinces`` from the committed pulls with the ``reviewer``
    policy (``hoinghi gold build``), its card saying what the set is. Returns
    ``(manifest, adjudication log)``."""
    strict = agree_groups(load_groups(pulls), exclude={REVIEWER}).overall["strict"]
    provenance = {"source": "INVENTED articles written by three writers of the team (not real news)",
                  "articles": "annotations/synthetic-provinces/articles/",
                  "passes": "annotations/synthetic-provinces/passes/",
                  "reviewer_decisions": "annotations/synthetic-provinces/passes/reviewer/decisions.md",
                  "guideline": "docs/guidelines.md 1.1.0",
                  "built_with": "annotations/synthetic-provinces/build.py (hoinghi.annotate.team_flow)"}
    manifest, _, log = build_from_pull(pulls, name=NAME, version=VERSION, policy=POLICY, out=out_dir,
                                       provenance=provenance, overwrite=overwrite,
                                       notes=[n.replace("{strict}", f"{strict:.3f}") for n in NOTES])
    card = Path(out_dir) / NAME / "README.md"
    text = card.read_text(encoding="utf-8")
    for old, new in ((_INTRO_OLD, _INTRO_NEW), (_LICENCE_OLD, _LICENCE_NEW)):
        if old not in text:
            raise AssertionError("the gold-set card changed; update build.py")
        text = text.replace(old, new)
    write_atomic(card, text)
    return manifest, log


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--overwrite", action="store_true", help="replace gold/synthetic-provinces")
    ap.add_argument("--from-pulls", action="store_true", help="step 6 only, from the committed pulls")
    args = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    os.chdir(REPO)   # the pulls record their files relative to the repository root
    if not args.from_pulls:
        with tempfile.TemporaryDirectory(prefix="hoinghi-provinces-ls.") as data:
            annotate_in_label_studio(Path(data) / "ls", HERE.relative_to(REPO), log=log)
    manifest, adj = build_gold_set(overwrite=args.overwrite)
    adj.write(HERE / "adjudication.jsonl")   # the log as in gold/<NAME>/, beside the pulls it settles
    print(f"built gold/{NAME} v{VERSION}: {manifest.n_documents} documents "
          f"({', '.join(f'{s} {len(v)}' for s, v in manifest.splits.items())}), fingerprint {manifest.fingerprint}; "
          + json.dumps(adj.summary(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
