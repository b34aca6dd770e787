"""Publishing the real sample packages as a static feed (companion.core.sources.feed.publish)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.core.model import Meeting
from companion.core.package import (
    PackageError,
    member_name,
    read_package,
    validate_document,
    write_package,
)
from companion.core.samples import sample_packages
from companion.core.sources.feed.feed import (
    FeedError,
    file_path,
    manifest_path,
    parse_index,
    signature_path,
)
from companion.core.sources.feed.publish import PublishError, manifest_bytes, publish
from companion.core.sources.feed.signing import (
    SignatureError,
    SigningKeyError,
    generate_key,
    verify,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def samples() -> list[Path]:
    packages = sample_packages()
    assert len(packages) == 4
    return packages


def snapshot(feed: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below ``feed`` with its mtime and content hash."""
    return {
        str(path.relative_to(feed)): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).digest(),
        )
        for path in sorted(feed.rglob("*"))
        if path.is_file()
    }


def sample_meeting(package: Path) -> Meeting:
    with read_package(package) as loaded:
        return loaded.meeting


def repackage(sample: Path, meeting: Meeting, dest: Path) -> Path:
    """Write ``meeting`` as a package at ``dest`` with the sample's own files."""
    files: dict[str, Path] = {}
    with read_package(sample) as loaded:
        for ref in loaded.meeting.files():
            local = dest.parent / f"{dest.name}-files" / ref.sha256
            loaded.copy_file(ref, local)
            files[ref.sha256] = local
    return write_package(meeting, files, dest)


def retitled(meeting: Meeting, version: int, title: str) -> Meeting:
    """``meeting`` at ``version`` with its first item's title changed."""
    groups = [dataclasses.replace(group, items=list(group.items)) for group in meeting.groups]
    group = next(group for group in groups if group.items)
    group.items[0] = dataclasses.replace(group.items[0], title=title)
    return dataclasses.replace(meeting, version=version, groups=groups)


