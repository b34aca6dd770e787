"""A library that notices and repairs: damaged blobs count as missing, `companion check`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from companion.cli import main
from companion.core.check import Kind, check_data
from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.core.resources import resources_dir

SAMPLE = resources_dir() / "samples" / "kkr-midtjylland-2015-04-20.zip"


def _imported(data_dir: Path) -> tuple[str, str]:
    """Import the real sample package; (meeting id, sha256 of its first file)."""
    with Library(data_dir) as library:
        outcome = library.import_path(SAMPLE)
        sha = next(iter(library.meeting(outcome.meeting_id).files())).sha256
    return outcome.meeting_id, sha


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:110] = b"XXXXXXXXXX"  # same size, other bytes
    path.write_bytes(bytes(data))


def test_a_damaged_blob_counts_as_missing_and_an_unchanged_import_brings_it_back(
    tmp_path: Path,
) -> None:
    meeting_id, sha = _imported(tmp_path)
    with Library(tmp_path) as library:
        blob = library.blob_path(sha)
        assert blob is not None
        _corrupt(blob)
        assert library.blob_path(sha) is None  # not a broken PDF, a missing file
        assert not blob.exists()  # removed, so a sync or import fetches it again
        assert library.import_path(SAMPLE).status == "unchanged"
        repaired = library.blob_path(sha)
        assert repaired is not None
        assert hashlib.sha256(repaired.read_bytes()).hexdigest() == sha


def test_a_damaged_blob_is_noticed_despite_the_cache_when_it_is_rewritten(tmp_path: Path) -> None:
    _meeting_id, sha = _imported(tmp_path)
    with Library(tmp_path) as library:
        blob = library.blob_path(sha)
        assert blob is not None and library.blob_path(sha) == blob  # verified, remembered
        _corrupt(blob)  # a new mtime: the remembered check no longer applies
        assert not library.has_blob(sha)


def test_check_finds_and_repairs_and_a_reimport_restores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _meeting_id, sha = _imported(tmp_path)
    with PersonalStore(tmp_path / "personal.db") as store:
        store.set_note("kkr", None, "a note")
    blob = tmp_path / "blobs" / sha[:2] / sha
    _corrupt(blob)
    orphan_bytes = b"stand-in file for a test: no meeting uses it"
    orphan_sha = hashlib.sha256(orphan_bytes).hexdigest()
    orphan = tmp_path / "blobs" / orphan_sha[:2] / orphan_sha
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(orphan_bytes)
    incoming = blob.parent / ".incoming-0123abcd"
    incoming.write_bytes(b"half a copy")
    part = tmp_path / "downloads" / (sha + ".part")
    part.parent.mkdir()
    part.write_bytes(b"half a download")

    assert main(["--data-dir", str(tmp_path), "check"]) == 1
    out = capsys.readouterr().out
    assert f"found: damaged file: {blob}" in out
    assert f"found: unused file: {orphan}" in out
    assert f"found: leftover: {incoming}" in out
    assert f"found: leftover: {part}" in out
    assert blob.exists() and orphan.exists() and incoming.exists() and part.exists()

    assert main(["--data-dir", str(tmp_path), "check", "--repair"]) == 0
    out = capsys.readouterr().out
    assert f"fixed: damaged file: {blob}" in out
    assert f"fixed: unused file: {orphan}" in out
    assert f"note: missing file: {blob}" in out
    assert not blob.exists() and not orphan.exists() and not incoming.exists()
    assert not part.exists()

    assert main(["--data-dir", str(tmp_path), "import", str(SAMPLE)]) == 0
    capsys.readouterr()
    report = check_data(tmp_path)
    assert report.findings == [] and report.blobs_checked > 0
    assert hashlib.sha256(blob.read_bytes()).hexdigest() == sha


def test_check_says_a_damaged_personal_store_remains_a_problem(tmp_path: Path) -> None:
    _imported(tmp_path)
    personal = tmp_path / "personal.db"
    personal.write_bytes(b"stand-in for a test: not a database at all" * 100)
    report = check_data(tmp_path, repair=True)
    assert [f.kind for f in report.problems_left] == [Kind.UNREADABLE_DATABASE]
    assert personal.read_bytes().startswith(b"stand-in")  # never changed by a repair


def test_repair_leaves_a_running_syncs_downloads_alone(tmp_path: Path) -> None:
    from companion.core.sources.sync_lock import sync_lock

    _imported(tmp_path)
    part = tmp_path / "downloads" / ("ab" * 32 + ".part")
    part.parent.mkdir()
    part.write_bytes(b"stand-in: half a download of a sync still running")
    with sync_lock(tmp_path):  # the running sync (a second lock on the file: flock conflicts)
        report = check_data(tmp_path, repair=True)
        assert part.exists(), "a running sync's download was deleted"
        assert all(finding.path != part for finding in report.findings)
    report = check_data(tmp_path, repair=True)  # the sync is over: now it is a leftover
    assert [finding.path for finding in report.findings if finding.kind is Kind.LEFTOVER] == [part]
    assert not part.exists()
