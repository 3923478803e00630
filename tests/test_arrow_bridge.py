"""hoinghi/arrow_bridge.py: numpy and Arrow arrays to each other, values unchanged."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from hoinghi.arrow_bridge import from_numpy, string_array, string_scalar, to_numpy

NUMBERS = [  # (what, numpy values)
    ("int64", np.array([5, -1, 0, 2 ** 40], dtype=np.int64)),
    ("int32", np.array([7, 0, -3], dtype=np.int32)),
    ("uint64", np.array([0, 2 ** 63], dtype=np.uint64)),
    ("float64", np.array([0.5, -1.25, np.inf])),
    ("float32", np.array([0.5, -2.0], dtype=np.float32)),
    ("bool", np.array([True, False, False, True, True, False, True, False, True])),
    ("empty int64", np.zeros(0, dtype=np.int64)),
    ("empty bool", np.zeros(0, dtype=bool)),
]


@pytest.mark.parametrize("what, values", NUMBERS, ids=[w for w, _ in NUMBERS])
def test_numbers_round_trip_and_match_pyarrow(what, values):
    arr = from_numpy(values)
    assert arr.to_pylist() == values.tolist()  # what pyarrow itself reads in the buffers
    back = to_numpy(arr)
    assert back.dtype == values.dtype and back.tolist() == values.tolist()


SLICEABLE = [(w, v) for w, v in NUMBERS if len(v) > 2]


@pytest.mark.parametrize("what, values", SLICEABLE, ids=[w for w, _ in SLICEABLE])
def test_a_slice_is_read_at_its_offset(what, values):
    arr = from_numpy(values).slice(1, len(values) - 2)
    assert to_numpy(arr).tolist() == values[1:-1].tolist()


def test_arrow_made_arrays_and_chunked_arrays():
    arr = pa.chunked_array([[1, 2], [3]], pa.int64())
    assert to_numpy(arr).tolist() == [1, 2, 3]
    assert to_numpy(pa.array(["a", None, "b"]).is_valid()).tolist() == [True, False, True]


@pytest.mark.parametrize("bad", [pa.array([1, None]), pa.array(["a"]), pa.array([1.5], pa.float16())])
def test_nulls_or_other_types_are_refused(bad):
    with pytest.raises(ValueError):
        to_numpy(bad)


@pytest.mark.parametrize("large", [False, True])
def test_strings(large):
    values = ["Hội nghị", "", None, "lần thứ 14"]
    arr = string_array(values, large=large)
    assert arr.type == (pa.large_string() if large else pa.string())
    assert arr.to_pylist() == values and arr.null_count == 1
    assert string_scalar("Đảng", large=large).as_py() == "Đảng"
    assert string_array([]).to_pylist() == []
