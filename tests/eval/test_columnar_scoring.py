"""eval/columnar_scoring.py: the columnar scorer gives the object path's result, number
for number, or steps aside (NotColumnar) and lets the object path read the input.

Every comparison runs ``score_extractor`` twice on the same files: ``keep_documents=False``
(columnar, when it applies) and ``keep_documents=True`` (always the object path), and
compares the whole eval report JSON (scores, intervals, per-document counts, SemEval
tally, signature, failures, warnings) except the run's wall-clock seconds.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoinghi.errors import InputError
from hoinghi.eval.columnar_scoring import count_columns
from hoinghi.eval.pipeline import score_extractor
from hoinghi.eval.scoring import chosen_views
from hoinghi.schema import load_schemas

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_scoring import LABELS, make_doc  # noqa: E402  (the seeded generator of the benchmarks)

GOLD_SETS = ["hoinghi-5", "synthetic-heldout", "synthetic-provinces"]


def _both(gold: Path, pred: Path, **kw):
    fast = score_extractor(gold, str(pred), progress=False, keep_documents=False, **kw)
    slow = score_extractor(gold, str(pred), progress=False, keep_documents=True, **kw)
    return fast, slow


def _report(scored) -> dict:
    out = scored.to_json()
    out["run"].pop("seconds")
    return out


def _write(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _gold_jsonl(name: str, tmp_path: Path) -> Path:
    folder = REPO / "gold" / name / "data"
    rows = [line for split in ("train", "dev", "test") if (folder / f"{split}.jsonl").exists()
            for line in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path / f"{name}.jsonl"
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("name", GOLD_SETS)
def test_shipped_gold_against_itself_with_relations(name, tmp_path):
    """Gold as its own predictions: every document has relations and span texts, so
    each is counted by the object path inside the columnar scorer."""
    gold = _gold_jsonl(name, tmp_path)
    fast, slow = _both(gold, gold)
    assert fast.gold is None and slow.gold is not None  # the columnar scorer ran
    assert _report(fast) == _report(slow)
    assert fast.result.field("PERSON").f1 == 1.0


@pytest.mark.parametrize("name", GOLD_SETS)
def test_shipped_gold_against_reference_predictions(name, tmp_path):
    from hoinghi.eval.runner import run_extractor
    from hoinghi.gold_set import load_gold

    docs = load_gold(REPO / "gold" / name)
    run = run_extractor("reference", docs, progress=False)
    pred = _write(tmp_path / "pred.jsonl", [run.predictions[d.id].to_json() | {"text": None} for d in docs])
    pred = _write(tmp_path / "pred.jsonl", [{k: v for k, v in json.loads(line).items() if k != "text"}
                                            for line in pred.read_text(encoding="utf-8").splitlines()])
    fast, slow = _both(_gold_jsonl(name, tmp_path), pred)
    assert fast.gold is None
    assert _report(fast) == _report(slow)


def _generated(tmp_path: Path, n: int, seed: int, *, drop=(), extra=0, dup_every=0, shuffle=False,
               shuffle_gold=False):
    gold_rows, pred_rows = [], []
    for i in range(n):
        doc_id, text, _, gs, ps = make_doc(i, seed)
        gold_rows.append({"id": doc_id, "text": text, "spans": [{"start": s, "end": e, "label": lab, "text": text[s:e]}
                                                                for s, e, lab in gs]})
        if i in drop:
            continue
        spans = [{"start": s, "end": e, "label": lab} for s, e, lab in ps]
        if dup_every and i % dup_every == 0 and spans:
            spans.append(dict(spans[0]))
        pred_rows.append({"id": doc_id, "spans": spans})
    for j in range(extra):
        pred_rows.append({"id": f"x{j}", "spans": [{"start": 0, "end": 2, "label": "PERSON"}]})
    if shuffle:
        random.Random(seed).shuffle(pred_rows)
    if shuffle_gold:  # out of id order: the streamed fingerprint steps aside for a second read
        random.Random(seed + 1).shuffle(gold_rows)
    return _write(tmp_path / "gold.jsonl", gold_rows), _write(tmp_path / "pred.jsonl", pred_rows)


CORPORA = [  # (n documents, seed, missing predictions, ids not in gold, a repeat every k, shuffled)
    (300, 1, (), 0, 0, False),
    (300, 2, (0, 7, 299), 3, 5, True),
    (50, 3, tuple(range(50)), 0, 0, False),
]


@pytest.mark.parametrize("n, seed, drop, extra, dup_every, shuffle", CORPORA)
def test_generated_corpora(n, seed, drop, extra, dup_every, shuffle, tmp_path):
    gold, pred = _generated(tmp_path, n, seed, drop=drop, extra=extra, dup_every=dup_every, shuffle=shuffle)
    fast, slow = _both(gold, pred)
    assert fast.gold is None or pred.stat().st_size == 0  # an empty file is the object path's to read
    assert _report(fast) == _report(slow)
    assert [f.doc_id for f in fast.failures] == [f"d{i:06d}" for i in sorted(drop)]


def test_gold_out_of_id_order_same_fingerprint(tmp_path):
    from hoinghi.eval import columnar_load

    gold, pred = _generated(tmp_path, 400, 11, shuffle_gold=True)
    size = columnar_load.CHUNK_BYTES
    columnar_load.CHUNK_BYTES = 20_000  # several chunks, so a later one sorts before an earlier one
    try:
        fast, slow = _both(gold, pred)
    finally:
        columnar_load.CHUNK_BYTES = size
    assert fast.gold is None and _report(fast) == _report(slow)


@pytest.mark.parametrize("kw", [dict(views=("span",), breakdown=False), dict(n_boot=0), dict(seed=7, n_boot=50)])
def test_options_pass_through(kw, tmp_path):
    gold, pred = _generated(tmp_path, 120, 4)
    fast, slow = _both(gold, pred, **kw)
    assert fast.gold is None and _report(fast) == _report(slow)


@pytest.mark.parametrize("kw", [dict(mode="overlap"), dict(fields=("PERSON",))])
def test_other_settings_take_the_object_path(kw, tmp_path):
    gold, pred = _generated(tmp_path, 40, 5)
    fast, slow = _both(gold, pred, **kw)
    assert fast.gold is not None  # not columnar
    assert _report(fast) == _report(slow)


# -- bad input: the object path names the problem ---------------------------------------------
def _edit(rows, i, **change):
    rows = [dict(r) for r in rows]
    rows[i] = {**rows[i], **change}
    return rows


BAD_GOLD = [  # (what, change to document 3 of the gold)
    ("span text differs", lambda r: _edit(r, 3, spans=[{**r[3]["spans"][0], "text": "zzz"}] + r[3]["spans"][1:])),
    ("offsets out of range", lambda r: _edit(r, 3, spans=[{"start": 0, "end": 10_000, "label": "PERSON"}])),
    ("unknown label", lambda r: _edit(r, 3, spans=[{"start": 0, "end": 2, "label": "NOPE"}])),
    ("overlapping gold of one schema", lambda r: _edit(r, 3, spans=[{"start": 0, "end": 5, "label": "PERSON"},
                                                                     {"start": 3, "end": 8, "label": "POSITION"}])),
    ("repeated id", lambda r: _edit(r, 3, id=r[2]["id"])),
    ("empty id", lambda r: _edit(r, 3, id="")),
    ("not NFC", lambda r: _edit(r, 3, text="Ho\u0300i " + r[3]["text"][4:], spans=[])),
    ("null spans", lambda r: _edit(r, 3, spans=None)),
    ("float offset", lambda r: _edit(r, 3, spans=[{"start": 0.0, "end": 2, "label": "PERSON"}])),
    ("unknown key", lambda r: _edit(r, 3, extra=1)),
]


@pytest.mark.parametrize("what, change", BAD_GOLD, ids=[w for w, _ in BAD_GOLD])
def test_bad_gold_gets_the_object_paths_message(what, change, tmp_path):
    gold, pred = _generated(tmp_path, 8, 6)
    rows = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines()]
    _write(gold, change(rows))
    with pytest.raises(InputError) as fast:
        score_extractor(gold, str(pred), progress=False, keep_documents=False)
    with pytest.raises(InputError) as slow:
        score_extractor(gold, str(pred), progress=False, keep_documents=True)
    assert str(fast.value) == str(slow.value)
    assert "line" in str(fast.value)


BAD_LINES = [  # raw prediction lines the columnar reader must not accept on its own
    ("two objects on a line", '{"id": "d000001", "spans": []}{"id": "d000002", "spans": []}'),
    ("NaN score", '{"id": "d000001", "spans": [{"start": 0, "end": 2, "label": "PERSON", "score": NaN}]}'),
    ("blank line", ""),
    ("deep nesting", '{"id": "d000001", "spans": [], "meta": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}"),
    ("bool offset", '{"id": "d000001", "spans": [{"start": true, "end": 2, "label": "PERSON"}]}'),
    ("span text differs", '{"id": "d000001", "spans": [{"start": 0, "end": 2, "label": "PERSON", "text": "zz"}]}'),
    ("document text differs", '{"id": "d000001", "text": "other", "spans": []}'),
    ("offsets beyond the text", '{"id": "d000001", "spans": [{"start": 0, "end": 100000, "label": "PERSON"}]}'),
    ("span id on one span only", '{"id": "d000001", "spans": [{"id": "s1", "start": 0, "end": 2, "label": "PERSON"}, '
                                 '{"start": 3, "end": 5, "label": "DATE"}]}'),
    ("huge integer", '{"id": "d000001", "spans": [{"start": 0, "end": 123456789012345678901234567890, "label": "PERSON"}]}'),
]


@pytest.mark.parametrize("what, line", BAD_LINES, ids=[w for w, _ in BAD_LINES])
def test_prediction_lines_the_reader_steps_aside_for(what, line, tmp_path):
    """The same outcome as the object path: the same error, or the same result."""
    gold, pred = _generated(tmp_path, 4, 8)
    lines = pred.read_text(encoding="utf-8").splitlines()
    pred.write_text("\n".join(lines[:1] + [line] + lines[2:]) + "\n", encoding="utf-8")
    outcomes = []
    for keep in (False, True):
        try:
            outcomes.append(_report(score_extractor(gold, str(pred), progress=False, keep_documents=keep)))
        except InputError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]


# -- random documents ----------------------------------------------------------------------------
_TEXT = st.text(alphabet="aăâbđeêơưy hội nghị,.%\"\\\n\t\u00a0𝐀", min_size=0, max_size=40)


@st.composite
def _corpus(draw):
    labels = list(LABELS)
    n = draw(st.integers(1, 6))
    gold_rows, pred_rows = [], []
    for i in range(n):
        text = draw(_TEXT)
        spans, at = [], 0
        while at < len(text) - 1 and draw(st.booleans()):
            s = draw(st.integers(at, len(text) - 1))
            e = draw(st.integers(s + 1, len(text)))
            spans.append({"start": s, "end": e, "label": draw(st.sampled_from(labels))})
            at = e  # gold of any schema disjoint: always valid gold
        gold_rows.append({"id": f"g{i}", "text": text, "spans": spans})
        preds = []
        for _ in range(draw(st.integers(0, 5))):
            if text:
                s = draw(st.integers(0, len(text) - 1))
                preds.append({"start": s, "end": draw(st.integers(s + 1, len(text))), "label": draw(st.sampled_from(labels))})
        preds += [dict(sp) for sp in spans if draw(st.booleans())]
        if draw(st.booleans()):
            pred_rows.append({"id": f"g{i}", "spans": preds})
    return gold_rows, pred_rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=_corpus())
def test_random_documents_same_numbers(corpus, tmp_path):
    gold_rows, pred_rows = corpus
    gold = _write(tmp_path / "g.jsonl", gold_rows)
    pred = _write(tmp_path / "p.jsonl", pred_rows or [{"id": "other", "spans": []}])
    fast, slow = _both(gold, pred, n_boot=20)
    assert _report(fast) == _report(slow)


def test_count_columns_gives_doc_ids_in_file_order(tmp_path):
    gold, pred = _generated(tmp_path, 30, 9, shuffle=True)
    counted = count_columns(gold, pred, chosen_views(["span"]), load_schemas(), breakdown=False)
    assert list(counted.doc_ids) == [f"d{i:06d}" for i in range(30)]
    assert counted.views["span"].counts.shape == (30, len(load_schemas().labels), 3)


def test_saved_predictions_carry_their_extractor(tmp_path):
    """A finished `hoinghi extract` file: the columnar scorer names its extractor from the
    sidecar (the file hashed as it is read), as the object path does."""
    from hoinghi.cli import main

    gold = _gold_jsonl("synthetic-heldout", tmp_path)
    pred = tmp_path / "pred.jsonl"
    assert main(["extract", "--extractor", "reference", "--in", str(gold), "--out", str(pred), "-q"]) == 0
    fast, slow = _both(gold, pred)
    assert fast.gold is None and _report(fast) == _report(slow)
    assert fast.result.signature.extractor.startswith("reference@")
    with pred.open("a", encoding="utf-8") as fh:  # changed after it was finished: only "a file" now
        fh.write('{"id": "not-in-gold", "spans": []}\n')
    fast, slow = _both(gold, pred)
    assert fast.result.signature.extractor.startswith("file:pred.jsonl@") and _report(fast) == _report(slow)


@pytest.mark.parametrize("views", [(), ("--views", "span")])
def test_eval_on_a_prediction_file_leaves_pandas_unimported(views, tmp_path):
    """pyarrow imports pandas (0.1 s, 40 MB) on its first conversion from Python or numpy
    objects; the columnar path converts through hoinghi.arrow_bridge and never needs it."""
    import subprocess
    import sys

    gold, pred = _generated(tmp_path, 30, 4)
    code = ("import sys\nfrom hoinghi.cli import main\n"
            f"sys.argv = ['hoinghi', 'eval', '--gold', {str(gold)!r}, '-e', {str(pred)!r}, '--format', 'json', "
            f"'--out', {str(tmp_path / 'r.json')!r}, '-q', *{list(views)!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "import hoinghi.eval.columnar_scoring\n"
            "print('PANDAS' if 'pandas' in sys.modules else 'NO PANDAS', file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "NO PANDAS"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["signature"]
