"""hoinghi.extractors.rules_officials: invented sentences in the genre, as data tables."""
import pytest

from hoinghi.extractors import rules_officials
from hoinghi.normalize import fold_text


def _found(text):
    ms = rules_officials.find(fold_text(text))
    spans = sorted((m.label, text[m.start:m.end]) for m in ms)
    rels = sorted((text[m.start:m.end], ty, text[t.start:t.end]) for m in ms for ty, t in m.links)
    return spans, rels


# (text, expected spans, expected holds relations (person, position))
CASES = [
    # chain of two positions before "đồng chí" + name
    ("Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch UBND tỉnh, đồng chí Trần Văn Sơn phát biểu.",
     [("PERSON", "Trần Văn Sơn"), ("POSITION", "Chủ tịch UBND tỉnh"), ("POSITION", "Ủy viên Ban Thường vụ Tỉnh ủy")],
     [("Trần Văn Sơn", "Chủ tịch UBND tỉnh"), ("Trần Văn Sơn", "Ủy viên Ban Thường vụ Tỉnh ủy")]),
    # name directly after a position; a place that starts with a surname ("Thái Nguyên")
    ("Bí thư Tỉnh ủy Thái Nguyên Trịnh Việt Hùng chủ trì hội nghị.",
     [("PERSON", "Trịnh Việt Hùng"), ("POSITION", "Bí thư Tỉnh ủy Thái Nguyên")],
     [("Trịnh Việt Hùng", "Bí thư Tỉnh ủy Thái Nguyên")]),
    # a two-syllable place after an administrative word is not a person
    ("Phó Bí thư Thường trực Huyện ủy Lâm Thao cho biết kết quả.",
     [("POSITION", "Phó Bí thư Thường trực Huyện ủy Lâm Thao")], []),
    # three syllables led by a surname after an administrative word: a person
    ("Chủ tịch UBND Huyện Lê Minh Đức quán triệt nghị quyết.",
     [("PERSON", "Lê Minh Đức"), ("POSITION", "Chủ tịch UBND Huyện")], [("Lê Minh Đức", "Chủ tịch UBND Huyện")]),
    # positions after the name, through lower-case words
    ("Bà Nguyễn Thị Thu Hằng, Phó Trưởng ban Dân vận, Giám đốc Trung tâm chính trị huyện nhấn mạnh yêu cầu.",
     [("PERSON", "Nguyễn Thị Thu Hằng"), ("POSITION", "Giám đốc Trung tâm chính trị huyện"),
      ("POSITION", "Phó Trưởng ban Dân vận")],
     [("Nguyễn Thị Thu Hằng", "Giám đốc Trung tâm chính trị huyện"), ("Nguyễn Thị Thu Hằng", "Phó Trưởng ban Dân vận")]),
    # hyphen between name and position
    ("Đồng chí Đỗ Văn Chiến-Tỉnh ủy viên, Bí thư Huyện ủy kết luận.",
     [("PERSON", "Đỗ Văn Chiến"), ("POSITION", "Bí thư Huyện ủy"), ("POSITION", "Tỉnh ủy viên")],
     [("Đỗ Văn Chiến", "Bí thư Huyện ủy"), ("Đỗ Văn Chiến", "Tỉnh ủy viên")]),
    # the name repeated without honorific is labelled again; a singular title alone is a position
    ("Ông Phan Văn Mãi phát biểu. Theo Phan Văn Mãi, đồng chí Bí thư Thành ủy đã chỉ đạo sát sao.",
     [("PERSON", "Phan Văn Mãi"), ("PERSON", "Phan Văn Mãi"), ("POSITION", "Bí thư Thành ủy")], []),
    # the separate NBSP and the tone variant do not disturb the rules
    ("Thành uỷ viên,\u00a0Bí thư Quận uỷ Ba Đình, đồng chí Hoàng Văn Nam dự.",
     [("PERSON", "Hoàng Văn Nam"), ("POSITION", "Bí thư Quận uỷ Ba Đình"), ("POSITION", "Thành uỷ viên")],
     [("Hoàng Văn Nam", "Bí thư Quận uỷ Ba Đình"), ("Hoàng Văn Nam", "Thành uỷ viên")]),
    # a list after a colon: "Name, Position; Name, Position"
    ("Dự hội nghị có các đồng chí: Lê Quang Tùng, Phó Bí thư Tỉnh ủy; Vũ Đại Thắng, Chủ tịch UBND tỉnh.",
     [("PERSON", "Lê Quang Tùng"), ("PERSON", "Vũ Đại Thắng"), ("POSITION", "Chủ tịch UBND tỉnh"),
      ("POSITION", "Phó Bí thư Tỉnh ủy")],
     [("Lê Quang Tùng", "Phó Bí thư Tỉnh ủy"), ("Vũ Đại Thắng", "Chủ tịch UBND tỉnh")]),
    # an abbreviation inside the organisation, and the same position before the name
    ("Ông Lê Minh Khoa, Bí thư Thành ủy TP.HCM phát biểu; Bí thư Thành ủy TP.HCM Lê Minh Khoa cảm ơn.",
     [("PERSON", "Lê Minh Khoa"), ("PERSON", "Lê Minh Khoa"), ("POSITION", "Bí thư Thành ủy TP.HCM"),
      ("POSITION", "Bí thư Thành ủy TP.HCM")],
     [("Lê Minh Khoa", "Bí thư Thành ủy TP.HCM"), ("Lê Minh Khoa", "Bí thư Thành ủy TP.HCM")]),
    # a title in lower case right after the name; the given name alone after an honorific
    ("Theo ông Trần Văn Sơn, phó chủ tịch UBND tỉnh Thanh Hóa, kế hoạch đã xong. Ông Sơn nhấn mạnh yêu cầu.",
     [("PERSON", "Sơn"), ("PERSON", "Trần Văn Sơn"), ("POSITION", "phó chủ tịch UBND tỉnh Thanh Hóa")],
     [("Trần Văn Sơn", "phó chủ tịch UBND tỉnh Thanh Hóa")]),
    # ranks and academic titles are not part of the name
    ("Giám đốc Công an tỉnh Đại tá Nguyễn Văn Bình dự; đồng chí Thiếu tướng Lê Văn Cường, Phó Giám đốc Công an tỉnh phát biểu.",
     [("PERSON", "Lê Văn Cường"), ("PERSON", "Nguyễn Văn Bình"), ("POSITION", "Giám đốc Công an tỉnh"),
      ("POSITION", "Phó Giám đốc Công an tỉnh")],
     [("Lê Văn Cường", "Phó Giám đốc Công an tỉnh"), ("Nguyễn Văn Bình", "Giám đốc Công an tỉnh")]),
    ("PGS.TS Trần Văn Hải, Giám đốc Học viện Chính trị khu vực I trình bày.",
     [("PERSON", "Trần Văn Hải"), ("POSITION", "Giám đốc Học viện Chính trị khu vực I")],
     [("Trần Văn Hải", "Giám đốc Học viện Chính trị khu vực I")]),
]

