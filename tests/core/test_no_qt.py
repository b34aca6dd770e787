"""companion.core never imports Qt: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import companion.core


def core_modules() -> list[str]:
    """companion.core and every module below it."""
    names = ["companion.core"]
    for info in pkgutil.walk_packages(companion.core.__path__, "companion.core."):
        names.append(info.name)
    return names


def test_core_module_list_is_complete() -> None:
    names = core_modules()
    assert "companion.core.model" in names
    assert "companion.core.item_html" in names


def test_importing_core_does_not_import_pyside6() -> None:
    modules = core_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by companion.core: {result.stdout}"
