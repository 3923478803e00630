"""hoinghi: annotation and evaluation toolkit for Vietnamese news about Party
committee meetings.

The public surface is curated here; everything else is private or lives in the
sub-packages ``hoinghi.eval`` (harness), ``hoinghi.annotate`` (Label Studio, gold)
and ``hoinghi.extractors``.
"""
__version__ = "0.1.0"

from .document import Document, Relation, Span, fingerprint, iter_documents, read_documents, write_documents
from .errors import (ExtractorError, HoinghiError, InputError, Location, SchemaError, SetupError,
                     SignatureMismatch, StudioError)
from .schema import Schema, SchemaSet, load_schema, load_schemas

__all__ = [
    "__version__",
    "Document", "Span", "Relation", "read_documents", "iter_documents", "write_documents", "fingerprint",
    "Schema", "SchemaSet", "load_schema", "load_schemas",
    "HoinghiError", "InputError", "SchemaError", "SetupError", "StudioError", "ExtractorError",
    "SignatureMismatch", "Location",
]
