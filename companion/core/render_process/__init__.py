"""PDF work out of the window's interpreter: a long-lived helper process and its client.

PyMuPDF holds Python's interpreter lock for a whole page render, so a render on
a worker thread still freezes the window. Here it runs in a separate process:

- `protocol`: the messages (`Request`, `Cancel`, `Stop`, `Response`), not tied
  to rendering;
- `server`: the process's loop over a table of handlers;
- `client`: `WorkerClient` (spawn, request ids, cancel, restart, close) and
  `RenderClient` (the viewer's calls);
- `render`: the render table (open, page sizes, render, words) over
  `companion.core.pdf_render`;
- `shared_pixels`: rendered pixels handed over through shared memory.

Other work that holds the lock for long can use the same kind of process: a
module gives a table of handlers (``def handlers() -> Handlers``) and the
caller makes a ``WorkerClient("package.module:handlers")``. The search's
attachment text extraction would give ``{"extract_pages": extract_pages}``
and call ``wait(client.submit("extract_pages", path, start, stop))`` per chunk
from its indexing thread instead of its own spawned pool; a dead process fails
the chunk with `WorkerDied`, the next chunk starts a new one.
"""
