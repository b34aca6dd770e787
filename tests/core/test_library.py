"""The content store: imports, versions, atomic switch-in, search, two connections."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pymupdf
import pytest

from companion.core.errors import Cause
from companion.core.library import Library, LibraryError
from companion.core.model import (
    AgendaGroup,
    AgendaItem,
    Attachment,
    FileRef,
    Meeting,
    Paragraph,
    Section,
    Span,
)
from companion.core.package import (
    LoadedPackage,
    PackageError,
    file_ref_for,
    read_package,
    write_package,
)
from companion.core.search.query import QueryError, parse_query

# --- real content (from the agenda of KKR Midtjylland, 20-04-2015) ------------------------

LOCATION = "Scandic, Udgårdsvej 2, 8600 Silkeborg"
BILAG_TITLE = (
    "Forslag af 27. marts 2015 til politiske pejlemærker for de 19 midtjyske kommuners "
    "samarbejde på arbejdsmarkedsområdet."
)
BILAG_TITLE_2 = (
    "Oversigt over de midtjyske kommuners eksisterende samarbejder på beskæftigelsesområdet."
)


def _paragraph(text: str) -> Paragraph:
    return Paragraph([Span(text)])


def _item_1_1() -> AgendaItem:
    return AgendaItem(
        id="1-1",
        number="1.1",
        title="Godkendelse af referat fra møde i KKR Midtjylland den 24. februar 2015",
        case_number="SAG-2015-01231",
        case_officers=["egl"],
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [
                    _paragraph(
                        "Referatet fra møde i KKR Midtjylland den 24. februar 2015, er udsendt "
                        "pr. mail og i e-dagsordenssystemet Ditmer den 2. marts 2015."
                    )
                ],
            ),
            Section(
                "indstilling",
                "Indstilling",
                [
                    _paragraph(
                        "Det indstilles, at KKR Midtjylland godkender referatet fra møde i KKR "
                        "Midtjylland den 24. februar 2015."
                    )
                ],
            ),
        ],
    )


def _item_3_1(attachments: list[Attachment]) -> AgendaItem:
    return AgendaItem(
        id="3-1",
        number="3.1",
        title="Pejlemærker for kommunernes samarbejde på arbejdsmarkedsområdet",
        case_number="SAG-2015-01231",
        case_officers=["egl"],
        sections=[
            Section(
                "indstilling",
                "Indstilling",
                [
                    _paragraph(
                        "Det indstilles, at KKR Midtjylland godkender oplægget til politiske "
                        "pejlemærker for de 19 midtjyske kommuners samarbejde på "
                        "arbejdsmarkedsområdet."
                    )
                ],
            ),
            Section(
                "sagsfremstilling",
                "Sagsfremstilling",
                [
                    _paragraph(
                        "Med beskæftigelsesreformen fik kommunerne det fulde ansvar for "
                        "beskæftigelsesindsatsen og der blev lagt mere vægt på samarbejde "
                        "mellem kommunerne."
                    )
                ],
            ),
        ],
        attachments=attachments,
    )


def make_pdf(path: Path, text: str) -> Path:
    """A real one-page PDF showing ``text``."""
    document = pymupdf.open()
    page = document.new_page()
    page.insert_textbox(pymupdf.Rect(50, 50, 550, 800), text)
    document.save(path)
    document.close()
    return path


def file_ref(path: Path, name: str) -> FileRef:
    return file_ref_for(path, name)


def make_meeting(
    files_dir: Path,
    meeting_id: str = "kkr-midtjylland-2015-04-20",
    version: int = 1,
    start: datetime | None = datetime(2015, 4, 20, 10, 0),
) -> tuple[Meeting, dict[str, Path]]:
    """The 20-04-2015 meeting (items 1.1 and 3.1, the latter with two real bilag as PDFs)."""
    files_dir.mkdir(parents=True, exist_ok=True)
    pdf_1 = make_pdf(files_dir / "bilag-3-1-1.pdf", BILAG_TITLE)
    pdf_2 = make_pdf(files_dir / "bilag-3-1-2.pdf", BILAG_TITLE_2)
    ref_1, ref_2 = file_ref(pdf_1, BILAG_TITLE), file_ref(pdf_2, BILAG_TITLE_2)
    attachments = [
        Attachment("3-1-b1", BILAG_TITLE, ref_1),
        Attachment("3-1-b2", BILAG_TITLE_2, ref_2),
    ]
    meeting = Meeting(
        id=meeting_id,
        body="KKR MIDTJYLLAND",
        name="Dagsorden KKR Midtjylland 20-04-2015",
        start=start,
        location=LOCATION,
        version=version,
        groups=[
            AgendaGroup("1", "1", "Godkendelse af referat", [_item_1_1()]),
            AgendaGroup("3", "3", "Regionalpolitiske sager", [_item_3_1(attachments)]),
            AgendaGroup("4", "4", "Udpegninger", []),
        ],
    )
    return meeting, {ref_1.sha256: pdf_1, ref_2.sha256: pdf_2}


# --- packages ---------------------------------------------------------------------------


def package_for(meeting: Meeting, files: dict[str, Path], dest: Path) -> LoadedPackage:
    """Write ``meeting`` as a package folder at ``dest`` and read it back."""
    return read_package(write_package(meeting, files, dest))


# --- helpers ------------------------------------------------------------------------------


def dump(library: Library) -> list[str]:
    """Every row of the content database, as SQL text (compares whole contents)."""
    return list(library.db.conn.iterdump())


def blob_state(library: Library) -> dict[str, int]:
    return {
        str(path.relative_to(library.blobs_dir)): path.stat().st_mtime_ns
        for path in library.blobs_dir.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "data")
    yield lib
    lib.close()


@pytest.fixture
def meeting_v1(tmp_path: Path) -> tuple[Meeting, dict[str, Path]]:
    return make_meeting(tmp_path / "src")


def newer_version(meeting: Meeting) -> Meeting:
    """Version 2: item 3.1 gains a Beslutning (real wording of a KKR decision)."""
    data = meeting.to_dict()
    newer = Meeting.from_dict(data)
    newer.version = 2
    item = newer.item("3-1")
    assert item is not None
    item.sections.append(
        Section(
            "beslutning", "Beslutning", [_paragraph("KKR Midtjylland godkendte indstillingen.")]
        )
    )
    return newer


# --- opening ------------------------------------------------------------------------------


def test_new_library_is_empty_and_in_wal_mode(library: Library) -> None:
    assert library.is_empty()
    assert library.meetings() == []
    assert library.db_path.is_file()
    assert library.blobs_dir.is_dir()
    assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library.db.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_reopening_keeps_content(tmp_path: Path, meeting_v1) -> None:
    meeting, files = meeting_v1
    with Library(tmp_path / "data") as first:
        first.import_package(package_for(meeting, files, tmp_path / "pkg"))
    with Library(tmp_path / "data") as second:
        assert second.meeting(meeting.id) == meeting


def test_database_from_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Library(data).close()
    connection = sqlite3.connect(data / "content.db")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    before = (data / "content.db").read_bytes()
    with pytest.raises(LibraryError, match="newer version"):
        Library(data)
    assert (data / "content.db").read_bytes() == before


def test_damaged_database_names_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "content.db").write_bytes(b"this is not an sqlite file" * 100)
    with pytest.raises(LibraryError, match="content.db"):
        Library(data)


def test_importing_library_module_stays_light() -> None:
    code = (
        "import sys, companion.core.library\n"
        "heavy = {'fitz', 'pymupdf', 'PySide6'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- importing ----------------------------------------------------------------------------


def test_import_adds_meeting_with_summary_and_blobs(library: Library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    outcome = library.import_package(package_for(meeting, files, tmp_path / "pkg"))

    assert (outcome.meeting_id, outcome.version, outcome.status) == (meeting.id, 1, "added")
    assert outcome.previous_version is None
    assert not library.is_empty()
    [summary] = library.meetings()
    assert summary.id == meeting.id
    assert summary.body == "KKR MIDTJYLLAND"
    # The same instant (shown in the member's zone): 10:00 Danish time, written naive.
    assert summary.start == datetime(2015, 4, 20, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert summary.location == LOCATION
    assert summary.item_count == 2
    assert summary.version == 1
    assert library.meeting(meeting.id) == meeting
    assert library.versions(meeting.id) == [1]
    for sha, source in files.items():
        blob = library.blob_path(sha)
        assert blob is not None and blob.read_bytes() == source.read_bytes()
        assert blob == library.blobs_dir / sha[:2] / sha
        assert library.has_blob(sha)
    assert library.blob_path("0" * 64) is None
    assert not library.has_blob("0" * 64)


def test_importing_same_package_twice_changes_nothing(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    package = package_for(meeting, files, tmp_path / "pkg")
    library.import_package(package)
    rows_before, blobs_before = dump(library), blob_state(library)
    time.sleep(0.01)

    outcome = library.import_package(package)

    assert outcome.status == "unchanged"
    assert outcome.previous_version == 1
    assert dump(library) == rows_before
    assert blob_state(library) == blobs_before


def test_newer_version_replaces_content_and_keeps_previous(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "v1"))
    v2 = newer_version(meeting)

    outcome = library.import_package(package_for(v2, files, tmp_path / "v2"))

    assert (outcome.status, outcome.version, outcome.previous_version) == ("updated", 2, 1)
    assert library.meeting(meeting.id) == v2
    assert library.meeting(meeting.id, version=1) == meeting
    assert library.versions(meeting.id) == [1, 2]
    assert library.meetings()[0].version == 2
    assert [hit.item_id for hit in library.search(parse_query("godkendte indstillingen"))] == [
        "3-1"
    ]


def test_older_version_is_ignored(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(newer_version(meeting), files, tmp_path / "v2"))
    rows_before = dump(library)

    outcome = library.import_package(package_for(meeting, files, tmp_path / "v1"))

    assert (outcome.status, outcome.version, outcome.previous_version) == ("older", 1, 2)
    assert dump(library) == rows_before
    assert library.meeting(meeting.id).version == 2


def test_same_version_with_changed_content_is_refused(library, meeting_v1, tmp_path) -> None:
    """A version names one content: a changed package under the same number is refused,
    saying what differs and that the version must be raised (it used to say "updated")."""
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "a"))
    rows_before = dump(library)
    fixed = Meeting.from_dict(meeting.to_dict())
    fixed.name = "Dagsorden KKR Midtjylland 20. april 2015"
    item = fixed.item("3-1")
    assert item is not None
    item.title = "Politiske pejlemærker for beskæftigelsesområdet"

    with pytest.raises(LibraryError) as raised:
        library.import_package(package_for(fixed, files, tmp_path / "b"))

    sentence = str(raised.value)
    assert "version 1" in sentence and "version 2" in sentence
    assert "items 3.1" in sentence and "fields name" in sentence
    assert raised.value.cause is Cause.INVALID
    assert dump(library) == rows_before
    assert library.meeting(meeting.id).name == meeting.name
    again = library.import_package(package_for(meeting, files, tmp_path / "c"))
    assert again.status == "unchanged"


def test_corrupt_file_leaves_library_unchanged(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "v1"))
    other, other_files = make_meeting(tmp_path / "other", "kkr-midtjylland-2015-06-11")
    library.import_package(package_for(other, other_files, tmp_path / "other-pkg"))
    rows_before, blobs_before = dump(library), blob_state(library)

    v2 = newer_version(meeting)
    new_pdf = make_pdf(tmp_path / "bilag-ny.pdf", "Genberegnete flygtningekvoter 2015")
    new_ref = file_ref(new_pdf, "Genberegnete flygtningekvoter 2015")
    item = v2.item("3-1")
    assert item is not None
    item.attachments.append(Attachment("3-1-b3", new_ref.name, new_ref))
    folder = write_package(v2, {**files, new_ref.sha256: new_pdf}, tmp_path / "bad")
    tampered = folder / "files" / new_ref.file_name
    data = bytearray(tampered.read_bytes())
    data[-20] ^= 0xFF  # same size: only the sha256 check during the copy can catch it
    tampered.write_bytes(bytes(data))

    with pytest.raises(PackageError), read_package(folder) as package:
        library.import_package(package)

    assert dump(library) == rows_before
    assert blob_state(library) == blobs_before
    assert library.meeting(meeting.id) == meeting
    assert library.meeting(other.id) == other
    assert not list(library.blobs_dir.rglob(".incoming-*"))


def test_failure_inside_switch_in_rolls_back(library, meeting_v1, tmp_path, monkeypatch) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "v1"))
    rows_before = dump(library)
    original = library._switch_in

    def fail_after_writing(*args: object) -> None:
        original(*args)
        raise RuntimeError("disk trouble mid-way")

    monkeypatch.setattr(library, "_switch_in", fail_after_writing)
    with pytest.raises(RuntimeError, match="mid-way"):
        library.import_package(package_for(newer_version(meeting), files, tmp_path / "v2"))

    assert dump(library) == rows_before
    assert library.meeting(meeting.id) == meeting
    assert library.search(parse_query("godkendte indstillingen")) == []


def test_deleted_blob_is_restored_by_reimport(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    package = package_for(meeting, files, tmp_path / "pkg")
    library.import_package(package)
    sha = next(iter(files))
    blob = library.blob_path(sha)
    assert blob is not None
    blob.unlink()

    assert library.import_package(package).status == "unchanged"
    assert library.has_blob(sha)


def test_import_path_reads_zip_and_folder(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    zipped = write_package(meeting, files, tmp_path / "meeting.zip")
    folder = write_package(meeting, files, tmp_path / "meeting-folder")

    assert library.import_path(zipped).status == "added"
    assert library.import_path(folder).status == "unchanged"
    assert library.meeting(meeting.id) == meeting


def test_import_path_of_a_non_package_raises_package_error(library, tmp_path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "meeting.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PackageError, match="meeting.json"):
        library.import_path(tmp_path / "junk")
    assert library.is_empty()


# --- reading ------------------------------------------------------------------------------


def test_unknown_meeting_or_version_raises(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "pkg"))
    with pytest.raises(LibraryError, match="not in the library"):
        library.meeting("kkr-midtjylland-1999-01-01")
    with pytest.raises(LibraryError, match="Version 7"):
        library.meeting(meeting.id, version=7)
    assert library.versions("kkr-midtjylland-1999-01-01") == []


def test_meetings_newest_first_undated_last(library, tmp_path) -> None:
    for meeting_id, start in [
        ("kkr-2015", datetime(2015, 4, 20, 10)),
        ("kkr-undated", None),
        ("kkr-2020", datetime(2020, 2, 5, 10)),
    ]:
        meeting, files = make_meeting(tmp_path / meeting_id, meeting_id, start=start)
        library.import_package(package_for(meeting, files, tmp_path / f"{meeting_id}-pkg"))
    assert [m.id for m in library.meetings()] == ["kkr-2020", "kkr-2015", "kkr-undated"]


def test_fifty_meetings_list_and_load_in_a_few_ms(library, tmp_path) -> None:
    meeting, files = make_meeting(tmp_path / "src")
    package = package_for(meeting, files, tmp_path / "pkg")
    for day in range(50):
        package.meeting = replace(meeting, id=f"kkr-{day}", start=datetime(2015, 1, 1 + day % 28))
        library.import_package(package)

    def best_of(repeats: int, call) -> float:
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            call()
            times.append(time.perf_counter() - began)
        return min(times)

    assert len(library.meetings()) == 50
    assert best_of(5, library.meetings) < 0.02
    assert best_of(5, lambda: library.meeting("kkr-25")) < 0.02


# --- search -------------------------------------------------------------------------------


def test_search_finds_items_with_marked_snippet(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "pkg"))

    [hit] = library.search(parse_query("beskæftigelsesreformen"))
    assert (hit.meeting_id, hit.item_id, hit.number) == (meeting.id, "3-1", "3.1")
    assert hit.title.startswith("Pejlemærker")
    assert "[beskæftigelsesreformen]" in hit.snippet.casefold()
    assert "\n" not in hit.snippet


def test_search_prefix_on_last_term_and_all_terms_required(library, meeting_v1, tmp_path) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "pkg"))
    assert [h.item_id for h in library.search(parse_query("Ditm"))] == ["1-1"]
    assert [h.item_id for h in library.search(parse_query("referat Ditmer"))] == ["1-1"]
    assert library.search(parse_query("Ditmer beskæftigelsesreformen")) == []
    assert {h.item_id for h in library.search(parse_query("KKR"))} == {"1-1", "3-1"}


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "OR NOT", "*", "(", "NEAR(", "3.1 -", "referat\"'", "a:b", "^", "", "   ", "—"],
)
def test_search_never_reaches_fts5_as_syntax(library, meeting_v1, tmp_path, query) -> None:
    meeting, files = meeting_v1
    library.import_package(package_for(meeting, files, tmp_path / "pkg"))
    try:
        parsed = parse_query(query)
    except QueryError:
        return  # a sentence for the member; tests/core/test_search_query.py checks which
    assert isinstance(library.search(parsed), list)  # no sqlite3.OperationalError


def test_search_limited_to_one_meeting(library, tmp_path) -> None:
    for meeting_id in ("kkr-a", "kkr-b"):
        meeting, files = make_meeting(tmp_path / meeting_id, meeting_id)
        library.import_package(package_for(meeting, files, tmp_path / f"{meeting_id}-pkg"))
    assert {h.meeting_id for h in library.search(parse_query("Ditmer"))} == {"kkr-a", "kkr-b"}
    assert {h.meeting_id for h in library.search(parse_query("Ditmer"), meeting_id="kkr-b")} == {
        "kkr-b"
    }
    assert len(library.search(parse_query("KKR"), limit=3)) == 3


# --- removing -----------------------------------------------------------------------------


def test_remove_meeting_deletes_rows_and_unshared_blobs(library, tmp_path) -> None:
    first, files = make_meeting(tmp_path / "a", "kkr-a")
    library.import_package(package_for(first, files, tmp_path / "a-pkg"))
    second = replace(first, id="kkr-b")  # shares the two bilag files
    library.import_package(package_for(second, files, tmp_path / "b-pkg"))

    library.remove_meeting("kkr-a")

    assert [m.id for m in library.meetings()] == ["kkr-b"]
    assert library.versions("kkr-a") == []
    assert library.search(parse_query("Ditmer"), meeting_id="kkr-a") == []
    assert all(library.has_blob(sha) for sha in files)

    library.remove_meeting("kkr-b")
    assert library.is_empty()
    assert not any(library.has_blob(sha) for sha in files)
    with pytest.raises(LibraryError, match="not in the library"):
        library.remove_meeting("kkr-b")


# --- two connections ----------------------------------------------------------------------


def test_one_instance_imports_while_another_reads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    meeting, files = make_meeting(tmp_path / "src")
    package = package_for(meeting, files, tmp_path / "pkg")
    reader = Library(data)
    errors: list[BaseException] = []
    done = threading.Event()

    def import_in_background() -> None:
        try:
            with Library(data) as writer:
                for number in range(20):
                    package.meeting = replace(meeting, id=f"kkr-{number}")
                    writer.import_package(package)
        except BaseException as error:  # reported to the test thread below
            errors.append(error)
        finally:
            done.set()

    worker = threading.Thread(target=import_in_background)
    worker.start()
    seen: list[int] = []
    while not done.is_set():
        seen.append(len(reader.meetings()))
        for summary in reader.meetings():
            assert reader.meeting(summary.id).id == summary.id
    worker.join()

    assert errors == []
    assert seen == sorted(seen)
    assert len(reader.meetings()) == 20
    reader.close()


def test_blob_file_names_are_checked(library: Library) -> None:
    with pytest.raises(LibraryError, match="sha256"):
        library.blob_path("../../etc/passwd")
