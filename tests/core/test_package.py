"""The package format: schema, reading, writing, and every kind of bad input."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pymupdf
import pytest

from companion.core.model import (
    AgendaGroup,
    AgendaItem,
    Attachment,
    BulletList,
    FileRef,
    Heading,
    ListItem,
    Meeting,
    Paragraph,
    Section,
    Span,
)
from companion.core.package import (
    MEETING_FILE,
    SCHEMA_FILE,
    LoadedPackage,
    PackageError,
    Problem,
    file_ref_for,
    package_document,
    read_package,
    validate_document,
    verify_files,
    write_package,
)

# --- sample data: the real agenda of KKR Midtjylland, 20 April 2015 --------------------


def make_pdf(path: Path, *lines: str) -> Path:
    """A real one-page PDF holding ``lines``."""
    document = pymupdf.open()
    page = document.new_page()
    for number, line in enumerate(lines):
        page.insert_text((72, 72 + 16 * number), line)
    document.save(path)
    document.close()
    return path


def _p(*spans: Span) -> Paragraph:
    return Paragraph(list(spans))


def _bullets(*texts: str) -> list[ListItem]:
    return [ListItem([Span(text)]) for text in texts]


def meeting_2015() -> Meeting:
    """Part of the real agenda of 20-04-2015 (text as published), no files attached."""
    item_1_1 = AgendaItem(
        id="kkr-2015-04-20-1-1",
        number="1.1",
        title="Godkendelse af referat fra møde i KKR Midtjylland den 24. februar 2015",
        case_number="SAG-2015-01231",
        case_officers=["egl"],
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [
                    _p(
                        Span(
                            "Referatet fra møde i KKR Midtjylland den 24. februar 2015, er "
                            "udsendt pr. mail og i e-dagsordenssystemet Ditmer den 2. marts 2015."
                        )
                    ),
                    _p(Span("Referatet er desuden tilgængeligt på KKR Midtjyllands hjemmeside:")),
                    _p(Span("Referat 24. februar 2015", href="#")),
                ],
            ),
            Section(
                "indstilling",
                "Indstilling",
                [
                    _p(
                        Span(
                            "Det indstilles, at KKR Midtjylland godkender referatet fra møde i "
                            "KKR Midtjylland den 24. februar 2015."
                        )
                    )
                ],
            ),
        ],
    )
    item_2_1 = AgendaItem(
        id="kkr-2015-04-20-2-1",
        number="2.1",
        title="Orientering",
        case_number="SAG-2015-01231",
        case_officers=["egl"],
        sections=[
            Section(
                "sagsfremstilling",
                "Sagsfremstilling",
                [
                    _p(Span("KKR Midtjyllands formandskab orienterer bl.a. om:")),
                    Heading([Span("Møde i de to regionale arbejdsmarkedsråd", italic=True)], 2),
                    _p(
                        Span(
                            "RAR Østjylland og RAR Vestjylland har holdt møder hhv. den 26. og "
                            "den 30. marts. Materiale fra møderne kan ses her:"
                        )
                    ),
                    _p(
                        Span(
                            "http://rar-bm.dk/Vestjylland.aspx",
                            href="http://rar-bm.dk/Vestjylland.aspx",
                        )
                    ),
                ],
            )
        ],
    )
    item_3_2 = AgendaItem(
        id="kkr-2015-04-20-3-2",
        number="3.2",
        title="Første udkast til den regionale vækst- og udviklingsstrategi",
        case_number="SAG-2015-01231",
        case_officers=["egl"],
        sections=[
            Section(
                "indstilling",
                "Indstilling",
                [
                    _p(
                        Span(
                            "Det indstilles, at KKR Midtjylland drøfter det første udkast til "
                            "VUS og indsender evt. bemærkninger til Regionsrådet."
                        )
                    )
                ],
            ),
            Section(
                "sagsfremstilling",
                "Sagsfremstilling",
                [
                    BulletList(
                        _bullets(
                            "Bæredygtig omstilling",
                            "Sammenhængende byudvikling",
                            "Viden og kompetencer",
                            "Fokuseret vækst.",
                        )
                    ),
                    BulletList(
                        [
                            ListItem(
                                [
                                    Span(
                                        "At det er vanskeligt at se kommunernes fingeraftryk "
                                        "på udkastet."
                                    )
                                ],
                                [
                                    ListItem(
                                        [
                                            Span(
                                                "De store geografiske forskelle i regionen "
                                                "kræver særlig opmærksomhed"
                                            )
                                        ],
                                        _bullets(
                                            "bredde i vækstfremmeindsatsen gennem arbejde med "
                                            "klynger og værdikæder",
                                            "decentrale uddannelsesmuligheder tilpasset "
                                            "virksomhedernes behov",
                                        ),
                                    )
                                ],
                            )
                        ]
                    ),
                ],
            ),
        ],
        attachments=[
            Attachment(
                "kkr-2015-04-20-3-2-b1",
                "Udkast til VUS som fremsendt til Vækstforums møde den 13. april 2015.",
            ),
            Attachment("kkr-2015-04-20-3-2-b2", "KKR's bemærkninger vedr. VUS, juni 2014"),
            Attachment("kkr-2015-04-20-3-2-b3", "KKR's bemærkninger vedr. VUS, september 2014"),
        ],
    )
    return Meeting(
        id="kkr-midtjylland-2015-04-20",
        body="KKR Midtjylland",
        name="Dagsorden 2015",
        start=datetime(2015, 4, 20, 10, 0),
        location="Scandic, Udgårdsvej 2, 8600 Silkeborg",
        groups=[
            AgendaGroup("kkr-2015-04-20-g1", "1", "Godkendelse af referat", [item_1_1]),
            AgendaGroup("kkr-2015-04-20-g2", "2", "Siden sidst", [item_2_1]),
            AgendaGroup("kkr-2015-04-20-g3", "3", "Regionalpolitiske sager", [item_3_2]),
            AgendaGroup("kkr-2015-04-20-g4", "4", "Udpegninger"),
        ],
    )


def meeting_with_files(folder: Path) -> tuple[Meeting, dict[str, Path]]:
    """`meeting_2015` with an agenda PDF and the first bilag of 3.2 as real PDFs."""
    meeting = meeting_2015()
    agenda = make_pdf(folder / "agenda.pdf", "KKR Midtjylland", "Dagsorden 20-04-2015")
    bilag = make_pdf(folder / "3.2-1.pdf", "Udkast til VUS")
    meeting.agenda_pdf = file_ref_for(agenda, "Dagsorden", "kkr-dagsorden.pdf")
    attachment = meeting.items[2].attachments[0]
    attachment.file = file_ref_for(bilag, attachment.title)
    files = {meeting.agenda_pdf.sha256: agenda, attachment.file.sha256: bilag}
    return meeting, files


@pytest.fixture
def written(tmp_path: Path) -> tuple[Meeting, dict[str, Path], Path]:
    """A folder package of `meeting_with_files` at tmp_path/pkg."""
    source = tmp_path / "src"
    source.mkdir()
    meeting, files = meeting_with_files(source)
    return meeting, files, write_package(meeting, files, tmp_path / "pkg")


def _edit_meeting_json(package: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = package / MEETING_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(PackageError) as caught:
        read_package(path)
    assert str(path) in str(caught.value)
    return caught.value.problems


def _zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# --- schema --------------------------------------------------------------------------


def test_schema_accepts_the_dict_of_a_rich_meeting(tmp_path: Path) -> None:
    meeting, _ = meeting_with_files(tmp_path)
    meeting.items[1].public = False
    meeting.items[1].presenter = "Anders Kühnau"
    meeting.end = datetime(2015, 4, 20, 13, 0)
    meeting.participants = ["Erik Flyvholm"]
    assert validate_document(package_document(meeting)) == []


def _set(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(document: dict[str, Any]) -> None:
        target: Any = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return edit


def _delete(path: list[str | int]) -> Callable[[dict[str, Any]], None]:
    def edit(document: dict[str, Any]) -> None:
        target: Any = document
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return edit


ITEM = ["meeting", "groups", 2, "agendaItem", 0]
BILAG = [*ITEM, "auxiliaryFile", 0]


@pytest.mark.parametrize(
    ("edit", "where", "sentence"),
    [
        (
            _set([*ITEM, "number"], 3.2),
            "meeting.groups[2].agendaItem[0].number",
            "Item 3.2: the number must be text, not 3.2.",
        ),
        (
            _set([*ITEM, "name"], 5),
            "meeting.groups[2].agendaItem[0].name",
            "Item 3.2: the title must be text, not 5.",
        ),
        (
            _delete([*BILAG, "name"]),
            "meeting.groups[2].agendaItem[0].auxiliaryFile[0]",
            "Item 3.2, bilag 1: the title is missing.",
        ),
        (
            _set([*BILAG, "file", "checksum"], "md5:abc"),
            ".file.checksum",
            "Item 3.2, bilag 1: the checksum \"md5:abc\" is not 'sha256:' and 64 lowercase "
            "hex digits.",
        ),
        (
            _set([*BILAG, "file", "fileName"], "../evil.pdf"),
            ".file.fileName",
            'Item 3.2, bilag 1: the file name "../evil.pdf" is not a single file name',
        ),
        (
            _set([*BILAG, "file", "size"], -1),
            ".file.size",
            "Item 3.2, bilag 1: the size must be at least 0, not -1.",
        ),
        (
            _set([*ITEM, "sections", 0, "blocks", 0, "type"], "image"),
            ".blocks[0].type",
            "Item 3.2, section 1, paragraph 1: the type must be one of "
            '"paragraph", "heading", "list", "table", not "image".',
        ),
        (
            _set([*ITEM, "titel"], "x"),
            "meeting.groups[2].agendaItem[0]",
            "Item 3.2: the field 'titel' is not part of the format.",
        ),
        (
            _set(["meeting", "start"], "20-04-2015 10:00"),
            "meeting.start",
            'The meeting\'s start time "20-04-2015 10:00" is not a date and time such as',
        ),
        (
            _set(["meeting", "start"], "2015-13-20T10:00"),
            "meeting.start",
            'The meeting\'s start time "2015-13-20T10:00" is not a valid date and time.',
        ),
        (
            _set(["meeting", "id"], "kkr/2015"),
            "meeting.id",
            'The meeting\'s id "kkr/2015" is not a meeting id',
        ),
        (
            _set(["meeting", "version"], 0),
            "meeting.version",
            "The meeting's version must be at least 1, not 0.",
        ),
        (_delete(["meeting", "version"]), "meeting", "The meeting's version is missing."),
        (
            _set(["meeting", "version"], "2"),
            "meeting.version",
            'The meeting\'s version must be a whole number, not "2".',
        ),
        (
            _set(["meeting", "location"], 7),
            "meeting.location",
            "The meeting's place must be text or null, not 7.",
        ),
        (_delete(["formatVersion"]), "", "meeting.json: the format version is missing."),
    ],
)
def test_schema_problems_are_sentences_naming_field_and_place(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], where: str, sentence: str
) -> None:
    """Not jsonschema's "5 is not of type 'string'": the field in words and where it is."""
    meeting, _ = meeting_with_files(tmp_path)
    document = copy.deepcopy(package_document(meeting))
    edit(document)
    problems = validate_document(document)
    assert problems, "the broken document was accepted"
    assert any(p.path.endswith(where) and p.message.startswith(sentence) for p in problems), [
        (p.path, p.message) for p in problems
    ]
    for problem in problems:
        assert "is not of type" not in problem.message
        assert "is a required property" not in problem.message


