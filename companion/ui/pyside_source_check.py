"""PySide's check of each imported module, without keeping every module's source in memory.

When a module is imported after PySide6, PySide's ``__feature__`` support asks
whether the module mentions "PySide6" (to give it the default feature
selection) with ``inspect.getsource``, which reads the whole file through
``linecache`` and keeps its lines there for good: the source of every module the
window imports, about 12 MB of Python strings in the window's process. `install`
replaces that check by one with the same answer that reads the file and keeps
nothing. Nothing else of PySide changes; if its internals differ (another
version), nothing is replaced.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source mentions PySide6 (PySide's own test, nothing cached)."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False
    loader = getattr(getattr(module, "__spec__", None), "loader", None)
    get_source = getattr(loader, "get_source", None)
    if get_source is None:
        return False
    try:
        text = get_source(module.__name__)
    except (ImportError, OSError, SyntaxError, TypeError):
        return False
    return text is not None and "PySide6" in text


def install() -> bool:
    """Use `uses_pyside` for modules imported from now on; True if PySide's check was replaced."""
    import PySide6  # noqa: F401 (loads PySide's import hook and its feature module)

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a name typeshed lacks)
    return True
