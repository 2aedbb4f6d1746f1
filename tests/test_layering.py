"""core/ stays pure: no Qt, no desktop platform code (DESIGN §2)."""

import ast
from pathlib import Path

import quickreply

FORBIDDEN = ("PySide6", "quickreply.platform", "quickreply.ui", "shiboken6")


def test_core_never_imports_qt_or_platform():
    core = Path(quickreply.__file__).parent / "core"
    offenders = []
    for path in core.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []


def test_every_module_opens_with_a_docstring():
    package = Path(quickreply.__file__).parent
    missing = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []
