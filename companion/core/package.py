"""The meeting package format v1: read, validate and write.

A package is a folder or a zip holding ``meeting.json`` (``{"formatVersion": 1,
"meeting": {...}}``, see ``package.schema.json`` and docs/package-format.md) and
the files it names, each at ``files/<fileName>``. Reading validates everything
that is cheap to check (JSON Schema, ids, file names, zip safety, file presence
and sizes); the sha256 of a file is checked while it is copied out of the
package (`LoadedPackage.copy_file`) or, on demand, by `verify_files`.

Every problem surfaces as a `PackageError` listing each `Problem` with its
place: a JSON path into meeting.json or a member name.
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
from companion.core.model import FileRef, Meeting

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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package and where (a JSON path or a file name)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PackageError(Exception):
    """A package that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, source: Path | str, problems: list[Problem] | str) -> None:
        self.source = Path(source)
        self.problems = [Problem("", problems)] if isinstance(problems, str) else list(problems)
        super().__init__(self.source, self.problems)

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return f"{self.source}: {self.problems[0]}"
        lines = [f"{self.source}: {len(self.problems)} problems:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class _MemberError(Exception):
    """A member that is missing or may not be used; the message says why."""


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
        path = self.root.joinpath(*name.split("/"))
        if path.is_symlink():
            raise _MemberError("is a symbolic link, which a package may not contain")
        if not path.is_file():
            raise _MemberError("is missing from the package")
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
            raise _MemberError("is missing from the package")
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
        except (_MemberError, *_ZIP_READ_ERRORS) as error:
            raise PackageError(self.source, [Problem(member, str(error))]) from None

    def copy_file(self, ref: FileRef, dest: Path) -> None:
        """Copy the file to ``dest``, verifying its size and sha256 on the way.

        The content goes to ``<dest>.part`` first and replaces ``dest`` only when
        it is verified; on a mismatch no partial file is left behind.

        Raises:
            PackageError: the file is missing, damaged or not what meeting.json says.
        """
        member = member_name(ref)
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        try:
            with self.open_file(ref) as stream, part.open("wb") as out:
                mismatch = _copy_verified(stream, out, ref)
            if mismatch:
                raise PackageError(self.source, [Problem(member, mismatch)])
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
        member = member_name(ref)
        try:
            with package.open_file(ref) as stream:
                mismatch = _copy_verified(stream, None, ref)
        except PackageError as error:
            problems += error.problems
            continue
        if mismatch:
            problems.append(Problem(member, mismatch))
    return problems


def package_document(meeting: Meeting) -> dict[str, Any]:
    """The content of meeting.json for ``meeting``."""
    return {"formatVersion": FORMAT_VERSION, "meeting": meeting.to_dict()}


def validate_document(document: Any) -> list[Problem]:
    """Every problem of a parsed meeting.json: schema first, then ids, files, dates."""
    validator = _validator()
    errors = sorted(validator.iter_errors(document), key=lambda e: _json_path(e.absolute_path))
    problems = [Problem(_json_path(e.absolute_path), _schema_message(e)) for e in errors]
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
        Problem(member_name(ref), f"no local file given for sha256 {ref.sha256}")
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
    if not _file_name_pattern().match(file_name):
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
        raise PackageError(path, "no such file or folder")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise PackageError(path, f"not a valid zip file (truncated or damaged?): {error}") from None
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
            problem = "appears more than once in the zip"
        seen.add(info.filename)
        if problem:
            problems.append(Problem(info.filename, problem))
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_SIZE:
        problems.append(
            Problem("", f"unpacks to {total} bytes, more than the limit of {MAX_TOTAL_SIZE}")
        )
    return problems


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\\" in name:
        return "member name contains a backslash"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "member name is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "member name contains '..'"
    if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        return "member is a symbolic link"
    if info.flag_bits & 0x1:
        return "member is encrypted"
    if info.compress_type not in _SUPPORTED_COMPRESSION:
        return f"member uses an unsupported compression method ({info.compress_type})"
    ratio_limit = max(info.compress_size, 1) * MAX_COMPRESSION_RATIO
    if info.file_size > RATIO_CHECK_MIN_SIZE and info.file_size > ratio_limit:
        return "member is compressed suspiciously well (zip bomb?)"
    return None


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
        raise PackageError(source, [Problem("meeting", f"cannot be read: {error!r}")]) from None
    problems = _file_presence(storage, meeting)
    if problems:
        raise PackageError(source, problems)
    return meeting


def _read_meeting_json(storage: _Storage, source: Path) -> bytes:
    try:
        size = storage.size(MEETING_FILE)
        if size > MAX_MEETING_JSON_SIZE:
            raise _MemberError(f"is {size} bytes, more than the limit {MAX_MEETING_JSON_SIZE}")
        with storage.open(MEETING_FILE) as stream:
            return stream.read(MAX_MEETING_JSON_SIZE + 1)
    except _MemberError as error:
        raise PackageError(source, [Problem(MEETING_FILE, str(error))]) from None
    except _ZIP_READ_ERRORS as error:
        problem = Problem(MEETING_FILE, f"is damaged in the zip: {error}")
        raise PackageError(source, [problem]) from None


def _parse_json(raw: bytes, source: Path) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        message = f"not valid JSON: {error.msg} ({where})"
    except (ValueError, RecursionError) as error:
        message = f"not valid JSON: {error}"
    raise PackageError(source, [Problem(MEETING_FILE, message)])


def _check_format_version(document: Any, source: Path) -> None:
    version = document.get("formatVersion") if isinstance(document, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        message = (
            f"format version {version} is newer than this app reads ({FORMAT_VERSION}); "
            "update the app"
        )
        raise PackageError(source, [Problem("formatVersion", message)])


def _file_presence(storage: _Storage, meeting: Meeting) -> list[Problem]:
    problems: list[Problem] = []
    for ref in _unique_refs(meeting):
        member = member_name(ref)
        try:
            size = storage.size(member)
        except _MemberError as error:
            problems.append(Problem(member, str(error)))
            continue
        if size != ref.size:
            message = f"is {size} bytes, but meeting.json says {ref.size}"
            problems.append(Problem(member, message))
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


def _copy_verified(source: IO[bytes], out: IO[bytes] | None, ref: FileRef) -> str | None:
    """Stream ``source`` into ``out`` (if any); a message when it is not what ``ref`` says."""
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in _chunks(source):
            size += len(chunk)
            if size > ref.size:
                return f"is larger than the {ref.size} bytes meeting.json says"
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    except _ZIP_READ_ERRORS as error:
        return f"is damaged in the zip: {error}"
    if size != ref.size:
        return f"is {size} bytes, but meeting.json says {ref.size}"
    if digest.hexdigest() != ref.sha256:
        return f"content does not match its checksum (sha256 is {digest.hexdigest()})"
    return None


# --- validation ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema())


def _file_name_schema() -> dict[str, Any]:
    return cast(dict[str, Any], _schema()["$defs"]["fileOrNull"]["properties"]["fileName"])


@lru_cache(maxsize=1)
def _file_name_pattern() -> re.Pattern[str]:
    return re.compile(_file_name_schema()["pattern"])


def _file_name_rule() -> str:
    return str(_file_name_schema()["description"])


def _json_path(parts: Any) -> str:
    """``["meeting", "groups", 2, "name"]`` -> ``"meeting.groups[2].name"``."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _schema_message(error: jsonschema.ValidationError) -> str:
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "pattern" and description:
        return f"{error.instance!r} is not {description}"
    return str(error.message)


def _walk(meeting: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (kind, JSON path, object) for groups, items and attachments."""
    for g, group in enumerate(meeting["groups"]):
        group_path = f"meeting.groups[{g}]"
        yield "group", group_path, group
        for i, item in enumerate(group.get("agendaItem", [])):
            item_path = f"{group_path}.agendaItem[{i}]"
            yield "agenda item", item_path, item
            for a, attachment in enumerate(item.get("auxiliaryFile", [])):
                yield "attachment", f"{item_path}.auxiliaryFile[{a}]", attachment


def _duplicate_ids(meeting: dict[str, Any]) -> list[Problem]:
    """Ids must be unique among the groups, the items and the attachments (each)."""
    first_seen: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    for kind, path, obj in _walk(meeting):
        key = (kind, obj["id"])
        if key in first_seen:
            message = f"{kind} id {obj['id']!r} is already used by {first_seen[key]}"
            problems.append(Problem(f"{path}.id", message))
        else:
            first_seen[key] = path
    return problems


def _file_entries(meeting: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    if meeting.get("agendaPdf"):
        yield "meeting.agendaPdf", meeting["agendaPdf"]
    for kind, path, obj in _walk(meeting):
        if kind == "attachment" and obj.get("file"):
            yield f"{path}.file", obj["file"]


def _file_conflicts(meeting: dict[str, Any]) -> list[Problem]:
    """One fileName, one content; names differing only in case would clash on disk."""
    by_key: dict[str, tuple[str, dict[str, Any]]] = {}
    problems: list[Problem] = []
    for path, file in _file_entries(meeting):
        key = file["fileName"].casefold()
        if key not in by_key:
            by_key[key] = (path, file)
            continue
        first_path, first = by_key[key]
        if first["fileName"] != file["fileName"]:
            message = f"differs only in case from {first['fileName']!r} at {first_path}"
        elif (first["checksum"], first["size"]) != (file["checksum"], file["size"]):
            message = f"{file['fileName']!r} is used at {first_path} with other content"
        else:
            continue
        problems.append(Problem(f"{path}.fileName", message))
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
            problems.append(Problem(f"meeting.{key}", f"{value!r} is not a valid date and time"))
    start, end = parsed.get("start"), parsed.get("end")
    if start and end and (start.tzinfo is None) == (end.tzinfo is None) and end < start:
        problems.append(Problem("meeting.end", "is before the start"))
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
        os.replace(temp, dest)
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
        if dest.exists():
            os.replace(dest, old)
        os.replace(temp, dest)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _copy_local(local: Path, out: IO[bytes], ref: FileRef, dest: Path) -> None:
    """Copy a local source file into the package being written, verifying it."""
    try:
        with local.open("rb") as stream:
            mismatch = _copy_verified(stream, out, ref)
    except OSError as error:
        mismatch = f"cannot be read: {error}"
    if mismatch:
        message = f"{mismatch} (for {member_name(ref)})"
        raise PackageError(dest, [Problem(str(local), message)])
