"""Where an export is proposed: the last folder used, else the system's documents folder.

The documents folder is the one the system names (platformdirs): ``~/Dokumenter``
on a Danish Linux desktop with XDG user-dirs, ``Documents`` on Windows and
macOS. A fresh account may not have it yet; it is created when proposed, so an
export to the proposed path never fails for a missing folder. The window keeps
the last folder used (a setting) and passes it in; core has no settings.
"""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)


def documents_folder() -> Path:
    """The member's documents folder as the system names it (it may not exist yet)."""
    return Path(platformdirs.user_documents_dir())


def export_folder(last_used: str = "") -> Path:
    """The folder to propose for an export: ``last_used`` while it exists, else documents.

    The documents folder is created when missing; if it cannot be, the home folder.
    """
    if last_used:
        folder = Path(last_used).expanduser()
        if folder.is_dir():
            return folder
    folder = documents_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("cannot create the documents folder %s: %s", folder, error)
        return Path.home()
    return folder


def proposed_path(last_used: str, file_name: str) -> Path:
    """``file_name`` in the folder `export_folder` proposes."""
    return export_folder(last_used) / file_name


def folder_of(written: Path) -> str:
    """The folder to remember after writing ``written`` (a file, a zip or a bundle folder)."""
    return str(Path(written).expanduser().absolute().parent)
