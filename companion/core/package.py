"""The meeting package format v1: read, validate and write.

A package is a folder or a zip holding ``meeting.json`` (``{"formatVersion": 1,
"meeting": {...}}``, see ``package.schema.json`` and docs/package-format.md) and
the files it names, each at ``files/<fileName>``. Reading validates everything
that is cheap to check (JSON Schema, ids, file names, zip safety, file presence
and sizes); the sha256 of a file is checked while it is copied out of the
package (`LoadedPackage.copy_file`) or, on demand, by `verify_files`.

Every problem surfaces as a `PackageError` (a `MemberError` the window
translates) listing each `Problem`: a sentence naming its place in words
("Item 3.2: the title must be text, not 5."), with the JSON path into
meeting.json or the member name kept for details (`Problem.path`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, Protocol, cast

import jsonschema

from companion.core.closing import Closable
from companion.core.durable import durable_move
from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError, Translate
from companion.core.model import FileRef, Meeting
from companion.core.package_durable import move_folder_into_place
from companion.core.package_problems import (
    Phrase,
    Problem,
    field_words,
    json_path,
    place_of,
    schema_problem,
    shown,
    text_problem,
    use_schema,
)

__all__ = ["LoadedPackage", "PackageError", "Problem", "read_package", "write_package"]

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MEETING_FILE = "meeting.json"
FILES_DIR = "files"
SCHEMA_FILE = Path(__file__).with_name("package.schema.json")

#: Zip bomb guards: the declared uncompressed total, and the compression ratio
#: allowed for members larger than `RATIO_CHECK_MIN_SIZE`.
MAX_TOTAL_SIZE = 4 * 1024**3
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_SIZE = 1024**2
MAX_MEETING_JSON_SIZE = 64 * 1024**2

CHUNK_SIZE = 1024 * 1024
#: Fixed timestamp for zip members, so equal input gives equal zips.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
#: Errors a damaged zip member raises while it is read.
_ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)
_SUPPORTED_COMPRESSION = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}


_ONE_PROBLEM = QT_TRANSLATE_NOOP(
    "CoreErrors", "The meeting package {source} cannot be used: {problem}"
)
_PROBLEMS = QT_TRANSLATE_NOOP(
    "CoreErrors", "The meeting package {source} cannot be used; it has {count} problems:"
)


class PackageError(MemberError):
    """A package that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, source: Path | str, problems: list[Problem] | str) -> None:
        self.source = Path(source)
        self.problems = (
            [text_problem("", problems)] if isinstance(problems, str) else list(problems)
        )
        template = _ONE_PROBLEM if len(self.problems) == 1 else _PROBLEMS
        super().__init__(template, Cause.INVALID, source=str(self.source), count=len(self.problems))

    def render(self, translate: Translate | None = None) -> str:
        """The sentence (and one line a problem), translated when ``translate`` is given."""
        problems = [problem.render(translate) for problem in self.problems]
        if len(problems) == 1:
            self.params["problem"] = problems[0]
            return super().render(translate)
        return "\n".join([super().render(translate), *(f"  {line}" for line in problems)])


