"""How a Label Studio process is started: which interpreter, which environment, which guards.

Every ``label-studio`` process of the toolkit (``init`` for a template, ``start`` for the
local server) is started through :func:`ls_command` and :func:`ls_env`, so what the
process sees is decided in one place:

* **It dies with its parent.** The command runs this module as a small launcher
  (``python -I -m hoinghi.annotate.studio_process start ...``) that first asks the kernel
  for ``SIGTERM`` when the parent dies (``prctl(PR_SET_PDEATHSIG)``), so a SIGKILL of
  ``hoinghi serve`` (or of a test run) takes Label Studio down with it instead of leaving
  an orphan serving the data. (The kernel's "parent" is the thread that started the
  process: start servers from a thread that outlives them, as the CLI and tests do.)
* **It cannot tell anyone our git history.** Label Studio's ``/api/version`` (open to
  anyone) reports the git commit, message, branch and date that ``git`` finds above its
  package folder; with the virtualenv inside this repository that is *our* repository.
  The environment sets ``GIT_CEILING_DIRECTORIES`` to the folder holding the package, so
  git finds no repository there, and the launcher replaces the function that reads git
  (or, when git fails, a ``version_.py`` that an earlier run may have filled with our
  commit) by one that reports only the package version.
* Stray bare ``HOST``/``PORT``/``USERNAME``/``PASSWORD``... variables are scrubbed (Label
  Studio reads them), the pypi version check, Sentry and analytics are off, signup needs
  the invite link, and local ML backends are allowed (see :func:`ls_env`).
"""
from __future__ import annotations

__all__ = ["ls_version", "ls_command", "ls_env"]

import os
import signal
import sys
from pathlib import Path

from ..errors import SetupError

_SCRUB = ("HOST", "PORT", "USERNAME", "PASSWORD", "DEBUG", "LOG_LEVEL", "SECRET_KEY")
_PARENT = "HOINGHI_LS_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def ls_version() -> str:
    """The installed label-studio version (:class:`SetupError` when it is not installed)."""
    try:
        import label_studio
    except ImportError:
        raise SetupError("the label-studio package is not installed (pip install 'hoinghi[studio]')") from None
    return label_studio.__version__


def ls_command(*args: str) -> list[str]:
    """The command line running ``label-studio ARGS`` through the launcher (see the module
    docstring), with this interpreter (the one that has ``label_studio``). ``-I`` keeps
    the working directory and ``PYTHON*`` variables out of its import path.

    >>> ls_command("start", "-p", "8080")[-4:]
    ['hoinghi.annotate.studio_process', 'start', '-p', '8080']
    """
    ls_version()
    return [sys.executable, "-I", "-m", __name__, *args]


def ls_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a Label Studio process (see the module docstring); ``extra`` wins.

    Local ML backends (``hoinghi ml-backend`` on 127.0.0.1 or the LAN) allowed: since 1.23.1
    ``ML_BLOCK_LOCAL_IP`` (default true) refuses their URLs, and connecting one also registers
    a webhook to ``<url>/webhook`` that ``SSRF_PROTECTION_ENABLED`` (default true) refuses with
    a 403 for the whole connection. Both are turned off for this local server, which binds
    127.0.0.1 unless told otherwise; this also lets webhooks and cloud-storage endpoints point
    at private addresses."""
    import label_studio

    env = {k: v for k, v in os.environ.items()
           if k not in _SCRUB and not k.startswith(("LABEL_STUDIO_", "HEARTEX_", "GIT_"))}
    env.update(LABEL_STUDIO_BASE_DATA_DIR=str(data_dir), LATEST_VERSION_CHECK="false", SENTRY_DSN="",
               FRONTEND_SENTRY_DSN="", COLLECT_ANALYTICS="false", LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
               ML_BLOCK_LOCAL_IP="false", SSRF_PROTECTION_ENABLED="false",
               GIT_CEILING_DIRECTORIES=str(Path(label_studio.__file__).parent.parent), **{_PARENT: str(os.getpid())})
    env.update(extra)
    return env


def _die_with_parent() -> None:
    """SIGTERM this process when the process that started it dies (Linux); exit at once
    when it is already gone."""
    import ctypes

    expected = int(os.environ.pop(_PARENT, "0") or 0)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: no guard, as before
        return
    if expected and os.getppid() != expected:
        os._exit(1)


def _hide_git() -> None:
    """Make Label Studio's version report carry the package version only (see the module docstring)."""
    import label_studio

    version = label_studio.__version__
    sys.path.insert(0, str(Path(label_studio.__file__).parent))  # Label Studio imports its apps top-level
    from core import version as ls_git  # the module `/api/version` and the ML connector read

    if not hasattr(ls_git, "get_git_commit_info"):
        raise SystemExit(f"hoinghi: label-studio {version} changed core.version; refusing to start without the git guard")
    ls_git.get_git_commit_info = lambda skip_os=True, ls=False: {"version": version}


def _main(argv: list[str]) -> int:
    _die_with_parent()
    _hide_git()
    from label_studio.server import main

    sys.argv = ["label-studio", *argv]
    return main() or 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
