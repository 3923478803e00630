"""A test extractor with span scores: PERSON for every 'Lê Văn An', each scored with the
number written after '#' in the text (0.5 when there is none); raises on 'RAISE'.
Loaded by path (``tests/data/scored_extractor.py:extract``)."""
import re

__version__ = "2.0.0"


def extract(doc):
    if "RAISE" in doc.text:
        raise ValueError("boom on purpose")
    m = re.search(r"#([01](?:\.\d+)?)", doc.text)
    score = float(m.group(1)) if m else 0.5
    spans, i = [], doc.text.find("Lê Văn An")
    while i >= 0:
        spans.append({"start": i, "end": i + 9, "label": "PERSON", "score": score})
        i = doc.text.find("Lê Văn An", i + 1)
    return spans
