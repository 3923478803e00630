"""eval/columnar_nfc.py: the NFC check from UTF-8 bytes says what unicodedata says."""
from __future__ import annotations

import unicodedata

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoinghi.eval.columnar_load import NotColumnar
from hoinghi.eval.columnar_nfc import check_nfc_columns, is_quick_yes, suspects

CASES = [  # (what, text, NFC?)
    ("ASCII", "Hoi nghi lan thu 14", True),
    ("Vietnamese, precomposed", "Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ quận Hoàng Mai", True),
    ("Vietnamese, decomposed tone mark", "Ho\u0323\u0302i nghi\u0323", False),
    ("NBSP, dashes, quotes", "1.234\u00a0tỷ đồng \u2013 \u201ctăng\u201d \u2026", True),
    ("a mark nothing composes with", "nghị\u0301", True),
    ("marks out of canonical order", "a\u0301\u0323", False),
    ("EN QUAD (NFC makes it EN SPACE)", "a\u2000b", False),
    ("ANGSTROM SIGN", "\u212b", False),
    ("Hangul syllable", "\ud55c", True),
    ("Hangul jamo that compose", "\u1112\u1161\u11ab", False),
    ("Tamil vowel sign that composes", "\u0bc6\u0bbe", False),
    ("Tamil composed", "\u0bca", True),
    ("emoji (four bytes)", "Hà Nội \U0001f600", True),
    ("musical symbol that NFC leaves decomposed", "\U0001d15e", False),
    ("empty", "", True),
]


@pytest.mark.parametrize("what, text, nfc", CASES, ids=[c[0] for c in CASES])
def test_cases(what, text, nfc):
    assert unicodedata.is_normalized("NFC", text) is nfc  # the table says what Python says
    texts = pa.array(["Hội nghị", text, "x"])
    if nfc:
        check_nfc_columns(texts)
    else:
        assert 1 in suspects(texts).tolist()
        with pytest.raises(NotColumnar):
            check_nfc_columns(texts)


def test_only_texts_beyond_quick_yes_are_suspects():
    texts = pa.array(["ASCII only", "Hội nghị", "nghị\u0301", "a\u2000", "\U0001f600", "Đảng bộ"])
    assert suspects(texts).tolist() == [2, 3, 4]


def test_a_slice_of_an_array_is_read_at_its_offset():
    texts = pa.array(["a\u0301", "Hội", "ệ", "o\u0323"]).slice(1, 2)
    assert suspects(texts).tolist() == []
    assert suspects(pa.array(["a\u0301", "Hội", "ệ", "o\u0323"]).slice(2, 2)).tolist() == [1]


ALPHABET = ("aeo Đđ14.,\u00a0\u2013\u201c\u2000\u212bệộẠ"  # letters, punctuation, two QC=No characters
            "\u0300\u0301\u0302\u0303\u0309\u0323\u0306\u031b\u0345"  # marks that compose or reorder
            "\u1100\u1161\u11a8\uac00\u0bc6\u0bbe\u0b47\u0b3e\u0f42\u0fb7\u09c7\u09be"  # jamo, Indic and Tibetan composers
            "\U0001f600\U0001d157\U0001d165\U00011099\U000110ba")  # four bytes, some of which compose


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=6))
def test_agrees_with_unicodedata(texts):
    arr = pa.array(texts)
    flagged = set(suspects(arr).tolist())
    assert all(unicodedata.is_normalized("NFC", t) for i, t in enumerate(texts) if i not in flagged)
    if all(unicodedata.is_normalized("NFC", t) for t in texts):
        check_nfc_columns(arr)
    else:
        with pytest.raises(NotColumnar):
            check_nfc_columns(arr)


def _first_parts() -> list[str]:
    """The characters (NFC themselves) a following character may compose with."""
    out = set()
    for cp in range(0x20000):
        d = unicodedata.decomposition(chr(cp))
        if d and d[0] != "<" and len(d.split()) == 2:
            out.add(chr(int(d.split()[0], 16)))
    return sorted(c for c in out if unicodedata.is_normalized("NFC", c))


def test_a_quick_yes_character_never_composes_with_the_one_before():
    """Every quick-yes character of the Basic Multilingual Plane after every character
    that starts a canonical composition, or after a Hangul syllable: the pair is NFC."""
    quick = [chr(cp) for cp in range(0x80, 0x10000) if not 0xD800 <= cp <= 0xDFFF and is_quick_yes(cp)]
    assert len(quick) > 50_000
    before = _first_parts() + ["\uac00", "\ud55c"]
    for c in quick:
        bad = [b for b in before if not unicodedata.is_normalized("NFC", b + c)]
        assert not bad, f"U+{ord(c):04X} composes after {bad[:3]}"
