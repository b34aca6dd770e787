"""Every use of PyMuPDF in the app holds one lock (PyMuPDF is not thread safe).

For each entry point: while this thread holds `MUPDF_LOCK`, a call on another
thread must wait; once the lock is released it completes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.core import pdf_render
from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.anchoring import pdf_words
from companion.core.export.annotated import write_annotated_pdf
from companion.core.export.document import Document, text_paragraph
from companion.core.export.render_pdf import render_pdf
from companion.core.mupdf_lock import MUPDF_LOCK
from tests.ui.conftest import real_meeting_2016, text_pdf

WAIT_SECONDS = 0.3


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    meeting = real_meeting_2016()
    return text_pdf([meeting.items[0].text], tmp_path_factory.mktemp("lock") / "a.pdf")


def entry_points(pdf: Path, tmp_path: Path) -> dict[str, Callable[[], object]]:
    return {
        "render_agenda_pdf": lambda: render_agenda_pdf(real_meeting_2016()),
        "render_pdf": lambda: render_pdf(Document("Noter", blocks=[text_paragraph("Én linje")])),
        "write_annotated_pdf": lambda: write_annotated_pdf(pdf, [], tmp_path / "copy.pdf"),
        "pdf_words": lambda: pdf_words(pdf),
        "table_of_contents": lambda: pdf_render.table_of_contents(pdf),
        "render_page": lambda: pdf_render.render_page(pdf, 0, 0.5),
        "page_words": lambda: pdf_render.page_words(pdf, 0),
    }


@pytest.mark.parametrize(
    "name",
    [
        "render_agenda_pdf",
        "render_pdf",
        "write_annotated_pdf",
        "pdf_words",
        "table_of_contents",
        "render_page",
        "page_words",
    ],
)
def test_the_entry_point_waits_for_the_lock(name: str, pdf: Path, tmp_path: Path) -> None:
    call = entry_points(pdf, tmp_path)[name]
    done = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as error:  # reported below, on the test's thread
            errors.append(error)
        finally:
            done.set()

    with MUPDF_LOCK:
        worker = threading.Thread(target=run)
        worker.start()
        assert not done.wait(WAIT_SECONDS), f"{name} ran while another thread held the lock"
    assert done.wait(30), f"{name} did not finish after the lock was released"
    worker.join()
    assert errors == []
