"""Meeting times: sorted as instants, shown in the member's time zone (TZ=Europe/Copenhagen).

The meetings are the real sample of KKR Midtjylland 22-11-2016 with only their id
and start time changed by the test (the times are the issue's examples).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from companion.cli import main
from companion.core.export.minutes import _header_fields
from companion.core.library import Library
from companion.core.model import Meeting, as_instant
from companion.core.package import write_package
from companion.core.session import SessionState
from tests.revision_data import MEETING_ID, read_sample


@pytest.fixture
def copenhagen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The member's time zone is Copenhagen (CET, +01:00 in November)."""
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _library_with_starts(data: Path, tmp_path: Path, starts: dict[str, str]) -> None:
    """Import the sample once per ``starts`` entry: id suffix -> start as the package writes it."""
    original, files = read_sample(MEETING_ID, tmp_path / "files")
    with Library(data) as library:
        for suffix, start in starts.items():
            meeting = Meeting.from_dict(original.to_dict())
            meeting.id = f"{MEETING_ID}-{suffix}"
            meeting.start = datetime.fromisoformat(start)
            meeting.end = None
            library.import_path(write_package(meeting, files, tmp_path / f"{suffix}.zip"))


def test_naive_z_and_offset_times_sort_as_the_instants_they_are(
    copenhagen: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _library_with_starts(
        data,
        tmp_path,
        {
            "offset": "2016-11-22T09:30:00+01:00",
            "naive": "2016-11-22T09:15:00",
            "z": "2016-11-22T09:00:00Z",
        },
    )
    with Library(data) as library:
        summaries = library.meetings()
    # Newest first: 09:00Z is 10:00 in Copenhagen, then 09:30+01:00, then 09:15 (local).
    assert [s.id.rsplit("-", 1)[1] for s in summaries] == ["z", "offset", "naive"]
    assert [s.start.strftime("%H:%M %z") for s in summaries if s.start] == [
        "10:00 +0100",
        "09:30 +0100",
        "09:15 +0100",
    ]

    assert main(["--data-dir", str(data), "meetings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in lines] == [
        "2016-11-22 10:00",
        "2016-11-22 09:30",
        "2016-11-22 09:15",
    ]


def test_a_late_utc_time_shows_on_the_local_day(
    copenhagen: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _library_with_starts(data, tmp_path, {"late": "2016-11-22T23:30:00Z"})
    meeting_id = f"{MEETING_ID}-late"

    assert main(["--data-dir", str(data), "meetings"]) == 0
    assert "\t2016-11-23 00:30\t" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "show", meeting_id]) == 0
    assert " - 23-11-2016 00:30 - " in capsys.readouterr().out.splitlines()[0]

    with Library(data) as library:
        meeting = library.meeting(meeting_id)
    fields = dict(_header_fields(meeting, SessionState(meeting_id=meeting_id)).rows)
    assert fields["Dato"] == "Onsdag den 23. november 2016, kl. 00.30"  # the minutes


def test_a_naive_time_is_danish_wall_clock_time_whatever_the_members_zone() -> None:
    assert as_instant(datetime.fromisoformat("2016-11-22T09:15:00")).isoformat() == (
        "2016-11-22T08:15:00+00:00"
    )
    assert as_instant(datetime.fromisoformat("2016-06-22T09:15:00")).isoformat() == (
        "2016-06-22T07:15:00+00:00"  # summer time
    )
