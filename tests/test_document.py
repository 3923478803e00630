"""The document contract: every malformed input is refused with file, line,
document id and field named (cases as a data table)."""
import json

import pytest

from hoinghi.document import Document, Relation, Span, fingerprint, read_documents, write_documents
from hoinghi.errors import InputError
from hoinghi.schema import load_schemas

SCHEMAS = load_schemas()
LABELS = SCHEMAS.label_to_schema()
TEXT = "Ông Nguyễn Văn An, Bí thư Quận ủy, dự Hội nghị lần thứ 14."

GOOD = {"id": "d1", "text": TEXT, "spans": [
    {"id": "p", "start": 4, "end": 17, "label": "PERSON", "text": "Nguyễn Văn An"},
    {"id": "q", "start": 19, "end": 33, "label": "POSITION"}],
    "relations": [{"head": "p", "tail": "q", "type": "holds"}]}


def _with(**changes):
    obj = json.loads(json.dumps(GOOD))
    for path, value in changes.items():
        target = obj
        *head, last = path.split("__")
        for key in head:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return json.dumps(obj, ensure_ascii=False)


BAD_LINES = [
    # (name, line, expected field, expected words)
    ("invalid json", '{"id": "d1", "text": ', None, "invalid JSON"),
    ("not an object", "[1, 2]", None, "expected a JSON object"),
    ("missing id", _with(id=KeyError), "id", "document id"),
    ("missing text", _with(text=KeyError), "text", "missing text"),
    ("non-NFC text", _with(text="Ông Nguye\u0302\u0303n Văn An"), "text", "NFC"),
    ("end out of range", _with(spans__0__end=999), "spans[0].end", "out of range"),
    ("start after end", _with(spans__0__start=20), "spans[0]", "bad offsets"),
    ("float offset", _with(spans__0__start=4.0), "spans[0].start", "integer"),
    ("span text mismatch", _with(spans__0__text="Nguyễn Văn Ba"), "spans[0].text", "does not match"),
    ("unknown span key", _with(spans__0__confidence=0.5), "spans[0].confidence", "unknown key"),
    ("score above 1", _with(spans__0__score=1.5), "spans[0].score", "score must be a number from 0 to 1"),
    ("score not a number", _with(spans__0__score="high"), "spans[0].score", "score must be a number from 0 to 1"),
    ("unknown label", _with(spans__1__label="ROLE"), "spans[1].label", "unknown label"),
    ("relation to missing span", _with(relations__0__tail="zz"), "relations[0].tail", "names no span"),
    ("relation not allowed", _with(relations__0__type="of"), "relations[0]", "not allowed"),
    ("unknown top-level key", _with(entities=[]), "entities", "unknown key"),
    ("lone surrogate escape", _with(text="@" + TEXT[1:]).replace("@", "\\ud800"), "text", "lone UTF-16 surrogate"),
    ("nested 100,000 deep", '{"id": "d1", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}", None, "nested too deeply"),
]


@pytest.mark.parametrize("name,line,field,words", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_bad_input_names_file_line_document_and_field(tmp_path, name, line, field, words):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) .replace('"d1"', '"d0"') + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_documents(path, labels=LABELS, gold=True, relation_ok=SCHEMAS.allows_relation)
    message = str(info.value)
    assert words in message
    assert str(path) in message and "line 2" in message
    if field:
        assert f"field {field}" in message
        if field != "id":
            assert "document d1" in message


def test_duplicate_document_ids_name_the_first_line(tmp_path):
    path = tmp_path / "p.jsonl"
    line = json.dumps(GOOD, ensure_ascii=False)
    path.write_text(line + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3, document d1, field id: duplicate document id \(first on line 1\)"):
        read_documents(path)


def test_overlapping_gold_spans_of_one_schema_are_refused_but_not_across_schemas(tmp_path):
    doc = json.loads(json.dumps(GOOD))
    # POSITION overlapping PERSON: same schema (officials) -> refused as gold
    doc["spans"][1] = {"id": "q", "start": 10, "end": 33, "label": "POSITION"}
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="overlaps"):
        read_documents(path, labels=LABELS, gold=True)
    assert len(read_documents(path, labels=LABELS, gold=False)) == 1  # predictions may overlap
    # MEETING over a PERSON: different schemas -> fine in gold
    doc = json.loads(json.dumps(GOOD))
    doc["spans"].append({"id": "m", "start": 4, "end": 57, "label": "MEETING"})
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(read_documents(path, labels=LABELS, gold=True)[0].spans) == 3


def test_prediction_line_may_omit_text(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "d1", "spans": [{"start": 4, "end": 17, "label": "PERSON"}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="missing text"):
        read_documents(path)
    (doc,) = read_documents(path, require_text=False)
    assert doc.text is None and doc.spans[0] == Span(4, 17, "PERSON", "s0")


def test_round_trip_and_atomic_write(tmp_path):
    path = tmp_path / "out" / "docs.jsonl"
    docs = [Document.from_json(json.loads(json.dumps(GOOD)))]
    assert write_documents(path, docs) == 1
    again = read_documents(path)
    assert again == docs
    assert again[0].relations == (Relation("p", "q", "holds"),)
    assert [p.name for p in path.parent.iterdir()] == ["docs.jsonl"]  # no temp file left
    assert path.stat().st_mode & 0o044 == 0o044  # readable by others under the usual umask, not mkstemp's 0600

    class Boom(Exception):
        pass

    def exploding():
        yield docs[0]
        raise Boom

    with pytest.raises(Boom):
        write_documents(path, exploding())
    assert read_documents(path) == docs  # old content intact, no partial file
    assert [p.name for p in path.parent.iterdir()] == ["docs.jsonl"]


def test_a_span_score_round_trips_and_stays_out_of_the_fingerprint():
    obj = json.loads(_with(spans__0__score=0.25))
    doc = Document.from_json(obj)
    assert doc.spans[0].score == 0.25 and doc.spans[0].key == (4, 17, "PERSON")
    assert doc.to_json()["spans"][0]["score"] == 0.25
    plain = Document.from_json(json.loads(_with()))
    assert "score" not in plain.to_json()["spans"][0]
    assert fingerprint([doc]) == fingerprint([plain])


def test_the_fast_path_for_well_formed_spans_reads_what_the_full_checks_read():
    """A span with ``"score": null`` always takes the full checks; the same document
    without it takes the fast path: both must give the same document, or the same error."""
    pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    text = "Ông Nguyễn Văn An, Bí thư Quận ủy"
    value = st.one_of(st.integers(-2, 40), st.booleans(), st.text(max_size=3), st.none())
    span = st.fixed_dictionaries({"start": value, "end": value, "label": st.sampled_from(["PERSON", "", 5])},
                                 optional={"id": st.sampled_from(["a", "b", "", 3]), "text": st.sampled_from(["Ông", "An", 7])})

    def read(obj):
        try:
            return Document.from_json(obj, require_text=False)
        except InputError as exc:
            return str(exc)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(span, max_size=4), st.booleans())
    def check(spans, with_text):
        obj = {"id": "d", "spans": spans, **({"text": text} if with_text else {})}
        slow = {**obj, "spans": [{**s, "score": None} for s in spans]}
        assert read(obj) == read(slow)

    check()


def test_invalid_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode() + b"\n" + b'{"id": "d\xff"}\n')
    with pytest.raises(InputError, match=r"gold.jsonl, line 2: not UTF-8 \(byte 10 of the line"):
        read_documents(path)


def test_a_lone_carriage_return_is_json_whitespace_not_a_line_end(tmp_path):
    path = tmp_path / "gold.jsonl"
    line = json.dumps(GOOD, ensure_ascii=False).replace(', "spans"', ',\r"spans"')
    path.write_text(line + "\r\n", encoding="utf-8", newline="")
    assert [d.id for d in read_documents(path)] == ["d1"]
