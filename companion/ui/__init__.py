"""Thin PySide6 widgets over the core objects."""

from companion.ui.pyside_source_check import install as _install_source_check

_install_source_check()  # before the window's modules are imported (see its docstring)
