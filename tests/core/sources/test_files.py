"""Importing whatever the member gives us (companion.core.sources.files), into a real library.

The agenda PDFs are made here from the real agenda texts (the app's own agenda
PDF of the text import: KL's PDFs are not in the repository); the bilag PDFs
are one-page stand-ins made by the tests, named after bilag the real agendas list.
"""

from __future__ import annotations

import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from companion.core.agenda_pdf import render_agenda_pdf
from companion.core.errors import MemberError
from companion.core.importers.agenda_text import import_agenda_file
from companion.core.library import Library
from companion.core.package import member_name
from companion.core.packing import pack_agenda
from companion.core.resources import resources_dir
from companion.core.sources.files import (
    ImportProgress,
    InputKind,
    import_files,
    input_kind,
    read_meeting,
)
from tests.core.sources.agenda_pdf_makers import scanned_pdf
from tests.core.test_package import make_pdf

AGENDAS = resources_dir() / "agendas"
SAMPLES = resources_dir() / "samples"
TEXT_2015 = AGENDAS / "kkr-midtjylland-2015-04-20.txt"
TEXT_2016 = AGENDAS / "kkr-midtjylland-2016-11-22.txt"
KD_NET = AGENDAS / "kd-net-midtjylland-2020-01-24.txt"
SAMPLE_2020 = SAMPLES / "kkr-midtjylland-2020-02-05.zip"
STAND_IN = "Stand-in bilag made by the tests (the real bilag is not in the repository)"


def app_pdf(text: Path, dest: Path) -> Path:
    """A test-made agenda PDF: the app's own rendering of the real agenda text's import."""
    dest.write_bytes(render_agenda_pdf(import_agenda_file(text).meeting))
    return dest


def random_file(path: Path) -> Path:
    """A stand-in for a file that is nothing the app reads: random bytes."""
    path.write_bytes(os.urandom(3000))
    return path


def library_state(library: Library) -> tuple[list[tuple[str, int]], list[str]]:
    """The meetings (id, version) and the blob files on disk: what a failure must not change."""
    meetings = [(m.id, m.version) for m in library.meetings()]
    blobs = sorted(p.name for p in library.blobs_dir.rglob("*") if p.is_file())
    return meetings, blobs


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Library(tmp_path / "library") as opened:
        yield opened


def test_what_a_file_is_is_read_from_its_content_not_its_name(tmp_path: Path) -> None:
    pdf_named_txt = app_pdf(KD_NET, tmp_path / "dagsorden.txt")
    zip_named_pdf = tmp_path / "pakke.pdf"
    shutil.copyfile(SAMPLE_2020, zip_named_pdf)
    folder = tmp_path / "package"
    with zipfile.ZipFile(SAMPLE_2020) as archive:
        archive.extractall(folder)
    inner = next(p.parent for p in folder.rglob("meeting.json"))
    text_named_bin = tmp_path / "agenda.bin"
    shutil.copyfile(TEXT_2015, text_named_bin)
    bilag = tmp_path / "Bilag"
    bilag.mkdir()

    assert input_kind(pdf_named_txt) is InputKind.PDF
    assert input_kind(zip_named_pdf) is InputKind.PACKAGE
    assert input_kind(inner) is InputKind.PACKAGE
    assert input_kind(text_named_bin) is InputKind.TEXT
    assert input_kind(bilag) is InputKind.FOLDER
    assert input_kind(random_file(tmp_path / "x.zip")) is InputKind.UNKNOWN
    assert input_kind(tmp_path / "gone.pdf") is InputKind.MISSING
    # and each reads as its meeting, whatever its name says
    assert read_meeting(pdf_named_txt)[0].id == "kd-net-midtjylland-2020-01-24"
    assert read_meeting(zip_named_pdf)[0].id == "kkr-midtjylland-2020-02-05"
    assert read_meeting(text_named_bin)[0].id == "kkr-midtjylland-2015-04-20"


