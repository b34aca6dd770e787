"""Find the shipped resources both in an installed package and in a checkout."""

from __future__ import annotations

from pathlib import Path

#: ``resources/`` beside the ``companion`` package: a checkout's own.
_CHECKOUT_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resources_dir() -> Path:
    """The folder with sample packages and icons (``resources/`` in a checkout).

    A checkout's own folder wins: an editable install maps ``companion.resources``
    to the checkout it was made from, which need not be the one whose code runs.
    Otherwise it is found from the package's own ``__file__``: in a wheel install
    and the PyInstaller bundle alike (``importlib.resources.files`` gives the
    frozen bundle a ``MultiplexedPath``, whose ``str`` is no path).
    """
    if (_CHECKOUT_RESOURCES / "translations").is_dir():
        return _CHECKOUT_RESOURCES
    try:
        import companion.resources as package
    except ModuleNotFoundError:
        return _CHECKOUT_RESOURCES
    assert package.__file__ is not None
    return Path(package.__file__).resolve().parent
