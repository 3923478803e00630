"""annotate/marks.py: worksheets with inline marks -> documents, every problem located."""
import pytest

from hoinghi.annotate.marks import check_text, parse_marked, read_marked
from hoinghi.document import Document
from hoinghi.errors import InputError

GOOD = ("Tin tức | Thời sự\n"
        "[[DATE>m1|Sáng ngày 9/10]], [[ORGANIZER>m1|Huyện ủy Ea Kar]] tổ chức [[MEETING=m1|Hội nghị lần thứ 12]].\n"
        "Đồng chí [[PERSON>p1,p2|Y Biêr Niê]], [[POSITION=p1|Phó Bí thư Huyện ủy]], "
        "[[POSITION=p2|Chủ tịch UBND huyện]] phát biểu. [[PERIOD>i1|Năm 2021]]: [[INDICATOR=i1|thu ngân sách]] "
        "đạt [[VALUE>i1|12,5 tỷ đồng]].\n")


def test_a_worksheet_becomes_a_document_with_typed_relations():
    doc = parse_marked("w1", GOOD)
    assert "[[" not in doc.text and "Tin tức | Thời sự" in doc.text
    got = {(s.label, doc.text[s.start:s.end]) for s in doc.spans}
    assert ("ORGANIZER", "Huyện ủy Ea Kar") in got and ("PERSON", "Y Biêr Niê") in got
    assert all(doc.text[s.start:s.end] == s.text for s in doc.spans)
    by_id = {s.id: s for s in doc.spans}
    rels = sorted((by_id[r.head].label, by_id[r.tail].label, r.type) for r in doc.relations)
    assert rels == sorted([("DATE", "MEETING", "of"), ("ORGANIZER", "MEETING", "of"), ("PERSON", "POSITION", "holds"),
                           ("PERSON", "POSITION", "holds"), ("PERIOD", "INDICATOR", "of"), ("VALUE", "INDICATOR", "of")])


def test_marks_of_different_schemas_nest():
    doc = parse_marked("w2", "[[POSITION|Bí thư [[ORGANIZER|Huyện ủy Ea Kar]]]]")
    assert sorted((s.label, s.text) for s in doc.spans) == [("ORGANIZER", "Huyện ủy Ea Kar"),
                                                           ("POSITION", "Bí thư Huyện ủy Ea Kar")]


BAD = [
    # (name, worksheet, line, field, words)
    ("unknown label", "a\n[[ROLE|Bí thư]]", 2, "spans[0].label", "unknown label"),
    ("bad head", "[[person|Lê An]]", 1, "marks", "bad mark head"),
    ("no bar", "x\ny [[PERSON Lê An]]", 2, "marks", "without '|'"),
    ("never closed", "a\n\n[[PERSON|Lê An", 3, "marks", "never closed"),
    ("edge space", "[[PERSON| Lê An]]", 1, "spans[0]", "starts or ends"),
    ("edge comma", "[[PERSON|Lê An,]]", 1, "spans[0]", "starts or ends"),
    ("missing target", "a\nb\n[[PERSON>zz|Lê An]]", 3, "spans[0]", "names no span"),
    ("no relation type", "[[PERSON>v|Lê An]] [[VALUE=v|5 tỷ]]", 1, "spans[0]", "no single relation type"),
    ("same id twice", "[[PERSON=a|Lê An]] [[POSITION=a|Bí thư]]", 1, "spans", "used twice"),
    ("overlap in one schema", "[[PERSON|Lê [[POSITION|An]]]] [[PERSON|Lê [[PERSON|An]]]]", 1, None, "overlaps"),
]


