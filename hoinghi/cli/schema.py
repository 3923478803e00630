"""``hoinghi schema``: the declarative schemas and the Label Studio configs made from them.

* ``hoinghi schema xml NAME...`` prints the generated label config (several names, or
  none for all three: one combined config);
* ``hoinghi schema show [NAME...]`` lists labels (hotkey, colour, description) and relations;
* ``hoinghi schema validate [FILE...]`` loads and checks schema files (default: the shipped ones).
"""
from __future__ import annotations

__all__ = ["register", "schema_cli"]

import argparse

from . import ExitCode
from ..schema import SCHEMA_NAMES, load_schema, load_schemas


def register(subparsers) -> None:
    p = subparsers.add_parser("schema", help="show, validate and export the label schemas",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="schema_command", metavar="ACTION", required=True)
    x = sub.add_parser("xml", help="print the Label Studio label config of a schema")
    x.add_argument("names", nargs="*", metavar="NAME",
                   help=f"schema names ({', '.join(SCHEMA_NAMES)}) or TOML files; several (or none: all three) "
                   "give one combined config, as `hoinghi push --combined` uses")
    s = sub.add_parser("show", help="list labels and relations")
    s.add_argument("names", nargs="*", metavar="NAME")
    v = sub.add_parser("validate", help="check schema files")
    v.add_argument("files", nargs="*", metavar="FILE", help="schema TOML files (default: the shipped schemas)")
    p.set_defaults(func=schema_cli)


def _selected(names: list[str]):
    schemas = load_schemas()
    return [schemas[n] if n in schemas.names else load_schema(n) for n in names] if names else list(schemas.schemas)


def schema_cli(args) -> ExitCode:
    if args.schema_command == "xml":
        from ..annotate.label_config import label_config
        print(label_config(_selected(args.names)), end="")
    elif args.schema_command == "show":
        for s in _selected(args.names):
            print(f"{s.name} {s.version}: {s.title.get('en', '')} / {s.title.get('vi', '')}  ({s.source})")
            for lab in s.labels:
                print(f"  {lab.name:<10} key {lab.hotkey or '-':<2} {lab.color}  {lab.en}")
            for r in s.relations:
                print(f"  relation {r.type}: {'|'.join(r.heads)} -> {'|'.join(r.tails)}  ({r.en})")
    else:
        schemas = load_schemas(args.files or None)
        for s in schemas.schemas:
            print(f"ok  {s.source}: {s.name} {s.version}, {len(s.labels)} labels, {len(s.relations)} relation rule(s)")
    return ExitCode.OK