# The sentences of package problems, marked for translation (context CoreErrors).
_SYMLINK = QT_TRANSLATE_NOOP(
    "CoreErrors", "{member} is a symbolic link, which a package may not contain."
)
_SYMLINK_FOLDER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{member} lies in the folder {folder}, which is a symbolic link; a package may not "
    "contain links.",
)
_MISSING = QT_TRANSLATE_NOOP("CoreErrors", "{member} is missing from the package.")
_TOO_LARGE = QT_TRANSLATE_NOOP(
    "CoreErrors", "{member} is {size} bytes, more than the limit of {limit}."
)
_DAMAGED_IN_ZIP = QT_TRANSLATE_NOOP("CoreErrors", "{member} is damaged in the zip ({detail}).")
_LARGER = QT_TRANSLATE_NOOP(
    "CoreErrors", "{member} is larger than the {expected} bytes meeting.json says."
)
_OTHER_SIZE = QT_TRANSLATE_NOOP(
    "CoreErrors", "{member} is {size} bytes, but meeting.json says {expected}."
)
_OTHER_CHECKSUM = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{member} does not match its checksum in meeting.json (its sha256 is {sha256}); "
    "it is damaged or was replaced.",
)
_NO_LOCAL_FILE = QT_TRANSLATE_NOOP(
    "CoreErrors", "No local file was given for {member} (sha256 {sha256})."
)
_LOCAL_UNREADABLE = QT_TRANSLATE_NOOP("CoreErrors", "{path} cannot be read for {member}: {detail}.")
_LOCAL_MISMATCH = QT_TRANSLATE_NOOP("CoreErrors", "The local file {path} was given, but: {problem}")
_NO_SUCH_PATH = QT_TRANSLATE_NOOP("CoreErrors", "There is no such file or folder.")
_NOT_A_ZIP = QT_TRANSLATE_NOOP(
    "CoreErrors", "It is not a valid zip file (truncated or damaged?): {detail}."
)
_ZIP_BACKSLASH = QT_TRANSLATE_NOOP(
    "CoreErrors", "The zip member {member} has a backslash in its name."
)
_ZIP_ABSOLUTE = QT_TRANSLATE_NOOP("CoreErrors", "The zip member {member} has an absolute path.")
_ZIP_PARENT = QT_TRANSLATE_NOOP("CoreErrors", "The zip member {member} has '..' in its path.")
_ZIP_LINK = QT_TRANSLATE_NOOP("CoreErrors", "The zip member {member} is a symbolic link.")
_ZIP_ENCRYPTED = QT_TRANSLATE_NOOP("CoreErrors", "The zip member {member} is encrypted.")
_ZIP_METHOD = QT_TRANSLATE_NOOP(
    "CoreErrors", "The zip member {member} uses an unsupported compression method ({method})."
)
_ZIP_BOMB = QT_TRANSLATE_NOOP(
    "CoreErrors", "The zip member {member} is compressed suspiciously well (a zip bomb?)."
)
_ZIP_TWICE = QT_TRANSLATE_NOOP("CoreErrors", "The zip member {member} appears more than once.")
_ZIP_TOTAL = QT_TRANSLATE_NOOP(
    "CoreErrors", "The zip unpacks to {total} bytes, more than the limit of {limit}."
)
_UNREADABLE_MEETING = QT_TRANSLATE_NOOP("CoreErrors", "The meeting cannot be read: {detail}.")
_NOT_JSON_AT = QT_TRANSLATE_NOOP(
    "CoreErrors", "meeting.json is not valid JSON: {detail} (line {line}, column {column})."
)
_NOT_JSON = QT_TRANSLATE_NOOP("CoreErrors", "meeting.json is not valid JSON: {detail}.")
_NEWER_FORMAT = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The package has format version {version}, newer than this app reads ({known}); "
    "update the app.",
)
_DUPLICATE_ID = QT_TRANSLATE_NOOP("CoreErrors", "{place}: the id {id} is already used by {other}.")
_CASE_CLASH = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{place}: the file name {name} differs only in case from {other_name} ({other}).",
)
_NAME_CLASH = QT_TRANSLATE_NOOP(
    "CoreErrors", "{place}: the file name {name} is also used by {other}, with other content."
)
_BAD_DATE = QT_TRANSLATE_NOOP(
    "CoreErrors", "The meeting's {field} {value} is not a valid date and time."
)
_END_BEFORE_START = QT_TRANSLATE_NOOP("CoreErrors", "The meeting ends before it starts.")


class _MemberError(Exception):
    """A member that is missing or may not be used: a sentence template with ``{member}``."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params

    def problem(self, member: str) -> Problem:
        """The problem, naming ``member``."""
        return Problem(member, self.template, member=member, **self.params)


class _Storage(Protocol):
    """Where the package's members live: a folder or a zip."""

    def size(self, name: str) -> int:
        """The member's size in bytes; raises `_MemberError`."""
        ...

    def open(self, name: str) -> BinaryIO:
        """A binary stream of the member; raises `_MemberError`."""
        ...

    def close(self) -> None:
        """Release open files."""
        ...


