"""The signature: every part that can move a score, short and long forms agree."""
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
