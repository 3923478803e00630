"""An external-command extractor for the tests: reads document JSONL on stdin, writes
prediction JSONL on stdout, and misbehaves when a document's text has a trigger word
(GARBAGE, CRASH, HANG, SKIP, OUTOFRANGE). Run as ``cmd:python3 tests/data/cmd_extractor.py``."""
import json
import sys
import time

for line in sys.stdin:
    doc = json.loads(line)
    t = doc["text"]
    if "CRASH" in t:
        print("crashing on purpose", file=sys.stderr)
        sys.exit(3)
    if "HANG" in t:
        time.sleep(60)
    if "GARBAGE" in t:
        print("this is not json")
        continue
    if "SKIP" in t:
        continue
    spans = []
    i = t.find("Lê Văn An")
    while i >= 0:
        spans.append({"start": i, "end": i + 9, "label": "PERSON"})
        i = t.find("Lê Văn An", i + 1)
    if "OUTOFRANGE" in t:
        spans = [{"start": 0, "end": len(t) + 1, "label": "PERSON"}]
    print(json.dumps({"id": doc["id"], "spans": spans}, ensure_ascii=False), flush=True)