NEGATIVE = [
    ("Các đồng chí Huyện ủy viên và các đồng chí đại biểu đã thảo luận.", []),
    ("Thường trực, Ban Thường vụ Tỉnh ủy đã tiếp thu ý kiến.", []),
    ("Đồng chí nhấn mạnh, quận Hoàng Mai cần phát huy khát vọng.", []),
    ("Phát huy sức mạnh của người đứng đầu cấp ủy.", []),
    # a lower-case title without a name before it is not taken (too ambiguous)
    ("Nhiệm vụ của chủ tịch xã là điều hành chung.", []),
    # a given name alone is taken only for a person already named in full
    ("Ông Sơn phát biểu.", []),
    # place names shaped like person names: the city, the late President, "tư tưởng Hồ Chí Minh"
    ("Chủ tịch Hồ Chí Minh từng dạy; học tập tư tưởng Hồ Chí Minh ở TP Hồ Chí Minh.", []),
]

# a province whose name begins with a family name, then the person
PLACE_THEN_PERSON = [
    ("Chủ tịch UBND tỉnh Hà Giang Nguyễn Văn Sơn dự.", "Chủ tịch UBND tỉnh Hà Giang", "Nguyễn Văn Sơn"),
    ("Bí thư Tỉnh ủy Thái Bình Ngô Đông Hải phát biểu.", "Bí thư Tỉnh ủy Thái Bình", "Ngô Đông Hải"),
    ("Bí thư Thành ủy Thành phố Hồ Chí Minh Lê Minh Khoa dự.", "Bí thư Thành ủy Thành phố Hồ Chí Minh", "Lê Minh Khoa"),
]


