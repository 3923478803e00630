"""Small named exceptions. The library raises these; only the CLI turns them
into messages and exit codes (see :mod:`hoinghi.cli`)."""
from __future__ import annotations

__all__ = [
    "HoinghiError",
    "InputError",
    "SchemaError",
    "SetupError",
    "UsageError",
    "StudioError",
    "ExtractorError",
    "SignatureMismatch",
    "Location",
]

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in the user's input something is wrong.

    >>> str(Location("gold.jsonl", line=12, doc_id="h07", field="spans[3].end"))
    'gold.jsonl, line 12, document h07, field spans[3].end'
    """

    file: str | None = None
    line: int | None = None
    doc_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.doc_id is not None:
            parts.append(f"document {self.doc_id}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


class HoinghiError(Exception):
    """Base of every error the toolkit raises on purpose."""


class InputError(HoinghiError):
    """Bad user or annotator input (a file, a record, a span).

    >>> e = InputError("offset out of range", Location("p.jsonl", 3, "d1", "spans[0].end"))
    >>> str(e)
    'p.jsonl, line 3, document d1, field spans[0].end: offset out of range'
    """

    def __init__(self, message: str, where: Location | None = None):
        self.message = message
        self.where = where or Location()
        text = f"{self.where}: {message}" if str(self.where) else message
        super().__init__(text)


class SchemaError(InputError):
    """A schema file is invalid (unknown key, bad label, bad relation rule)."""


class UsageError(HoinghiError):
    """A command-line value that cannot be used (an output path that is an input or
    not a regular file, an empty path): exit code 2 like argparse's own errors."""

    def __init__(self, message: str, where: Location | None = None):
        self.message = message
        self.where = where or Location()
        super().__init__(f"{self.where}: {message}" if str(self.where) else message)


class SetupError(HoinghiError):
    """The environment is not able to do the job (missing package, busy port, no token)."""


class StudioError(HoinghiError):
    """Label Studio refused or could not be reached (one clear sentence)."""


class ExtractorError(HoinghiError):
    """An extractor spec cannot be resolved or started at all."""


class SignatureMismatch(HoinghiError):
    """Two score reports cannot be compared: a part of their signatures differs."""