class _FolderStorage:
    """Members are plain files below ``root``; symbolic links are refused."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        """The member's file; a link anywhere below the root (a file or a folder) is refused."""
        path = self.root
        parts = name.split("/")
        for depth, part in enumerate(parts, 1):
            path = path / part
            if path.is_symlink():
                if depth == len(parts):
                    raise _MemberError(_SYMLINK)
                raise _MemberError(_SYMLINK_FOLDER, folder="/".join(parts[:depth]))
        if not path.is_file():
            raise _MemberError(_MISSING)
        return path

    def size(self, name: str) -> int:
        return self._path(name).stat().st_size

    def open(self, name: str) -> BinaryIO:
        return self._path(name).open("rb")

    def close(self) -> None:
        """Nothing to release."""


class _ZipStorage:
    """Members of a zip that passed `_zip_problems`, below an optional top folder."""

    def __init__(self, archive: zipfile.ZipFile, prefix: str) -> None:
        self.archive = archive
        self.prefix = prefix
        self.members = {info.filename: info for info in archive.infolist()}

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = self.members.get(self.prefix + name)
        if info is None or info.is_dir():
            raise _MemberError(_MISSING)
        return info

    def size(self, name: str) -> int:
        return self._info(name).file_size

    def open(self, name: str) -> BinaryIO:
        return cast(BinaryIO, self.archive.open(self._info(name)))

    def close(self) -> None:
        self.archive.close()


@dataclass
class LoadedPackage(Closable):
    """A validated package, open for reading its files (a context manager)."""

    source: Path
    meeting: Meeting
    _storage: _Storage = field(repr=False)

    def open_file(self, ref: FileRef) -> BinaryIO:
        """A raw binary stream of the file ``ref`` names (not verified)."""
        member = member_name(ref)
        try:
            return self._storage.open(member)
        except _MemberError as error:
            raise PackageError(self.source, [error.problem(member)]) from None
        except _ZIP_READ_ERRORS as error:
            problem = Problem(member, _DAMAGED_IN_ZIP, member=member, detail=str(error))
            raise PackageError(self.source, [problem]) from None

    def copy_file(self, ref: FileRef, dest: Path) -> None:
        """Copy the file to ``dest``, verifying its size and sha256 on the way.

        The content goes to ``<dest>.part`` first and replaces ``dest`` only when
        it is verified; on a mismatch no partial file is left behind.

        Raises:
            PackageError: the file is missing, damaged or not what meeting.json says.
        """
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        try:
            with self.open_file(ref) as stream, part.open("wb") as out:
                mismatch = _copy_verified(stream, out, ref)
            if mismatch:
                raise PackageError(self.source, [mismatch])
            os.replace(part, dest)
        finally:
            part.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the underlying zip, if any."""
        self._storage.close()


def member_name(ref: FileRef) -> str:
    """The member path of a file inside a package: ``files/<fileName>``."""
    return f"{FILES_DIR}/{ref.file_name}"


def read_package(path: Path) -> LoadedPackage:
    """Open and validate the package at ``path`` (a folder or a ``.zip``).

    Raises:
        PackageError: listing every problem found; nothing else escapes for bad input.
    """
    path = Path(path)
    storage = _open_storage(path)
    try:
        meeting = _load_meeting(storage, path)
    except BaseException:
        storage.close()
        raise
    logger.info("read package %s: meeting %s version %s", path, meeting.id, meeting.version)
    return LoadedPackage(path, meeting, storage)


def verify_files(package: LoadedPackage) -> list[Problem]:
    """Check every file's size and sha256 by reading it in full (slow for big files)."""
    problems: list[Problem] = []
    for ref in _unique_refs(package.meeting):
        try:
            with package.open_file(ref) as stream:
                mismatch = _copy_verified(stream, None, ref)
        except PackageError as error:
            problems += error.problems
            continue
        if mismatch:
            problems.append(mismatch)
    return problems


