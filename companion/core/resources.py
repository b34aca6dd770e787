"""Find the shipped resources both in an installed package and in a checkout."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The folder with sample packages and icons (``resources/`` in a checkout).

    Found from the package's own ``__file__``: in a wheel install, an editable
    install (which maps ``companion.resources`` to ``resources/``) and the
    PyInstaller bundle alike. (``importlib.resources.files`` gives the frozen
    bundle a ``MultiplexedPath``, whose ``str`` is no path.)
    """
    try:
        import companion.resources as package
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "resources"
    assert package.__file__ is not None
    return Path(package.__file__).resolve().parent