def test_the_schema_is_valid_and_the_documented_example_follows_it() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    docs = Path(__file__).parents[2] / "docs" / "package-format.md"
    example = docs.read_text(encoding="utf-8").split("## Example", 1)[1]
    document = json.loads(example.split("```json", 1)[1].split("```", 1)[0])
    assert validate_document(document) == []
    assert Meeting.from_dict(document["meeting"]).items[0].number == "3.2"


def test_problem_str_is_its_sentence_and_keeps_the_path() -> None:
    problem = Problem("meeting.groups[2].agendaItem[0].number", "Item {n}: it is wrong.", n="3.2")
    assert str(problem) == "Item 3.2: it is wrong."
    assert problem.path == "meeting.groups[2].agendaItem[0].number"


# --- writing and reading back --------------------------------------------------------


@pytest.mark.parametrize("name", ["pkg", "pkg.zip"])
def test_write_then_read_gives_the_same_meeting_and_files(tmp_path: Path, name: str) -> None:
    meeting, files = meeting_with_files(tmp_path)
    dest = write_package(meeting, files, tmp_path / name)
    with read_package(dest) as package:
        assert package.meeting == meeting
        assert verify_files(package) == []
        bilag = package.meeting.items[2].attachments[0]
        assert bilag.file is not None
        copied = tmp_path / "out" / "bilag.pdf"
        package.copy_file(bilag.file, copied)
        assert copied.read_bytes() == (tmp_path / "3.2-1.pdf").read_bytes()
        with package.open_file(bilag.file) as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == bilag.file.sha256
        assert not package.meeting.items[2].attachments[1].provided


