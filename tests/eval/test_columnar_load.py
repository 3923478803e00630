"""eval/columnar_load.py: what the columnar reader reads, and what it leaves to the
object path (NotColumnar) — never a crash, never a silent difference."""
from __future__ import annotations

import pytest

from hoinghi.eval.columnar_load import NotColumnar, read_chunks
from hoinghi.eval.columns import LabelIndex
from hoinghi.schema import load_schemas

IX = LabelIndex.from_schemas(load_schemas())
OK = '{"id": "a", "text": "Ông An", "spans": [{"start": 4, "end": 6, "label": "PERSON"}]}'

STEPS_ASIDE = [  # (what, file content)
    ("empty file", ""),
    ("blank line", OK + "\n\n" + OK.replace('"a"', '"b"') + "\n"),
    ("whitespace line first", "  \n" + OK + "\n"),
    ("byte-order mark", "\ufeff" + OK + "\n"),
    ("two objects on one line", OK + OK.replace('"a"', '"b"') + "\n"),
    ("array line", "[1, 2]\n"),
    ("null line", "null\n"),  # Arrow's reader crashes the process on it: never handed over
    ("null line after a document", OK + "\nnull\n"),
    ("leading space", " " + OK + "\n"),
    ("unknown key", OK[:-1] + ', "extra": 1}\n'),
    ("unknown span key", OK.replace('"label"', '"x": 1, "label"') + "\n"),
    ("null spans", '{"id": "a", "text": "x", "spans": null}\n'),
    ("no spans key", '{"id": "a", "text": "x"}\n'),
    ("null span", '{"id": "a", "text": "xy", "spans": [null]}\n'),
    ("float offset", OK.replace('"start": 4', '"start": 4.0') + "\n"),
    ("start after end", OK.replace('"start": 4', '"start": 6') + "\n"),
    ("negative start", OK.replace('"start": 4', '"start": -1') + "\n"),
    ("unknown label", OK.replace("PERSON", "NOPE") + "\n"),
    ("empty label", OK.replace("PERSON", "") + "\n"),
    ("empty id", OK.replace('"a"', '""') + "\n"),
    ("repeated span id", '{"id": "a", "text": "abcd", "spans": [{"id": "x", "start": 0, "end": 1, "label": "PERSON"}, '
                         '{"id": "x", "start": 2, "end": 3, "label": "PERSON"}]}\n'),
    ("score above 1", OK.replace('"label"', '"score": 1.5, "label"') + "\n"),
    ("meta not an object", OK[:-1] + ', "meta": [1]}\n'),
    ("deep nesting", '{"id": "a", "text": "x", "spans": [], "meta": {"m": ' + "[" * 200_000 + "]" * 200_000 + "}}\n"),
    ("invalid UTF-8", None),
]


@pytest.mark.parametrize("what, content", STEPS_ASIDE, ids=[w for w, _ in STEPS_ASIDE])
def test_steps_aside(what, content, tmp_path):
    path = tmp_path / "x.jsonl"
    if content is None:
        path.write_bytes(OK.encode().replace(b"An", b"A\xff") + b"\n")
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(NotColumnar):
        list(read_chunks(path, IX, gold=True))


def test_reads_columns_with_line_numbers_across_chunks(tmp_path):
    rows = [OK.replace('"a"', f'"d{i}"') for i in range(50)]
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    chunks = list(read_chunks(path, IX, gold=True, chunk_bytes=700))
    assert len(chunks) > 3
    assert [c.first_line for c in chunks] == [1] + [1 + sum(c.n_rows for c in chunks[:k]) for k in range(1, len(chunks))]
    assert [i for c in chunks for i in c.ids] == [f"d{i}" for i in range(50)]
    c = chunks[0]
    assert c.start.tolist()[:1] == [4] and c.end.tolist()[:1] == [6] and IX.labels[c.label[0]] == "PERSON"


def test_relations_rows_are_listed_and_read_back(tmp_path):
    rel = ('{"id": "r", "text": "Ông An, Bí thư", "spans": [{"id": "p", "start": 4, "end": 6, "label": "PERSON"}, '
           '{"id": "q", "start": 8, "end": 14, "label": "POSITION"}], "relations": [{"head": "p", "tail": "q", "type": "holds"}]}')
    path = tmp_path / "g.jsonl"
    path.write_text(OK + "\n" + rel + "\n", encoding="utf-8")
    (chunk,) = read_chunks(path, IX, gold=True)
    assert chunk.object_rows.tolist() == [1]
    assert chunk.row_json(1)["relations"] == [{"head": "p", "tail": "q", "type": "holds"}]


@pytest.mark.parametrize("depth, steps_aside", [(1_900, False), (30_000, True)])
def test_nesting_depth(depth, steps_aside, tmp_path):
    """A line nested just under what goes unscreened parses; a deeper one is screened and
    left to the object path at once (Arrow's parser would crash past about 10,000 levels,
    and take minutes before that: its time grows with the square of the depth)."""
    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": "a", "text": "x", "spans": [], "meta": {"m": ' + "[" * depth + "]" * depth + "}}\n",
                    encoding="utf-8")
    if steps_aside:
        with pytest.raises(NotColumnar):
            list(read_chunks(path, IX, gold=True))
    else:
        (chunk,) = read_chunks(path, IX, gold=True)
        assert chunk.ids == ["a"]


def test_a_stopped_reader_leaves_no_thread_behind(tmp_path):
    import threading

    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(OK.replace('"a"', f'"d{i}"') for i in range(300)) + "\n", encoding="utf-8")
    reader = read_chunks(path, IX, gold=True, chunk_bytes=300)
    next(iter(reader))
    reader.close()
    assert not [t for t in threading.enumerate() if t.name.startswith(("hoinghi-parse", "hoinghi-reader"))]