def test_publishing_the_samples_writes_a_complete_feed(samples: list[Path], tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    report = publish(samples, feed, now=NOW)

    assert report.index_written
    assert [m.status for m in report.meetings] == ["published"] * 4
    index = parse_index((feed / "index.json").read_bytes())
    assert index.generated == NOW
    meetings = [sample_meeting(package) for package in samples]
    assert sorted(e.id for e in index.meetings) == sorted(m.id for m in meetings)
    for meeting in meetings:
        entry = index.entry(meeting.id)
        assert entry is not None
        assert (entry.version, entry.name, entry.organization) == (
            1,
            meeting.name,
            meeting.body,
        )
        assert entry.start == meeting.start
        manifest = (feed / entry.manifest).read_bytes()
        assert entry.manifest == manifest_path(meeting.id, 1)
        assert (hashlib.sha256(manifest).hexdigest(), len(manifest)) == (entry.sha256, entry.size)
        assert manifest == manifest_bytes(meeting)
        assert validate_document(json.loads(manifest)) == []
        assert not (feed / signature_path(entry.manifest)).exists()
        for ref in meeting.files():
            data = (feed / file_path(ref.sha256)).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (ref.size, ref.sha256)
    by_id = {m.id: m for m in report.meetings}
    for meeting in meetings:
        result = by_id[meeting.id]
        assert (result.files_written, result.files_present) == (len(meeting.files()), 0)
        assert result.bytes_written == sum(r.size for r in meeting.files()) + len(
            manifest_bytes(meeting)
        )
    assert not [p for p in feed.iterdir() if p.name.startswith(".")]  # no staging left


def test_publishing_again_writes_nothing(samples: list[Path], tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    publish(samples, feed, now=NOW)
    before = snapshot(feed)

    report = publish(samples, feed, now=datetime(2027, 1, 1, tzinfo=UTC))

    assert snapshot(feed) == before
    assert not report.index_written
    assert {m.status for m in report.meetings} == {"unchanged"}
    assert all(m.files_written == 0 and m.bytes_written == 0 for m in report.meetings)
    assert all(m.files_present >= 1 for m in report.meetings)
    assert "unchanged" in report.describe()


def test_the_index_merges_meetings_already_in_the_feed(samples: list[Path], tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    publish(samples[:2], feed, now=NOW)
    publish(samples[2:], feed, now=NOW)
    index = parse_index((feed / "index.json").read_bytes())
    assert sorted(e.id for e in index.meetings) == sorted(sample_meeting(p).id for p in samples)


def test_a_revised_package_adds_a_version_and_reuses_its_files(
    samples: list[Path], tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    sample = samples[1]
    publish(samples, feed, now=NOW)
    meeting = sample_meeting(sample)
    assert meeting.agenda_pdf is not None
    pdf = feed / file_path(meeting.agenda_pdf.sha256)
    pdf_mtime = pdf.stat().st_mtime_ns
    first_manifest = (feed / manifest_path(meeting.id, 1)).read_bytes()
    revised = retitled(meeting, 2, "Tillægsdagsorden: " + meeting.items[0].title)
    package = repackage(sample, revised, tmp_path / "revised.zip")

    report = publish([package], feed, now=NOW)

    [result] = report.meetings
    assert (result.id, result.version, result.status) == (meeting.id, 2, "published")
    assert (result.files_written, result.files_present) == (0, len(meeting.files()))
    assert result.bytes_written == len(manifest_bytes(revised))
    assert pdf.stat().st_mtime_ns == pdf_mtime
    assert (feed / manifest_path(meeting.id, 1)).read_bytes() == first_manifest
    second = json.loads((feed / manifest_path(meeting.id, 2)).read_bytes())
    assert second["meeting"]["version"] == 2
    assert second["meeting"]["groups"][0]["agendaItem"][0]["name"].startswith("Tillægsdagsorden")
    entry = parse_index((feed / "index.json").read_bytes()).entry(meeting.id)
    assert entry is not None and entry.version == 2
    assert entry.manifest == manifest_path(meeting.id, 2)


def test_an_older_version_is_reported_and_not_made_current(
    samples: list[Path], tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    sample = samples[0]
    meeting = sample_meeting(sample)
    revised = repackage(sample, retitled(meeting, 2, "Ny titel"), tmp_path / "v2.zip")
    publish([revised], feed, now=NOW)
    before = snapshot(feed)

    report = publish([sample], feed, now=NOW)

    assert [(m.version, m.status) for m in report.meetings] == [(1, "older")]
    assert "not published" in report.describe()
    assert snapshot(feed) == before
    entry = parse_index((feed / "index.json").read_bytes()).entry(meeting.id)
    assert entry is not None and entry.version == 2


def test_two_versions_in_one_call_publish_both_and_the_newest_is_current(
    samples: list[Path], tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    sample = samples[0]
    meeting = sample_meeting(sample)
    revised = repackage(sample, retitled(meeting, 2, "Ny titel"), tmp_path / "v2")

    report = publish([revised, sample, sample], feed, now=NOW)

    assert [(m.version, m.status) for m in report.meetings] == [(2, "published"), (1, "published")]
    assert [m.files_written for m in report.meetings] == [len(meeting.files()), 0]
    assert (feed / manifest_path(meeting.id, 1)).is_file()
    entry = parse_index((feed / "index.json").read_bytes()).entry(meeting.id)
    assert entry is not None and entry.version == 2


def test_same_version_with_other_content_is_refused_and_the_feed_is_unchanged(
    samples: list[Path], tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    publish(samples, feed, now=NOW)
    before = snapshot(feed)
    meeting = sample_meeting(samples[2])
    changed = repackage(samples[2], retitled(meeting, 1, "Ændret titel"), tmp_path / "same.zip")

    with pytest.raises(PublishError) as raised:
        publish([samples[0], changed], feed, now=NOW)

    message = str(raised.value)
    assert f"version 1 of {meeting.id} is already published with other content" in message
    assert message.endswith("raise the version")
    assert "same.zip" in message
    assert snapshot(feed) == before


def test_a_package_with_an_invalid_meeting_json_is_refused(
    samples: list[Path], tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    publish(samples[:1], feed, now=NOW)
    before = snapshot(feed)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(samples[1]) as source, zipfile.ZipFile(broken, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "meeting.json":
                document = json.loads(data)
                del document["meeting"]["name"]
                data = json.dumps(document).encode()
            out.writestr(info, data)

    with pytest.raises(PackageError) as raised:
        publish([samples[2], broken], feed, now=NOW)

    assert raised.value.source == broken
    assert any("name" in problem.message for problem in raised.value.problems)
    assert snapshot(feed) == before


@pytest.mark.parametrize("existing_feed", [False, True])
def test_a_damaged_file_is_found_while_copying_and_nothing_is_published(
    samples: list[Path], tmp_path: Path, existing_feed: bool
) -> None:
    """A file of the right size with other content passes read_package; the copy catches it."""
    sample = samples[3]
    meeting = sample_meeting(sample)
    assert meeting.agenda_pdf is not None
    folder = repackage(sample, meeting, tmp_path / "package")
    member = folder / member_name(meeting.agenda_pdf)
    member.write_bytes(b"\0" * member.stat().st_size)
    feed = tmp_path / "feed"
    if existing_feed:
        publish(samples[:1], feed, now=NOW)
    before = snapshot(feed) if existing_feed else None

    with pytest.raises(PackageError, match="does not match its checksum"):
        publish([samples[2], folder], feed, now=NOW)

    if before is None:
        assert not feed.exists()
    else:
        assert snapshot(feed) == before
        assert not [p for p in feed.iterdir() if p.name.startswith(".")]


def test_a_missing_package_names_its_path(tmp_path: Path) -> None:
    with pytest.raises(
        PackageError, match="nope.zip cannot be used: There is no such file or folder"
    ):
        publish([tmp_path / "nope.zip"], tmp_path / "feed")
    assert not (tmp_path / "feed").exists()


def test_signed_feed_verifies_and_detects_tampering(samples: list[Path], tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    key = tmp_path / "feed-key.pem"
    public = generate_key(key)

    publish(samples, feed, signing_key=key, now=NOW)

    index = parse_index((feed / "index.json").read_bytes())
    for entry in index.meetings:
        manifest = (feed / entry.manifest).read_bytes()
        signature = (feed / signature_path(entry.manifest)).read_bytes()
        verify(manifest, signature, public)
    entry = index.meetings[0]
    tampered = (feed / entry.manifest).read_bytes().replace(b'"version": 1', b'"version": 7')
    with pytest.raises(SignatureError, match="does not match the source's key"):
        verify(tampered, (feed / signature_path(entry.manifest)).read_bytes(), public)
    other_public = generate_key(tmp_path / "other.pem")
    with pytest.raises(SignatureError, match="does not match the source's key"):
        verify(manifest, signature, other_public)


def test_signing_an_unsigned_feed_later_adds_only_signatures(
    samples: list[Path], tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    publish(samples, feed, now=NOW)
    before = snapshot(feed)
    key = tmp_path / "key.pem"
    public = generate_key(key)

    report = publish(samples, feed, signing_key=key, now=NOW)

    after = snapshot(feed)
    added = set(after) - set(before)
    assert added == {signature_path(name) for name in before if name.startswith("meetings/")}
    assert {name: after[name] for name in before} == before
    assert not report.index_written
    for name in before:
        if name.startswith("meetings/"):
            verify((feed / name).read_bytes(), (feed / signature_path(name)).read_bytes(), public)
    again = snapshot(feed)
    publish(samples, feed, signing_key=key, now=NOW)
    assert snapshot(feed) == again


def test_a_bad_signing_key_fails_before_anything_is_written(
    samples: list[Path], tmp_path: Path
) -> None:
    with pytest.raises(SigningKeyError, match="no such key file"):
        publish(samples, tmp_path / "feed", signing_key=tmp_path / "missing.pem")
    assert not (tmp_path / "feed").exists()


def test_a_damaged_index_is_named_and_left_alone(samples: list[Path], tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "index.json").write_text('{"formatVersion": 1, "meetings": [', encoding="utf-8")
    before = snapshot(feed)
    with pytest.raises(FeedError, match=r"index\.json: not valid JSON"):
        publish(samples, feed, now=NOW)
    assert snapshot(feed) == before