def test_zip_layout_and_identical_input_gives_identical_bytes(tmp_path: Path) -> None:
    meeting, files = meeting_with_files(tmp_path)
    first = write_package(meeting, files, tmp_path / "a.zip").read_bytes()
    second = write_package(meeting, files, tmp_path / "b.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == [MEETING_FILE, "files/kkr-dagsorden.pdf", "files/3.2-1.pdf"]
        document = json.loads(archive.read(MEETING_FILE))
    assert document["formatVersion"] == 1
    assert document["meeting"]["name"] == "Dagsorden 2015"
    assert "Første udkast" in archive_text(tmp_path / "a.zip")


def archive_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(MEETING_FILE).decode("utf-8")


def test_write_replaces_an_existing_package_but_not_another_folder(tmp_path: Path) -> None:
    meeting, files = meeting_with_files(tmp_path)
    dest = write_package(meeting, files, tmp_path / "pkg")
    meeting.version = 2
    write_package(meeting, files, dest)
    with read_package(dest) as package:
        assert package.meeting.version == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"jpeg")
    with pytest.raises(FileExistsError, match="not a meeting package"):
        write_package(meeting, files, other)
    assert (other / "holiday.jpg").read_bytes() == b"jpeg"


def test_write_refuses_missing_or_wrong_local_files(tmp_path: Path) -> None:
    meeting, files = meeting_with_files(tmp_path)
    assert meeting.agenda_pdf is not None
    incomplete = {meeting.agenda_pdf.sha256: files[meeting.agenda_pdf.sha256]}
    with pytest.raises(PackageError, match="No local file was given"):
        write_package(meeting, incomplete, tmp_path / "pkg.zip")
    wrong = dict(files)
    wrong[meeting.agenda_pdf.sha256] = make_pdf(tmp_path / "other.pdf", "something else")
    with pytest.raises(PackageError, match="other.pdf") as caught:
        write_package(meeting, wrong, tmp_path / "pkg.zip")
    assert "kkr-dagsorden.pdf" in str(caught.value)
    assert not (tmp_path / "pkg.zip").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_write_refuses_an_invalid_meeting(tmp_path: Path) -> None:
    meeting = meeting_2015()
    meeting.groups[1].items[0].id = meeting.groups[0].items[0].id
    with pytest.raises(PackageError, match="already used"):
        write_package(meeting, {}, tmp_path / "pkg")
    assert not (tmp_path / "pkg").exists()


