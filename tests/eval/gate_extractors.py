"""Extractors for the gate's real-run tests (``path/to/gate_extractors.py:function`` specs):
the trivial extractor itself, an equal copy, and a deliberately worsened variant."""
from hoinghi.extractors.trivial import extract as _trivial

__version__ = "0.0.1"


def same_as_trivial(doc):
    """Exactly the trivial extractor's output, under another name."""
    return _trivial(doc)


def without_meetings(doc):
    """The trivial extractor with every MEETING span (and the relations to it) dropped."""
    out = _trivial(doc)
    drop = {s["id"] for s in out["spans"] if s["label"] == "MEETING"}
    out["spans"] = [s for s in out["spans"] if s["id"] not in drop]
    out["relations"] = [r for r in out["relations"] if r["head"] not in drop and r["tail"] not in drop]
    return out


def fewer_meetings_in_003(doc):
    """The trivial extractor without MEETING spans in the paragraphs of article 003 only."""
    return without_meetings(doc) if doc.id.startswith("003-") else _trivial(doc)


def fails_on_003(doc):
    """The trivial extractor, raising on the paragraphs of article 003 (a per-document failure)."""
    if doc.id.startswith("003-"):
        raise RuntimeError("deliberate failure")
    return _trivial(doc)
