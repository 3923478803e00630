"""Build ``gold/synthetic-heldout`` (v1.0.0) from the single annotated pass.

The set has ONE annotator, so the pull-based ``hoinghi gold build`` (which needs two
independent passes for agreement and adjudication) does not apply; this script calls the
same library builder, :func:`hoinghi.annotate.gold.build_gold`, with no agreement and no
adjudication log, then replaces the two card paragraphs that assume real, adjudicated
news (licence, adjudication) with the truth about this set. Run from the repo root::

    .venv/bin/python annotations/synthetic-heldout/worksheet.py     # marks -> annotator.jsonl
    .venv/bin/python annotations/synthetic-heldout/build.py [--overwrite]
"""
import argparse
import dataclasses
from pathlib import Path

from hoinghi.annotate.gold import build_gold
from hoinghi.document import read_documents
from hoinghi.schema import load_schemas

HERE = Path(__file__).resolve().parent
NAME, VERSION = "synthetic-heldout", "1.0.0"
ADJUDICATION = "none: one annotator; INVENTED article (not real news)"

NOTES = (
    "## What this set is — read first",
    "**Invented articles, not real news.** The six texts were written for this project in "
    "2026-11 as an out-of-sample check of extractors developed on `gold/hoinghi-5` (issue 5: "
    "\"articles it has never seen\"). They imitate the register of Vietnamese reports on Party "
    "committee meetings; places are real provinces/districts used as settings, but every official, "
    "figure, quotation, outlet line and byline is invented. Document ids start with `syn-`.",
    "**One annotator; agreement not measured.** The same person wrote and annotated the texts by "
    "`docs/guidelines.md` (no second pass, no adjudication), without opening the reference "
    "extractor's rules, its documentation or its tests, and without running it, before the "
    "annotations were committed. The worksheet with the inline marks, and the decisions taken "
    "where the guideline is silent, are in `annotations/synthetic-heldout/` and `docs/heldout.md`.",
    "**Use it as a check, not as training data**: six short documents give wide bootstrap "
    "intervals; the split assignment (the hash rule) is kept only so the folder has the "
    "gold-set shape — score the whole set.",
)

_LICENCE_OLD = ("The article texts belong to their publishers (named in each text); the annotations are released "
                "with the toolkit (Apache-2.0). Use the texts for research and evaluation only.")
_LICENCE_NEW = ("The texts were invented for the toolkit and are released with it (Apache-2.0), as are the "
                "annotations. They are not news and must not be quoted as such.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--overwrite", action="store_true")
    ap.add_argument("--out", default="gold")
    args = ap.parse_args(argv)
    schemas = load_schemas()
    src = HERE / "annotator.jsonl"
    docs = read_documents(src, labels=schemas.label_to_schema(), gold=True, relation_ok=schemas.allows_relation)
    docs = [dataclasses.replace(d, meta={"annotators": [d.meta["annotator"]], "adjudication": ADJUDICATION})
            for d in docs]
    provenance = {
        "source": "INVENTED articles written for an out-of-sample check (not real news)",
        "texts": "annotations/synthetic-heldout/articles.jsonl",
        "worksheet": "annotations/synthetic-heldout/worksheet.py",
        "annotators": sorted({a for d in docs for a in d.meta["annotators"]}),
        "guideline": "docs/guidelines.md",
        "agreement": "not measured (one annotator)",
        "independence": "written and annotated without reading hoinghi/extractors/, docs/reference-extractor.md "
                        "or tests/extractors/ and without running the reference extractor",
        "built_with": "hoinghi.annotate.gold.build_gold via annotations/synthetic-heldout/build.py",
    }
    m = build_gold(docs, NAME, args.out, version=VERSION, provenance=provenance, agreement=None, log=None,
                   schemas=schemas, overwrite=args.overwrite, notes=NOTES)
    card = Path(args.out) / NAME / "README.md"
    text = card.read_text(encoding="utf-8")
    assert _LICENCE_OLD in text, "the builder's card changed; update build.py"
    text = text.replace(_LICENCE_OLD, _LICENCE_NEW)
    head, sep, rest = text.partition("## Adjudication\n\n")
    assert sep, "the builder's card changed; update build.py"
    _, sep2, tail = rest.partition("\n\n## Provenance")
    text = (head + sep + "None: one annotator, so there were no conflicts to settle (`adjudication.jsonl` holds "
            "only the summary line `policy: none`)." + sep2 + tail)
    card.write_text(text, encoding="utf-8")
    print(f"built {Path(args.out) / NAME} v{VERSION}: {m.n_documents} documents "
          f"({', '.join(f'{s} {len(v)}' for s, v in m.splits.items())}), fingerprint {m.fingerprint}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