def test_file_ref_for_computes_size_checksum_and_type(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "Bilag.PDF", "Rammepapir")
    data = pdf.read_bytes()
    ref = file_ref_for(pdf, "Rammepapir")
    assert ref == FileRef(
        "Rammepapir", "Bilag.PDF", "application/pdf", len(data), hashlib.sha256(data).hexdigest()
    )
    assert file_ref_for(pdf, "x", "notes.txt").mime_type == "text/plain"
    with pytest.raises(ValueError, match="single file name"):
        file_ref_for(pdf, "x", "../evil.pdf")


def test_a_zip_with_the_package_inside_one_folder_is_read(written: Any, tmp_path: Path) -> None:
    meeting, _, folder = written
    archive = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, "Møde 20-04-2015/" + path.relative_to(folder).as_posix())
    with read_package(archive) as package:
        assert package.meeting == meeting
        assert verify_files(package) == []


# --- bad input -----------------------------------------------------------------------


def test_truncated_zip(written: Any, tmp_path: Path) -> None:
    meeting, files, _ = written
    whole = write_package(meeting, files, tmp_path / "whole.zip").read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert "not a valid zip file" in str(_problems(truncated)[0])


def test_zip_with_path_traversal_and_absolute_members(tmp_path: Path) -> None:
    evil = _zip_with(
        tmp_path / "evil.zip",
        {MEETING_FILE: b"{}", "../evil": b"x", "/etc/passwd": b"root", "files\\a.pdf": b"%PDF"},
    )
    problems = {p.path: p.message for p in _problems(evil)}
    assert "'..'" in problems["../evil"]
    assert "absolute" in problems["/etc/passwd"]
    assert "backslash" in problems["files\\a.pdf"]


