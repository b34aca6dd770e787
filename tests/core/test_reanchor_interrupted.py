"""A re-anchoring stopped between its writes and its version record (a kill, a power cut).

Re-anchoring used to commit each moved annotation on its own and record the
meeting's anchored version last. Stopped in between, some annotations sat on the
new version while the store still named the old one; when a further version then
arrived, the next run re-anchored from the old version, and a highlight already
moved onto the replacement file of a bilag was not found among the old version's
files, so it stayed on a file the new version no longer shows.

Version 1 is the real 2016 sample with its first bilag provided as a PDF; versions
2 and 3 replace that bilag with the same real text laid out anew. The PDFs are
stand-ins generated from the longest real item of the 2015 sample (the samples'
bilag have no files).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from companion.core.anchoring import pdf_anchor_for, pdf_words
from companion.core.library import ImportOutcome, Library
from companion.core.model import FileRef, Meeting
from companion.core.package import write_package
from companion.core.personal import PersonalStore
from companion.core.reanchor_store import reanchor_imported
from tests.core.anchoring_corpus import longest_item, text_pdf
from tests.revision_data import MEETING_ID, read_sample, sample_path


class PowerCut(Exception):
    """Stands in for the process dying at that moment (a kill cannot be placed exactly)."""


class StoreCutBeforeTheVersionRecord(PersonalStore):
    """The real store, stopped when re-anchoring goes to record the anchored version."""

    def set_anchored_version(self, meeting_id: str, version: int) -> None:
        raise PowerCut(f"power cut before recording {meeting_id} at version {version}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_bilag(meeting: Meeting, version: int, pdf: Path) -> Meeting:
    """``meeting`` as ``version``, its first item's first bilag provided as ``pdf``."""
    copy = Meeting.from_dict(meeting.to_dict())
    copy.version = version
    item = next(item for item in copy.items if item.attachments)
    item.attachments[0].file = FileRef(
        name=item.attachments[0].title,
        file_name=pdf.name,
        mime_type="application/pdf",
        size=pdf.stat().st_size,
        sha256=_sha256(pdf),
    )
    return copy


@pytest.fixture
def three_versions(tmp_path: Path) -> tuple[list[Path], list[str], str]:
    """Packages of versions 1-3 (the bilag in three layouts), the bilag's sha256s, its item."""
    meeting, files = read_sample(MEETING_ID, tmp_path / "files")
    other, _ = read_sample("kkr-midtjylland-2015-04-20", tmp_path / "files-2015")
    paragraphs = [line for line in longest_item(other).text.split("\n") if line.strip()]
    layouts = [("a4", 11.0), ("letter-l", 8.0), ("a4", 9.0)]
    packages, shas = [], []
    for version, (paper, size) in enumerate(layouts, start=1):
        pdf = text_pdf(tmp_path / f"bilag-v{version}.pdf", paragraphs, paper, size)
        shas.append(_sha256(pdf))
        revised = _with_bilag(meeting, version, pdf)
        packages.append(
            write_package(revised, {**files, shas[-1]: pdf}, tmp_path / f"v{version}.zip")
        )
    item_id = next(item.id for item in meeting.items if item.attachments)
    assert sample_path(MEETING_ID).exists()
    return packages, shas, item_id


def _highlighted_store(path: Path, library: Library, sha: str, item_id: str) -> str:
    """A store with one highlight on the version 1 bilag; the highlight's id."""
    blob = library.blob_path(sha)
    assert blob is not None
    anchor = pdf_anchor_for(pdf_words(blob), 1, 100, 112, sha)
    with PersonalStore(path) as store:
        store.set_anchored_version(MEETING_ID, 1)
        return store.add_annotation(
            MEETING_ID, item_id, "attachment", anchor.to_dict(), file_sha256=sha, note="spørg"
        ).id


def test_a_cut_before_the_version_record_leaves_nothing_the_next_version_mishandles(
    three_versions: tuple[list[Path], list[str], str], tmp_path: Path
) -> None:
    packages, shas, item_id = three_versions
    to_v2 = ImportOutcome(MEETING_ID, 2, "updated", 1)
    to_v3 = ImportOutcome(MEETING_ID, 3, "updated", 2)
    with Library(tmp_path / "data") as library:
        library.import_path(packages[0])
        cut_path, uncut_path = tmp_path / "cut.db", tmp_path / "uncut.db"
        highlight = _highlighted_store(cut_path, library, shas[0], item_id)
        uncut_path.write_bytes(cut_path.read_bytes())
        library.import_path(packages[1])
        with StoreCutBeforeTheVersionRecord(cut_path) as store, pytest.raises(PowerCut):
            reanchor_imported(store, library, to_v2)
        with PersonalStore(cut_path) as store:
            [annotation] = store.annotations(MEETING_ID)
            after_cut = (store.anchored_version(MEETING_ID), annotation.file_sha256)
        with PersonalStore(uncut_path) as store:
            reanchor_imported(store, library, to_v2)
        library.import_path(packages[2])
        results = {}
        for path in (cut_path, uncut_path):
            with PersonalStore(path) as store:
                reanchor_imported(store, library, to_v3)
                [annotation] = store.annotations(MEETING_ID)
                results[path.stem] = (
                    store.anchored_version(MEETING_ID),
                    annotation.id,
                    annotation.file_sha256,
                    annotation.detached,
                )
    assert results["uncut"] == (3, highlight, shas[2], False)
    assert results["cut"] == results["uncut"], "the highlight was left on version 2's bilag"
    assert after_cut == (1, shas[0]), "all or nothing: wholly on version 1, as recorded"