def package_document(meeting: Meeting) -> dict[str, Any]:
    """The content of meeting.json for ``meeting``."""
    return {"formatVersion": FORMAT_VERSION, "meeting": meeting.to_dict()}


def validate_document(document: Any) -> list[Problem]:
    """Every problem of a parsed meeting.json: schema first, then ids, files, dates."""
    validator = _validator()
    errors = sorted(validator.iter_errors(document), key=lambda e: json_path(e.absolute_path))
    problems = [schema_problem(error, document) for error in errors]
    if problems:
        return problems
    meeting = document["meeting"]
    return _duplicate_ids(meeting) + _file_conflicts(meeting) + _date_problems(meeting)


def write_package(meeting: Meeting, files: Mapping[str, Path], dest: Path) -> Path:
    """Write ``meeting`` and its files as a package at ``dest``; return ``dest``.

    Args:
        meeting: the meeting; it must validate against the schema.
        files: sha256 -> a local file with that content, for every file the meeting names.
        dest: a path ending in ``.zip`` for a zip, anything else for a folder. An
            existing package there is replaced atomically; any other existing
            folder is refused.

    Raises:
        PackageError: the meeting is invalid, or a file is missing or has other content.
        FileExistsError: ``dest`` is a non-empty folder that is not a package.
    """
    dest = Path(dest)
    document = package_document(meeting)
    problems = validate_document(document)
    problems += [
        Problem(member_name(ref), _NO_LOCAL_FILE, member=member_name(ref), sha256=ref.sha256)
        for ref in _unique_refs(meeting)
        if ref.sha256 not in files
    ]
    if problems:
        raise PackageError(dest, problems)
    payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    dest.parent.mkdir(parents=True, exist_ok=True)
    sources = [(ref, Path(files[ref.sha256])) for ref in _unique_refs(meeting)]
    if dest.suffix.lower() == ".zip":
        _write_zip(payload, sources, dest)
    else:
        _write_folder(payload, sources, dest)
    logger.info("wrote package %s (%d files)", dest, len(sources))
    return dest


def file_ref_for(path: Path, name: str, file_name: str | None = None) -> FileRef:
    """A `FileRef` for the local file ``path``: size, sha256 and MIME type computed.

    Args:
        path: the file.
        name: the title shown to the user.
        file_name: the name inside the package (default: ``path.name``).

    Raises:
        ValueError: ``file_name`` is not a safe single file name.
    """
    path = Path(path)
    file_name = file_name or path.name
    if not _file_name_pattern().search(file_name):
        raise ValueError(f"{file_name!r} is not {_file_name_rule()}")
    with path.open("rb") as stream:
        digest = hashlib.sha256()
        size = 0
        for chunk in _chunks(stream):
            digest.update(chunk)
            size += len(chunk)
    return FileRef(name, file_name, guess_mime_type(file_name), size, digest.hexdigest())


def guess_mime_type(file_name: str) -> str:
    """The MIME type for a file name; ``application/octet-stream`` when unknown."""
    if file_name.lower().endswith(".pdf"):
        return "application/pdf"
    return mimetypes.guess_type(file_name, strict=False)[0] or "application/octet-stream"


# --- reading -------------------------------------------------------------------------


def _open_storage(path: Path) -> _Storage:
    if path.is_dir():
        return _FolderStorage(path)
    if not path.exists():
        raise PackageError(path, [Problem("", _NO_SUCH_PATH)])
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise PackageError(path, [Problem("", _NOT_A_ZIP, detail=str(error))]) from None
    problems = _zip_problems(archive.infolist())
    if problems:
        archive.close()
        raise PackageError(path, problems)
    return _ZipStorage(archive, _zip_prefix(archive.namelist()))


