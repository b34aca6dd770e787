"""Find the shipped resources both in an installed package and in a checkout."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The folder with sample packages and icons (``resources/`` in a checkout)."""
    try:
        from importlib.resources import files

        return Path(str(files("companion.resources")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "resources"
