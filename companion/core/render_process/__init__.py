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
"""
