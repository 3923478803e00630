"""numpy arrays and Arrow arrays to each other through their buffers, without pandas.

pyarrow imports pandas (about 0.12 s and 40 MB) the first time it converts from or to
Python or numpy objects — ``pa.array(...)``, ``pa.scalar(...)``, ``Array.to_numpy()``,
``arr.take(ndarray)``, a Python string where a compute function wants a scalar — even
when nothing of pandas is used. The columnar scorer (``hoinghi eval`` on a prediction
file) converts only through these functions, which build on ``Array.from_buffers`` and
``numpy.frombuffer``: no copy for numbers, and pandas stays unimported (tested).

>>> a = from_numpy(np.array([3, 1, 2]))
>>> a.type, to_numpy(a).tolist()
(DataType(int64), [3, 1, 2])
>>> to_numpy(from_numpy(np.array([True, False, True]))).tolist()
[True, False, True]
>>> string_array(["Hà Nội", None]).to_pylist(), string_scalar(", ").as_py()
(['Hà Nội', None], ', ')
"""
from __future__ import annotations

__all__ = ["to_numpy", "from_numpy", "string_array", "string_scalar"]

from typing import Sequence

import numpy as np

_NUMBERS = {"int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64, "uint8": np.uint8,
            "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64, "float": np.float32,
            "double": np.float64}  # Arrow's name of a type -> numpy's
_FACTORIES = {np.dtype(kind): name for name, kind in _NUMBERS.items() if name not in ("float", "double")}
_FACTORIES |= {np.dtype(np.float32): "float32", np.dtype(np.float64): "float64"}  # numpy's -> pyarrow's function


def to_numpy(arr) -> np.ndarray:
    """An Arrow number or boolean array (or a chunked one) without nulls as numpy: a view
    of its buffer for numbers, a new ``bool`` array for booleans. Raises ``ValueError``
    on nulls or another type."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count:
        raise ValueError("an Arrow array with nulls")
    buffer = arr.buffers()[1]
    if pa.types.is_boolean(arr.type):
        if not len(arr):
            return np.zeros(0, dtype=bool)
        bits = np.unpackbits(np.frombuffer(buffer, dtype=np.uint8), bitorder="little")
        return bits[arr.offset:arr.offset + len(arr)].astype(bool)
    dtype = _NUMBERS.get(str(arr.type))
    if dtype is None:
        raise ValueError(f"no numpy view of Arrow type {arr.type}")
    if not len(arr):
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(buffer, dtype=dtype)[arr.offset:arr.offset + len(arr)]


def from_numpy(values: np.ndarray):
    """A 1-d numpy array of numbers or booleans as an Arrow array (numbers share the
    memory of a contiguous array)."""
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    if values.dtype == bool:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])
    if values.dtype not in _FACTORIES:
        raise ValueError(f"no Arrow type for numpy {values.dtype}")
    return pa.Array.from_buffers(getattr(pa, _FACTORIES[values.dtype])(), len(values), [None, pa.py_buffer(values)])


def string_array(values: Sequence[str | None], *, large: bool = False):
    """Python strings (``None``: null) as an Arrow ``string`` (``large_string``) array."""
    import pyarrow as pa

    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64 if large else np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    valid = None
    if any(v is None for v in values):
        valid = pa.py_buffer(np.packbits(np.array([v is not None for v in values]), bitorder="little"))
    return pa.Array.from_buffers(pa.large_string() if large else pa.string(), len(encoded),
                                 [valid, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def string_scalar(text: str, *, large: bool = False):
    """A ``string`` (``large_string``) scalar, for compute functions' separators."""
    return string_array([text], large=large)[0]
