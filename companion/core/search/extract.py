# PyMuPDF ships py.typed but leaves many functions unannotated.
# mypy: disable-error-code="no-untyped-call"
"""The text of PDF pages: run in the indexer's worker process, never in the window's.

PyMuPDF holds Python's interpreter lock for as long as it reads a page, so
`extract_pages` runs in a process of its own (`companion.core.search.attachments`
starts it with multiprocessing's "spawn"); the window's process only receives the
text. This module is what that process imports: it loads PyMuPDF when first
called, and keeps the last document open, since the pages of a file come in
chunks, one after the other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

_open: dict[str, Any] = {}


@dataclass(frozen=True)
class ExtractedPages:
    """Pages ``start``.. (0-based) of a file, or why it could not be read.

    ``pid`` is the process that read them (the indexer checks it is not its own),
    ``niceness`` its scheduling niceness (POSIX; 0 elsewhere).
    """

    pid: int
    page_count: int
    start: int
    texts: tuple[str, ...] = ()
    error: str | None = None
    niceness: int = field(default_factory=lambda: os.nice(0) if hasattr(os, "nice") else 0)


def extract_pages(path: str, start: int, stop: int | None = None) -> ExtractedPages:
    """The text of pages ``start`` to ``stop`` (0-based, ``stop`` excluded; None: to the end).

    Never raises for a bad file: a PDF that cannot be opened or read comes back
    with ``error`` set (the indexer records it and does not try it again).
    """
    import pymupdf

    try:
        document = _open.get(path)
        if document is None:
            for old in _open.values():
                old.close()
            _open.clear()
            document = pymupdf.open(path, filetype="pdf")
            if document.needs_pass:
                document.close()
                return ExtractedPages(os.getpid(), 0, start, error="protected by a password")
            _open[path] = document
        count = document.page_count
        end = count if stop is None else min(stop, count)
        texts = tuple(document[number].get_text() for number in range(start, end))
    except Exception as error:  # any MuPDF failure is this file's, reported as text
        _open.pop(path, None)
        return ExtractedPages(os.getpid(), 0, start, error=str(error) or type(error).__name__)
    return ExtractedPages(os.getpid(), count, start, texts)
