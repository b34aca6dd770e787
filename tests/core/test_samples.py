"""The shipped sample meetings: current with the agenda texts, importable, idempotent."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from companion.core import samples
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.library import Library
from companion.core.package import read_package, verify_files
from companion.core.resources import resources_dir

AGENDAS_DIR = resources_dir() / "agendas"
#: A guard against bloat: the samples are committed, so they stay small.
MAX_SAMPLE_SIZE = 150 * 1024
#: Items per meeting, counted in each agenda's table of contents.
ITEM_COUNTS = {
    "kd-net-midtjylland-2020-01-24": 17,
    "kkr-midtjylland-2015-04-20": 14,
    "kkr-midtjylland-2016-11-22": 12,
    "kkr-midtjylland-2020-02-05": 10,
}


def without_agenda_pdf(meeting: dict[str, Any]) -> dict[str, Any]:
    """The meeting dict minus its agendaPdf reference (PDF bytes may vary per build)."""
    return {key: value for key, value in meeting.items() if key != "agendaPdf"}


def shipped_meeting_json(package: Path) -> dict[str, Any]:
    with zipfile.ZipFile(package) as archive:
        document: dict[str, Any] = json.loads(archive.read("meeting.json"))
    return document["meeting"]


def test_four_samples_are_shipped_and_small() -> None:
    packages = samples.sample_packages()
    assert len(packages) == len(samples.agenda_texts(AGENDAS_DIR)) == 4
    for package in packages:
        assert package.stat().st_size < MAX_SAMPLE_SIZE, package.name


@pytest.mark.parametrize("agenda", samples.agenda_texts(AGENDAS_DIR), ids=lambda p: p.stem)
def test_shipped_sample_is_current_with_its_agenda_text(agenda: Path) -> None:
    expected = import_agenda_file(agenda).meeting
    package = resources_dir() / "samples" / f"{expected.id}.zip"
    assert package.is_file(), f"{package.name} missing: run `make samples`"
    shipped = shipped_meeting_json(package)
    assert without_agenda_pdf(shipped) == without_agenda_pdf(expected.to_dict()), (
        f"{package.name} is stale: run `make samples`"
    )
    with read_package(package) as loaded:
        assert loaded.meeting.agenda_pdf is not None
        assert verify_files(loaded) == []
        assert all(not a.provided for item in loaded.meeting.items for a in item.attachments)


def test_import_samples_into_empty_library(tmp_path: Path) -> None:
    with Library(tmp_path / "data") as library:
        outcomes = samples.import_samples(library)

        assert [outcome.status for outcome in outcomes] == ["added"] * 4
        summaries = library.meetings()
        assert {s.id: s.item_count for s in summaries} == ITEM_COUNTS
        for summary in summaries:
            pdf = library.meeting(summary.id).agenda_pdf
            assert pdf is not None and library.has_blob(pdf.sha256)

        again = samples.import_samples(library)
        assert [outcome.status for outcome in again] == ["unchanged"] * 4


def test_build_samples_cli_packs_each_agenda_and_drops_stale_zips(tmp_path: Path) -> None:
    out_dir = tmp_path / "samples"
    out_dir.mkdir()
    stale = out_dir / "kkr-midtjylland-1999-01-01.zip"
    stale.write_bytes(b"old")

    assert samples.main(["build", str(AGENDAS_DIR), str(out_dir)]) == 0

    built = sorted(out_dir.iterdir())
    assert [p.name for p in built] == [p.name for p in samples.sample_packages()]
    assert not stale.exists()
    for package in built:
        with read_package(package) as loaded:
            assert package.name == f"{loaded.meeting.id}.zip"


def test_build_reports_a_folder_without_agendas(tmp_path: Path, capsys) -> None:
    assert samples.main(["build", str(tmp_path), str(tmp_path / "out")]) == 1
    assert str(tmp_path) in capsys.readouterr().err
