"""eval/html_assets.py: the report's inline style sheet and script load nothing from
outside the page, and the script has the one slot the renderer fills."""
import json

import pytest

from hoinghi.eval.html_assets import CSS, JS

# (what must not appear, why)
EXTERNAL = [
    ("http:", "a network resource"),
    ("https:", "a network resource"),
    ("@import", "another style sheet"),
    ("url(", "a fetched image or font"),
    ("</style", "the end of the <style> element"),
    ("</script", "the end of the <script> element"),
]


@pytest.mark.parametrize("needle,why", EXTERNAL, ids=[e[0] for e in EXTERNAL])
def test_nothing_from_outside(needle, why):
    assert needle not in CSS.lower() and needle not in JS.lower(), why


def test_the_script_has_one_slot_for_the_outcome_order():
    assert JS.count("%s") == 1 and "%" not in JS.replace("%s", "")
    filled = JS % json.dumps(["missed", "correct"])
    assert '["missed", "correct"]' in filled
