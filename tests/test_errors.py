"""hoinghi/errors.py: where a problem is (Location) and how errors read; the named
exceptions and the exit codes the CLI gives them."""
from __future__ import annotations

import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.errors import (ExtractorError, HoinghiError, InputError, Location, SchemaError, SetupError,
                            SignatureMismatch, StudioError)

LOCATIONS = [
    # (file, line, doc_id, field, text)
    (None, None, None, None, ""),
    ("gold.jsonl", None, None, None, "gold.jsonl"),
    ("gold.jsonl", 12, None, None, "gold.jsonl, line 12"),
    ("gold.jsonl", 12, "h07", "spans[3].end", "gold.jsonl, line 12, document h07, field spans[3].end"),
    (None, None, "h07", "text", "document h07, field text"),
    (None, None, None, "policy", "field policy"),
    ("p.jsonl", 0, None, None, "p.jsonl, line 0"),   # a line number is shown even when it is 0
]


@pytest.mark.parametrize("file,line,doc_id,field,text", LOCATIONS)
def test_location_reads_file_line_document_field(file, line, doc_id, field, text):
    assert str(Location(file, line, doc_id, field)) == text


def test_input_error_puts_the_location_first():
    e = InputError("offset out of range", Location("p.jsonl", 3, "d1", "spans[0].end"))
    assert str(e) == "p.jsonl, line 3, document d1, field spans[0].end: offset out of range"
    assert (e.message, e.where.line) == ("offset out of range", 3)
    bare = InputError("no annotator records")
    assert str(bare) == "no annotator records" and bare.where == Location()


@pytest.mark.parametrize("cls,parent", [
    (InputError, HoinghiError), (SchemaError, InputError), (SetupError, HoinghiError), (StudioError, HoinghiError),
    (ExtractorError, HoinghiError), (SignatureMismatch, HoinghiError)])
def test_the_named_exceptions(cls, parent):
    assert issubclass(cls, parent) and issubclass(cls, HoinghiError)


@pytest.mark.parametrize("exc,code", [
    (InputError("bad", Location("f.jsonl", 2)), ExitCode.BAD_INPUT), (SchemaError("bad schema"), ExitCode.BAD_INPUT),
    (SignatureMismatch("differ"), ExitCode.BAD_INPUT), (SetupError("no package"), ExitCode.SETUP),
    (StudioError("refused"), ExitCode.SETUP), (ExtractorError("cannot start"), ExitCode.SETUP)])
def test_the_cli_turns_each_into_one_line_and_its_exit_code(monkeypatch, capsys, exc, code):
    import hoinghi.cli.schema as schema_cli

    def raise_it(args):
        raise exc

    # the parser binds the command's function when it registers, so register it raising
    monkeypatch.setattr(schema_cli, "register", _register_with(raise_it, schema_cli.register))
    assert main(["schema", "show"]) == code
    out, err = capsys.readouterr()
    assert out == "" and err == f"hoinghi: error: {exc}\n"


def _register_with(func, register):
    def wrapped(subparsers):
        register(subparsers)
        subparsers.choices["schema"].set_defaults(func=func)
    return wrapped
