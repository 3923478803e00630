"""Annotators' passes over the ``synthetic-provinces`` articles, as span lists.

Each annotator writes one span list per article, ``passes/<annotator>/<id>.spans``
(format: :mod:`hoinghi.annotate.marks` — ``LINE | HEAD | SURFACE [| #N]``), reading the
article with its line numbers. This script shows an article numbered, checks every span
list against its article (every problem located; all of them listed, not just the first),
and writes the pass as document JSONL, ``passes/<annotator>.jsonl``, which the Label Studio
submission (``build.py``) posts as that annotator's work. Run from the repo root::

    .venv/bin/python annotations/synthetic-provinces/passes.py show prov-012
    .venv/bin/python annotations/synthetic-provinces/passes.py check annotator-a
"""
import argparse
import sys
from pathlib import Path

from hoinghi.annotate.marks import read_span_list
from hoinghi.document import write_documents
from hoinghi.errors import InputError

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"


def show(doc_id: str) -> int:
    for k, line in enumerate((ARTICLES / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n"), 1):
        print(f"{k:4d}  {line}")
    return 0


def check(annotator: str) -> int:
    folder = HERE / "passes" / annotator
    docs, errors, missing = [], [], []
    for article in sorted(ARTICLES.glob("prov-*.txt")):
        listing = folder / f"{article.stem}.spans"
        if not listing.exists():
            missing.append(article.stem)
            continue
        try:
            doc = read_span_list(listing, article)
        except InputError as exc:
            errors.append(str(exc))
            continue
        docs.append(doc.__class__(doc.id, doc.text, doc.spans, doc.relations, {"annotator": annotator}))
    for e in errors:
        print(e, file=sys.stderr)
    if missing:
        print(f"{annotator}: no span list yet for {len(missing)} articles: {', '.join(missing)}", file=sys.stderr)
    if errors:
        return 1
    n = write_documents(HERE / "passes" / f"{annotator}.jsonl", docs)
    print(f"{annotator}: {n} documents, {sum(len(d.spans) for d in docs)} spans, "
          f"{sum(len(d.relations) for d in docs)} relations -> passes/{annotator}.jsonl")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show").add_argument("doc_id")
    sub.add_parser("check").add_argument("annotator")
    args = ap.parse_args(argv)
    return show(args.doc_id) if args.cmd == "show" else check(args.annotator)


if __name__ == "__main__":
    raise SystemExit(main())