def test_zip_with_symlink_duplicate_and_bomb_members(tmp_path: Path) -> None:
    path = tmp_path / "tricks.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        link = zipfile.ZipInfo("files/link.pdf")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("files/zeros.pdf", bytes(8 * 1024**2))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr(MEETING_FILE, b"{}")
            archive.writestr(MEETING_FILE, b"{}")
    problems = {p.path: p.message for p in _problems(path)}
    assert "symbolic link" in problems["files/link.pdf"]
    assert "zip bomb" in problems["files/zeros.pdf"]
    assert "more than once" in problems[MEETING_FILE]


def test_meeting_json_that_is_not_json(written: Any) -> None:
    _, _, folder = written
    (folder / MEETING_FILE).write_text('{"formatVersion": 1,\n "meeting": {', encoding="utf-8")
    [problem] = _problems(folder)
    assert problem.path == MEETING_FILE
    assert "not valid JSON" in problem.message and "line 2" in problem.message


def test_schema_violation_reports_the_path(written: Any) -> None:
    _, _, folder = written
    _edit_meeting_json(folder, _set([*ITEM, "public"], "ja"))
    problems = _problems(folder)
    assert [(p.path, str(p)) for p in problems] == [
        (
            "meeting.groups[2].agendaItem[0].public",
            'Item 3.2: the public mark must be true or false, not "ja".',
        )
    ]


def test_every_schema_violation_is_reported(written: Any) -> None:
    _, _, folder = written
    _edit_meeting_json(folder, _set([*ITEM, "public"], "ja"))
    _edit_meeting_json(folder, _set(["meeting", "version"], "2"))
    with pytest.raises(PackageError) as caught:
        read_package(folder)
    message = str(caught.value)
    assert "2 problems" in message
    assert "The meeting's version must be a whole number" in message
    assert "Item 3.2: the public mark" in message


def test_newer_format_version_asks_for_an_update(written: Any) -> None:
    _, _, folder = written
    _edit_meeting_json(folder, _set(["formatVersion"], 2))
    [problem] = _problems(folder)
    assert problem.path == "formatVersion" and "update the app" in problem.message


