"""Text segmentation for the rule extractor: the article's content region, sentences,
words, span trimming, and the :class:`Mention` the rule modules return.

The rules run on :func:`hoinghi.normalize.fold_text` of the document text (NBSP → space,
``uỷ`` → ``ủy``), which has the same length, so every offset found is an offset into the
original text.

>>> text = "Ngày 9-4, Tỉnh ủy họp. Giá trị đạt 5 tỷ đồng.\\nTin liên quan\\nBài khác."
>>> [text[s.start:s.end] for s in split_sentences(text, content_end(text))]
['Ngày 9-4, Tỉnh ủy họp', 'Giá trị đạt 5 tỷ đồng']
"""
from __future__ import annotations

__all__ = [
    "Mention",
    "Sentence",
    "Word",
    "content_end",
    "split_sentences",
    "words",
    "trim",
    "is_capitalised",
    "sentence_of",
    "UPPER",
]

import bisect
import re
from dataclasses import dataclass, field

from ..document import SpanKey


#: Every upper-case letter of Latin script with Vietnamese diacritics, for regex classes
#: (a range such as ``À-Ỹ`` would also take lower-case letters).
UPPER = "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isalpha() and chr(c).isupper())


@dataclass(eq=False)
class Mention:
    """A labelled range found by a rule (identity equality: two mentions with the same
    range are still two objects until the extractor resolves them). ``links`` holds
    ``(type, tail mention)`` pairs for relations headed by this mention; ``contested`` is
    set when an overlapping candidate of the same schema was dropped for it."""

    start: int
    end: int
    label: str
    rule: str = ""
    links: list = field(default_factory=list)
    contested: bool = False

    @property
    def key(self) -> SpanKey:
        """``(start, end, label)``, as :attr:`hoinghi.document.Span.key` of the span it becomes."""
        return (self.start, self.end, self.label)

    def link(self, type_: str, tail: "Mention") -> None:
        if all(t is not tail or ty != type_ for ty, t in self.links):
            self.links.append((type_, tail))


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str


# Markers after which a page carries other articles, not this one's content.
_TAIL_MARKERS = re.compile(
    r"^[ \t]*(?:Tin liên quan|Cùng chuyên mục|Tin cùng chuyên mục|Tin khác|Các tin khác|Các bài mới đăng|"
    r"Các bài đã đăng|Bài viết liên quan|Bài liên quan|Tin bài liên quan|Xem thêm|Đọc thêm|Có thể bạn quan tâm|"
    r"Tin mới nhất|Tin đọc nhiều|Bình luận|Tin đã đưa|Các tin đã đưa|Tin bài đã đưa|Tin tức liên quan|Bài viết khác|"
    r"Các bài viết khác|Tin bài khác|Các tin bài khác|Tin tức khác|Tin cùng loại|Bài cùng chuyên mục|Tin xem nhiều|"
    r"Đọc nhiều nhất|Xem nhiều nhất|Tin nổi bật|Tin mới)\b[^\n]{0,40}$",
    re.M | re.I)


def content_end(text: str) -> int:
    """Where the article's own content ends: the first related-news / comments marker
    line (``Tin liên quan``, ``Cùng chuyên mục``, ``Các bài mới đăng`` …), else the end.

    >>> content_end("Bài.\\nTin liên quan\\nKhác")
    5
    """
    m = _TAIL_MARKERS.search(text)
    return m.start() if m else len(text)


_SENT_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“‘(]?[^\W\d_a-zà-ỹđ]|\s*$)|\n+")


def split_sentences(text: str, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[:end]``: split at line breaks and at ``.``/``!``/``?``
    followed by a space and an upper-case letter; trimmed (final stop included);
    empty ones dropped.
    A photo caption (its own line) is a sentence.

    >>> t = "Ông A nói. Bà B nghe.\\n\\nCâu ba 50.068 tỷ đồng"
    >>> [t[s.start:s.end] for s in split_sentences(t)]
    ['Ông A nói', 'Bà B nghe', 'Câu ba 50.068 tỷ đồng']
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos = 0
    for m in _SENT_END.finditer(text, 0, end):
        stop = m.end() if m.group(0)[0] != "\n" else m.start()
        s, e = trim(text, pos, stop)
        if e > s:
            out.append(Sentence(s, e))
        pos = m.end()
    s, e = trim(text, pos, end)
    if e > s:
        out.append(Sentence(s, e))
    return out


def sentence_of(sentences: list[Sentence], pos: int) -> int:
    """Index of the sentence containing offset ``pos`` (or the nearest one before it).

    >>> sentence_of([Sentence(0, 5), Sentence(7, 9)], 8)
    1
    """
    starts = [s.start for s in sentences]
    return max(0, bisect.bisect_right(starts, pos) - 1)


_WORD = re.compile(r"[^\W_]+(?:[-/.,][^\W_]+)*%?|[^\w\s]", re.U)


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Syllables, numbers (``50.068``, ``9,54``, ``18-7``, ``02/10/2020``) and single
    punctuation marks of ``text[start:end]``, with offsets.

    >>> [w.text for w in words("Thu NSNN đạt 9,54%, (tăng).")]
    ['Thu', 'NSNN', 'đạt', '9,54%', ',', '(', 'tăng', ')', '.']
    """
    end = len(text) if end is None else end
    return [Word(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, end)]


_TRIM_CHARS = " \t\n\u00a0,.;:\"'“”‘’«»()[]"


def trim(text: str, start: int, end: int, *, keep_close_bracket: bool = True) -> tuple[int, int]:
    """Shrink ``[start, end)`` past spaces, NBSP and edge punctuation (guideline §0.3).
    A closing bracket stays when its opening one is inside the span (``(Hà Nội)``).

    >>> t = "\\u00a0 Sáng ngày 2/10, "
    >>> s, e = trim(t, 0, len(t)); t[s:e]
    'Sáng ngày 2/10'
    >>> t = "quận Hoàng Mai (Hà Nội)."
    >>> s, e = trim(t, 0, len(t)); t[s:e]
    'quận Hoàng Mai (Hà Nội)'
    """
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        if keep_close_bracket and text[end - 1] == ")" and text.count("(", start, end) > text.count(")", start, end - 1):
            break
        end -= 1
    return start, end


def is_capitalised(word: str) -> bool:
    """A word whose first letter is upper case (``Hoàng``, ``UBND``, ``Đảng``).

    >>> is_capitalised("Đảng"), is_capitalised("quận"), is_capitalised("9,5")
    (True, False, False)
    """
    return bool(word) and word[0].isupper()
