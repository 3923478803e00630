"""eval/columnar_batch.py: the gold checks done on columns (the rest of the module is
tested through the whole report in test_columnar_scoring.py)."""
from __future__ import annotations

import pytest

from hoinghi.eval.columnar_batch import _check_gold_overlaps
from hoinghi.eval.columns import LabelIndex, NotColumnar, SpanColumns
from hoinghi.schema import load_schemas

IX = LabelIndex.from_schemas(load_schemas())

OVERLAPS = [  # (what, [(doc, start, end, label)], refused?)
    ("apart", [(0, 0, 3, "PERSON"), (0, 3, 6, "POSITION")], False),
    ("one schema, sharing a character", [(0, 0, 4, "PERSON"), (0, 3, 6, "POSITION")], True),
    ("one schema, one inside the other", [(0, 0, 10, "POSITION"), (0, 2, 4, "PERSON")], True),
    ("two schemas, sharing characters", [(0, 0, 10, "MEETING"), (0, 2, 4, "PERSON")], False),
    ("two schemas overlapping, then one schema", [(0, 0, 10, "MEETING"), (0, 2, 4, "PERSON"), (0, 3, 5, "POSITION")], True),
    ("two schemas around a third, apart", [(0, 0, 20, "MEETING"), (0, 1, 3, "PERSON"), (0, 2, 6, "VALUE"),
                                           (0, 5, 9, "POSITION")], False),
    ("same schema in other documents", [(0, 0, 4, "PERSON"), (1, 2, 6, "POSITION")], False),
    ("same schema, next document starts earlier", [(0, 5, 9, "PERSON"), (1, 0, 3, "PERSON"), (1, 2, 4, "MEETING")], False),
    ("repeated span", [(0, 0, 4, "PERSON"), (0, 0, 4, "PERSON")], True),
]


@pytest.mark.parametrize("what, spans, refused", OVERLAPS, ids=[w for w, _, _ in OVERLAPS])
def test_gold_overlaps(what, spans, refused):
    gold = SpanColumns.from_keys([(d, (s, e, IX.label_id(label))) for d, s, e, label in spans])
    if refused:
        with pytest.raises(NotColumnar):
            _check_gold_overlaps(gold, IX)
    else:
        _check_gold_overlaps(gold, IX)


SPAN_TEXTS = [  # (what, [(doc, start, end, own text or None)], refused?)
    ("every span gives its text", [(0, 0, 3, "Hội"), (1, 4, 7, "thứ")], False),
    ("some give none", [(0, 0, 3, None), (0, 4, 8, "nghị"), (1, 8, 10, None)], False),
    ("none give one", [(0, 0, 3, None)], False),
    ("a given text differs", [(0, 0, 3, None), (0, 4, 8, "nghi")], True),
    ("past the end of its text", [(1, 8, 11, None)], True),
]


@pytest.mark.parametrize("what, spans, refused", SPAN_TEXTS, ids=[w for w, _, _ in SPAN_TEXTS])
def test_span_texts(what, spans, refused):
    import numpy as np

    from hoinghi.arrow_bridge import string_array
    from hoinghi.eval.columnar_batch import _check_spans
    from hoinghi.eval.columns import TextCutter

    cutter = TextCutter(string_array(["Hội nghị", "lần thứ 14"]))
    doc, start, end = (np.array([s[i] for s in spans], dtype=np.int64) for i in range(3))
    own = string_array([s[3] for s in spans])
    if refused:
        with pytest.raises(NotColumnar):
            _check_spans(cutter, doc, start, end, own)
    else:
        _check_spans(cutter, doc, start, end, own)
