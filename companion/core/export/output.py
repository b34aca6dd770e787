"""Writing export files safely: atomic replacement, clear errors, safe file names."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

#: Characters no file system accepts in a name (Windows is the strictest).
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_SPACES = re.compile(r"\s+")
MAX_NAME_LENGTH = 120


class ExportError(OSError):
    """An export could not be made; the message names the file and the problem."""


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Let ``write`` fill a temporary file next to ``path``, then move it onto ``path``.

    Nothing is ever left half-written at ``path``: on any failure the temporary
    file is removed and whatever was at ``path`` before stays as it was.

    Returns:
        ``path``.

    Raises:
        ExportError: the folder cannot be written or ``write`` failed; names ``path``.
    """
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
        os.close(handle)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from error
    temp = Path(temp_name)
    try:
        write(temp)
        os.replace(temp, path)
    except Exception as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, ExportError):
            raise
        detail = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ExportError(f"Cannot write {path}: {detail}.") from error
    log.info("wrote %s", path)
    return path


def write_text_file(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; ``path``."""
    return atomic_write(path, lambda temp: temp.write_text(text, encoding="utf-8"))


def write_bytes_file(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; ``path``."""
    return atomic_write(path, lambda temp: temp.write_bytes(data))


def safe_file_name(text: str, fallback: str = "dokument") -> str:
    """``text`` as a file name every system accepts (Danish letters kept).

    >>> safe_file_name("3.1 Børnehus: drift/aktiviteter?")
    '3.1 Børnehus drift aktiviteter'
    """
    name = _UNSAFE_NAME_CHARS.sub(" ", text)
    name = _SPACES.sub(" ", name).strip(" .")
    return name[:MAX_NAME_LENGTH].rstrip(" .") or fallback
