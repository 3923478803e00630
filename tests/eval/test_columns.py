"""eval/columns.py: SpanColumns is sorted, unique, and counts what it collapsed."""
import numpy as np
import pytest

from hoinghi.eval.columns import LabelIndex, SpanColumns
from hoinghi.schema import load_schemas

CASES = [  # (doc, (start, end, label)) items, expected sorted unique keys, repeats
    ([], [], 0),
    ([(0, (3, 5, 1)), (0, (3, 5, 1))], [(0, 3, 5, 1)], 1),
    ([(2, (0, 1, 0)), (0, (4, 9, 2)), (0, (4, 8, 2)), (0, (4, 8, 1))],
     [(0, 4, 8, 1), (0, 4, 8, 2), (0, 4, 9, 2), (2, 0, 1, 0)], 0),
]


@pytest.mark.parametrize("items, keys, repeats", CASES)
def test_sorted_unique(items, keys, repeats):
    cols = SpanColumns.from_keys(items)
    got = list(zip(cols.doc.tolist(), cols.start.tolist(), cols.end.tolist(), cols.label.tolist()))
    assert got == keys and cols.repeats == repeats


def test_doc_bounds_and_keys_of():
    cols = SpanColumns.from_keys([(0, (1, 2, 0)), (2, (0, 1, 0)), (2, (5, 6, 1))])
    assert cols.doc_bounds(4).tolist() == [0, 1, 1, 3, 3]
    assert cols.keys_of(1) == [] and cols.keys_of(2) == [(0, 1, 0), (5, 6, 1)]
    assert len(cols.take(np.array([True, False, True]))) == 2


def test_label_index_follows_schema_order():
    schemas = load_schemas()
    ix = LabelIndex.from_schemas(schemas)
    assert ix.labels == schemas.labels
    assert ix.label_to_schema() == schemas.label_to_schema()
    cols = SpanColumns.from_keys([(0, (0, 4, ix.label_id("PERSON")))])
    assert ix.keys(cols, 0) == [(0, 4, "PERSON")]


@pytest.mark.parametrize("starts, lengths", [([5, 0, 9], [2, 0, 3]), ([2 ** 31 - 2], [3]), ([2 ** 40], [2]), ([], [])])
def test_ranges_lay_every_position_end_to_end(starts, lengths):
    from hoinghi.eval.columns import ranges

    idx, offsets = ranges(np.array(starts, dtype=np.int64), np.array(lengths, dtype=np.int64))
    assert idx.tolist() == [s + j for s, n in zip(starts, lengths) for j in range(n)]
    assert offsets.tolist() == [0] + np.cumsum(lengths, dtype=np.int64).tolist()
