"""Housekeeping of the library: removal order, leftovers, unused and no longer needed blobs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pymupdf

from companion.cli import main
from companion.core.library import Library
from companion.core.library_housekeeping import LEFTOVER_MIN_AGE_SECONDS, collect_at_start
from companion.core.model import Meeting
from companion.core.package import file_ref_for, write_package
from companion.core.personal import PersonalStore
from companion.core.resources import resources_dir
from tests.revision_data import MEETING_ID, read_sample, sample_path

SAMPLE = resources_dir() / "samples" / "kkr-midtjylland-2016-11-22.zip"

#: Run in a child: remove the meeting, killed (os._exit) right after it deleted its
#: first blob, the way a power button or a crash can stop it there.
_REMOVE_KILLED_AFTER_FIRST_BLOB = """
import os, pathlib, sys
from companion.core.library import Library
blobs = pathlib.Path(sys.argv[1]) / "blobs"
real_unlink = pathlib.Path.unlink
def unlink(self, missing_ok=False):
    real_unlink(self, missing_ok=missing_ok)
    if blobs in self.parents and not self.name.startswith("."):
        os._exit(9)
pathlib.Path.unlink = unlink
Library(pathlib.Path(sys.argv[1])).remove_meeting(sys.argv[2])
"""


def _import_sample(data_dir: Path) -> tuple[str, set[str]]:
    with Library(data_dir) as library:
        outcome = library.import_path(SAMPLE)
        shas = {ref.sha256 for ref in library.meeting(outcome.meeting_id).files()}
    return outcome.meeting_id, shas


def test_a_removal_killed_while_deleting_files_leaves_no_row_naming_a_deleted_file(
    tmp_path: Path,
) -> None:
    meeting_id, shas = _import_sample(tmp_path)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(_REMOVE_KILLED_AFTER_FIRST_BLOB),
            str(tmp_path),
            meeting_id,
        ],
        capture_output=True,
        text=True,
    )
    assert killed.returncode == 9, killed.stderr
    with Library(tmp_path) as library:
        listed = {m.id for m in library.meetings()}
        missing = [sha for sha in shas if not (tmp_path / "blobs" / sha[:2] / sha).exists()]
        assert len(missing) == 1  # the child deleted one file before it was killed
        # The rows were committed before any file went: the meeting is gone, not
        # listed with a file that is no longer there.
        assert meeting_id not in listed
        assert library.versions(meeting_id) == []


def test_the_library_sets_synchronous_full_itself(tmp_path: Path) -> None:
    # WAL with the build's default (NORMAL in many builds) may lose the last commits
    # in a power cut; the library does not rely on the default.
    with Library(tmp_path) as library:
        assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert library.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def _blob(data_dir: Path, sha: str) -> Path:
    return data_dir / "blobs" / sha[:2] / sha


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_housekeeping_at_start_collects_leftovers_and_unused_files_only(
    tmp_path: Path,
) -> None:
    other_id, other_shas = _import_sample_2020(tmp_path)
    [kept_sha] = other_shas
    # The blob of an import that failed (or a removal killed after its commit): a
    # stand-in file, named by its sha256, that no version references.
    orphan_bytes = b"stand-in file for a test: a blob no meeting references"
    orphan = _blob(tmp_path, hashlib.sha256(orphan_bytes).hexdigest())
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(orphan_bytes)
    folder = _blob(tmp_path, kept_sha).parent
    old_incoming = folder / ".incoming-0123abcd"  # a copy killed long ago
    old_incoming.write_bytes(b"half a copy")
    _age(old_incoming, LEFTOVER_MIN_AGE_SECONDS + 60)
    fresh_incoming = folder / ".incoming-4567ef01"  # a copy running right now
    fresh_incoming.write_bytes(b"a copy under way")
    partial = tmp_path / "backups" / "start-20261201-080000-000000.db.partial"
    partial.parent.mkdir()
    partial.write_bytes(b"half a backup")
    _age(partial, LEFTOVER_MIN_AGE_SECONDS + 60)
    part = tmp_path / "downloads" / (kept_sha + ".part")
    part.parent.mkdir()
    part.write_bytes(b"half a download")  # a sync in another process may resume it
    _age(part, LEFTOVER_MIN_AGE_SECONDS + 60)

    collected = collect_at_start(tmp_path)

    assert sorted(collected.leftovers) == sorted([old_incoming, partial])
    assert collected.unused_blobs == [orphan]
    assert not old_incoming.exists() and not partial.exists() and not orphan.exists()
    assert fresh_incoming.exists() and part.exists()
    with Library(tmp_path) as library:
        assert [m.id for m in library.meetings()] == [other_id]
        assert library.blob_path(kept_sha) is not None  # the meeting's own file stays


def _import_sample_2020(data_dir: Path) -> tuple[str, set[str]]:
    with Library(data_dir) as library:
        outcome = library.import_path(sample_path("kkr-midtjylland-2020-02-05"))
        shas = {ref.sha256 for ref in library.meeting(outcome.meeting_id).files()}
    return outcome.meeting_id, shas


def _two_versions(data_dir: Path, tmp_path: Path) -> tuple[Meeting, str, str]:
    """The real sample as version 1, and a version 2 whose agenda PDF is another file.

    Version 2's agenda PDF is a stand-in generated here (labelled as one in its
    text): the shipped packages hold one PDF each. Returns (v1, v1's PDF sha, v2's).
    """
    original, files = read_sample(MEETING_ID, tmp_path / "files")
    stand_in = tmp_path / "files" / "dagsorden-v2.pdf"
    document = pymupdf.open()
    document.new_page().insert_text(
        (72, 72), "Stand-in agenda PDF generated by a test: version 2 of the meeting."
    )
    document.save(stand_in)
    document.close()
    revised = Meeting.from_dict(original.to_dict())
    revised.version = 2
    assert original.agenda_pdf is not None
    revised.agenda_pdf = file_ref_for(stand_in, original.agenda_pdf.name, "dagsorden-v2.pdf")
    package = write_package(
        revised, {**files, revised.agenda_pdf.sha256: stand_in}, tmp_path / "v2.zip"
    )
    with Library(data_dir) as library:
        library.import_path(sample_path(MEETING_ID))
        library.import_path(package)
    return original, original.agenda_pdf.sha256, revised.agenda_pdf.sha256


def _annotate_old_version(data_dir: Path, meeting: Meeting, anchored: int | None) -> None:
    with PersonalStore(data_dir / "personal.db") as store:
        item = meeting.items[0]
        store.add_annotation(
            meeting.id,
            item.id,
            "item",
            {"exact": item.title, "prefix": "", "suffix": "", "position": 0},
            note="Spørg til det",
        )
        if anchored is not None:
            store.set_anchored_version(meeting.id, anchored)


def test_an_old_versions_file_stays_while_annotations_are_anchored_to_that_version(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    v1, old_sha, new_sha = _two_versions(data, tmp_path)
    _annotate_old_version(data, v1, anchored=1)  # not re-anchored to version 2 yet

    collected = collect_at_start(data)

    assert collected.old_version_blobs == []
    assert _blob(data, old_sha).exists() and _blob(data, new_sha).exists()


def test_an_old_versions_file_goes_once_annotations_are_anchored_to_a_newer_version(
    tmp_path: Path, capsys
) -> None:
    data = tmp_path / "data"
    v1, old_sha, new_sha = _two_versions(data, tmp_path)
    _annotate_old_version(data, v1, anchored=2)

    assert main(["--data-dir", str(data), "check"]) == 0  # a note, not a problem
    out = capsys.readouterr().out
    assert (
        f"note: old version's file: {_blob(data, old_sha)} (used only by {v1.id} version 1)" in out
    )
    assert _blob(data, old_sha).exists()

    assert main(["--data-dir", str(data), "check", "--repair"]) == 0
    assert f"fixed: old version's file: {_blob(data, old_sha)}" in capsys.readouterr().out

    assert not _blob(data, old_sha).exists() and _blob(data, new_sha).exists()
    with Library(data) as library:
        assert library.versions(v1.id) == [1, 2]  # the text stays for the revision view
        assert library.blob_path(new_sha) is not None
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "missing" not in capsys.readouterr().out  # no row names the removed file


def test_without_annotations_at_start_only_the_current_versions_files_stay(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    _, old_sha, new_sha = _two_versions(data, tmp_path)

    collected = collect_at_start(data)

    assert collected.old_version_blobs == [old_sha]
    assert [p.name for p in collected.unused_blobs] == [old_sha]
    assert not _blob(data, old_sha).exists() and _blob(data, new_sha).exists()


def test_a_personal_store_that_cannot_be_read_keeps_every_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _, old_sha, _ = _two_versions(data, tmp_path)
    (data / "personal.db").write_bytes(b"not a database " * 300)

    assert collect_at_start(data).old_version_blobs == []
    assert _blob(data, old_sha).exists()
