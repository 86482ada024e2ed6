"""The shape the code promises: areas in layers, small modules, short functions and routes,
blueprints named after their area and audience, and every area registering itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import forum

FORUM = Path(forum.__file__).resolve().parent
# Lowest first: an area may import the areas of lower layers, never its own layer's or above.
LAYERS = [
    {"cities", "editions", "audit", "mail"},
    {"auth", "ops"},
    {"api"},
    {"registration"},
    {"agenda", "badges"},
    {"checkin", "endorsements", "visas", "commitments"},
    {"dashboard", "main", "seasons"},
]
AREAS = {area for layer in LAYERS for area in layer}
# Modules shared by every area: they may import no area at all.
CORE = {"db", "edge", "errors", "extensions", "formats", "forms", "i18n", "pdf_bidi", "pdf_fonts",
        "background", "pdf_pages", "pdf_paragraph", "pdf_text", "qr",
        "security", "spreadsheets", "textsearch", "urls", "validation", "web"}  # fmt: skip
BLUEPRINT_MODULES = {"routes.py": "", "admin.py": "_admin", "api.py": "_api"}


def _modules() -> list[Path]:
    return sorted(FORUM.rglob("*.py"))


def _runtime_imports(tree: ast.Module) -> set[str]:
    """The forum modules a module imports when it runs (imports for type checkers only left out)."""
    checking_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING"
        for node in ast.walk(block)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("forum"):
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("forum"))
    return names


def _area_of(path: Path) -> str | None:
    parts = path.relative_to(FORUM).parts
    return parts[0] if len(parts) > 1 else None


def _layer(area: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if area in layer)


def test_every_area_sits_in_one_layer():
    packages = {p.name for p in FORUM.iterdir() if (p / "__init__.py").exists()}
    assert packages - {"translations"} == AREAS


def test_an_area_imports_only_lower_layers_and_core_imports_no_area():
    wrong = []
    for path in _modules():
        area = _area_of(path)
        own = path.stem if area is None else area
        for name in _runtime_imports(ast.parse(path.read_text())):
            target = name.split(".")[1] if "." in name else None
            if target not in AREAS or target == own:
                continue
            if own in CORE or (area is not None and _layer(target) >= _layer(area)):
                wrong.append(f"{path.relative_to(FORUM)} imports {name}")
    assert wrong == []


def test_no_module_is_over_300_lines():
    long = {
        str(p.relative_to(FORUM)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > 300
    }
    assert long == {}


def _functions(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, node.end_lineno - node.lineno + 1


def _is_route(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and getattr(d.func, "attr", "") in {"route", "get", "post"}
        for d in node.decorator_list
    )


def test_no_function_is_over_40_lines_and_no_route_over_20():
    long = []
    for path in _modules():
        for node, length in _functions(ast.parse(path.read_text())):
            limit = 20 if _is_route(node) else 40
            if length > limit:
                long.append(f"{path.relative_to(FORUM)}:{node.name} is {length} lines")
    assert long == []


def _blueprints(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Blueprint":
            first = node.args[0]
            names.append(first.value if isinstance(first, ast.Constant) else "?")
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(FORUM)))
def test_blueprints_live_in_routes_admin_or_api_and_are_named_after_their_area(path):
    names = _blueprints(path)
    if not names:
        return
    assert path.name in BLUEPRINT_MODULES, f"a blueprint in {path.name}"
    area = path.parent.name
    assert names == [area + BLUEPRINT_MODULES[path.name]]


@pytest.mark.parametrize("area", sorted(AREAS - {"editions", "audit"}))
def test_every_area_registers_itself(area):
    tree = ast.parse((FORUM / area / "__init__.py").read_text())
    assert "init_app" in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_no_template_assigns_to_the_gettext_name():
    # {% set _ = … %} rebinds gettext's "_" for the rest of its scope: the next _("…") fails.
    templates = FORUM.parent / "templates"
    assigning = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.*"))
        if re.search(r"{%-?\s*set\s+_\s*=", path.read_text())
    ]
    assert assigning == []
