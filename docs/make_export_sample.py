"""Write docs/export-notes-first-page.png: page 1 of a notes export, as a member gets it.

The meeting is the real KKR Midtjylland agenda of 22-11-2016; the member's work
(positions, questions, notes, highlights) is the one the export tests record
through the personal store's API (tests/core/test_export_notes.py).

Usage: python docs/make_export_sample.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pymupdf  # noqa: E402

from companion.core.export.notes import export_notes  # noqa: E402
from companion.core.library import Library  # noqa: E402
from companion.core.personal import PersonalStore  # noqa: E402
from tests.core.test_export_notes import prepare  # noqa: E402

DPI = 110


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else Path(__file__).with_name("export-notes-first-page.png"))
    with tempfile.TemporaryDirectory(prefix="companion-export-sample-") as temp:
        prepared = prepare(Path(temp))
        with Library(prepared.data_dir) as library, PersonalStore(prepared.personal_path) as store:
            pdf = export_notes(library, store, prepared.meeting.id, "pdf", Path(temp) / "n.pdf")
        with pymupdf.open(pdf) as document:
            document[0].get_pixmap(dpi=DPI).save(target)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
