"""The import contract between quickreply's layers, and the line budget of its modules (DESIGN §2).

Imports are read with ``ast``, so an import hidden in a function (a lazy import), a relative one
(``from ..ui import x``), ``from quickreply import platform`` and ``importlib.import_module("…")``
with a literal name all count. The checker itself is tested on small sources first, so a contract
that finds nothing is known to be able to find something.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quickreply

PACKAGE = Path(quickreply.__file__).parent
QT = ("PySide6", "shiboken6")

# Which layer may not import what: folder of quickreply → forbidden module prefixes.
CONTRACT: dict[str, tuple[str, ...]] = {
    "ui": ("sqlite3", "sqlite_utils"),
    "platform": ("quickreply.core", "quickreply.ui", "quickreply.deliver"),
    "core": (*QT, "quickreply.platform", "quickreply.ui", "quickreply.deliver", "quickreply.team"),
    "deliver": ("quickreply.ui",),
    "team": (*QT, "quickreply.platform", "quickreply.ui", "quickreply.deliver"),
}

LINE_BUDGET = 400


def module_name(path: Path) -> str:
    """The dotted name of a file inside quickreply (``quickreply/ui/__init__.py`` → ``quickreply.ui``)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module ``source`` imports, anywhere in the file, as (line, absolute dotted name).

    ``from a import b`` yields both ``a`` and ``a.b`` (``b`` may be a submodule); relative imports
    are resolved against ``module``.
    """
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    """``importlib.import_module(...)``, ``import_module(...)`` or ``__import__(...)``."""
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def matches(name: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``name`` is one of ``prefixes`` or inside one of them."""
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def violations(layer: str) -> list[str]:
    """``file:line imports name`` for each forbidden import in ``quickreply/<layer>``."""
    forbidden = CONTRACT[layer]
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line, name in imported_modules(source, module_name(path), path.name == "__init__.py"):
            if matches(name, forbidden):
                found.append(f"{path.relative_to(PACKAGE)}:{line} imports {name}")
    return sorted(set(found))


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


# -- the checker finds what it must find -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import PySide6.QtCore", "quickreply.core.x", "PySide6.QtCore"),
        ("from shiboken6 import isValid", "quickreply.core.x", "shiboken6"),
        ("def f():\n    from quickreply.ui import popup\n", "quickreply.core.x", "quickreply.ui"),
        ("class A:\n    def m(self):\n        import sqlite3\n", "quickreply.ui.x", "sqlite3"),
        ("from quickreply import platform", "quickreply.core.x", "quickreply.platform"),
        ("from ..ui import popup", "quickreply.core.x", "quickreply.ui.popup"),
        ("from .. import deliver", "quickreply.platform.x11", "quickreply.deliver"),
        ("from ...ui import popup", "quickreply.core.packs.merge", "quickreply.ui.popup"),
        ("import importlib\nimportlib.import_module('PySide6.QtGui')", "quickreply.core.x", "PySide6.QtGui"),
        ("__import__('sqlite_utils')", "quickreply.ui.x", "sqlite_utils"),
    ],
)
def test_the_checker_sees_every_kind_of_import(source, module, expected):
    assert expected in [name for _, name in imported_modules(source, module)]


def test_relative_imports_in_a_package_init_resolve_from_the_package_itself():
    names = [name for _, name in imported_modules("from .base import Desktop", "quickreply.platform", True)]
    assert "quickreply.platform.base" in names


def test_a_name_that_only_starts_like_a_forbidden_one_is_allowed():
    assert not matches("quickreply.uitools", ("quickreply.ui",))
    assert not matches("sqlite3x", ("sqlite3",))
    assert matches("quickreply.ui.popup", ("quickreply.ui",))


# -- the contract ----------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", sorted(CONTRACT))
def test_layer_imports_nothing_it_must_not(layer):
    assert (PACKAGE / layer).is_dir()
    found = violations(layer)
    assert not found, f"quickreply/{layer} may not import {', '.join(CONTRACT[layer])}:\n" + "\n".join(found)


def test_every_module_opens_with_a_docstring():
    missing = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []


def test_no_module_is_over_the_line_budget():
    over = {
        str(p.relative_to(PACKAGE)): line_count(p)
        for p in sorted(PACKAGE.rglob("*.py"))
        if line_count(p) > LINE_BUDGET
    }
    assert not over, f"modules over {LINE_BUDGET} lines, split them: {over}"