@pytest.mark.parametrize("name,marked,line,field,words", BAD, ids=[b[0] for b in BAD])
def test_bad_worksheets_are_located(tmp_path, name, marked, line, field, words):
    path = tmp_path / "prov-009.txt"
    path.write_text(marked, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_marked(path)
    err = info.value
    assert words in str(err)
    assert err.where.file == str(path) and err.where.doc_id == "prov-009"
    assert err.where.line == line
    if field is not None:
        assert err.where.field == field


def test_check_text_names_the_first_differing_line():
    doc = parse_marked("w3", "một\nhai [[PERSON|Lê An]]\nba")
    check_text(doc, "một\nhai Lê An\nba")
    with pytest.raises(InputError) as info:
        check_text(doc, "một\nhai Lê  An\nba")
    assert info.value.where.line == 2 and info.value.where.field == "text"
    with pytest.raises(InputError, match="end of worksheet"):
        check_text(Document("w4", "một"), "một\nhai")


ARTICLE = ("Huyện ủy Ea Kar tổng kết năm\n"
           "Sáng ngày 9/10, Huyện ủy Ea Kar tổ chức Hội nghị lần thứ 12. Ảnh: Ea Kar\n"
           "Đồng chí Y Biêr Niê, Phó Bí thư Huyện ủy phát biểu.")
LISTING = ("# prov-009, a comment\n"
           "2 | DATE>m1 | Sáng ngày 9/10\n"
           "2 | ORGANIZER>m1 | Huyện ủy Ea Kar | #1\n"
           "\n"
           "2 | MEETING=m1 | Hội nghị lần thứ 12\n"
           "3 | PERSON>p1 | Y Biêr Niê\n"
           "3 | POSITION=p1 | Phó Bí thư Huyện ủy\n")


def test_a_span_list_is_the_same_document_as_the_marked_worksheet():
    from hoinghi.annotate.marks import parse_span_list
    listed = parse_span_list("prov-009", ARTICLE, LISTING)
    marked = parse_marked("prov-009", "Huyện ủy Ea Kar tổng kết năm\n"
                          "[[DATE>m1|Sáng ngày 9/10]], [[ORGANIZER>m1|Huyện ủy Ea Kar]] tổ chức "
                          "[[MEETING=m1|Hội nghị lần thứ 12]]. Ảnh: Ea Kar\n"
                          "Đồng chí [[PERSON>p1|Y Biêr Niê]], [[POSITION=p1|Phó Bí thư Huyện ủy]] phát biểu.")
    assert listed.text == marked.text == ARTICLE
    assert sorted(s.key for s in listed.spans) == sorted(s.key for s in marked.spans)
    assert len(listed.relations) == len(marked.relations) == 3


BAD_LISTS = [
    # (name, listing, listing line, words)
    ("not on the line", "3 | PERSON | Lê An", 1, "is not on article line 3"),
    ("ambiguous", "# x\n2 | ORGANIZER | Ea Kar", 2, "occurs 2 times"),
    ("nth too large", "2 | ORGANIZER | Ea Kar | #3", 1, "not 3"),
    ("no such line", "9 | PERSON | Lê An", 1, "does not exist"),
    ("bad row", "2 DATE Sáng ngày 9/10", 1, "want 'LINE | HEAD | SURFACE"),
    ("bad head", "2 | date | Sáng ngày 9/10", 1, "bad head"),
    ("edge", "2 | DATE | Sáng ngày 9/10,", 1, "starts or ends"),
    ("dangling relation", "3 | PERSON>q | Y Biêr Niê", 1, "names no span"),
]


@pytest.mark.parametrize("name,listing,line,words", BAD_LISTS, ids=[b[0] for b in BAD_LISTS])
def test_bad_span_lists_are_located(tmp_path, name, listing, line, words):
    from hoinghi.annotate.marks import read_span_list
    art, lst = tmp_path / "prov-009.txt", tmp_path / "prov-009.spans"
    art.write_text(ARTICLE, encoding="utf-8")
    lst.write_text(listing, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_span_list(lst, art)
    assert words in str(info.value)
    assert info.value.where.file == str(lst) and info.value.where.line == line
    assert info.value.where.doc_id == "prov-009"