def test_checksum_mismatch_fails_the_copy_and_leaves_nothing(written: Any, tmp_path: Path) -> None:
    _, _, folder = written
    member = folder / "files" / "3.2-1.pdf"
    data = bytearray(member.read_bytes())
    data[-10] ^= 0xFF  # same size, other content
    member.write_bytes(bytes(data))
    dest = tmp_path / "library" / "blob.pdf"
    with read_package(folder) as package:
        ref = package.meeting.items[2].attachments[0].file
        assert ref is not None
        with pytest.raises(PackageError, match="files/3.2-1.pdf does not match its checksum"):
            package.copy_file(ref, dest)
        assert [str(p) for p in verify_files(package)][0].startswith("files/3.2-1.pdf")
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []


def test_a_damaged_zip_member_fails_the_copy(written: Any, tmp_path: Path) -> None:
    meeting, files, _ = written
    archive = write_package(meeting, files, tmp_path / "pkg.zip")
    data = bytearray(archive.read_bytes())
    offset = bytes(data).index(b"%PDF", bytes(data).index(b"files/3.2-1.pdf"))
    data[offset + 20] ^= 0xFF
    archive.write_bytes(bytes(data))
    dest = tmp_path / "blob.pdf"
    with read_package(archive) as package:
        ref = package.meeting.items[2].attachments[0].file
        assert ref is not None
        with pytest.raises(PackageError, match="3.2-1.pdf"):
            package.copy_file(ref, dest)
    assert not dest.exists()


def test_missing_file(written: Any) -> None:
    _, _, folder = written
    (folder / "files" / "3.2-1.pdf").unlink()
    [problem] = _problems(folder)
    assert str(problem) == "files/3.2-1.pdf is missing from the package."


def test_file_with_another_size(written: Any) -> None:
    _, _, folder = written
    with (folder / "files" / "3.2-1.pdf").open("ab") as out:
        out.write(b"\n")
    [problem] = _problems(folder)
    assert problem.path == "files/3.2-1.pdf" and "meeting.json says" in problem.message


def test_symlinked_file_in_a_folder_package(written: Any, tmp_path: Path) -> None:
    _, _, folder = written
    member = folder / "files" / "3.2-1.pdf"
    outside = tmp_path / "outside.pdf"
    shutil.move(member, outside)
    os.symlink(outside, member)
    [problem] = _problems(folder)
    assert "symbolic link" in str(problem)


def test_duplicate_id(written: Any) -> None:
    _, _, folder = written
    _edit_meeting_json(folder, _set(["meeting", "groups", 1, "id"], "kkr-2015-04-20-g1"))
    [problem] = _problems(folder)
    assert problem.path == "meeting.groups[1].id"
    assert problem.message == 'Group 2: the id "kkr-2015-04-20-g1" is already used by Group 1.'


def test_one_file_name_with_two_contents(written: Any) -> None:
    _, _, folder = written

    def reuse_name(document: dict[str, Any]) -> None:
        bilag = document["meeting"]["groups"][2]["agendaItem"][0]["auxiliaryFile"]
        bilag[1]["file"] = dict(bilag[0]["file"], checksum="sha256:" + "0" * 64)

    _edit_meeting_json(folder, reuse_name)
    [problem] = _problems(folder)
    assert problem.path.endswith("auxiliaryFile[1].file.fileName")
    assert "with other content" in problem.message


def test_folder_without_meeting_json(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    [problem] = _problems(tmp_path)
    assert str(problem) == "meeting.json is missing from the package."


def test_not_a_package_at_all(tmp_path: Path) -> None:
    text = tmp_path / "agenda.txt"
    text.write_text("Dagsorden", encoding="utf-8")
    assert "not a valid zip file" in str(_problems(text)[0])
    assert "no such file" in str(_problems(tmp_path / "nowhere.zip")[0])


def test_loaded_package_closes_its_zip(written: Any, tmp_path: Path) -> None:
    meeting, files, _ = written
    archive = write_package(meeting, files, tmp_path / "pkg.zip")
    package = read_package(archive)
    assert isinstance(package, LoadedPackage)
    package.close()
    ref = meeting.agenda_pdf
    assert ref is not None
    with pytest.raises(ValueError):
        package.open_file(ref)
