"""The messages between a worker process and its client (picklable, no Qt).

A request names a handler by a short ``kind`` ("render", "words", ...) from the
table the server was started with, and carries plain arguments. The server
answers every request it takes with one `Response` of the same id: a result,
an error (the handler's exception, pickled), or ``cancelled`` when a `Cancel`
reached the server before the request started. Nothing here is specific to
rendering: another table of handlers (the search's text extraction, say) uses
the same messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: What a server runs: a handler per request kind.
Handlers = Mapping[str, Callable[..., Any]]


@dataclass(frozen=True)
class Request:
    """Run handler ``kind`` with ``args``; the answer carries ``id``."""

    id: int
    kind: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Cancel:
    """Drop request ``id`` if it has not started (a started one runs to its end)."""

    id: int


@dataclass(frozen=True)
class Stop:
    """Finish the request in progress, answer nothing more and exit."""


@dataclass(frozen=True)
class Response:
    """The answer to request ``id``: ``result``, or ``error``, or ``cancelled``."""

    id: int
    result: Any = None
    error: BaseException | None = None
    cancelled: bool = False
