"""The window's side of a worker process: requests with ids, cancels, restarts, shutdown.

`WorkerClient` owns one spawned process (multiprocessing "spawn": a fresh
interpreter, no fork of a process with Qt and threads; started without
multiprocessing's resource tracker process, see `untracked`) that serves a table of
handlers (`server.main`). `submit` never blocks: the request goes into an
outbox that a sender thread writes to the pipe, starting the process first if
it is not running (the first time, or after it died). A reader thread takes the
answers and settles each call's `Future` (done callbacks run on that thread).

- `cancel`: a request not yet started is dropped (the server reads every
  waiting message before it starts the next request); one in progress runs to
  its end and its answer is thrown away.
- A dead process (MuPDF crashed on a damaged file, or it was killed) fails the
  calls it held with `WorkerDied`; the next request starts a new process.
- `close` asks the process to stop, waits a little, then kills it.

`RenderClient` is the same with the render table (`render.handlers`) and
typed calls for the PDF viewer.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.render_process import server, shared_pixels, untracked
from companion.core.render_process.protocol import Cancel, Request, Response, Stop

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

    from companion.core.model import AgendaItem
    from companion.core.pdf_render import Clip, OpenedDocument, PixelFormat, RenderedPage
    from companion.core.render_process.render import ScaleRule

log = logging.getLogger(__name__)

#: How long `close` waits for the process to finish before it kills it.
STOP_WAIT_SECONDS = 2.0


class WorkerDied(Exception):
    """The worker process ended while it held a request (a crash, or it was killed)."""

    def __init__(self, exit_code: int | None) -> None:
        self.exit_code = exit_code
        super().__init__(f"the worker process stopped (exit code {exit_code})")

    def __reduce__(self) -> tuple[type[WorkerDied], tuple[int | None]]:
        return (type(self), (self.exit_code,))


@dataclass(eq=False)
class Call:
    """One request: its id and the `Future` its answer settles.

    ``finish`` turns the server's result into the caller's (on the reader
    thread); ``cleanup`` runs once whatever happens (e.g. to remove a segment).
    """

    id: int
    request: Request
    future: Future[Any] = field(default_factory=Future)
    finish: Callable[[Any], Any] = lambda result: result
    cleanup: Callable[[], None] = lambda: None
    cancelled: bool = False


class _Process:
    """One running worker process and its end of the pipe."""

    def __init__(self, process: SpawnProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.calls: dict[int, Call] = {}  # sent, not answered


_STOP = object()


class WorkerClient:
    """Sends requests to a spawned worker process serving ``handlers_factory``.

    Args:
        handlers_factory: ``"module:function"`` giving the process's handler table.
        name: the process's name (shown by ``ps`` on some systems, and in logs).
    """

    def __init__(self, handlers_factory: str, *, name: str = "companion-worker") -> None:
        self._handlers_factory = handlers_factory
        self._name = name
        self._ids = itertools.count(1)
        self._outbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._current: _Process | None = None
        self._closed = False
        self._sender = threading.Thread(target=self._send_loop, name=f"{name}-send", daemon=True)
        self._sender.start()

    @property
    def pid(self) -> int | None:
        """The running process's id (None before the first request, or after it ended)."""
        with self._lock:
            current = self._current
        return current.process.pid if current is not None else None

    def start(self) -> None:
        """Start the process now (it takes a moment), so that the first request finds it ready."""
        self._outbox.put(None)

    def submit(
        self,
        kind: str,
        *args: Any,
        finish: Callable[[Any], Any] | None = None,
        cleanup: Callable[[], None] | None = None,
    ) -> Call:
        """Send a request for handler ``kind``; never blocks. The answer settles ``call.future``."""
        number = next(self._ids)
        call = Call(number, Request(number, kind, args))
        if finish is not None:
            call.finish = finish
        if cleanup is not None:
            call.cleanup = cleanup
        if self._closed:
            self._settle(call, error=RuntimeError("the worker client is closed"))
        else:
            self._outbox.put(call)
        return call

    def cancel(self, call: Call) -> None:
        """Drop ``call`` if it has not started; its future ends cancelled either way."""
        if call.future.done() or call.cancelled:  # one cancel per call
            return
        call.cancelled = True
        self._outbox.put(Cancel(call.id))

    def close(self, *, wait: bool = True) -> None:
        """Stop the process and the threads; without ``wait`` this happens in the background.

        The process finishes the request in progress (killed after `STOP_WAIT_SECONDS`).
        """
        if self._closed:
            return
        self._closed = True
        self._outbox.put(_STOP)
        if wait:
            self._sender.join(STOP_WAIT_SECONDS * 2)

    # the sender thread

    def _send_loop(self) -> None:
        while True:
            message = self._outbox.get()
            if message is _STOP:
                self._stop_process()
                self._fail_waiting()
                return
            try:
                self._send(message)
            except Exception:  # never let the sender die: log and go on
                log.exception("%s: cannot send a request", self._name)

    def _send(self, message: object) -> None:
        if isinstance(message, Call):
            if message.cancelled:
                self._settle(message, cancelled=True)
                return
            try:
                current = self._running()
            except Exception as error:  # cannot start a process: the call says why
                self._settle(message, error=error)
                raise
            with self._lock:
                current.calls[message.id] = message
            if not self._write(current, message.request):
                return  # the reader fails the call when it sees the process gone
        elif isinstance(message, Cancel):
            with self._lock:
                live = self._current
            if live is not None and message.id in live.calls:
                self._write(live, message)
        elif message is None:
            self._running()

    def _write(self, current: _Process, message: object) -> bool:
        try:
            current.connection.send(message)
        except (BrokenPipeError, EOFError, OSError):
            return False
        return True

    def _running(self) -> _Process:
        """The live process, started (again) if needed."""
        with self._lock:
            current = self._current
        if current is not None and current.process.is_alive():
            return current
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        process = untracked.process_class()(  # no resource tracker process: 13 MB less
            target=server.main, args=(theirs, self._handlers_factory), name=self._name, daemon=True
        )
        process.start()
        theirs.close()  # only the child holds its end: its death reads as EOF here
        current = _Process(process, ours)
        with self._lock:
            self._current = current
        reader = threading.Thread(
            target=self._read_loop, args=(current,), name=f"{self._name}-read", daemon=True
        )
        reader.start()
        log.info("%s started (pid %s)", self._name, process.pid)
        return current

    def _stop_process(self) -> None:
        with self._lock:
            current = self._current
        if current is None:
            return
        self._write(current, Stop())
        current.process.join(STOP_WAIT_SECONDS)
        if current.process.is_alive():
            log.warning("%s did not stop; killing it", self._name)
            current.process.kill()
            current.process.join(STOP_WAIT_SECONDS)
        current.connection.close()

    def _fail_waiting(self) -> None:
        """Settle what was queued but never sent (the client closed)."""
        while True:
            try:
                message = self._outbox.get_nowait()
            except queue.Empty:
                return
            if isinstance(message, Call):
                self._settle(message, error=RuntimeError("the worker client is closed"))

    # the reader thread (one per process)

    def _read_loop(self, current: _Process) -> None:
        while True:
            try:
                response = current.connection.recv()
            except (EOFError, OSError):
                break
            except Exception:  # an answer that cannot be unpickled
                log.exception("%s: unreadable answer", self._name)
                continue
            if isinstance(response, Response):
                with self._lock:
                    call = current.calls.pop(response.id, None)
                if call is not None:
                    self._answer(call, response)
        current.process.join(STOP_WAIT_SECONDS)
        exit_code = current.process.exitcode
        with self._lock:
            orphans = list(current.calls.values())
            current.calls.clear()
            if self._current is current:
                self._current = None
        if orphans:
            log.warning(
                "%s ended (exit code %s) with %d requests", self._name, exit_code, len(orphans)
            )
        for call in orphans:
            self._settle(call, error=WorkerDied(exit_code))

    def _answer(self, call: Call, response: Response) -> None:
        if response.cancelled or call.cancelled:
            self._settle(call, cancelled=True)
        elif response.error is not None:
            self._settle(call, error=response.error)
        else:
            try:
                result = call.finish(response.result)
            except Exception as error:
                self._settle(call, error=error)
            else:
                self._settle(call, result=result)

    def _settle(
        self,
        call: Call,
        *,
        result: Any = None,
        error: BaseException | None = None,
        cancelled: bool = False,
    ) -> None:
        try:
            call.cleanup()
        except Exception:
            log.exception("%s: cleanup of request %d failed", self._name, call.id)
        if call.future.done():
            return
        if cancelled:
            call.future.cancel()
        elif error is not None:
            call.future.set_exception(error)
        else:
            call.future.set_result(result)


