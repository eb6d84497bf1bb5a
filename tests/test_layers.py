"""The layout holds: no import cycle in hrflow (imports inside functions count), the layer contracts of
pyproject.toml pass, no module is too long to hold in one's head, and no page acts for anyone but the
signed-in user."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hrflow"
MAX_LINES = 600


def _strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the modules of hrflow: every group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith("hrflow"):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            groups.append(group)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module.startswith("hrflow") and module not in index:
            visit(module)
    return groups


def test_hrflow_has_no_import_cycle_even_through_imports_inside_functions():
    graph = grimp.build_graph("hrflow")  # grimp reads every import statement, those in functions too
    cycles = [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]
    assert cycles == []


def test_the_layer_contracts_hold():
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_no_module_is_over_six_hundred_lines():
    long = {str(path.relative_to(ROOT)): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def _actor_arguments(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, source) of every `actor=` argument in a call."""
    return [(keyword.value.lineno, ast.unparse(keyword.value)) for node in ast.walk(tree)
            if isinstance(node, ast.Call) for keyword in node.keywords if keyword.arg == "actor"]


def test_pages_call_services_only_for_the_signed_in_user():
    """No route acts as SYSTEM, as nobody, or as another user: every `actor=` in a routes module is
    current_user."""
    routes = sorted(PACKAGE.rglob("*routes.py"))
    assert len(routes) >= 6
    wrong = {f"{path.relative_to(ROOT)}:{line}": source for path in routes
             for line, source in _actor_arguments(ast.parse(path.read_text(encoding="utf-8")))
             if source != "current_user"}
    assert wrong == {}
    assert all("SYSTEM" not in path.read_text(encoding="utf-8") for path in routes)


def test_actor_check_sees_a_wrong_actor():
    tree = ast.parse("save(x, actor=None)\nsave(y, actor=current_user)\nsave(z, actor=SYSTEM)\n")
    assert _actor_arguments(tree) == [(1, "None"), (2, "current_user"), (3, "SYSTEM")]
