"""PySide's per-module check keeps no source in memory, and gives the same answers."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

import companion.ui  # noqa: F401 (installs the check)
from companion.ui.pyside_source_check import uses_pyside


@pytest.fixture
def module_folder(tmp_path: Path) -> Path:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def feature_dict() -> dict[str, int]:
    return sys.modules["shibokensupport.feature"].pyside_feature_dict


def test_modules_imported_later_leave_no_source_in_linecache(module_folder: Path) -> None:
    uses = module_folder / "mem2_uses_qt.py"
    uses.write_text("from PySide6.QtCore import QObject\n" + "X = 1\n" * 2000, encoding="utf-8")
    plain = module_folder / "mem2_plain.py"
    plain.write_text("import json\n" + "Y = 2\n" * 2000, encoding="utf-8")
    # imported from within a module, as the window's modules are
    (module_folder / "mem2_outer.py").write_text(
        "import mem2_uses_qt\nimport mem2_plain\n", encoding="utf-8"
    )

    importlib.import_module("mem2_outer")

    assert str(uses) not in linecache.cache
    assert str(plain) not in linecache.cache
    assert feature_dict()["mem2_uses_qt"] == 0  # PySide's default selection, as before
    assert feature_dict()["mem2_plain"] == -1


def test_uses_pyside_answers_like_pyside() -> None:
    import companion.core.model
    import companion.ui.tasks

    assert uses_pyside(companion.ui.tasks)
    assert not uses_pyside(companion.core.model)
    assert not uses_pyside(sys)  # built in: no source
