"""Thin PySide6 widgets over the core objects."""
