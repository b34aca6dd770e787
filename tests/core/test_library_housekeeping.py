"""Housekeeping of the library: removal order, leftovers, unused and no longer needed blobs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from companion.core.library import Library
from companion.core.resources import resources_dir

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
