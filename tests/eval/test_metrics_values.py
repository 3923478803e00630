"""Document-level view: sets of normalised values (the real hoinghi.normalize)."""
import pytest

from hoinghi.document import Document, Span
from hoinghi.eval.metrics.values import doc_counts, normalizer_version, value_sets


def doc(text, spans):
    return Document("d", text, tuple(Span(s, e, lab, f"s{i}") for i, (s, e, lab) in enumerate(spans)))


def at(text, needle, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (start, start + len(needle), label)


# gold text + gold (needle, label), predicted text + (needle, label) -> {label: [tp, fp, fn]}
CASES = [
    ("person named three times counts once",
     "An nói. Nguyễn An đến. Nguyễn An về. Nguyễn An cười.",
     [("Nguyễn An", "PERSON", 0), ("Nguyễn An", "PERSON", 1), ("Nguyễn An", "PERSON", 2)],
     [("Nguyễn An", "PERSON", 1)], {"PERSON": [1, 0, 0]}),
    ("numbers with and without grouping",
     "Thu 50.068 tỷ đồng; lần hai 50068 tỷ đồng.",
     [("50.068 tỷ đồng", "VALUE", 0)], [("50068 tỷ đồng", "VALUE", 0)], {"VALUE": [1, 0, 0]}),
    ("tone-mark placement and NBSP",
     "Bí thư Quận uỷ và Bí thư Quận\u00a0ủy",
     [("Bí thư Quận uỷ", "POSITION", 0)], [("Bí thư Quận\u00a0ủy", "POSITION", 0)], {"POSITION": [1, 0, 0]}),
    ("different values",
     "tăng 9,54% và tăng 9,45%",
     [("tăng 9,54%", "CHANGE", 0)], [("tăng 9,45%", "CHANGE", 0)], {"CHANGE": [0, 1, 1]}),
    ("roman and arabic terms",
     "khóa XXVI, khóa 26",
     [("khóa XXVI", "TERM", 0)], [("khóa 26", "TERM", 0)], {"TERM": [1, 0, 0]}),
    ("same value under another label is not a hit",
     "năm 2022",
     [("năm 2022", "PERIOD", 0)], [("năm 2022", "DATE", 0)], {"PERIOD": [0, 0, 1], "DATE": [0, 1, 0]}),
]


@pytest.mark.parametrize("name, text, gold, pred, expected", CASES, ids=[c[0] for c in CASES])
def test_doc_counts(name, text, gold, pred, expected):
    g = doc(text, [at(text, n, lab, k) for n, lab, k in gold])
    p = Document("d", None, tuple(Span(*at(text, n, lab, k), f"p{i}") for i, (n, lab, k) in enumerate(pred)))
    assert doc_counts(g, p) == expected


def test_prediction_text_comes_from_gold():
    text = "Nguyễn An"
    g = doc(text, [(0, 9, "PERSON")])
    p = Document("d", None, (Span(0, 9, "PERSON", "x", None),))
    assert value_sets(p, text) == value_sets(g)


def test_normalizer_version_is_a_content_hash():
    v = normalizer_version()
    assert v.startswith("sha:") and len(v) == 14 and v == normalizer_version()


def test_the_normalizer_hash_covers_every_module_of_the_package(tmp_path):
    from hoinghi.eval.metrics.values import source_hash
    (tmp_path / "sub").mkdir()
    (tmp_path / "__init__.py").write_text("from .dates import parse_date\n")
    (tmp_path / "dates.py").write_text("def parse_date(s): return s\n")
    (tmp_path / "sub" / "x.py").write_text("X = 1\n")
    before = source_hash(tmp_path)
    (tmp_path / "dates.py").write_text("def parse_date(s): return s.strip()\n")
    after_dates = source_hash(tmp_path)
    (tmp_path / "sub" / "x.py").write_text("X = 2\n")
    assert len({before, after_dates, source_hash(tmp_path)}) == 3
    (tmp_path / "notes.txt").write_text("not code")
    assert source_hash(tmp_path) == source_hash(tmp_path)
