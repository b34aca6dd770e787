"""The worker process's loop: take requests in order, drop cancelled ones, answer each.

`serve` runs in the spawned process (a fresh interpreter: no Qt, no threads of
the window). Before each request it reads every message already waiting, so a
`Cancel` sent while an earlier request ran still drops the later one before it
starts; when nothing waits after an answer it gives freed memory back to the
system (`memory.give_back`). It returns on `Stop` or when the client's end of the pipe closes (the
window quit or died), so a worker never outlives its window.
"""

from __future__ import annotations

import importlib
import logging
from collections import deque
from multiprocessing.connection import Connection

from companion.core.render_process.memory import give_back
from companion.core.render_process.protocol import Cancel, Handlers, Request, Response, Stop

log = logging.getLogger(__name__)


def serve(connection: Connection, handlers: Handlers) -> None:
    """Answer requests from ``connection`` with ``handlers`` until told to stop."""
    waiting: deque[Request] = deque()
    while True:
        try:
            if not waiting and not _take(connection.recv(), waiting, connection):
                return
            while connection.poll():
                if not _take(connection.recv(), waiting, connection):
                    return
        except (EOFError, OSError):  # the client is gone
            return
        if not waiting:
            continue
        request = waiting.popleft()
        try:
            response = Response(request.id, result=handlers[request.kind](*request.args))
        except Exception as error:  # the client decides what it means
            response = Response(request.id, error=error)
        try:
            connection.send(response)
        except (BrokenPipeError, EOFError, OSError):
            return
        if not waiting and not connection.poll():
            give_back()  # idle: hand the request's freed memory back to the system


def _take(message: object, waiting: deque[Request], connection: Connection) -> bool:
    """Queue a request or apply a cancel; False on `Stop`."""
    if isinstance(message, Stop):
        return False
    if isinstance(message, Cancel):
        for request in waiting:
            if request.id == message.id:
                waiting.remove(request)
                connection.send(Response(request.id, cancelled=True))
                break
    elif isinstance(message, Request):
        waiting.append(message)
    else:
        log.warning("worker process: unknown message %r", message)
    return True


def main(connection: Connection, handlers_factory: str) -> None:
    """The spawned process's entry: load the handler table named ``module:function`` and serve."""
    module_name, _, function_name = handlers_factory.partition(":")
    handlers: Handlers = getattr(importlib.import_module(module_name), function_name)()
    try:
        serve(connection, handlers)
    finally:
        connection.close()
