"""``--fields`` / ``--schema``, shared by ``eval``, ``gate`` and ``report``: score only the
fields an extractor attempts (:mod:`hoinghi.eval.fields`)."""
from __future__ import annotations

__all__ = ["add_field_options", "selected_fields"]


def add_field_options(p) -> None:
    p.add_argument("--fields", metavar="F1,F2", action="append", default=[],
                   help="score only these fields (labels, e.g. PERSON,POSITION,DATE); the others are set aside on "
                        "both sides; recorded in the signature")
    p.add_argument("--schema", metavar="NAME", action="append", default=[], dest="schema_names",
                   help="score only the fields of this schema (meetings, indicators, officials); repeatable")


def selected_fields(args) -> list[str]:
    """The names given to ``--fields`` (comma-separated, repeatable) and ``--schema``.

    >>> import argparse
    >>> selected_fields(argparse.Namespace(fields=["PERSON, DATE", "POSITION"], schema_names=["meetings"]))
    ['PERSON', 'DATE', 'POSITION', 'meetings']
    """
    names = [n.strip() for value in args.fields for n in value.split(",") if n.strip()]
    return names + list(args.schema_names)
