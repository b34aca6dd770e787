"""Sync from a real HTTP server on loopback (and from folders) into a real library."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed import signing
from companion.core.sources.feed.client import (
    AuthenticationRequired,
    Credentials,
    Progress,
    RetryPolicy,
    SyncCancelled,
    SyncError,
    SyncSource,
    sync,
)
from companion.core.sources.feed.feed import file_path
from companion.core.sources.feed.publish import publish

from .conftest import (
    REVISED_ID,
    FeedServer,
    added_item,
    assert_secret_nowhere,
    load_meeting,
    revise,
    sample,
    write_revision,
)

FAST = RetryPolicy(attempts=3, base_delay=0.01, timeout=5)
SAMPLE_IDS = sorted(path.stem for path in sample_packages())


def run_sync(source: SyncSource, data_dir: Path, **options):  # type: ignore[no-untyped-def]
    with Library(data_dir) as library:
        return sync(source, library, retry=FAST, **options)


def test_first_sync_installs_the_four_samples(feed_server: FeedServer, data_dir: Path) -> None:
    seen: list[Progress] = []
    report = run_sync(SyncSource(feed_server.url), data_dir, progress=seen.append)

    assert not report.not_modified and report.failed == []
    assert sorted((o.meeting_id, o.status) for o in report.meetings) == [
        (meeting_id, "added") for meeting_id in SAMPLE_IDS
    ]
    with Library(data_dir) as library:
        for package in sample_packages():
            expected = load_meeting(package)
            assert library.meeting(expected.id).to_dict() == expected.to_dict()
            assert all(library.has_blob(ref.sha256) for ref in expected.files())
    assert report.requests == 1 + 4 + 4  # index, manifests, files
    file_bytes = sum(ref.size for p in sample_packages() for ref in load_meeting(p).files())
    assert report.bytes_downloaded > file_bytes
    assert {p.phase for p in seen} == {"index", "manifests", "files", "installing", "done"}
    files = [p for p in seen if p.phase == "files"]
    assert files[-1].files_done == files[-1].files_total == 4
    assert files[-1].bytes_done == files[-1].bytes_total == file_bytes
    assert seen[-1].phase == "done"
    assert not (data_dir / "downloads").exists()


def test_unchanged_feed_costs_one_conditional_request(
    feed_server: FeedServer, data_dir: Path
) -> None:
    run_sync(SyncSource(feed_server.url), data_dir)
    feed_server.reset_hits()

    report = run_sync(SyncSource(feed_server.url), data_dir)

    assert report.not_modified and report.meetings == [] and report.requests == 1
    [hit] = feed_server.hits
    assert (hit.path, hit.status) == ("index.json", 304)
    assert hit.if_none_match


def test_revised_package_syncs_to_version_2_and_keeps_version_1(
    feed_server: FeedServer, feed_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    run_sync(SyncSource(feed_server.url), data_dir)
    original = load_meeting(sample(REVISED_ID))
    revised = revise(original)
    publish([write_revision(revised, tmp_path / "revision")], feed_dir)
    feed_server.reset_hits()

    report = run_sync(SyncSource(feed_server.url), data_dir)

    [outcome] = report.meetings
    assert (outcome.meeting_id, outcome.version, outcome.status) == (REVISED_ID, 2, "updated")
    with Library(data_dir) as library:
        assert library.versions(REVISED_ID) == [1, 2]
        assert library.meeting(REVISED_ID).to_dict() == revised.to_dict()
        assert library.meeting(REVISED_ID, 1).to_dict() == original.to_dict()
        current_ids = {item.id for item in library.meeting(REVISED_ID).items}
        old_items = {item.id: item for item in original.items}
    assert added_item(revised).id in current_ids - set(old_items)
    assert set(old_items) - current_ids  # removed
    changed = revised.groups[2].items[0]
    assert changed.text != old_items[changed.id].text
    # Only the new agenda PDF travelled: one manifest, one file.
    assert revised.agenda_pdf is not None
    assert feed_server.paths("files/") == [file_path(revised.agenda_pdf.sha256)]
    assert feed_server.bytes_sent("files/") == revised.agenda_pdf.size
    assert report.requests == 3


def test_local_feed_folder_and_file_url_sync_alike(feed_dir: Path, data_dir: Path) -> None:
    report = run_sync(SyncSource(str(feed_dir)), data_dir)
    assert sorted(o.meeting_id for o in report.meetings) == SAMPLE_IDS
    again = run_sync(SyncSource(feed_dir.as_uri()), data_dir)
    assert again.meetings == [] and not again.failed
    same_url_again = run_sync(SyncSource(feed_dir.as_uri()), data_dir)
    assert same_url_again.not_modified and same_url_again.requests == 1


def test_package_file_source_is_imported(data_dir: Path) -> None:
    report = run_sync(SyncSource(str(sample(REVISED_ID))), data_dir)
    assert [(o.meeting_id, o.status) for o in report.meetings] == [(REVISED_ID, "added")]


def test_folder_that_is_neither_feed_nor_package_is_named(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(SyncError, match="neither a feed"):
        run_sync(SyncSource(str(tmp_path)), data_dir)


def test_url_with_embedded_password_is_refused(data_dir: Path) -> None:
    with pytest.raises(SyncError, match="credentials") as caught:
        run_sync(SyncSource("http://member:hunter2-secret@127.0.0.1:1/"), data_dir)
    assert "hunter2-secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("credentials", "header"),
    [
        (Credentials(token="tok-3f9a-very-secret"), "Bearer tok-3f9a-very-secret"),
        (
            Credentials(username="borgmester", password="pw-77-very-secret"),
            "Basic Ym9yZ21lc3Rlcjpwdy03Ny12ZXJ5LXNlY3JldA==",
        ),
    ],
)
def test_credentials_authenticate_and_never_leak(
    feed_server: FeedServer,
    data_dir: Path,
    caplog: pytest.LogCaptureFixture,
    credentials: Credentials,
    header: str,
) -> None:
    secret = credentials.token or credentials.password
    assert secret is not None
    feed_server.authorization = header

    with pytest.raises(AuthenticationRequired) as refused:
        run_sync(SyncSource(feed_server.url, Credentials(token="wrong")), data_dir)
    report = run_sync(SyncSource(feed_server.url, credentials), data_dir)

    assert feed_server.url + "index.json" in str(refused.value)
    assert len(report.meetings) == 4
    assert all(hit.authorized for hit in feed_server.hits)
    assert secret not in repr(SyncSource(feed_server.url, credentials))
    assert_secret_nowhere(secret, data_dir, caplog.text)
    assert_secret_nowhere(header.split()[1], data_dir, caplog.text)


def test_signed_feed_is_checked_against_the_sources_key(tmp_path: Path, data_dir: Path) -> None:
    feed = tmp_path / "signed-feed"
    public_key = signing.generate_key(tmp_path / "keys" / "feed.pem")
    other_key = signing.generate_key(tmp_path / "keys" / "other.pem")
    publish(sample_packages()[:2], feed, signing_key=tmp_path / "keys" / "feed.pem")
    publish(sample_packages()[2:], feed)  # unsigned

    report = run_sync(SyncSource(str(feed), public_key=public_key), data_dir)

    assert sorted(o.meeting_id for o in report.meetings) == SAMPLE_IDS[:2]
    reasons = dict(report.failed)
    assert sorted(reasons) == SAMPLE_IDS[2:]
    assert all("not signed" in reason for reason in reasons.values())
    other = run_sync(SyncSource(str(feed), public_key=other_key), tmp_path / "other")
    assert other.meetings == [] and len(other.failed) == 4
    assert "does not match" in dict(other.failed)[SAMPLE_IDS[0]]


def test_cancelled_sync_keeps_parts_and_the_next_sync_resumes(
    feed_server: FeedServer, data_dir: Path
) -> None:
    feed_server.drip = (8 * 1024, 0.02)
    cancel = threading.Event()

    def cancel_midway(progress: Progress) -> None:
        if progress.phase == "files" and progress.bytes_done > 0:
            cancel.set()

    with pytest.raises(SyncCancelled):
        run_sync(SyncSource(feed_server.url), data_dir, progress=cancel_midway, cancel=cancel)

    parts = list((data_dir / "downloads").glob("*.part"))
    assert parts and all(part.stat().st_size > 0 for part in parts)
    with Library(data_dir) as library:
        assert library.is_empty()
    feed_server.drip = (64 * 1024, 0.0)
    feed_server.reset_hits()
    report = run_sync(SyncSource(feed_server.url), data_dir)
    assert len(report.meetings) == 4
    assert any(hit.range for hit in feed_server.hits if hit.path.startswith("files/"))
