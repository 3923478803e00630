"""The score signature (sacrebleu style): every setting that can move the numbers,
as a short string to print beside a score and as a dict for the JSON report.

Parts (short form key, in this order):

==========  ==================================================================
``v``       toolkit version (``hoinghi.__version__``)
``schema``  schema version (``meetings@1.0.0+indicators@1.0.0+officials@1.0.0``)
``gold``    gold fingerprint (:func:`hoinghi.document.fingerprint`)
``match``   span matching mode (``strict``, ``overlap``)
``dedup``   duplicate-prediction policy (``collapse``: identical predictions count once)
``off``     offset convention (``char-nfc-excl``: code points of NFC text, end-exclusive)
``norm``    normaliser version for the document-level view
``tok``     tokeniser of the BIO view
``boot``    bootstrap resamples (0: no intervals)
``seed``    bootstrap seed
``ext``     extractor ``name@version``
``fields``  the scored fields (``PERSON+POSITION``; ``all``, the default, is not printed)
==========  ==================================================================

>>> s = Signature(version="0.1.0", schema="m@1", gold="ab12", mode="strict", seed=1, n_boot=10, extractor="x@2")
>>> str(s)
'hoinghi|v:0.1.0|schema:m@1|gold:ab12|match:strict|dedup:collapse|off:char-nfc-excl|norm:none|tok:ws-punct/1|boot:10|seed:1|ext:x@2'
>>> Signature.from_json(s.to_json()) == s
True
>>> Signature.parse(str(s)) == s
True
>>> s.differences(Signature(version="0.1.0", schema="m@1", gold="ff00", mode="strict", seed=1, n_boot=10, extractor="y@1"))
['gold', 'ext']

Two scores are comparable (:func:`check_comparable`, what the gate demands) when their
gold fingerprint, schema version, matching mode and field selection agree (a signature
without ``fields``, an older baseline, scored all fields); the other parts may differ.
"""
from __future__ import annotations

__all__ = ["Signature", "signature_parts", "signature_text", "check_comparable"]

from dataclasses import dataclass, fields
from typing import Mapping, Sequence

from ..errors import SignatureMismatch

_SHORT = {"version": "v", "schema": "schema", "gold": "gold", "mode": "match", "dedup": "dedup",
          "offsets": "off", "normalizer": "norm", "tokenizer": "tok", "n_boot": "boot", "seed": "seed",
          "extractor": "ext", "fields": "fields"}
_LONG = {v: k for k, v in _SHORT.items()}


