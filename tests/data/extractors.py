"""Extractors that misbehave on purpose, for tests/eval/test_predictions.py.

Each behaves well except on documents whose text contains a trigger word, so one
run shows the failure isolated to one document. Loaded by path
(``tests/data/extractors.py:NAME``), so no package import is needed.
"""
import os
import time

from hoinghi.document import Span

__version__ = "9.9.9"


def _names(text):
    """PERSON spans for every capitalised 'Lê Văn An' (a stand-in for real work)."""
    out, i = [], text.find("Lê Văn An")
    while i >= 0:
        out.append({"start": i, "end": i + 9, "label": "PERSON"})
        i = text.find("Lê Văn An", i + 1)
    return out


def good(doc):
    return {"spans": _names(doc.text)}


def text_only(text: str):
    return [Span(s["start"], s["end"], s["label"]) for s in _names(text)]


def misbehaves(doc):
    t = doc.text
    if "RAISE" in t:
        raise ValueError("boom on purpose")
    if "HANG" in t:
        time.sleep(60)
    if "EXIT" in t:
        os._exit(7)
    if "OUTOFRANGE" in t:
        return [{"start": 0, "end": len(t) + 5, "label": "PERSON"}]
    if "UNKNOWNLABEL" in t:
        return [{"start": 0, "end": 2, "label": "NOPE"}]
    if "BADTYPE" in t:
        return [{"start": "0", "end": 2, "label": "PERSON"}]
    if "NONE" in t:
        return None
    if "WRONGTEXT" in t:
        return [{"start": 0, "end": 2, "label": "PERSON", "text": "zz"}]
    if "WRONGREL" in t:
        return {"spans": [{"id": "a", "start": 0, "end": 2, "label": "PERSON"},
                          {"id": "b", "start": 3, "end": 5, "label": "VALUE"}],
                "relations": [{"head": "a", "tail": "b", "type": "holds"}]}
    return good(doc)


def logged(doc):
    """``good``, slowly, appending each document id it runs on to the file named by
    $HOINGHI_TEST_LOG (to see which documents a resumed run runs again)."""
    with open(os.environ["HOINGHI_TEST_LOG"], "a", encoding="utf-8") as fh:
        fh.write(doc.id + "\n")
    time.sleep(0.02)
    return good(doc)
