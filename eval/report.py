"""Split into :mod:`hoinghi.eval.report_data` (what the report shows) and
:mod:`hoinghi.eval.html_report` (the page); this name stays only until
``hoinghi.eval.gate`` stops importing ``_key`` from here (another change splits it)."""
from .report_data import _key  # noqa: F401
