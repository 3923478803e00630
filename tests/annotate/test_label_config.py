"""Label configs generated from the schemas (hoinghi.annotate.label_config)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hoinghi.annotate.label_config import config_diff, label_config, parse_label_config
from hoinghi.schema import load_schemas

SCHEMAS = load_schemas()


@pytest.mark.parametrize("name", SCHEMAS.names)
def test_one_labels_control_per_schema(name):
    schema = SCHEMAS[name]
    root = ET.fromstring(label_config(schema))
    controls = root.findall("Labels")
    assert [c.get("name") for c in controls] == [name]
    assert controls[0].get("toName") == "text"
    labels = controls[0].findall("Label")
    assert [lab.get("value") for lab in labels] == list(schema.label_names)
    for lab, spec in zip(labels, schema.labels):
        assert lab.get("background") == spec.color
        assert lab.get("hotkey") == spec.hotkey
        assert spec.vi in lab.get("hint") and spec.en in lab.get("hint")
        assert lab.get("alias") is None   # an alias would be stored instead of the label
    (text,) = root.findall("Text")
    assert text.attrib == {"name": "text", "value": "$text"}   # no granularity: code-point offsets
    assert [r.get("value") for r in root.iter("Relation")] == [r.type for r in schema.relations]


def test_combined_config_has_every_control_and_each_relation_type_once():
    parsed = parse_label_config(label_config(SCHEMAS))
    assert list(parsed.controls) == list(SCHEMAS.names)
    assert parsed.labels == SCHEMAS.label_to_schema()
    assert sorted(parsed.relation_types) == ["holds", "of"]   # "of" is declared by two schemas
    assert parsed.text_name == "text"


def test_config_diff_names_removed_and_added_labels():
    old = label_config(SCHEMAS["meetings"])
    new = old.replace('<Label value="TERM"', '<Label value="KHOA"')
    assert config_diff(old, new) == {"removed": ["meetings:TERM"], "added": ["meetings:KHOA"]}
    assert config_diff(old, old) == {"removed": [], "added": []}


def test_generated_config_is_deterministic():
    assert label_config(SCHEMAS) == label_config(load_schemas())


@pytest.mark.studio
@pytest.mark.parametrize("which", [*SCHEMAS.names, "combined"])
def test_label_studio_accepts_the_generated_config(ls_client, which):
    cfg = label_config(SCHEMAS if which == "combined" else SCHEMAS[which])
    project = ls_client.projects.create(title=f"config check {which}", label_config=cfg)
    try:
        parsed = project.parsed_label_config
        expected = SCHEMAS.names if which == "combined" else (which,)
        assert sorted(parsed) == sorted(expected)
        for name in expected:
            assert parsed[name]["type"] == "Labels"
            assert parsed[name]["to_name"] == ["text"]
            assert parsed[name]["labels"] == list(SCHEMAS[name].label_names)
    finally:
        ls_client.projects.delete(id=project.id)
