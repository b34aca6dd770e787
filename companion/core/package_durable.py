"""Making a written package durable: every file and folder fsynced before its rename.

`companion.core.package` writes a package (a zip, or a folder) under a temporary
name in the destination's folder and renames it into place; these helpers make
sure the bytes reach the disk before the rename does, and the rename itself
after, so a power cut leaves the old package or the whole new one.
"""

from __future__ import annotations

import os
from pathlib import Path

from companion.core.durable import fsync_dir, fsync_file


def sync_tree(folder: Path) -> None:
    """fsync every file under ``folder``, then every folder, the deepest first."""
    folders: list[Path] = []
    for root, _dirs, files in os.walk(folder):
        folders.append(Path(root))
        for name in files:
            fsync_file(Path(root) / name)
    for each in reversed(folders):
        fsync_dir(each)


def move_folder_into_place(temp: Path, dest: Path, old: Path) -> None:
    """Replace the folder ``dest`` (if any, moved to ``old``) with the written ``temp``."""
    sync_tree(temp)
    if dest.exists():
        os.replace(dest, old)
    os.replace(temp, dest)
    fsync_dir(dest.parent)
