"""Value normalisers for Vietnamese span text (shared by the harness and the extractor).

Two kinds of function live here:

* :func:`fold_text` — a **length-preserving** fold (no-break and other Unicode spaces →
  ASCII space; tone mark moved to the first vowel of ``oa``/``oe``/``uy`` at the end of a
  syllable, except in ``qu`` words). Safe to apply before matching because it never
  moves an offset.
* :func:`normalize_value` — the canonical form of a span's text for the document-level
  view ("what a database would hold"): NFC, fold, whitespace collapsed, numbers parsed
  (``50.068 tỷ đồng`` == ``50068 tỷ đồng``), dates as ISO (``--MM-DD`` when the year is
  unknown), sessions and terms with Arabic numerals, names in title case.

And the individual parsers: :func:`parse_number`, :func:`parse_roman`,
:func:`parse_ordinal`, :func:`parse_date`, :func:`parse_term`.

One module per job (``from hoinghi.normalize import …`` is the public surface):

========================  ==========================================================
``normalize.text``        :func:`fold_text`, :func:`fold_tone` (length-preserving)
``normalize.numerals``    :func:`parse_number`, Roman numerals, :func:`parse_ordinal`
``normalize.dates``       :func:`parse_date`, :class:`DateValue`
``normalize.terms``       :func:`parse_term`, :class:`Term`
``normalize.values``      :func:`normalize_value` (the canonical value by label)
========================  ==========================================================

>>> normalize_value("VALUE", "50.068 tỷ đồng") == normalize_value("VALUE", "50068  tỷ\\u00a0đồng")
True
>>> normalize_value("POSITION", "Bí thư Quận uỷ") == normalize_value("POSITION", "Bí thư quận ủy")
True
"""
from __future__ import annotations

__all__ = [
    "fold_text",
    "fold_tone",
    "normalize_value",
    "parse_number",
    "parse_roman",
    "to_roman",
    "parse_ordinal",
    "parse_date",
    "parse_term",
    "DateValue",
    "Term",
    "NUMBER_PATTERN",
]

from .dates import DateValue, parse_date
from .numerals import NUMBER_PATTERN, parse_number, parse_ordinal, parse_roman, to_roman
from .terms import Term, parse_term
from .text import fold_text, fold_tone
from .values import normalize_value
