"""Runs the doctests of every module of the installed package (Evaluate's style:
public functions carry examples that are checked)."""
import doctest
import importlib
import pkgutil

import pytest

import hoinghi


def _modules():
    names = ["hoinghi"]
    for info in pkgutil.walk_packages(hoinghi.__path__, "hoinghi."):
        names.append(info.name)
    for sub in ("hoinghi.eval", "hoinghi.annotate", "hoinghi.extractors"):
        mod = importlib.import_module(sub)
        names += [i.name for i in pkgutil.walk_packages(mod.__path__, sub + ".")]
    return sorted(set(n for n in names if not n.endswith("pytest_plugin")))


@pytest.mark.parametrize("name", _modules())
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_curated_public_surfaces_resolve():
    """Every name a package lists in ``__all__`` is really there."""
    for name in ("hoinghi", "hoinghi.eval", "hoinghi.annotate", "hoinghi.extractors"):
        module = importlib.import_module(name)
        missing = [n for n in getattr(module, "__all__", []) if not hasattr(module, n)]
        assert not missing, f"{name}.__all__ names missing attributes: {missing}"