@pytest.mark.parametrize("text, position, person", PLACE_THEN_PERSON)
def test_place_then_person(text, position, person):
    spans, rels = _found(text)
    assert spans == sorted([("POSITION", position), ("PERSON", person)])
    assert rels == [(person, "holds", position)]


@pytest.mark.parametrize("text, spans, relations", CASES)
def test_officials(text, spans, relations):
    got_spans, got_rels = _found(text)
    assert got_spans == sorted(spans)
    assert got_rels == sorted((p, "holds", q) for p, q in relations)


@pytest.mark.parametrize("text, spans", NEGATIVE)
def test_not_officials(text, spans):
    assert _found(text)[0] == sorted(spans)


def test_related_news_tail_is_ignored():
    text = "Bí thư Tỉnh ủy, đồng chí Lê Văn An dự.\nTin liên quan\nBộ trưởng Trần Hồng Hà thăm tỉnh."
    spans, _ = _found(text)
    assert ("PERSON", "Trần Hồng Hà") not in spans and ("PERSON", "Lê Văn An") in spans


# reference-1.3.0: minority names after an honorific (two syllables, an apostrophe), the
# three-syllable split of a place that holds a surname, distributive "mỗi", "thông qua"
OFFICIALS_13 = [
    ("Chủ trì hội nghị có đồng chí Siu Hơn, Bí thư Thị ủy.",
     [("PERSON", "Siu Hơn"), ("POSITION", "Bí thư Thị ủy")], [("Siu Hơn", "Bí thư Thị ủy")]),
    ("Thảo luận tại hội nghị, bà H'Mai Ênuôl, Chủ tịch UBND xã Ea Tu, kiến nghị.",
     [("PERSON", "H'Mai Ênuôl"), ("POSITION", "Chủ tịch UBND xã Ea Tu")], [("H'Mai Ênuôl", "Chủ tịch UBND xã Ea Tu")]),
    ("Bí thư Huyện ủy Ma Văn Lâm chủ trì.",
     [("PERSON", "Ma Văn Lâm"), ("POSITION", "Bí thư Huyện ủy")], [("Ma Văn Lâm", "Bí thư Huyện ủy")]),
    ("Bí thư Thị ủy Quảng Yên Phạm Văn Tâm phát biểu.",
     [("PERSON", "Phạm Văn Tâm"), ("POSITION", "Bí thư Thị ủy Quảng Yên")], [("Phạm Văn Tâm", "Bí thư Thị ủy Quảng Yên")]),
    ("Đồng chí Lê Thu Hà, Chủ tịch HĐND huyện thông qua nghị quyết.",
     [("PERSON", "Lê Thu Hà"), ("POSITION", "Chủ tịch HĐND huyện")], [("Lê Thu Hà", "Chủ tịch HĐND huyện")]),
    ("Bí thư Thành ủy Buôn Ma Thuột chủ trì.", [("POSITION", "Bí thư Thành ủy Buôn Ma Thuột")], []),
    # distributive: not a position
    ("Mỗi đồng chí Huyện ủy viên phải bám cơ sở.", [], []),
]


@pytest.mark.parametrize("text, spans, relations", OFFICIALS_13)
def test_officials_13(text, spans, relations):
    got_spans, got_rels = _found(text)
    assert got_spans == sorted(spans)
    assert got_rels == sorted((person, "holds", position) for person, position in relations)
