"""How a Label Studio process is started: which binary, which environment.

Every ``label-studio`` process of the toolkit (``init`` for a template, ``start`` for the
local server) is started through :func:`ls_command` and :func:`ls_env`, so what the
process sees is decided in one place.
"""
from __future__ import annotations

__all__ = ["ls_version", "ls_command", "ls_env"]

import os
import shutil
import sys
from pathlib import Path

from ..errors import SetupError

_SCRUB = ("HOST", "PORT", "USERNAME", "PASSWORD", "DEBUG", "LOG_LEVEL", "SECRET_KEY")


def ls_version() -> str:
    """The installed label-studio version (:class:`SetupError` when it is not installed)."""
    try:
        import label_studio
    except ImportError:
        raise SetupError("the label-studio package is not installed (pip install 'hoinghi[studio]')") from None
    return label_studio.__version__


def ls_command(*args: str) -> list[str]:
    """The command line running ``label-studio ARGS``."""
    ls_version()
    candidate = Path(sys.executable).with_name("label-studio")
    if candidate.exists():
        return [str(candidate), *args]
    found = shutil.which("label-studio")
    if not found:
        raise SetupError("the label-studio command is not on PATH")
    return [found, *args]


def ls_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a Label Studio process: stray bare HOST/PORT/USERNAME/PASSWORD...
    scrubbed (LS reads them), outbound version check, Sentry and analytics off.

    Local ML backends (``hoinghi ml-backend`` on 127.0.0.1 or the LAN) allowed: since 1.23.1
    ``ML_BLOCK_LOCAL_IP`` (default true) refuses their URLs, and connecting one also registers
    a webhook to ``<url>/webhook`` that ``SSRF_PROTECTION_ENABLED`` (default true) refuses with
    a 403 for the whole connection. Both are turned off for this local server, which binds
    127.0.0.1 unless told otherwise; this also lets webhooks and cloud-storage endpoints point
    at private addresses."""
    env = {k: v for k, v in os.environ.items()
           if k not in _SCRUB and not k.startswith(("LABEL_STUDIO_", "HEARTEX_"))}
    env.update(LABEL_STUDIO_BASE_DATA_DIR=str(data_dir), LATEST_VERSION_CHECK="false", SENTRY_DSN="",
               FRONTEND_SENTRY_DSN="", COLLECT_ANALYTICS="false", LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
               ML_BLOCK_LOCAL_IP="false", SSRF_PROTECTION_ENABLED="false")
    env.update(extra)
    return env
