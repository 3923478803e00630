"""annotate/palette.py: the labels' colours, read from the generated label config, are
distinct under normal vision and the three simulated colour-vision deficiencies, and
readable; the checks themselves are checked on known values and on the old palette."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hoinghi.annotate.label_config import label_config
from hoinghi.annotate.palette import (MIN_CONTRAST, MIN_DELTA_E, VISIONS, check_palette, contrast_ratio,
                                      delta_e2000, simulate)
from hoinghi.schema import load_schemas


def _config_colours() -> dict[str, str]:
    root = ET.fromstring(label_config(load_schemas()))
    return {el.get("value"): el.get("background") for el in root.iter("Label")}


def test_the_generated_config_colours_every_label_distinctly_for_every_vision():
    colours = _config_colours()
    assert len(colours) == 11 and len(set(colours.values())) == 11
    check = check_palette(colours)
    for vision in VISIONS:
        d, a, b = check.closest[vision]
        assert d >= MIN_DELTA_E, f"{vision}: {a} and {b} differ by only {d:.1f} (CIEDE2000)"
    assert check.text_contrast[0] >= MIN_CONTRAST and check.button_contrast[0] >= 4.5
    assert check.ok


def test_the_old_palette_fails_the_check():
    old = {"MEETING": "#d62728", "ORGANIZER": "#1f77b4", "DATE": "#2ca02c", "TERM": "#9467bd", "INDICATOR": "#ff7f0e",
           "VALUE": "#17becf", "CHANGE": "#bcbd22", "TARGET": "#e377c2", "PERIOD": "#8c564b", "PERSON": "#7f7f7f",
           "POSITION": "#aec7e8"}
    check = check_palette(old)
    assert not check.ok and check.closest["protanopia"][0] < 2


# CIEDE2000 reference pairs from Sharma, Wu & Dalal (2005), Table 1
SHARMA = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 2.5000, 0.0000), (50.0000, 0.0000, -2.5000), 4.3065),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
]


@pytest.mark.parametrize("lab1, lab2, expected", SHARMA)
def test_ciede2000_matches_the_published_pairs(lab1, lab2, expected):
    assert delta_e2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia"])
def test_red_green_deficiencies_bring_red_and_olive_green_together(vision):
    from hoinghi.annotate.palette import _lab
    red, green = (220, 40, 40), (100, 140, 40)
    seen = delta_e2000(_lab(simulate(red, vision)), _lab(simulate(green, vision)))
    assert seen < delta_e2000(_lab(red), _lab(green)) / 3


def test_contrast_ratio_is_wcag():
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
