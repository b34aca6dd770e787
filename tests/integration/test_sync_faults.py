"""Faults injected by the loopback feed server: each ends in a correct library, a clear message."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed.client import (
    AuthenticationRequired,
    Progress,
    RetryPolicy,
    SyncError,
    SyncReport,
    SyncSource,
    sync,
)
from companion.core.sources.feed.feed import file_path
from companion.core.sources.feed.publish import publish

from .conftest import (
    REVISED_ID,
    FeedHandler,
    FeedServer,
    load_meeting,
    revise,
    sample,
    self_signed_certificate,
    write_revision,
)

FAST = RetryPolicy(attempts=3, base_delay=0.01, timeout=5)
SAMPLE_IDS = sorted(path.stem for path in sample_packages())


def run_sync(server: FeedServer, data_dir: Path, **options) -> SyncReport:  # type: ignore[no-untyped-def]
    options.setdefault("retry", FAST)
    with Library(data_dir) as library:
        return sync(SyncSource(server.url), library, **options)


def agenda_path(meeting_id: str) -> str:
    """The feed path of a sample meeting's agenda PDF."""
    pdf = load_meeting(sample(meeting_id)).agenda_pdf
    assert pdf is not None
    return file_path(pdf.sha256)


def once(path: str, answer: Callable[[FeedHandler], None]) -> Callable[[FeedHandler], bool]:
    """A fault that answers the first request for ``path`` with ``answer``."""
    fired: list[bool] = []

    def fault(handler: FeedHandler) -> bool:
        if handler.hit.path != path or fired:
            return False
        fired.append(True)
        answer(handler)
        return True

    return fault


def assert_all_samples_intact(data_dir: Path) -> None:
    with Library(data_dir) as library:
        assert sorted(m.id for m in library.meetings()) == SAMPLE_IDS
        for package in sample_packages():
            meeting = load_meeting(package)
            assert library.meeting(meeting.id).to_dict() == meeting.to_dict()
            for ref in meeting.files():
                blob = library.blob_path(ref.sha256)
                assert blob is not None
                assert hashlib.sha256(blob.read_bytes()).hexdigest() == ref.sha256


def test_500_then_success_is_retried(feed_server: FeedServer, data_dir: Path) -> None:
    pdf = agenda_path(REVISED_ID)
    faults = [
        once("index.json", lambda h: h.send_status(500)),
        once(pdf, lambda h: h.send_status(503)),
    ]
    feed_server.fault = lambda handler: any(fault(handler) for fault in faults)

    report = run_sync(feed_server, data_dir)

    assert report.failed == [] and len(report.meetings) == 4
    assert feed_server.paths("index.json") == ["index.json", "index.json"]
    assert feed_server.paths(pdf) == [pdf, pdf]
    assert_all_samples_intact(data_dir)


def test_persistent_500_gives_up_naming_the_url(feed_server: FeedServer, data_dir: Path) -> None:
    def always_500(handler: FeedHandler) -> bool:
        handler.send_status(500)
        return True

    feed_server.fault = always_500

    with pytest.raises(SyncError) as caught:
        run_sync(feed_server, data_dir)

    message = str(caught.value)
    assert feed_server.url + "index.json" in message and "500" in message
    assert "Gave up after 3 tries" in message
    assert len(feed_server.hits) == 3


