"""An example Python extractor: PERSON names after "đồng chí" (comrade).

Score it with::

    hoinghi eval --gold gold/hoinghi-5 --extractor examples/python_extractor.py:extract

The protocol (docs/eval-cli.md): a function taking a hoinghi Document (id and text;
never the gold spans) and returning a list of spans, a dict in the document contract
or a Document. Offsets are Python str indices (code points) into ``doc.text``,
end-exclusive. Give the module a ``__version__``: it goes into the score signature.
examples/node_extractor.js does the same in JavaScript as an external command.
"""
import re

__version__ = "1.0.0"

_TRIGGER = re.compile(r"đồng chí[ \u00a0]+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")  # letters only


def extract(doc):
    spans = []
    for m in _TRIGGER.finditer(doc.text):
        start = end = m.end()
        for w in _WORD.finditer(doc.text, m.end()):
            if w.start() != end and doc.text[end:w.start()] not in (" ", "\u00a0"):
                break  # words of a name are separated by one space
            if not w.group()[0].isupper():
                break
            end = w.end()
        if end > start:
            spans.append({"start": start, "end": end, "label": "PERSON"})
    return spans