def _zip_problems(infos: list[zipfile.ZipInfo]) -> list[Problem]:
    """Unsafe member names, links, encryption, duplicates and zip bomb signs."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for info in infos:
        problem = _member_problem(info)
        if info.filename in seen:
            problem = Problem(info.filename, _ZIP_TWICE, member=info.filename)
        seen.add(info.filename)
        if problem:
            problems.append(problem)
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_SIZE:
        problems.append(Problem("", _ZIP_TOTAL, total=total, limit=MAX_TOTAL_SIZE))
    return problems


def _member_problem(info: zipfile.ZipInfo) -> Problem | None:
    name = info.filename
    template: str | None = None
    if "\\" in name:
        template = _ZIP_BACKSLASH
    elif name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        template = _ZIP_ABSOLUTE
    elif ".." in PurePosixPath(name).parts:
        template = _ZIP_PARENT
    elif info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        template = _ZIP_LINK
    elif info.flag_bits & 0x1:
        template = _ZIP_ENCRYPTED
    elif info.compress_type not in _SUPPORTED_COMPRESSION:
        return Problem(name, _ZIP_METHOD, member=name, method=info.compress_type)
    else:
        ratio_limit = max(info.compress_size, 1) * MAX_COMPRESSION_RATIO
        if info.file_size > RATIO_CHECK_MIN_SIZE and info.file_size > ratio_limit:
            template = _ZIP_BOMB
    return Problem(name, template, member=name) if template else None


def _zip_prefix(names: list[str]) -> str:
    """``""``, or ``"folder/"`` when the zip holds the package inside one top folder."""
    if MEETING_FILE in names:
        return ""
    tops = [n for n in names if n.count("/") == 1 and n.endswith("/" + MEETING_FILE)]
    tops = [n for n in tops if not n.startswith("__MACOSX/")]
    return tops[0][: -len(MEETING_FILE)] if len(tops) == 1 else ""


def _load_meeting(storage: _Storage, source: Path) -> Meeting:
    document = _parse_json(_read_meeting_json(storage, source), source)
    _check_format_version(document, source)
    problems = validate_document(document)
    if problems:
        raise PackageError(source, problems)
    try:
        meeting = Meeting.from_dict(document["meeting"])
    except (KeyError, ValueError, TypeError) as error:  # the schema should prevent this
        problem = Problem("meeting", _UNREADABLE_MEETING, detail=repr(error))
        raise PackageError(source, [problem]) from None
    problems = _file_presence(storage, meeting)
    if problems:
        raise PackageError(source, problems)
    return meeting


def _read_meeting_json(storage: _Storage, source: Path) -> bytes:
    try:
        size = storage.size(MEETING_FILE)
        if size > MAX_MEETING_JSON_SIZE:
            raise _MemberError(_TOO_LARGE, size=size, limit=MAX_MEETING_JSON_SIZE)
        with storage.open(MEETING_FILE) as stream:
            return stream.read(MAX_MEETING_JSON_SIZE + 1)
    except _MemberError as error:
        raise PackageError(source, [error.problem(MEETING_FILE)]) from None
    except _ZIP_READ_ERRORS as error:
        problem = Problem(MEETING_FILE, _DAMAGED_IN_ZIP, member=MEETING_FILE, detail=str(error))
        raise PackageError(source, [problem]) from None


def _parse_json(raw: bytes, source: Path) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        problem = Problem(
            MEETING_FILE, _NOT_JSON_AT, detail=error.msg, line=error.lineno, column=error.colno
        )
    except (ValueError, RecursionError) as error:
        problem = Problem(MEETING_FILE, _NOT_JSON, detail=str(error))
    raise PackageError(source, [problem])


def _check_format_version(document: Any, source: Path) -> None:
    version = document.get("formatVersion") if isinstance(document, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        problem = Problem("formatVersion", _NEWER_FORMAT, version=version, known=FORMAT_VERSION)
        raise PackageError(source, [problem])


def _file_presence(storage: _Storage, meeting: Meeting) -> list[Problem]:
    problems: list[Problem] = []
    for ref in _unique_refs(meeting):
        member = member_name(ref)
        try:
            size = storage.size(member)
        except _MemberError as error:
            problems.append(error.problem(member))
            continue
        if size != ref.size:
            problems.append(
                Problem(member, _OTHER_SIZE, member=member, size=size, expected=ref.size)
            )
    return problems


def _unique_refs(meeting: Meeting) -> list[FileRef]:
    """The meeting's files, one per fileName, in meeting order."""
    refs: dict[str, FileRef] = {}
    for ref in meeting.files():
        refs.setdefault(ref.file_name, ref)
    return list(refs.values())


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_SIZE):
        yield chunk


