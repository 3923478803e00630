"""eval/registry.py: every view, mode and format is reachable by name, and what evaluate
and the text report read from it."""
import pytest

from hoinghi.document import Document, Span
from hoinghi.eval import evaluate
from hoinghi.eval.registry import FORMATS, MODES, VIEWS, get_view
from hoinghi.eval.text_report import VIEW_TITLES, render
from hoinghi.schema import load_schemas

GOLD = [Document("d", "Ông Nguyễn Văn An, Bí thư", (Span(4, 17, "PERSON"), Span(19, 25, "POSITION")))]
PRED = [Document("d", None, (Span(4, 17, "PERSON"), Span(19, 22, "POSITION")))]


def test_names():
    assert tuple(VIEWS) == ("span", "values", "relations", "records", "bio")
    assert MODES == ("strict", "overlap") and FORMATS == ("table", "json", "markdown")
    assert VIEW_TITLES == {name: v.title for name, v in VIEWS.items()}
    with pytest.raises(ValueError, match="unknown view 'nope'"):
        get_view("nope")


@pytest.mark.parametrize("name", [n for n in VIEWS if n != "span"])
def test_each_view_counts_a_document_into_its_own_keys(name):
    view = VIEWS[name]
    schemas = load_schemas()
    keys = {k for _, k in view.fields(schemas)}
    counts, lost = view.count(GOLD[0], PRED[0], schemas.label_to_schema())
    assert set(counts) <= keys and len(lost) == 2
    r = evaluate(GOLD, PRED, n_boot=0, views=(name,))
    assert list(r.views) == ["span", name] and r.views[name].keys == tuple(k for _, k in view.fields(schemas))


def test_signature_parts_come_from_the_views():
    none = evaluate(GOLD, PRED, n_boot=0, views=("span",)).signature
    both = evaluate(GOLD, PRED, n_boot=0, views=("values", "bio")).signature
    assert none.normalizer == "none" and none.tokenizer == "none"
    assert both.normalizer == VIEWS["values"].signature[1]() and both.tokenizer == VIEWS["bio"].signature[1]()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt):
    assert render(evaluate(GOLD, PRED, n_boot=0), fmt).strip()