def test_a_package_a_text_and_a_pdf_with_its_bilag_are_each_imported(
    library: Library, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    agenda = app_pdf(TEXT_2015, drop / "Dagsorden KKR 20-04-2015.pdf")
    folder = drop / "Bilag"
    folder.mkdir()
    rammepapir = make_pdf(
        folder / "Rammepapir Sammenhængende indsats på voksenpsykiatriområdet.pdf", STAND_IN
    )
    unknown = make_pdf(folder / "Frokostmenu.pdf", STAND_IN)
    kvoter = make_pdf(drop / "Genberegnede flygtningekvoter 2015.pdf", STAND_IN)

    summary = import_files(library, [SAMPLE_2020, TEXT_2016, agenda, folder, kvoter])

    assert [(r.path, r.status) for r in summary.results] == [
        (SAMPLE_2020, "added"),
        (TEXT_2016, "added"),
        (agenda, "added"),
    ]
    pdf_result = summary.results[2]
    assert sorted(pdf_result.bilag) == sorted([rammepapir, unknown, kvoter])
    assert [str(note) for note in pdf_result.notes] == [
        f"{unknown} names no bilag of the agenda; it was left out."
    ]
    ids = {m.id for m in library.meetings()}
    assert ids == {
        "kkr-midtjylland-2020-02-05",
        "kkr-midtjylland-2016-11-22",
        "kkr-midtjylland-2015-04-20",
    }
    meeting = library.meeting("kkr-midtjylland-2015-04-20")
    provided = {a.title for i in meeting.items for a in i.attachments if a.file is not None}
    assert provided == {
        "Rammepapir: Sammenhængende indsats på voksenpsykiatriområdet, marts 2015",
        "Genberegnete flygtningekvoter 2015, som blev udsendt til de midtjyske kommuner den "
        "27. marts 2015",
    }
    assert meeting.agenda_pdf is not None
    stored = library.blob_path(meeting.agenda_pdf.sha256)
    assert stored is not None and stored.read_bytes() == agenda.read_bytes()  # the original


def test_again_is_unchanged_and_a_new_version_is_updated(library: Library, tmp_path: Path) -> None:
    first = import_files(library, [SAMPLE_2020])
    again = import_files(library, [SAMPLE_2020])
    assert [r.status for r in first.results + again.results] == ["added", "unchanged"]
    outcome = again.results[0].outcome
    assert outcome is not None and outcome.version == 1

    import dataclasses

    from companion.core.package import write_package

    meeting = library.meeting("kkr-midtjylland-2020-02-05")
    files = {ref.sha256: library.blob_path(ref.sha256) for ref in meeting.files()}
    revised = write_package(dataclasses.replace(meeting, version=2), files, tmp_path / "v2.zip")  # type: ignore[arg-type]
    updated = import_files(library, [revised])
    assert updated.results[0].status == "updated"
    assert updated.outcomes[0].version == 2 and updated.outcomes[0].previous_version == 1


def test_several_pdfs_dropped_together_the_agenda_is_the_one_with_items(
    library: Library, tmp_path: Path
) -> None:
    bilag = make_pdf(tmp_path / "3.1-2.pdf", STAND_IN)  # bilag 2 of item 3.1, by its name
    agenda = app_pdf(TEXT_2015, tmp_path / "a.pdf")
    summary = import_files(library, [bilag, agenda])  # the bilag first: order does not matter
    assert [(r.path, r.status) for r in summary.results] == [(agenda, "added")]
    item = next(i for i in library.meeting("kkr-midtjylland-2015-04-20").items if i.number == "3.1")
    assert item.attachments[1].file is not None


def test_two_agendas_each_get_the_bilag_their_lists_name(library: Library, tmp_path: Path) -> None:
    agenda_2015 = app_pdf(TEXT_2015, tmp_path / "2015.pdf")
    agenda_kd = app_pdf(KD_NET, tmp_path / "kd.pdf")
    kvoter = make_pdf(tmp_path / "Genberegnede flygtningekvoter 2015.pdf", STAND_IN)
    menu = make_pdf(tmp_path / "Frokostmenu.pdf", STAND_IN)
    summary = import_files(library, [agenda_2015, agenda_kd, kvoter, menu])
    by_path = {r.path: r for r in summary.results}
    assert by_path[agenda_2015].bilag == [kvoter]
    assert by_path[agenda_kd].bilag == []
    assert by_path[menu].status == "failed"
    assert by_path[menu].error is not None
    assert "names no bilag of the agendas imported with it" in str(by_path[menu].error)


def test_what_cannot_be_read_fails_with_a_sentence_and_leaves_the_library_as_it_was(
    library: Library, tmp_path: Path
) -> None:
    import_files(library, [SAMPLE_2020])
    before = library_state(library)

    noise = random_file(tmp_path / "random.bin")
    cut_zip = tmp_path / "cut.zip"
    cut_zip.write_bytes(SAMPLE_2020.read_bytes()[:4000])
    # a package whose agenda PDF is sound and whose bilag fails its checksum: the
    # agenda PDF would be stored first, so a half-done import would leave a blob
    packed = pack_agenda(
        TEXT_2015, [make_pdf(tmp_path / "3.1-2.pdf", STAND_IN)], tmp_path / "p.zip"
    )
    bilag_member = next(
        member_name(a.file) for i in packed.meeting.items for a in i.attachments if a.file
    )
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(packed.path) as source, zipfile.ZipFile(tampered, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(bilag_member):
                data = data[:-10] + b"tampered!!"
            out.writestr(info, data)
    not_agenda = make_pdf(tmp_path / "menu.pdf", STAND_IN)
    scan = scanned_pdf(app_pdf(KD_NET, tmp_path / "kd.pdf"), tmp_path / "scan.pdf")
    notes = tmp_path / "noter.txt"
    notes.write_text("Dette er ikke en dagsorden.\n", encoding="utf-8")
    folder = tmp_path / "Bilag"
    folder.mkdir()
    inputs = [noise, cut_zip, tampered, not_agenda, scan, notes, folder, tmp_path / "gone.pdf"]

    summary = import_files(library, inputs)

    assert [r.status for r in summary.results] == ["failed"] * len(inputs)
    assert all(isinstance(r.error, MemberError) for r in summary.results)
    sentences = {r.path.name: str(r.error) for r in summary.results}
    assert sentences["random.bin"].startswith(f"{noise} is not a meeting package, an agenda")
    # PackageError is a MemberError: its own translatable sentence, naming the problem
    assert sentences["cut.zip"].startswith(f"The meeting package {cut_zip} cannot be used")
    assert "not a valid zip file" in sentences["cut.zip"]
    assert "checksum" in sentences["tampered.zip"] or "sha256" in sentences["tampered.zip"]
    assert sentences["menu.pdf"].startswith(f"{not_agenda} is a PDF but not an agenda")
    assert "no text layer" in sentences["scan.pdf"]
    assert sentences["noter.txt"].startswith(f"{notes} does not read as an agenda")
    assert sentences["Bilag"].startswith(f"{folder} is a folder without a meeting package")
    assert "was not found" in sentences["gone.pdf"]
    assert library_state(library) == before


def test_progress_is_told_and_cancel_stops_between_inputs(library: Library) -> None:
    cancel = threading.Event()
    told: list[ImportProgress] = []

    def progress(step: ImportProgress) -> None:
        told.append(step)
        if step.done == 1:
            cancel.set()

    inputs = [SAMPLE_2020, TEXT_2016, TEXT_2015]
    summary = import_files(library, inputs, progress=progress, cancel=cancel)
    assert summary.cancelled
    assert [r.path for r in summary.results] == [SAMPLE_2020, TEXT_2016]
    assert told == [
        ImportProgress(0, 3, SAMPLE_2020.name),
        ImportProgress(1, 3, TEXT_2016.name),
    ]
    assert [m.id for m in library.meetings()] == [
        "kkr-midtjylland-2020-02-05",
        "kkr-midtjylland-2016-11-22",
    ]
