"""Benchmark: exporting a member's notes and annotated PDFs, against PyMuPDF's own work.

The meeting is the real KKR Midtjylland agenda of 20-04-2015 (the longest of the
four samples) with a heavy preparation: a position with a remark, two questions
and an item note on every item, and 200 text highlights with notes spread over
the items. Figures (medians of runs):

- notes export as PDF, DOCX and Markdown (everything: all items, Indstilling);
  reference: the agenda PDF of the same meeting rendered by the same PyMuPDF
  Story engine (``render_agenda_pdf``), measured in the same run. Target: the
  notes PDF within 3x the agenda PDF (it holds the Indstillinger, the member's
  words and 200 quotations on top of the agenda's structure).
- an annotated copy of the agenda PDF with 400 highlights (words on every page,
  with colour, note and author); reference: PyMuPDF alone adding the same 400
  highlight annotations (quads only) and saving. Target: within 2x.

The member's words are the benchmark's own; the agenda content is the real one.

Usage: python benchmarks/export.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pymupdf  # noqa: E402

from companion.core.agenda_pdf import render_agenda_pdf  # noqa: E402
from companion.core.anchoring import item_anchor, pdf_anchor_for, pdf_words  # noqa: E402
from companion.core.export.annotated import write_annotated_pdf  # noqa: E402
from companion.core.export.notes import NotesOptions, export_notes  # noqa: E402
from companion.core.library import Library  # noqa: E402
from companion.core.model import Meeting  # noqa: E402
from companion.core.personal import Annotation, PersonalStore  # noqa: E402
from companion.core.samples import import_samples  # noqa: E402

MEETING_ID = "kkr-midtjylland-2015-04-20"
TEXT_HIGHLIGHTS = 200
PDF_HIGHLIGHTS = 400
NOTES_TARGET = 3.0
ANNOTATED_TARGET = 2.0
EVERYTHING = NotesOptions(only_items_with_my_work=False, include_indstilling=True)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of ``action`` over ``runs`` runs (after one warm-up)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepare(store: PersonalStore, meeting: Meeting) -> None:
    """A heavy preparation of every item, written through the personal store's API."""
    store.set_note(meeting.id, None, "Forberedelse: læs bilagene, ring til formanden.")
    places = [(item, offset) for item in meeting.items for offset in range(0, len(item.text), 97)]
    step = max(1, len(places) // TEXT_HIGHLIGHTS)
    for item in meeting.items:
        store.set_position(meeting.id, item.id, stance="forbehold", remark="Afventer gruppen.")
        store.add_question(meeting.id, item.id, "Hvad koster det for kommunerne?")
        store.add_question(meeting.id, item.id, "Hvornår kommer sagen igen?")
        store.set_note(meeting.id, item.id, "Tag det op på gruppemødet før KKR.")
    for item, offset in places[::step][:TEXT_HIGHLIGHTS]:
        end = min(len(item.text), offset + 60)
        if item.text[offset:end].strip():
            anchor = item_anchor(item, offset, end).to_dict()
            store.add_annotation(meeting.id, item.id, "item", anchor, note="Spørg til dette.")


def pdf_highlights(pdf: Path, sha256: str, count: int) -> list[Annotation]:
    """``count`` three-word highlights spread over every page of ``pdf``."""
    words = pdf_words(pdf)
    places = [
        (page, index) for page, on_page in enumerate(words) for index in range(len(on_page) - 3)
    ]
    step = max(1, len(places) // count)
    now = datetime.now(UTC)
    annotations = []
    for number, (page, index) in enumerate(places[::step][:count]):
        anchor = pdf_anchor_for(words, page, index, index + 2, sha256).to_dict()
        annotations.append(
            Annotation(
                f"a{number}", MEETING_ID, None, "attachment", sha256, anchor, "yellow",
                "Note", now, now, False,
            )
        )  # fmt: skip
    return annotations


def pymupdf_alone(pdf: Path, marks: list[Annotation], dest: Path) -> None:
    """The reference: the same highlights added by PyMuPDF's own calls, nothing else."""
    with pymupdf.open(pdf) as document:
        for mark in marks:
            quads = [pymupdf.Quad(*zip(q[::2], q[1::2], strict=True)) for q in mark.anchor["quads"]]
            document[mark.anchor["page"]].add_highlight_annot(quads=quads)
        document.save(dest, garbage=1, deflate=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="companion-bench-export-") as temp:
        folder = Path(temp)
        with Library(folder / "data") as library:
            import_samples(library)
            meeting = library.meeting(MEETING_ID)
        store_path = folder / "personal.db"
        with PersonalStore(store_path) as store:
            prepare(store, meeting)
        agenda = folder / "dagsorden.pdf"
        agenda.write_bytes(render_agenda_pdf(meeting))
        with pymupdf.open(agenda) as document:
            pages = document.page_count

        def notes(fmt: str) -> Callable[[], object]:
            def run() -> object:
                with Library(folder / "data") as library, PersonalStore(store_path) as store:
                    return export_notes(
                        library, store, MEETING_ID, fmt, folder / f"notes.{fmt}", EVERYTHING
                    )

            return run

        reference = median_seconds(lambda: render_agenda_pdf(meeting), args.runs)
        figures = {fmt: median_seconds(notes(fmt), args.runs) for fmt in ("pdf", "docx", "md")}
        marks = pdf_highlights(agenda, "0" * 64, PDF_HIGHLIGHTS)
        annotated = median_seconds(
            lambda: write_annotated_pdf(agenda, marks, folder / "annotated.pdf"), args.runs
        )
        plain = median_seconds(
            lambda: pymupdf_alone(agenda, marks, folder / "plain.pdf"), args.runs
        )
        with pymupdf.open(folder / "annotated.pdf") as document:
            drawn = sum(len(list(page.annots())) for page in document)

    notes_ratio = figures["pdf"] / reference
    annotated_ratio = annotated / plain
    print(f"meeting {MEETING_ID}: {len(meeting.items)} items, agenda PDF {pages} pages")
    print(f"agenda PDF (reference)     {reference * 1000:8.1f} ms")
    for fmt, seconds in figures.items():
        print(f"notes export {fmt:<5}         {seconds * 1000:8.1f} ms")
    print(f"notes PDF / agenda PDF     {notes_ratio:8.2f}x   (target {NOTES_TARGET}x)")
    print(f"PyMuPDF alone (reference)  {plain * 1000:8.1f} ms")
    print(f"annotated PDF, {drawn} marks {annotated * 1000:8.1f} ms")
    print(f"annotated / PyMuPDF alone  {annotated_ratio:8.2f}x   (target {ANNOTATED_TARGET}x)")
    met = notes_ratio <= NOTES_TARGET and annotated_ratio <= ANNOTATED_TARGET
    print("targets met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
