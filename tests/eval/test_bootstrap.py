"""Bootstrap over documents: equal to a plain per-resample loop, seeded, chunk-free,
macro skips undefined fields, n/a when never defined."""
import numpy as np
import pytest

from hoinghi.eval.bootstrap import bootstrap_f1, f1_array, resample_weights


def _counts(n_docs=40, n_keys=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4, size=(n_docs, n_keys, 3))


def _loop_reference(counts, groups, n_boot, seed, chunk):
    """The obvious implementation: draw documents, sum their counts, compute F1."""
    rng = np.random.default_rng(seed)
    n = len(counts)
    stats = []
    done = 0
    while done < n_boot:
        m = min(chunk, n_boot - done)
        idx = rng.integers(0, n, size=(m, n))
        for row in idx:
            agg = counts[row].sum(axis=0)
            f = [2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else np.nan for tp, fp, fn in agg]
            out = list(f)
            for keys in groups.values():
                s = agg[keys].sum(axis=0)
                out.append(2 * s[0] / (2 * s[0] + s[1] + s[2]) if s.sum() else np.nan)
                vals = [f[k] for k in keys if not np.isnan(f[k])]
                out.append(np.mean(vals) if vals else np.nan)
            stats.append(out)
        done += m
    stats = np.array(stats)
    res = []
    for col in stats.T:
        col = col[~np.isnan(col)]
        res.append(tuple(np.percentile(col, [2.5, 97.5])) if col.size else None)
    return res


@pytest.mark.parametrize("n_docs, n_keys, n_boot", [(40, 3, 200), (7, 2, 50), (100, 5, 120)])
def test_equals_plain_loop(n_docs, n_keys, n_boot):
    counts = _counts(n_docs, n_keys)
    groups = {"g": [0, 1], "all": list(range(n_keys))}
    chunk = max(1, 8_000_000 // n_docs)
    ci = bootstrap_f1(counts, groups, n_boot=n_boot, seed=3)
    ref = _loop_reference(counts, groups, n_boot, 3, chunk)
    np.testing.assert_allclose(np.array(ci.keys), np.array(ref[:n_keys]))
    assert ci.groups["g"]["micro"] == pytest.approx(ref[n_keys])
    assert ci.groups["g"]["macro"] == pytest.approx(ref[n_keys + 1])
    assert ci.groups["all"]["macro"] == pytest.approx(ref[n_keys + 3])


def test_seeded_and_independent_of_chunk_size():
    counts = _counts(60, 4)
    a = bootstrap_f1(counts, {"x": [0, 1, 2, 3]}, n_boot=300, seed=11)
    b = bootstrap_f1(counts, {"x": [0, 1, 2, 3]}, n_boot=300, seed=11, max_cells=60 * 7)  # chunks of 7
    c = bootstrap_f1(counts, {"x": [0, 1, 2, 3]}, n_boot=300, seed=12)
    assert a.keys == b.keys and a.groups == b.groups
    assert a.keys != c.keys


def test_undefined_statistics():
    counts = np.zeros((10, 2, 3), dtype=int)
    counts[:, 0] = [1, 0, 1]          # key 0 always defined (F1 2/3); key 1 never
    ci = bootstrap_f1(counts, {"both": [0, 1]}, n_boot=50, seed=0)
    assert ci.keys[0] == pytest.approx((2 / 3, 2 / 3)) and ci.keys[1] is None
    assert ci.groups["both"]["macro"] == pytest.approx((2 / 3, 2 / 3))  # the empty key is left out
    assert bootstrap_f1(counts, {}, n_boot=0).keys == [None, None]
    assert bootstrap_f1(np.zeros((0, 2, 3)), {}, n_boot=10).keys == [None, None]


def test_interval_covers_and_shrinks_with_more_documents():
    rng = np.random.default_rng(5)
    small = np.stack([rng.integers(0, 3, size=(20, 1, 3))[:, 0]], axis=1)
    big = np.concatenate([small] * 25)
    a = bootstrap_f1(small, n_boot=400, seed=1).keys[0]
    b = bootstrap_f1(big, n_boot=400, seed=1).keys[0]
    point = f1_array(*small.sum(axis=0)[0])
    assert a[0] <= point <= a[1] and b[0] <= point <= b[1]
    assert (b[1] - b[0]) < (a[1] - a[0]) / 2


def test_resample_weights_are_draw_counts():
    w = resample_weights(np.random.default_rng(0), 50, 20)
    assert w.shape == (20, 50) and (w.sum(axis=1) == 50).all() and (w >= 0).all()
    assert len({tuple(r) for r in w}) == 20


def test_large_totals_stay_exact():
    """Totals beyond float32's exact integers switch the product to float64."""
    counts = _counts(30, 2) * 1_000_003
    ci = bootstrap_f1(counts, {}, n_boot=60, seed=2)
    ref = _loop_reference(counts, {}, 60, 2, 60)
    np.testing.assert_allclose(np.array(ci.keys), np.array(ref), rtol=1e-12)


def test_blocks_side_by_side_give_the_concatenated_intervals():
    rng = np.random.default_rng(5)
    a, b = rng.integers(0, 4, size=(300, 2, 3)), rng.integers(0, 4, size=(300, 3, 3))
    b[:, 1] = 0  # a key counted in no document: left out of the product, still n/a
    groups = {"all": [0, 1, 2, 3, 4], "second": [2, 3, 4]}
    whole = bootstrap_f1(np.concatenate([a, b], axis=1), groups, n_boot=200, seed=4)
    parts = bootstrap_f1([a, b], groups, n_boot=200, seed=4)
    assert parts.keys == whole.keys and parts.groups == whole.groups and parts.keys[3] is None


@pytest.mark.parametrize("n_docs, seed", [(1, 0), (7, 1), (1000, 12345), (99_991, 3), (2**31 - 1, 9)])
def test_int32_draws_are_the_int64_draws(n_docs, seed):
    """resample_weights draws int32 (eight times faster): the same numbers as numpy's
    default int64 draws from the same stream, so intervals did not move."""
    size = (3, min(n_docs, 5000))
    a = np.random.default_rng(seed).integers(0, n_docs, size=size)
    b = np.random.default_rng(seed).integers(0, n_docs, size=size, dtype=np.int32)
    assert (a == b).all()
