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
"""
from __future__ import annotations

__all__ = ["Signature"]

from dataclasses import dataclass, fields

_SHORT = {"version": "v", "schema": "schema", "gold": "gold", "mode": "match", "dedup": "dedup",
          "offsets": "off", "normalizer": "norm", "tokenizer": "tok", "n_boot": "boot", "seed": "seed",
          "extractor": "ext"}


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

    def __str__(self) -> str:
        return "hoinghi|" + "|".join(f"{_SHORT[f.name]}:{getattr(self, f.name)}" for f in fields(self))

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

    @classmethod
    def parse(cls, text: str) -> "Signature":
        """Read the short form back."""
        long = {v: k for k, v in _SHORT.items()}
        parts = dict(p.split(":", 1) for p in text.split("|")[1:])
        obj = {long[k]: v for k, v in parts.items() if k in long}
        for k in ("n_boot", "seed"):
            if k in obj:
                obj[k] = int(obj[k])
        return cls(**obj)

    def differences(self, other: "Signature") -> list[str]:
        """Short names of the parts that differ."""
        return [_SHORT[f.name] for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]
