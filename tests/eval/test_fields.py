"""Field selection (``--fields`` / ``--schema``): which labels and relation rules remain,
what is set aside from documents, and what :func:`evaluate` makes of it."""
from __future__ import annotations

import pytest

from hoinghi.document import Document, Relation, Span, fingerprint
from hoinghi.errors import InputError
from hoinghi.eval.fields import select_fields
from hoinghi.eval.scoring import evaluate
from hoinghi.schema import load_schemas

SCHEMAS = load_schemas()


@pytest.mark.parametrize("names, labels, schemas, text", [
    ([], SCHEMAS.labels, SCHEMAS.names, "all"),
    (["PERSON"], ("PERSON",), ("officials",), "PERSON"),
    (["officials"], ("PERSON", "POSITION"), ("officials",), "PERSON+POSITION"),
    (["POSITION", " PERSON ", "DATE"], ("DATE", "PERSON", "POSITION"), ("meetings", "officials"), "DATE+PERSON+POSITION"),
    (["meetings", "indicators", "officials"], SCHEMAS.labels, SCHEMAS.names, "all"),
])
def test_selection(names, labels, schemas, text):
    sel = select_fields(SCHEMAS, names)
    assert (sel.labels, sel.schemas.names, sel.text) == (labels, schemas, text)


@pytest.mark.parametrize("names, rules", [
    (["officials"], {("holds", ("PERSON",), ("POSITION",))}),
    (["PERSON"], set()),                          # a relation needs both ends selected
    (["MEETING", "DATE"], {("of", ("DATE",), ("MEETING",))}),
])
def test_relation_rules_keep_only_selected_ends(names, rules):
    sel = select_fields(SCHEMAS, names)
    assert {(r.type, r.heads, r.tails) for s in sel.schemas.schemas for r in s.relations} == rules


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(InputError, match=r"unknown field or schema 'PERSONS' \(fields: MEETING, .*schemas: meetings"):
        select_fields(SCHEMAS, ["PERSONS"])


TEXT = "Ngày 18-7, đồng chí Nguyễn Văn An, Bí thư Quận ủy, phát biểu."
GOLD = Document("d1", TEXT, (Span(0, 9, "DATE", "d"), Span(20, 33, "PERSON", "p"), Span(35, 49, "POSITION", "q")),
                (Relation("p", "q", "holds"),))


def test_restrict_sets_aside_spans_and_their_relations_and_counts_them():
    from collections import Counter

    aside = Counter()
    doc = select_fields(SCHEMAS, ["PERSON", "DATE"]).restrict(GOLD, aside)
    assert [s.label for s in doc.spans] == ["DATE", "PERSON"] and doc.relations == ()
    assert aside == {"POSITION": 1}
    assert select_fields(SCHEMAS, []).restrict(GOLD) is GOLD


def test_evaluate_scores_only_the_selected_fields():
    # The extractor attempts PERSON and POSITION only (and wrongly also tags a DATE).
    pred = Document("d1", None, (Span(20, 33, "PERSON"), Span(35, 49, "POSITION"), Span(0, 4, "DATE")))
    full = evaluate([GOLD], [pred], n_boot=0)
    part = evaluate([GOLD], [pred], n_boot=0, fields=["officials"])
    assert full.keys == SCHEMAS.labels and part.keys == ("PERSON", "POSITION")
    assert part.overall().micro.f1 == 1.0 and part.overall().macro_f1 == 1.0
    assert full.overall().micro.f1 < 1.0
    assert part.signature.fields == "PERSON+POSITION" and str(part.signature).endswith("|fields:PERSON+POSITION")
    assert "fields:" not in str(full.signature)
    # the gold part names the gold as given, so a partial run is traceable to the same gold set
    assert part.signature.gold == full.signature.gold == fingerprint([GOLD])
    assert part.signature.schema == full.signature.schema == SCHEMAS.version
    assert any("set aside 1 predicted DATE" in w for w in part.warnings)
    assert set(part.views["relations"].keys) == {"officials:holds"}
    again = type(part).from_json(part.to_json())
    assert again.signature == part.signature and again.keys == part.keys


def test_a_label_no_schema_knows_is_still_refused():
    pred = Document("d1", None, (Span(20, 33, "PERSN"),))
    with pytest.raises(InputError, match="PERSN"):
        evaluate([GOLD], [pred], n_boot=0, fields=["PERSON"])
