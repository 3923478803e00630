"""Split into :mod:`hoinghi.eval.report_data` (what the report shows) and
:mod:`hoinghi.eval.html_report` (the page); this name stays only until
``hoinghi.eval.gate`` stops importing ``_key`` from here (another change splits it)."""


def _key(span):
    """A span's :attr:`~hoinghi.document.Span.key`, or ``None``."""
    return None if span is None else span.key
