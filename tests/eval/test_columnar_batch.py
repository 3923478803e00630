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
