"""Writing export files safely: atomic replacement, clear errors, safe file names.

A failure is an `ExportError`: a `MemberError` whose sentence names the file and
the real cause (`describe_os_error`), which the window shows in its language.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from companion.core.durable import durable_move
from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError, describe_os_error

log = logging.getLogger(__name__)

#: Characters no file system accepts in a name (Windows is the strictest).
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_SPACES = re.compile(r"\s+")
MAX_NAME_LENGTH = 120
WRITE_FAILED = QT_TRANSLATE_NOOP("CoreErrors", "Could not write {path}: {detail}.")


class ExportError(MemberError):
    """An export could not be made; the sentence names the file and the problem."""

    @classmethod
    def from_os_error(cls, error: OSError, path: Path | str) -> ExportError:
        """The error for failing to write ``path`` with ``error``, by its real cause."""
        described = describe_os_error(error, path, "write")
        return cls(described.template, described.cause, **described.params)

    @classmethod
    def missing_folder(cls, path: Path | str) -> ExportError:
        """The error for writing ``path`` into a folder that does not exist."""
        missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        return cls.from_os_error(missing, path)


FORMAT_MISMATCH = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{name} ends in {suffix}, which is not a {format} file. "
    "Name the file {expected}, or choose the format that fits the name.",
)
FORMAT_UNKNOWN = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Cannot tell the format from the name {name}. End it in {suffixes}, or choose a format.",
)
#: How a format is named in a sentence.
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word (DOCX)", "md": "Markdown"}


def format_for_path(path: Path, fmt: str | None, suffixes: Mapping[str, str]) -> str:
    """The format to write ``path`` in: ``fmt``, or the one its suffix names.

    Args:
        path: the file to write.
        fmt: the format asked for (a key of ``suffixes``), or None to take it from the suffix.
        suffixes: format -> file suffix (``{"pdf": ".pdf", ...}``).

    Raises:
        ExportError: the suffix belongs to another format than ``fmt`` (a PDF named
            ``.docx``), or ``fmt`` is None and the suffix names no format.
    """
    suffix = Path(path).suffix.lower()
    named = next((key for key, known in suffixes.items() if known == suffix), None)
    if fmt is None:
        if named is None:
            raise ExportError(
                FORMAT_UNKNOWN,
                Cause.INVALID,
                name=Path(path).name,
                suffixes=", ".join(suffixes.values()),
            )
        return named
    if named is not None and named != fmt:
        raise ExportError(
            FORMAT_MISMATCH,
            Cause.INVALID,
            name=Path(path).name,
            suffix=suffix,
            format=FORMAT_NAMES.get(fmt, fmt),
            expected=Path(path).with_suffix(suffixes[fmt]).name,
        )
    return fmt


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Let ``write`` fill a temporary file next to ``path``, then move it onto ``path``.

    Nothing is ever left half-written at ``path``, also after a power cut: the file
    is fsynced before the rename and the folder after it (`companion.core.durable`).
    On any failure the temporary file is removed and whatever was at ``path``
    before stays as it was.

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
        raise ExportError.from_os_error(error, path) from error
    temp = Path(temp_name)
    try:
        write(temp)
        durable_move(temp, path)  # fsync, rename, fsync the folder: a cut leaves old or new
    except Exception as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, ExportError):
            raise
        if isinstance(error, OSError):
            raise ExportError.from_os_error(error, path) from error
        raise ExportError(WRITE_FAILED, Cause.OTHER, path=str(path), detail=str(error)) from error
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