@pytest.mark.parametrize("reset", [True, False], ids=["connection-reset", "truncated-body"])
def test_cut_off_file_is_resumed_with_a_range_request(
    feed_server: FeedServer, data_dir: Path, reset: bool
) -> None:
    pdf = agenda_path(REVISED_ID)

    def cut_off(handler: FeedHandler) -> None:
        body = handler.file_bytes()
        assert body is not None
        handler.send_cut_short(body, len(body) // 2, reset=reset)

    feed_server.fault = once(pdf, cut_off)

    report = run_sync(feed_server, data_dir)

    assert report.failed == [] and len(report.meetings) == 4
    first, second = (hit for hit in feed_server.hits if hit.path == pdf)
    assert first.range is None and second.status == 206
    assert second.range == f"bytes={first.sent}-"
    assert_all_samples_intact(data_dir)


def test_server_ignoring_range_sends_it_all_again(feed_server: FeedServer, data_dir: Path) -> None:
    pdf = agenda_path(REVISED_ID)
    feed_server.honour_range = False
    feed_server.fault = once(pdf, lambda h: h.send_cut_short(h.file_bytes() or b"", 1000, False))

    report = run_sync(feed_server, data_dir)

    assert report.failed == [] and len(report.meetings) == 4
    assert [hit.status for hit in feed_server.hits if hit.path == pdf] == [200, 200]
    assert_all_samples_intact(data_dir)


def test_wrong_sha256_is_refused_and_the_previous_version_stays(
    feed_server: FeedServer, feed_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    run_sync(feed_server, data_dir)
    revised = revise(load_meeting(sample(REVISED_ID)))
    publish([write_revision(revised, tmp_path / "revision")], feed_dir)
    assert revised.agenda_pdf is not None
    new_pdf = file_path(revised.agenda_pdf.sha256)

    def damaged(handler: FeedHandler) -> bool:
        body = handler.file_bytes()
        if handler.hit.path != new_pdf or body is None:
            return False
        handler.send_body(body[:-4] + b"\0\0\0\0", {})  # same size, other bytes
        return True

    feed_server.fault = damaged

    report = run_sync(feed_server, data_dir)

    [(meeting_id, sentence)] = report.failed
    assert meeting_id == REVISED_ID and report.meetings == []
    assert feed_server.url + new_pdf in sentence and "sha256" in sentence
    assert not list((data_dir / "downloads").glob("*"))
    with Library(data_dir) as library:
        assert library.versions(REVISED_ID) == [1]
        assert not library.has_blob(revised.agenda_pdf.sha256)
    assert_all_samples_intact(data_dir)
    # The index was not marked as synced: the next sync tries again (and succeeds).
    feed_server.fault = None
    again = run_sync(feed_server, data_dir)
    assert [(o.meeting_id, o.version) for o in again.meetings] == [(REVISED_ID, 2)]


def test_slow_drip_completes_with_progress(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.drip = (16 * 1024, 0.02)
    seen: list[Progress] = []

    started = time.monotonic()
    report = run_sync(feed_server, data_dir, progress=seen.append)

    assert time.monotonic() - started > 0.1  # the drip really was slow
    assert report.failed == [] and len(report.meetings) == 4
    files = [p.bytes_done for p in seen if p.phase == "files"]
    assert len(set(files)) >= 4 and files == sorted(files)
    assert files[-1] == seen[-1].bytes_total
    assert_all_samples_intact(data_dir)


def test_timeout_is_retried(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.fault = once("index.json", lambda h: time.sleep(0.6))

    report = run_sync(feed_server, data_dir, retry=RetryPolicy(3, 0.01, timeout=0.3))

    assert len(report.meetings) == 4
    assert feed_server.paths("index.json") == ["index.json", "index.json"]


def test_401_asks_for_credentials_again(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.authorization = "Bearer the-right-one"

    with pytest.raises(AuthenticationRequired) as caught:
        run_sync(feed_server, data_dir)

    assert feed_server.url + "index.json" in str(caught.value)
    assert "401" in str(caught.value)
    assert len(feed_server.hits) == 1  # not retried


def test_404_index_names_the_url(feed_server: FeedServer, feed_dir: Path, data_dir: Path) -> None:
    (feed_dir / "index.json").unlink()

    with pytest.raises(SyncError, match="not found") as caught:
        run_sync(feed_server, data_dir)

    assert feed_server.url + "index.json" in str(caught.value)


def test_404_manifest_fails_that_meeting_only(
    feed_server: FeedServer, feed_dir: Path, data_dir: Path
) -> None:
    manifest = f"meetings/{REVISED_ID}/1.json"
    (feed_dir / manifest).unlink()

    report = run_sync(feed_server, data_dir)

    [(meeting_id, sentence)] = report.failed
    assert meeting_id == REVISED_ID and feed_server.url + manifest in sentence
    assert sorted(o.meeting_id for o in report.meetings) == [
        meeting for meeting in SAMPLE_IDS if meeting != REVISED_ID
    ]


def test_malformed_index_names_the_url_and_problem(
    feed_server: FeedServer, feed_dir: Path, data_dir: Path
) -> None:
    (feed_dir / "index.json").write_text('{"formatVersion": 1, "meetings": [{"id": 3}]}')

    with pytest.raises(SyncError) as caught:
        run_sync(feed_server, data_dir)

    message = str(caught.value)
    assert feed_server.url + "index.json" in message and "meetings[0]" in message
    with Library(data_dir) as library:
        assert library.is_empty()


def test_manifest_not_matching_the_index_or_schema_is_refused(
    feed_server: FeedServer, feed_dir: Path, data_dir: Path
) -> None:
    swapped = feed_dir / f"meetings/{REVISED_ID}/1.json"
    swapped.write_bytes(swapped.read_bytes().replace(b'"version": 1', b'"version": 9'))
    invalid_id = SAMPLE_IDS[0]
    invalid = feed_dir / f"meetings/{invalid_id}/1.json"
    invalid.write_bytes(invalid.read_bytes().replace(b'"organization"', b'"organisation"'))
    fix_index_entry(feed_dir, invalid_id, invalid.read_bytes())

    report = run_sync(feed_server, data_dir)

    reasons = dict(report.failed)
    assert "the index says" in reasons[REVISED_ID]
    assert "not a valid meeting" in reasons[invalid_id] and "organization" in reasons[invalid_id]
    assert len(report.meetings) == 2


def fix_index_entry(feed_dir: Path, meeting_id: str, manifest: bytes) -> None:
    """Make the index agree with a changed manifest (so only its content is wrong)."""
    index = json.loads((feed_dir / "index.json").read_text())
    for entry in index["meetings"]:
        if entry["id"] == meeting_id:
            entry["sha256"] = hashlib.sha256(manifest).hexdigest()
            entry["size"] = len(manifest)
    (feed_dir / "index.json").write_text(json.dumps(index))


def test_tls_certificate_is_verified_unless_told_otherwise(
    feed_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    server = FeedServer(feed_dir)
    server.use_tls(*self_signed_certificate(tmp_path))
    server.start()
    try:
        with Library(data_dir) as library:
            with pytest.raises(SyncError, match="certificate could not be verified") as caught:
                sync(SyncSource(server.url), library, retry=FAST)
            assert server.url + "index.json" in str(caught.value)
            assert library.is_empty()
            report = sync(SyncSource(server.url, verify_tls=False), library, retry=FAST)
        assert len(report.meetings) == 4
    finally:
        server.stop()
