"""Schema files: loaded, validated, unknown keys refused with file and key."""
import pytest

from hoinghi.errors import SchemaError
from hoinghi.schema import load_schema, load_schemas

FIELDS = {
    "meetings": ("MEETING", "ORGANIZER", "DATE", "TERM"),
    "indicators": ("INDICATOR", "VALUE", "CHANGE", "TARGET", "PERIOD"),
    "officials": ("PERSON", "POSITION"),
}


def test_shipped_schemas_declare_the_v1_field_list():
    schemas = load_schemas()
    assert {s.name: s.label_names for s in schemas.schemas} == FIELDS
    assert schemas.allows_relation("of", "DATE", "MEETING")
    assert not schemas.allows_relation("of", "MEETING", "DATE")
    assert schemas.allows_relation("holds", "PERSON", "POSITION")
    assert not schemas.allows_relation("of", "VALUE", "MEETING")
    for s in schemas.schemas:
        for label in s.labels:
            assert label.vi and label.en and label.color.startswith("#")


BAD = [
    ("unknown top key", 'name = "x"\nversion = "1"\nlabels = []\ncolour = "red"\n', "colour"),
    ("unknown label key", 'name = "x"\nversion = "1"\n[[labels]]\nname = "A"\ncolor = "#000000"\nvi = "a"\nen = "a"\nhint = "?"\n', "labels[0].hint"),
    ("bad label name", 'name = "x"\nversion = "1"\n[[labels]]\nname = "a b"\ncolor = "#000000"\nvi = "a"\nen = "a"\n', "labels[0].name"),
    ("bad colour", 'name = "x"\nversion = "1"\n[[labels]]\nname = "A"\ncolor = "red"\nvi = "a"\nen = "a"\n', "labels[0].color"),
    ("missing version", 'name = "x"\nlabels = []\n', "version"),
    ("relation endpoint unknown", 'name = "x"\nversion = "1"\n[[labels]]\nname = "A"\ncolor = "#000000"\nvi = "a"\nen = "a"\n'
     '[[relations]]\ntype = "of"\nheads = ["A"]\ntails = ["B"]\n', "relations[0]"),
    ("invalid toml", 'name = \n', None),
]


@pytest.mark.parametrize("name,content,field", BAD, ids=[b[0] for b in BAD])
def test_bad_schema_files_name_file_and_key(tmp_path, name, content, field):
    path = tmp_path / "x.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert str(path) in str(info.value)
    if field:
        assert f"field {field}" in str(info.value)


def test_duplicate_label_across_schemas_is_refused(tmp_path):
    path = tmp_path / "dup.toml"
    path.write_text('name = "dup"\nversion = "1"\n[[labels]]\nname = "PERSON"\ncolor = "#000000"\nvi = "a"\nen = "a"\n',
                    encoding="utf-8")
    with pytest.raises(SchemaError, match="declared by both officials and dup"):
        load_schemas(["officials", path])
