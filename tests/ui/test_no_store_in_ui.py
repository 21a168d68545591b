"""Widgets reach the log only through the companion: no module under ui/ imports the store or
reaches past the companion to it (`companion.store`). Read from the source, so a new module
that breaks the rule fails here whatever it does at run time."""

import ast
from pathlib import Path

import bedtime

UI = Path(bedtime.__file__).parent / "ui"


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The absolute names NODE in MODULE (dotted, e.g. bedtime.ui.tray.menu) imports."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".")[: -node.level]
        base = ".".join([*package, *([base] if base else [])])
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def store_uses(ui: Path) -> list[str]:
    """Every import of bedtime.store and every `companion.store` under UI, as file:line."""
    found = []
    for path in sorted(ui.rglob("*.py")):
        relative = path.relative_to(ui)
        module = ".".join(("bedtime", "ui", *relative.with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"ui/{relative}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = _imported(module, node)
                if any(n == "bedtime.store" or n.startswith("bedtime.store.") for n in names):
                    found.append(f"{where} imports the store")
            elif (
                isinstance(node, ast.Attribute)
                and node.attr == "store"
                and (
                    (isinstance(node.value, ast.Name) and node.value.id == "companion")
                    or (isinstance(node.value, ast.Attribute) and node.value.attr == "companion")
                )
            ):
                found.append(f"{where} reaches the store past the companion")
    return found


def test_no_widget_reaches_the_store() -> None:
    assert store_uses(UI) == []


def test_the_check_sees_every_way_in(tmp_path: Path) -> None:
    ui = tmp_path / "ui"
    (ui / "tray").mkdir(parents=True)
    (ui / "tray" / "a.py").write_text("from ...store.database import is_read_only\n")
    (ui / "tray" / "b.py").write_text("import bedtime.store.repository\n")
    (ui / "tray" / "c.py").write_text("from bedtime import store\n")
    (ui / "tray" / "d.py").write_text("def f(self):\n    return self.companion.store.file()\n")
    (ui / "tray" / "e.py").write_text("from ...app.companion import Companion\n")
    (ui / "history").mkdir()
    (ui / "history" / "f.py").write_text("from ...store.repository import Store\n")
    assert store_uses(ui) == [
        "ui/history/f.py:1 imports the store",
        "ui/tray/a.py:1 imports the store",
        "ui/tray/b.py:1 imports the store",
        "ui/tray/c.py:1 imports the store",
        "ui/tray/d.py:2 reaches the store past the companion",
    ]