def _copy_verified(source: IO[bytes], out: IO[bytes] | None, ref: FileRef) -> Problem | None:
    """Stream ``source`` into ``out`` (if any); a problem when it is not what ``ref`` says."""
    member = member_name(ref)
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in _chunks(source):
            size += len(chunk)
            if size > ref.size:
                return Problem(member, _LARGER, member=member, expected=ref.size)
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    except _ZIP_READ_ERRORS as error:
        return Problem(member, _DAMAGED_IN_ZIP, member=member, detail=str(error))
    if size != ref.size:
        return Problem(member, _OTHER_SIZE, member=member, size=size, expected=ref.size)
    if digest.hexdigest() != ref.sha256:
        return Problem(member, _OTHER_CHECKSUM, member=member, sha256=digest.hexdigest())
    return None


# --- validation ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    schema = cast(dict[str, Any], json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    use_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema())


def _file_name_schema() -> dict[str, Any]:
    return cast(dict[str, Any], _schema()["$defs"]["fileOrNull"]["properties"]["fileName"])


@lru_cache(maxsize=1)
def _file_name_pattern() -> re.Pattern[str]:
    """The schema's pattern, used as JSON Schema does (``search``)."""
    return re.compile(_file_name_schema()["pattern"])


def _file_name_rule() -> str:
    return str(_file_name_schema()["description"])


Parts = list[str | int]


def _walk(meeting: dict[str, Any]) -> Iterator[tuple[str, Parts, dict[str, Any]]]:
    """Every (kind, JSON path parts, object) for groups, items and attachments."""
    for g, group in enumerate(meeting["groups"]):
        group_parts: Parts = ["meeting", "groups", g]
        yield "group", group_parts, group
        for i, item in enumerate(group.get("agendaItem", [])):
            item_parts: Parts = [*group_parts, "agendaItem", i]
            yield "agenda item", item_parts, item
            for a, attachment in enumerate(item.get("auxiliaryFile", [])):
                yield "attachment", [*item_parts, "auxiliaryFile", a], attachment


def _place(document: dict[str, Any], parts: Parts) -> Phrase | None:
    """The place of ``parts`` in words (a `Phrase`)."""
    return place_of(document, parts)[0]


def _duplicate_ids(meeting: dict[str, Any]) -> list[Problem]:
    """Ids must be unique among the groups, the items and the attachments (each)."""
    document = {"meeting": meeting}
    first_seen: dict[tuple[str, str], Parts] = {}
    problems: list[Problem] = []
    for kind, parts, obj in _walk(meeting):
        key = (kind, obj["id"])
        if key in first_seen:
            problems.append(
                Problem(
                    json_path([*parts, "id"]),
                    _DUPLICATE_ID,
                    place=_place(document, parts),
                    id=shown(obj["id"]),
                    other=_place(document, first_seen[key]),
                )
            )
        else:
            first_seen[key] = parts
    return problems


def _file_entries(meeting: dict[str, Any]) -> Iterator[tuple[Parts, dict[str, Any]]]:
    if meeting.get("agendaPdf"):
        yield ["meeting", "agendaPdf", "fileName"], meeting["agendaPdf"]
    for kind, parts, obj in _walk(meeting):
        if kind == "attachment" and obj.get("file"):
            yield [*parts, "file", "fileName"], obj["file"]


