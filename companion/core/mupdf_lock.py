"""One lock around every use of PyMuPDF in the app.

PyMuPDF is not thread safe ("PyMuPDF does not support running on multiple
threads", its documentation says): two threads in MuPDF at once can corrupt a
document or crash the interpreter. The viewer renders on worker threads while
an import draws an agenda PDF or an export writes one, so every entry point
that touches PyMuPDF holds `MUPDF_LOCK` (re-entrant: one such function may call
another).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

MUPDF_LOCK = threading.RLock()


def serialized(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run while holding `MUPDF_LOCK`."""

    @functools.wraps(function)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with MUPDF_LOCK:
            return function(*args, **kwargs)

    return locked