class RenderClient(WorkerClient):
    """A `WorkerClient` for the PDF viewer: the render process and its typed requests."""

    def __init__(self) -> None:
        super().__init__("companion.core.render_process.render:handlers", name="companion-render")

    def open_document(
        self, path: Path, page: int, rule: ScaleRule, pixel_format: PixelFormat
    ) -> Call:
        """Open ``path`` and render ``page``; settles with an `OpenedDocument`."""
        from companion.core.render_process.render import attach_opened

        name = _segment_name()

        def finish(opened: OpenedDocument) -> OpenedDocument:
            return attach_opened(opened, name)

        return self.submit(
            "open", path, page, rule, pixel_format, name, finish=finish, cleanup=_discarder(name)
        )

    def page_sizes(self, path: Path, start: int, stop: int) -> Call:
        """The sizes of pages ``start`` .. ``stop``; settles with a `SizesChunk`."""
        return self.submit("sizes", path, start, stop)

    def render_page(
        self,
        path: Path,
        index: int,
        scale: float,
        pixel_format: PixelFormat,
        clip: Clip | None = None,
    ) -> Call:
        """Render page ``index`` at ``scale`` (only ``clip``); settles with a `RenderedPage`."""
        from companion.core.render_process.render import attach_pixels

        name = _segment_name()

        def finish(rendered: RenderedPage) -> RenderedPage:
            return attach_pixels(rendered, name)

        arguments = (path, index, scale, pixel_format, name, clip)
        return self.submit("render", *arguments, finish=finish, cleanup=_discarder(name))

    def page_words(self, path: Path, index: int) -> Call:
        """The words of page ``index``; settles with a list of `Word`."""
        return self.submit("words", path, index)

    def agenda_pages(self, path: Path, items: list[AgendaItem]) -> Call:
        """The page of each item's bookmark in the agenda PDF; settles with ``{item id: page}``."""
        return self.submit("agenda_pages", path, items)

    def release_documents(self) -> Call:
        """Close the files the process keeps open."""
        return self.submit("release")


def _segment_name() -> str | None:
    return shared_pixels.new_name() if shared_pixels.AVAILABLE else None


def _discarder(name: str | None) -> Callable[[], None]:
    def discard() -> None:
        if name is not None:
            shared_pixels.discard(name)

    return discard


def wait(call: Call, timeout: float | None = None) -> Any:
    """Block until ``call`` is answered (for worker threads, the CLI and tests)."""
    return call.future.result(timeout)


__all__ = ["Call", "RenderClient", "WorkerClient", "WorkerDied", "wait"]
