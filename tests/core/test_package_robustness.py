"""Packages that used to slip through: trailing newlines, huge versions, linked folders."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from companion.core.package import (
    MEETING_FILE,
    PackageError,
    file_ref_for,
    package_document,
    read_package,
    validate_document,
    write_package,
)
from tests.core.test_package import BILAG, ITEM, meeting_with_files


def _document(tmp_path: Path) -> dict[str, Any]:
    meeting, _ = meeting_with_files(tmp_path)
    return copy.deepcopy(package_document(meeting))


def _at(document: dict[str, Any], path: list[str | int]) -> Any:
    target: Any = document
    for part in path:
        target = target[part]
    return target


@pytest.mark.parametrize(
    "path",
    [
        ["meeting", "id"],
        [*ITEM, "id"],
        [*BILAG, "id"],
        [*BILAG, "file", "fileName"],
        [*BILAG, "file", "mimeType"],
        [*BILAG, "file", "checksum"],
        ["meeting", "start"],
    ],
)
def test_a_trailing_newline_fails_the_pattern(tmp_path: Path, path: list[str | int]) -> None:
    """JSON Schema searches a pattern, and Python's $ matches before a final newline."""
    document = _document(tmp_path)
    container = _at(document, path[:-1])
    container[path[-1]] += "\n"
    problems = validate_document(document)
    assert problems, f"{path} with a trailing newline was accepted"
    assert any("\\n" in problem.message for problem in problems)  # shown, not hidden


def test_file_ref_for_refuses_a_file_name_ending_in_a_newline(tmp_path: Path) -> None:
    pdf = tmp_path / "bilag.pdf"
    pdf.write_bytes(b"%PDF-1.4 stand-in\n")
    with pytest.raises(ValueError, match="single file name"):
        file_ref_for(pdf, "Bilag", "bilag.pdf\n")


@pytest.mark.parametrize(
    ("path", "value", "sentence"),
    [
        (
            ["meeting", "version"],
            2**63,
            "The meeting's version must be at most 9223372036854775807, not 9223372036854775808.",
        ),
        (
            ["formatVersion"],
            2**63,
            "meeting.json: the format version must be at most 9223372036854775807",
        ),
        (
            [*BILAG, "file", "size"],
            2**63,
            "Item 3.2, bilag 1: the size must be at most 9223372036854775807",
        ),
    ],
)
def test_integers_beyond_sqlite_are_refused(
    tmp_path: Path, path: list[str | int], value: int, sentence: str
) -> None:
    document = _document(tmp_path)
    _at(document, path[:-1])[path[-1]] = value
    messages = [problem.message for problem in validate_document(document)]
    assert any(message.startswith(sentence) for message in messages), messages


def test_every_integer_of_the_schema_has_a_maximum() -> None:
    from companion.core.package import SCHEMA_FILE

    found: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer":
                found.append(where)
                assert "maximum" in node, f"{where} has no maximum"
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), "#")
    assert len(found) >= 5


def test_a_folder_package_whose_files_folder_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    meeting, files = meeting_with_files(tmp_path / "src")
    package = write_package(meeting, files, tmp_path / "pkg")
    elsewhere = tmp_path / "elsewhere"
    os.replace(package / "files", elsewhere)
    (package / "files").symlink_to(elsewhere, target_is_directory=True)

    with pytest.raises(PackageError) as raised:
        read_package(package)

    messages = [problem.message for problem in raised.value.problems]
    assert messages
    assert all("which is a symbolic link" in message for message in messages), messages
    assert all("the folder files," in message for message in messages), messages


def test_a_package_error_is_a_member_error_the_window_translates(tmp_path: Path) -> None:
    from companion.core.errors import MemberError

    (tmp_path / "src").mkdir()
    meeting, files = meeting_with_files(tmp_path / "src")
    package = write_package(meeting, files, tmp_path / "pkg")
    document = json.loads((package / MEETING_FILE).read_text(encoding="utf-8"))
    _at(document, ITEM)["name"] = 5
    (package / MEETING_FILE).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(MemberError) as raised:
        read_package(package)
    danish = {
        "The meeting package {source} cannot be used: {problem}": (
            "Mødepakken {source} kan ikke bruges: {problem}"
        ),
        "{place}: the {field} must be {expected}, not {value}.": (
            "{place}: {field} skal være {expected}, ikke {value}."
        ),
        "Item {number}": "Punkt {number}",
        "title": "titel",
        "text": "tekst",
    }
    text = raised.value.render(lambda _context, source: danish.get(source, source))
    assert (
        text == f"Mødepakken {package} kan ikke bruges: Punkt 3.2: titel skal være tekst, ikke 5."
    )
