"""annotations/synthetic-provinces/build.py and the shipped gold/synthetic-provinces: the
committed pulls hold exactly what each annotator submitted, rebuilding from them gives the
committed gold set byte for byte, and the card says what the set is."""
from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from hoinghi.errors import InputError

REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "annotations" / "synthetic-provinces"
GOLD = REPO / "gold" / "synthetic-provinces"

_spec = importlib.util.spec_from_file_location("provinces_build", HERE / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def _submitted() -> dict:
    return {**{e: build._documents(p) for e, p in build.ANNOTATORS.items()},
            build.REVIEWER: build._documents(build.REVIEWER_PASS)}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_committed_pulls_rebuild_the_committed_gold_set_byte_for_byte(tmp_path):
    manifest, log = build.build_gold_set(tmp_path)
    assert _files(tmp_path / build.NAME) == _files(GOLD)
    assert manifest.n_documents == 45 and not log.unsettled
    assert (HERE / "adjudication.jsonl").read_bytes() == (GOLD / "adjudication.jsonl").read_bytes()


def test_the_committed_pulls_hold_what_each_annotator_submitted():
    # two annotators x 45 articles x 3 per-schema projects, and the reviewer's 24 articles
    assert build.check_round_trip(build.PULLS, _submitted()) == 2 * 45 * 3 + 24


EDITS = [
    # (case, edit of one pulled record as JSON, words in the error)
    ("a span moved", lambda o: {**o, "spans": [{**o["spans"][0], "end": o["spans"][0]["end"] - 1, "text": None}]
                                + o["spans"][1:]}, "differs from what was submitted"),
    ("a relation lost", lambda o: {**o, "relations": o["relations"][1:]}, "differs from what was submitted"),
    ("a span lost", lambda o: {**o, "spans": o["spans"][1:], "relations": [
        r for r in o["relations"] if o["spans"][0]["id"] not in (r["head"], r["tail"])]}, "differs from what was submitted"),
    ("a record lost", lambda o: None, "missing from the pulls"),
]


@pytest.mark.parametrize("case,edit,words", EDITS, ids=[e[0] for e in EDITS])
def test_a_pull_that_differs_from_the_submission_is_refused(tmp_path, case, edit, words):
    pulls = [shutil.copytree(p, tmp_path / p.name) for p in build.PULLS]
    target = pulls[1] / "annotator-a@hoinghi.local.jsonl"   # provinces-indicators: spans and relations
    rows = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    first = edit(rows[0])
    rows = ([first] if first is not None else []) + rows[1:]
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match=words):
        build.check_round_trip(pulls, _submitted())


def test_the_card_says_what_the_set_is():
    card = (GOLD / "README.md").read_text(encoding="utf-8")
    for words in ("**Invented articles, not real news.**", "three writers of the team", "articles/{a,b,c}-notes.md",
                  "docs/guidelines.md` 1.1.0", "passes/reviewer/decisions.md", "strict span F1 0.984",
                  "Keep the test split out of rule development", "| CHANGE | 0.929 | 0.994 |"):
        assert words in card, words
    assert "belong to their publishers" not in card
