"""The library's shape, read with ``ast`` (library = ``hoinghi/``, ``eval/``, ``annotate/``):
functions ≲50 lines and modules ≲400 lines unless a docstring says why they must be one
piece; no import cycle between library modules (module-level and function-level imports
alike); no library module imports from ``hoinghi.cli`` (the CLI sits on top of the
library, never under it)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Folder → import name (pyproject.toml's ``package-dir``).
LIBRARY = {"hoinghi": "hoinghi", "eval": "hoinghi.eval", "annotate": "hoinghi.annotate"}
MAX_FUNCTION_LINES = 50
MAX_MODULE_LINES = 400

#: Functions allowed over MAX_FUNCTION_LINES: "path:qualified name". Each one's docstring
#: must say why it must be one piece (checked below). Empty today: keep it that way
#: unless splitting would really make the code harder to follow.
FUNCTION_ALLOW_LIST: set[str] = set()

#: Modules allowed over MAX_MODULE_LINES: "path". Each one's module docstring must say
#: why it must be one piece (checked below). Empty today.
MODULE_ALLOW_LIST: set[str] = set()

#: The words a docstring of an allowed function or module uses to say why.
ONE_PIECE = "one piece"


def _modules() -> dict[str, Path]:
    """Import name → file of every library module."""
    out = {}
    for folder, package in LIBRARY.items():
        root = REPO / folder
        for path in sorted(root.rglob("*.py")):
            if folder == "hoinghi" and path.relative_to(root).parts[0] in ("eval", "annotate"):
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join([package, *parts])] = path
    return out


MODULES = _modules()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function and method, nested ones too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _long_functions() -> dict[str, tuple[int, ast.AST]]:
    out = {}
    for path in MODULES.values():
        for name, node in _functions(_tree(path)):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                out[f"{_rel(path)}:{name}"] = (lines, node)
    return out


def _long_modules() -> dict[str, tuple[int, ast.AST]]:
    out = {}
    for path in MODULES.values():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            out[_rel(path)] = (lines, _tree(path))
    return out


def _assert_short(long: dict, allow: set, what: str, advice: str, allowed_where: str) -> None:
    """No entry of ``long`` (name -> (lines, node)) outside ``allow``; every allowed one
    says why in its docstring."""
    over = {k: n for k, (n, _) in long.items() if k not in allow}
    assert not over, (what + ":\n" + "\n".join(f"  {k}: {n} lines" for k, n in sorted(over.items())) + advice)
    unjustified = [k for k in allow if k in long and ONE_PIECE not in (ast.get_docstring(long[k][1]) or "")]
    assert not unjustified, f"allowed long {allowed_where} whose docstring does not say why ({ONE_PIECE!r}): {unjustified}"


def test_functions_are_at_most_50_lines():
    _assert_short(
        _long_functions(), FUNCTION_ALLOW_LIST,
        f"library functions over {MAX_FUNCTION_LINES} lines (def line to last line, docstring included)",
        "\nSplit each into named steps (a helper per step, each with its own short docstring). "
        "Only if it really must be one piece: say why in its docstring (with the words "
        f"{ONE_PIECE!r}) and add 'path:Class.name' to FUNCTION_ALLOW_LIST in tests/test_layout.py "
        "with a comment.", "functions")


def test_modules_are_at_most_400_lines():
    _assert_short(
        _long_modules(), MODULE_ALLOW_LIST, f"library modules over {MAX_MODULE_LINES} lines",
        "\nSplit each by stage or by what it produces (a new module beside it, named for what it holds; "
        "its tests in the mirrored tests/ file). Only if it really must be one piece: say why in the "
        f"module docstring (with the words {ONE_PIECE!r}) and add the path to MODULE_ALLOW_LIST in "
        "tests/test_layout.py with a comment.", "modules")


def test_allow_lists_name_only_what_is_still_long():
    """An entry for a function or module that has since shrunk (or gone) is stale."""
    stale = sorted((FUNCTION_ALLOW_LIST - set(_long_functions())) | (MODULE_ALLOW_LIST - set(_long_modules())))
    assert not stale, f"remove these from the allow-lists in tests/test_layout.py, they are no longer long: {stale}"


# ---------------------------------------------------------------------------
# the import graph
# ---------------------------------------------------------------------------
def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".") if _is_package(importer) else importer.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (imports for type checkers only,
    never run: annotations are strings under ``from __future__ import annotations``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def _imports(name: str) -> set[str]:
    """The library modules ``name`` imports, anywhere in the file. ``from pkg import sub``
    counts as importing the submodule ``pkg.sub`` when there is one, else ``pkg``."""
    out = set()
    for node in _runtime_nodes(_tree(MODULES[name])):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(name, node)
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module for a in node.names]
        else:
            continue
        out.update(t for t in targets if t.startswith("hoinghi"))
    return out


def _graph() -> dict[str, set[str]]:
    return {name: {t for t in _imports(name) if t in MODULES and t != name} for name in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan).

    >>> _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}})
    [['a', 'b']]
    """
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


# A package's __init__ importing its own submodules is how a package exposes them, and a
# submodule never needs its package's __init__ (Python imports it first anyway); the
# edges that make a cycle are between modules.
def _module_graph() -> dict[str, set[str]]:
    graph = _graph()
    return {v: {w for w in ws if not (_is_package(v) and w.startswith(v + "."))} for v, ws in graph.items()}


CYCLE_CASES = [  # (graph, expected cycles)
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
    ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
]


@pytest.mark.parametrize("graph,expected", CYCLE_CASES)
def test_cycle_finder(graph, expected):
    assert sorted(_cycles(graph)) == expected


def test_the_graph_sees_relative_and_function_level_imports():
    graph = _graph()
    assert "hoinghi.eval.formatting" in graph["hoinghi.eval.text_report"]   # from . import formatting as fmt
    assert "hoinghi.eval.diff" in graph["hoinghi.eval.text_report"]         # inside span_differences
    assert "hoinghi.document" in graph["hoinghi.annotate.ls_conversion"]    # from ..document import ...
    assert "hoinghi.annotate.adjudication" not in graph["hoinghi.annotate.policies"]  # under TYPE_CHECKING


def test_no_import_cycles():
    graph = _module_graph()
    cycles = _cycles(graph)
    assert not cycles, (
        "import cycles between library modules (function-level imports count too):\n"
        + "\n".join("  " + " <-> ".join(c) + "\n    edges: " + "; ".join(f"{v} -> {w}" for v in c for w in sorted(graph[v])
                                                                      if w in c) for c in cycles)
        + "\nMove what both need into the lower module (or a new one both import); a function-level "
          "import hides a cycle, it does not remove it.")


def test_the_library_does_not_import_the_cli():
    bad = sorted(f"{_rel(MODULES[v])} imports {w}" for v in MODULES if not v.startswith("hoinghi.cli")
                 for w in _imports(v) if w == "hoinghi.cli" or w.startswith("hoinghi.cli."))
    assert not bad, ("library modules import from hoinghi.cli (the CLI is a thin layer over the library):\n  "
                     + "\n  ".join(bad) + "\nMove the function they need into the library (eval/, annotate/, "
                                          "hoinghi/) and let the CLI import it from there.")