@dataclass(frozen=True)
class Signature:
    """Everything that can move a score. ``str()`` gives the short form."""

    version: str
    schema: str
    gold: str
    mode: str = "strict"
    dedup: str = "collapse"
    offsets: str = "char-nfc-excl"
    normalizer: str = "none"
    tokenizer: str = "ws-punct/1"
    n_boot: int = 1000
    seed: int = 12345
    extractor: str = "unknown"
    fields: str = "all"  # the scored fields (hoinghi.eval.fields); not printed when "all"

    def __str__(self) -> str:
        return "hoinghi|" + "|".join(f"{_SHORT[f.name]}:{getattr(self, f.name)}" for f in fields(self)
                                     if not (f.name == "fields" and self.fields == "all"))

    @property
    def text(self) -> str:
        return str(self)

    def to_json(self) -> dict:
        """The long-form dict (also what the gate reads: ``gold``, ``schema``, ``mode``)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, obj: dict) -> "Signature":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in obj.items() if k in known})

    @staticmethod
    def parse_parts(text: str) -> dict[str, str]:
        """The ``key:value`` parts of a short form by long name, as strings; parts may be
        missing (the ``hoinghi`` head too) and an unknown key is kept as written.

        >>> Signature.parse_parts("hoinghi|gold:ab12|match:strict|future:1")
        {'gold': 'ab12', 'mode': 'strict', 'future': '1'}
        """
        out = {}
        for piece in text.split("|"):
            if ":" in piece:
                key, value = piece.split(":", 1)
                out[_LONG.get(key.strip(), key.strip())] = value.strip()
        return out

    @classmethod
    def parse(cls, text: str) -> "Signature":
        """Read the short form back."""
        obj = {k: v for k, v in cls.parse_parts(text).items() if k in _SHORT}
        for k in ("n_boot", "seed"):
            if k in obj:
                obj[k] = int(obj[k])
        return cls(**obj)

    def differences(self, other: "Signature") -> list[str]:
        """Short names of the parts that differ."""
        return [_SHORT[f.name] for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


def signature_parts(signature) -> dict:
    """A signature as a dict by long name, from a :class:`Signature`, a mapping (a
    baseline's ``signature``) or the short form (:meth:`Signature.parse_parts`).

    >>> signature_parts("hoinghi|schema:m@1|gold:aaaa|match:strict")
    {'schema': 'm@1', 'gold': 'aaaa', 'mode': 'strict'}
    """
    if signature is None:
        return {}
    if isinstance(signature, str):
        return Signature.parse_parts(signature)
    if not isinstance(signature, Mapping):
        to_json = getattr(signature, "to_json", None)
        signature = to_json() if callable(to_json) else {}
    return {str(k): v for k, v in signature.items() if not isinstance(v, (dict, list))}


def signature_text(signature) -> str:
    """The signature as one line: the short form of a ``Signature`` or a string as is,
    ``key:value|...`` for a mapping.

    >>> signature_text({"gold": "aaaa", "mode": "strict"})
    'gold:aaaa|mode:strict'
    """
    if isinstance(signature, str):
        return signature
    text = getattr(signature, "text", "")
    return str(text or "|".join(f"{k}:{v}" for k, v in signature_parts(signature).items()))


#: Signature parts that must agree for two results to be comparable, with their aliases.
_COMPARABLE_PARTS = {
    "gold fingerprint": ("gold", "data", "fingerprint", "gold_fingerprint"),
    "schema version": ("schema", "schema_version", "schemas"),
    "matching mode": ("mode", "match", "matching"),
    "field selection": ("fields",),
}
#: The value of a part that a signature (an older baseline) does not carry.
_MISSING = {"field selection": "all"}
_ADVICE = {"gold fingerprint": "score both on the same gold",
           "schema version": "re-score the baseline under the current schemas (hoinghi gate --update)",
           "matching mode": "use the baseline's matching mode",
           "field selection": "score the same fields as the baseline (--fields/--schema), or record a baseline "
                            "for these fields (hoinghi gate --update)"}


def _find(parts: Mapping[str, str], aliases: Sequence[str]) -> str | None:
    for a in aliases:
        if a in parts:
            return parts[a]
    return None


def check_comparable(baseline_sig, candidate_sig, *, baseline_where: str = "baseline",
                     candidate_where: str = "candidate") -> None:
    """Raise :class:`~hoinghi.errors.SignatureMismatch` naming the part (gold
    fingerprint, schema version, matching mode) in which two signatures differ.

    >>> check_comparable("gold:ab12|schema:m@1|mode:strict", "gold:ab12|schema:m@1|mode:strict")
    >>> check_comparable("gold:ab12|mode:strict", "gold:ff00|mode:strict")
    Traceback (most recent call last):
    ...
    hoinghi.errors.SignatureMismatch: cannot compare: the gold fingerprint differs (baseline ab12, candidate ff00); score both on the same gold
    >>> check_comparable("gold:ab12|mode:strict", "gold:ab12|mode:strict|fields:PERSON")
    Traceback (most recent call last):
    ...
    hoinghi.errors.SignatureMismatch: cannot compare: the field selection differs (baseline all, candidate PERSON); score the same fields as the baseline (--fields/--schema), or record a baseline for these fields (hoinghi gate --update)
    """
    a, b = signature_parts(baseline_sig), signature_parts(candidate_sig)
    for part, aliases in _COMPARABLE_PARTS.items():
        va, vb = _find(a, aliases), _find(b, aliases)
        if va is None and vb is None:
            continue
        if part in _MISSING:
            va, vb = va or _MISSING[part], vb or _MISSING[part]
        if str(va) != str(vb):
            raise SignatureMismatch(f"cannot compare: the {part} differs ({baseline_where} {va}, {candidate_where} {vb}); "
                                    f"{_ADVICE[part]}")