def _file_conflicts(meeting: dict[str, Any]) -> list[Problem]:
    """One fileName, one content; names differing only in case would clash on disk."""
    document = {"meeting": meeting}
    by_key: dict[str, tuple[Parts, dict[str, Any]]] = {}
    problems: list[Problem] = []
    for parts, file in _file_entries(meeting):
        key = file["fileName"].casefold()
        if key not in by_key:
            by_key[key] = (parts, file)
            continue
        first_parts, first = by_key[key]
        where = {
            "place": _place(document, parts),
            "other": _place(document, first_parts),
            "name": shown(file["fileName"]),
        }
        if first["fileName"] != file["fileName"]:
            problem = Problem(
                json_path(parts), _CASE_CLASH, other_name=shown(first["fileName"]), **where
            )
        elif (first["checksum"], first["size"]) != (file["checksum"], file["size"]):
            problem = Problem(json_path(parts), _NAME_CLASH, **where)
        else:
            continue
        problems.append(problem)
    return problems


def _date_problems(meeting: dict[str, Any]) -> list[Problem]:
    parsed: dict[str, datetime] = {}
    problems: list[Problem] = []
    for key in ("start", "end"):
        value = meeting.get(key)
        if not value:
            continue
        try:
            parsed[key] = datetime.fromisoformat(value)
        except ValueError:
            problems.append(
                Problem(f"meeting.{key}", _BAD_DATE, field=field_words(key), value=shown(value))
            )
    start, end = parsed.get("start"), parsed.get("end")
    if start and end and (start.tzinfo is None) == (end.tzinfo is None) and end < start:
        problems.append(Problem("meeting.end", _END_BEFORE_START))
    return problems


# --- writing -------------------------------------------------------------------------


def _write_zip(payload: bytes, sources: list[tuple[FileRef, Path]], dest: Path) -> None:
    handle, temp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(handle)
    temp = Path(temp_name)
    try:
        with zipfile.ZipFile(temp, "w") as archive:
            info = _zip_info(MEETING_FILE, zipfile.ZIP_DEFLATED)
            archive.writestr(info, payload)
            for ref, local in sources:
                # PDFs are compressed already: stored members are faster to read.
                info = _zip_info(member_name(ref), zipfile.ZIP_STORED)
                with archive.open(info, "w", force_zip64=ref.size >= 2**31) as out:
                    _copy_local(local, out, ref, dest)
        durable_move(temp, dest)
    finally:
        temp.unlink(missing_ok=True)


def _zip_info(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


def _write_folder(payload: bytes, sources: list[tuple[FileRef, Path]], dest: Path) -> None:
    if dest.exists() and not (dest / MEETING_FILE).is_file() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} exists and is not a meeting package; not replacing it")
    temp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp"))
    old = temp.with_name(temp.name + ".old")
    try:
        (temp / MEETING_FILE).write_bytes(payload)
        (temp / FILES_DIR).mkdir()
        for ref, local in sources:
            with (temp / FILES_DIR / ref.file_name).open("wb") as out:
                _copy_local(local, out, ref, dest)
        move_folder_into_place(temp, dest, old)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _copy_local(local: Path, out: IO[bytes], ref: FileRef, dest: Path) -> None:
    """Copy a local source file into the package being written, verifying it."""
    try:
        with local.open("rb") as stream:
            mismatch = _copy_verified(stream, out, ref)
    except OSError as error:
        unreadable = Problem(
            str(local),
            _LOCAL_UNREADABLE,
            path=str(local),
            member=member_name(ref),
            detail=error.strerror or str(error),
        )
        raise PackageError(dest, [unreadable]) from None
    if mismatch:
        problem = Problem(str(local), _LOCAL_MISMATCH, path=str(local), problem=mismatch)
        raise PackageError(dest, [problem])
