"""Length-preserving text folding: Unicode spaces → ASCII space, and the tone mark of a
syllable-final ``oa``/``oe``/``uy`` moved to the first vowel (never in ``qu`` words).

The fold never changes the length of a string, so it is safe to apply before matching:
an offset found in the folded text is an offset into the original.

>>> fold_text("Quận uỷ\u00a0Hoàng Mai")
'Quận ủy Hoàng Mai'
"""
from __future__ import annotations

__all__ = ["fold_text", "fold_tone"]

import re
import unicodedata


# Unicode space separators (NBSP, narrow NBSP, thin space, ...) → " ".
_SPACES = {c: " " for c in ("\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
                             "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000")}
_SPACE_RE = re.compile("[" + "".join(_SPACES) + "]")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below


def _build_tone_map() -> dict[str, str]:
    out: dict[str, str] = {}
    pairs = {"o": "ae", "O": "aeAE", "u": "y", "U": "yY"}
    for first, seconds in pairs.items():
        for second in seconds:
            for tone in _TONES:
                toned = unicodedata.normalize("NFC", second + tone)
                moved = unicodedata.normalize("NFC", first + tone)
                out[first + toned] = moved + second
    return out


_TONE_MAP = _build_tone_map()
# no leading look-behind (it would defeat the regex engine's first-character scan): "qu" is checked in _fold_pair
_TONE_PAIR_RE = re.compile(r"[oOuU][" + "".join(sorted({k[1] for k in _TONE_MAP})) + r"](?!\w)")


def _fold_pair(m: re.Match) -> str:
    pair = m.group(0)
    i = m.start()
    if i and m.string[i - 1] in "qQ":
        return pair
    return _TONE_MAP.get(pair, pair)


def fold_tone(text: str) -> str:
    """Move the tone mark of a syllable-final ``oa``/``oe``/``uy`` to its first vowel
    (``uỷ`` → ``ủy``, ``hoá`` → ``hóa``, ``khoẻ`` → ``khỏe``); ``qu`` words are left alone
    (``quỹ``, ``quý``). Length-preserving.

    >>> fold_tone("Quận uỷ, Uỷ ban, văn hoá, khoẻ, quỹ, Thuý, hoàn")
    'Quận ủy, Ủy ban, văn hóa, khỏe, quỹ, Thúy, hoàn'
    """
    if not text:
        return text
    return _TONE_PAIR_RE.sub(_fold_pair, text)


def fold_text(text: str) -> str:
    """Length-preserving fold for matching: Unicode spaces (NBSP …) → ``" "``, tone
    placement folded with :func:`fold_tone`. Offsets into the result are offsets into
    the input.

    >>> fold_text("Quận\\u00a0uỷ") == "Quận ủy"
    True
    >>> all(len(fold_text(s)) == len(s) for s in ["\\u00a0hoá", "Uỷ ban", "quỹ"])
    True
    """
    return fold_tone(_SPACE_RE.sub(" ", text))
