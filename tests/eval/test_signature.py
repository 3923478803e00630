"""The signature: every part that can move a score, short and long forms agree; two
signatures are comparable when gold, schema and matching mode agree."""
import pytest

from hoinghi.eval.signature import Signature

BASE = dict(version="0.1.0", schema="meetings@1.0.0", gold="ab12cd34ef56ab78", mode="strict", seed=12345,
            n_boot=1000, extractor="reference@0.1.0")


def test_short_form_names_every_part():
    text = str(Signature(**BASE))
    assert text.split("|")[0] == "hoinghi"
    keys = [p.split(":", 1)[0] for p in text.split("|")[1:]]
    assert keys == ["v", "schema", "gold", "match", "dedup", "off", "norm", "tok", "boot", "seed", "ext"]


@pytest.mark.parametrize("part, value, short", [
    ("version", "0.2.0", "v"), ("schema", "meetings@1.1.0", "schema"), ("gold", "ffff", "gold"),
    ("mode", "overlap", "match"), ("seed", 1, "seed"), ("n_boot", 0, "boot"), ("extractor", "x@1", "ext"),
    ("normalizer", "sha:1", "norm"), ("tokenizer", "none", "tok"), ("dedup", "keep", "dedup"),
])
def test_each_part_is_seen(part, value, short):
    a, b = Signature(**BASE), Signature(**{**BASE, part: value})
    assert a.differences(b) == [short]
    assert str(a) != str(b)
    assert Signature.parse(str(b)) == b and Signature.from_json(b.to_json()) == b


def test_from_json_ignores_unknown_keys():
    assert Signature.from_json({**Signature(**BASE).to_json(), "future": 1}) == Signature(**BASE)


# -- comparability: the parts that must agree, and those that need not ----------------
from hoinghi.errors import SignatureMismatch  # noqa: E402
from hoinghi.eval.signature import check_comparable, signature_parts  # noqa: E402

SIG = {"version": "0.1.0", "schema": "m@1", "gold": "aaaa", "mode": "strict", "seed": 1, "extractor": "x@1"}


@pytest.mark.parametrize("part,change,words", [
    ("gold", "bbbb", "gold fingerprint differs (baseline aaaa, candidate bbbb)"),
    ("schema", "m@2", "schema version differs"),
    ("mode", "overlap", "matching mode differs (baseline strict, candidate overlap)"),
])
def test_signature_mismatch_names_the_part(part, change, words):
    with pytest.raises(SignatureMismatch, match=words.replace("(", r"\(").replace(")", r"\)")):
        check_comparable(SIG, {**SIG, part: change})



@pytest.mark.parametrize("other", [
    {**SIG, "extractor": "y@2", "seed": 9, "version": "0.2.0"},
    "hoinghi|v:0.2.0|schema:m@1|gold:aaaa|match:strict|seed:9|ext:y@2",
    Signature(version="0.2.0", schema="m@1", gold="aaaa", mode="strict", seed=9, extractor="y@2"),
])
def test_signature_parts_that_do_not_matter(other):
    parts = signature_parts(other)
    # the other signature really is read (gold, schema and mode found) and really differs elsewhere
    assert {k: parts[k] for k in ("gold", "schema", "mode")} == {"gold": "aaaa", "schema": "m@1", "mode": "strict"}
    assert parts["extractor"] != SIG["extractor"] and str(parts["seed"]) != str(SIG["seed"])
    assert check_comparable(SIG, other) is None
    assert check_comparable(other, SIG) is None
    with pytest.raises(SignatureMismatch, match="gold fingerprint differs"):
        check_comparable({**SIG, "gold": "bbbb"}, other)  # the same call does refuse what matters


def test_a_short_form_without_the_other_parts_is_comparable():
    assert check_comparable("hoinghi|schema:m@1|gold:aaaa|match:strict", SIG) is None
    with pytest.raises(SignatureMismatch, match="matching mode differs"):
        check_comparable("hoinghi|schema:m@1|gold:aaaa|match:overlap", SIG)
