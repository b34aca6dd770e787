"""The member's sources of meeting packages, kept in ``<config dir>/sources.json``.

A source is a feed URL (http or https) or a local path (a feed folder, a package
folder or a package .zip on a USB stick). sources.json holds no secret, ever: a
password or token lives where `companion.core.credentials` keeps it, and the source
only says where (``secret_storage``).
"""

from __future__ import annotations

import base64
import binascii
import builtins
import calendar
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import urlsplit, urlunsplit

from companion.core.credentials import SECRET_STORAGES, SecretStorage, write_private_file
from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError, describe_os_error
from companion.core.file_lock import DEFAULT_LOCK_TIMEOUT, FileLock, FileLockTimeout
from companion.core.model import slugify
from companion.core.plain_http import sends_secret_in_clear

if TYPE_CHECKING:
    from companion.core.sources.feed.client import SyncSource
    from companion.core.sources.firstagenda import FirstAgendaSource
    from companion.core.sources.http import RetryPolicy

log = logging.getLogger(__name__)

SOURCES_FILE_NAME = "sources.json"
SOURCES_LOCK_FILE_NAME = SOURCES_FILE_NAME + ".lock"
SOURCES_FORMAT_VERSION = 1
PUBLIC_KEY_BYTES = 32
_ID_MAX_LENGTH = 40

AuthKind = Literal["none", "basic", "token"]
AUTH_KINDS: tuple[str, ...] = get_args(AuthKind)
#: "feed": our own feed (or a package file or folder); "firstagenda": a municipality's
#: FirstAgenda Publication site.
SourceKind = Literal["feed", "firstagenda"]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
#: How many months back a FirstAgenda sync reaches by default, and at most.
DEFAULT_MONTHS = 12
MAX_MONTHS = 120


class SourceError(Exception):
    """A source that cannot be added or used, or a damaged sources.json; names the problem."""


class SourcesFileUnwritable(SourceError, MemberError):
    """sources.json cannot be written (a full, read-only or failing disk): names the cause."""


class InsecureHttpSource(SourceError, MemberError):
    """A password or token over plain http to another machine, not allowed by the member."""


class InvalidSiteSource(SourceError, MemberError):
    """A FirstAgenda site that cannot be added as given (the sentence says why)."""


NOT_A_SITE_ADDRESS = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{url} is not the address of a web site: type the site's address, "
    "e.g. https://dagsordener-referater.hvidovre.dk.",
)
NO_COMMITTEE_CHOSEN = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Choose at least one committee of {url} to sync.",
)
MONTHS_OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "How far back to fetch must be between 1 and {most} months, not {months}.",
)

INSECURE_HTTP_SOURCE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{url} is not encrypted (http), so your password or token could be read on the network: "
    "use the source's https:// address, or, only if you accept that risk, allow it "
    '("Send my password unencrypted anyway", or --allow-insecure-http).',
)


@dataclass(frozen=True)
class Source:
    """One place the member syncs meeting packages from.

    Attributes:
        id: short slug, unique among the sources; also the secret's key.
        name: what the member calls it.
        location: an http(s) URL, or an absolute local path; a FirstAgenda site's root.
        auth: "none", "basic" (user name + password) or "token" (bearer token).
        username: the user name for basic auth, else None.
        public_key: Ed25519 public key (32 bytes, base64); manifests must be signed.
        verify_tls: check the server's certificate (only an expert turns this off).
        secret_storage: where the secret is kept: "keyring", "file" or "ask".
        allow_insecure_http: the member insisted on sending the password or token over
            plain http to another machine (see `check_secret_transport`).
        kind: "feed" (our feed, a package folder or file) or "firstagenda" (a
            municipality's FirstAgenda Publication site).
        committees: the FirstAgenda committees to sync, as the site names them.
        months: how many months back a FirstAgenda sync reaches.
        added: when the source was added (UTC).
        last_sync: when the last sync ended (UTC), or None.
        last_sync_result: one line about the last sync ("ok", or the problem).
    """

    id: str
    name: str
    location: str
    auth: AuthKind = "none"
    username: str | None = None
    public_key: str | None = None
    verify_tls: bool = True
    secret_storage: SecretStorage = "keyring"
    allow_insecure_http: bool = False
    kind: SourceKind = "feed"
    committees: tuple[str, ...] = ()
    months: int = DEFAULT_MONTHS
    added: datetime | None = None
    last_sync: datetime | None = None
    last_sync_result: str | None = None

    @property
    def is_remote(self) -> bool:
        """True for an http(s) feed, False for a local folder or file."""
        return urlsplit(self.location).scheme in ("http", "https")

    @property
    def needs_secret(self) -> bool:
        """True when syncing needs a password or token."""
        return self.auth != "none"

    @property
    def secret_in_clear(self) -> bool:
        """True when its password or token would cross the network unencrypted (http)."""
        return self.needs_secret and self.is_remote and sends_secret_in_clear(self.location)

    def to_dict(self) -> dict[str, Any]:
        """The source as JSON-ready data (dates in ISO 8601)."""
        data = asdict(self)
        data["committees"] = list(self.committees)
        for key in ("added", "last_sync"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> Source:
        """Read and check one source; raises `SourceError` naming ``where``."""
        if not isinstance(data, dict):
            raise SourceError(f"{where}: expected an object")
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise SourceError(f"{where}: unknown fields {', '.join(unknown)}")
        try:
            values = dict(data)
            for key in ("added", "last_sync"):
                values[key] = _parse_time(values.get(key), f"{where}.{key}")
            committees = values.get("committees", [])
            if not isinstance(committees, list):
                raise SourceError(f"{where}.committees: must be a list of names")
            values["committees"] = tuple(committees)
            source = cls(**values)
        except TypeError as error:
            raise SourceError(f"{where}: {error}") from error
        check_source(source, where)
        return source


def _parse_time(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(f"{where}: must be an ISO 8601 date-time string")
    try:
        return datetime.fromisoformat(value)
    except ValueError as error:
        raise SourceError(f"{where}: {value!r} is not an ISO 8601 date-time") from error


def check_public_key(text: str) -> str:
    """The public key ``text`` stripped, if it is 32 bytes in base64; else `SourceError`."""
    stripped = text.strip()
    try:
        raw = base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SourceError("the public key is not valid base64 text") from error
    if len(raw) != PUBLIC_KEY_BYTES:
        raise SourceError(
            f"the public key must be {PUBLIC_KEY_BYTES} bytes (an Ed25519 public key), "
            f"this one is {len(raw)}"
        )
    return stripped


def check_source(source: Source, where: str = "source") -> None:
    """Raise `SourceError` naming ``where`` when ``source`` cannot be used."""

    def problem(text: str) -> SourceError:
        return SourceError(f"{where}: {text}")

    if not source.id or slugify(source.id) != source.id:
        raise problem(f"id {source.id!r} must be a short lowercase slug")
    for key in ("id", "name", "location"):
        if not isinstance(getattr(source, key), str) or not getattr(source, key):
            raise problem(f"{key} must be a non-empty text")
    if source.auth not in AUTH_KINDS:
        raise problem(f"auth must be one of {', '.join(AUTH_KINDS)}, not {source.auth!r}")
    if source.secret_storage not in SECRET_STORAGES:
        raise problem(f"secret_storage must be one of {', '.join(SECRET_STORAGES)}")
    if (source.auth == "basic") != bool(source.username):
        raise problem("a user name is needed with basic auth, and only with it")
    if not isinstance(source.verify_tls, bool):
        raise problem("verify_tls must be true or false")
    if not isinstance(source.allow_insecure_http, bool):
        raise problem("allow_insecure_http must be true or false")
    scheme = urlsplit(source.location).scheme
    if scheme and len(scheme) > 1 and scheme not in ("http", "https"):
        raise problem(f"{source.location}: only http, https or a local path can be synced")
    if source.is_remote:
        parts = urlsplit(source.location)
        if parts.username or parts.password:
            raise problem(
                "the URL must not hold a user name or password; use basic auth instead, "
                "so the password is kept in the keyring"
            )
        if not parts.hostname:
            raise problem(f"{source.location}: the URL has no host")
    elif source.auth != "none":
        raise problem("a local folder or file needs no user name, password or token")
    if source.public_key is not None:
        try:
            check_public_key(source.public_key)
        except SourceError as error:
            raise problem(str(error)) from error
    if source.kind not in SOURCE_KINDS:
        raise problem(f"kind must be one of {', '.join(SOURCE_KINDS)}, not {source.kind!r}")
    if source.kind == "firstagenda":
        _check_firstagenda(source, problem)
    elif source.committees:
        raise problem("only a FirstAgenda site has committees")


def _check_firstagenda(source: Source, problem: Callable[[str], SourceError]) -> None:
    """The rules of a FirstAgenda source: a public http(s) site, with committees chosen."""
    if not source.is_remote:
        raise problem(f"{source.location}: a FirstAgenda site is an http:// or https:// address")
    if source.auth != "none" or source.public_key is not None:
        raise problem("a FirstAgenda site is public: it takes no sign-in and no public key")
    if not source.committees:
        raise problem("a FirstAgenda site needs at least one committee")
    if not all(isinstance(name, str) and name.strip() for name in source.committees):
        raise problem("committees must be non-empty names")
    months = source.months
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= MAX_MONTHS:
        raise problem(f"months must be a whole number from 1 to {MAX_MONTHS}, not {months!r}")


def normalize_site_url(location: str) -> str:
    """A FirstAgenda site's root: ``https://host[:port]`` (``https://`` added when missing).

    The member may paste any page of the site (``.../vis?id=...``); the API lives at
    the root. Raises `InvalidSiteSource` for anything but an http(s) address with a host.
    """
    text = location.strip()
    if text and "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidSiteSource(NOT_A_SITE_ADDRESS, Cause.INVALID, url=location.strip())
    if parts.username or parts.password:
        raise InvalidSiteSource(NOT_A_SITE_ADDRESS, Cause.INVALID, url=location.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def check_secret_transport(location: str, auth: str, allow_insecure_http: bool) -> None:
    """Refuse a password or token over plain http to another machine, unless allowed.

    Loopback (localhost, 127.0.0.0/8, ::1) never leaves the machine and is allowed.
    Checked when a source is added (and by the Sources dialog before anything else);
    a source saved before this check is refused by the sync client instead
    (`companion.core.sources.http.InsecureHttpRefused`).

    Raises:
        InsecureHttpSource: the secret would go in clear and the member did not insist.
    """
    location = location.strip()
    if auth != "none" and sends_secret_in_clear(location) and not allow_insecure_http:
        raise InsecureHttpSource(INSECURE_HTTP_SOURCE, Cause.INVALID, url=location)


def sync_source_for(source: Source, secret: str | None) -> SyncSource:
    """The sync client's view of ``source``, with its password or token (never stored)."""
    from companion.core.sources.feed.client import Credentials, SyncSource

    credentials = None
    if source.auth == "basic":
        credentials = Credentials(username=source.username, password=secret)
    elif source.auth == "token":
        credentials = Credentials(token=secret)
    return SyncSource(
        source.location,
        credentials=credentials,
        public_key=source.public_key,
        verify_tls=source.verify_tls,
        allow_insecure_http=source.allow_insecure_http,
    )


def firstagenda_source_for(source: Source, retry: RetryPolicy | None = None) -> FirstAgendaSource:
    """The FirstAgenda site of ``source`` as a `MeetingSource` (its committees chosen)."""
    from companion.core.sources.firstagenda import FirstAgendaSource

    return FirstAgendaSource(
        source.location,
        source.committees,
        name=source.name,
        retry=retry,
        verify_tls=source.verify_tls,
    )


def reach_start(months: int, now: datetime | None = None) -> datetime:
    """The moment ``months`` calendar months before ``now`` (UTC): how far back to sync."""
    now = now or datetime.now(UTC)
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def normalize_location(location: str) -> str:
    """An http(s) URL as given (without trailing spaces), a local path made absolute."""
    text = location.strip()
    if text.startswith("file://"):
        text = urlsplit(text).path
    elif "://" in text:
        return text  # a URL: `check_source` accepts http(s) only, and says so
    return str(Path(text).expanduser().resolve())


def default_name(location: str) -> str:
    """A name for a source at ``location``: the URL's host, or the file or folder name."""
    parts = urlsplit(location)
    if parts.scheme in ("http", "https") and parts.hostname:
        return parts.hostname
    return Path(location).name or location


class SourceStore:
    """The sources in ``<config_dir>/sources.json``: typed, checked, written atomically.

    A damaged file is never overwritten: every method that reads it raises
    `SourceError` naming the file and the problem, and the member repairs or moves it.

    The app and a scheduled ``companion sync`` may change the file at the same moment:
    every read-modify-write holds an exclusive lock on ``sources.json.lock`` (see
    `companion.core.file_lock`), so no change is lost. Reads take no lock: the file is
    always replaced whole.
    """

    def __init__(self, config_dir: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.config_dir = Path(config_dir)
        self.path = self.config_dir / SOURCES_FILE_NAME
        self.lock_path = self.config_dir / SOURCES_LOCK_FILE_NAME
        self.lock_timeout = lock_timeout

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the exclusive lock on sources.json for one read-modify-write."""
        lock = FileLock(self.lock_path, self.lock_timeout)
        try:
            lock.acquire()
        except FileLockTimeout as error:
            raise SourceError(
                f"{self.path} is being changed by another program (the companion app or "
                f"`companion sync`): its lock {self.lock_path} was not released within "
                f"{self.lock_timeout:g} s; try again later"
            ) from error
        except OSError as error:
            raise SourceError(f"{self.path} cannot be locked for writing: {error}") from error
        try:
            yield
        finally:
            lock.release()

    def list(self) -> list[Source]:
        """Every source, in the order they were added."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise SourceError(f"{self.path} cannot be read: {error}") from error
        return self._parse(data)

    def _parse(self, data: bytes) -> builtins.list[Source]:
        where = str(self.path)
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise SourceError(
                f"{where} is damaged (not valid JSON: {error}); repair it or move it away "
                "and add the sources again"
            ) from error
        if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
            raise SourceError(f"{where} is damaged: expected an object with a 'sources' list")
        version = document.get("formatVersion")
        if version != SOURCES_FORMAT_VERSION:
            raise SourceError(
                f"{where}: format version {version!r} is not supported "
                f"(this app reads version {SOURCES_FORMAT_VERSION})"
            )
        sources = [
            Source.from_dict(item, f"{where}: sources[{n}]")
            for n, item in enumerate(document["sources"])
        ]
        ids = [source.id for source in sources]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise SourceError(f"{where}: source ids listed twice: {', '.join(duplicates)}")
        return sources

    def _save(self, sources: builtins.list[Source]) -> None:
        document = {
            "formatVersion": SOURCES_FORMAT_VERSION,
            "sources": [source.to_dict() for source in sources],
        }
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        try:
            write_private_file(self.path, text.encode("utf-8"))
        except OSError as error:
            described = describe_os_error(error, self.path)
            raise SourcesFileUnwritable(
                described.template, described.cause, **described.params
            ) from error

    def get(self, source_id: str) -> Source:
        """The source ``source_id``; `SourceError` when there is none."""
        return _find(self.list(), source_id)

    def new_id(self, name: str) -> str:
        """A free id made from ``name``: its slug, with -2, -3 ... when taken."""
        return _free_id(name, self.list())

    def add(
        self,
        location: str,
        name: str | None = None,
        auth: AuthKind = "none",
        username: str | None = None,
        public_key: str | None = None,
        verify_tls: bool = True,
        secret_storage: SecretStorage = "keyring",
        allow_insecure_http: bool = False,
    ) -> Source:
        """Check and add a new source; returns it (with its new id).

        ``allow_insecure_http`` lets a password or token go over plain http to another
        machine (the member insisted); it is recorded only where it has that meaning.

        Raises:
            InsecureHttpSource: a plain http:// source on another machine with a
                password or token, and ``allow_insecure_http`` is False.
            SourceError: the source cannot be used (the message names the problem), or
                sources.json is damaged or cannot be written.
        """
        location = normalize_location(location)
        chosen_name = (name or "").strip() or default_name(location)
        source = Source(
            id=_free_id(chosen_name, []),  # checked now, made unique under the lock
            name=chosen_name,
            location=location,
            auth=auth,
            username=username if auth == "basic" else None,
            public_key=check_public_key(public_key) if public_key else None,
            verify_tls=verify_tls,
            secret_storage=secret_storage,
            allow_insecure_http=allow_insecure_http,
            added=datetime.now(UTC),
        )
        check_source(source, f"source {source.name!r}")
        check_secret_transport(source.location, source.auth, source.allow_insecure_http)
        source = replace(source, allow_insecure_http=allow_insecure_http and source.secret_in_clear)
        if not source.is_remote and not Path(location).exists():
            raise SourceError(f"{location}: no such folder or file")
        return self._insert(source)

    def add_firstagenda(
        self,
        location: str,
        committees: Iterable[str],
        months: int = DEFAULT_MONTHS,
        name: str | None = None,
        verify_tls: bool = True,
    ) -> Source:
        """Check and add a FirstAgenda Publication site; returns it (with its new id).

        ``location`` may be any page of the site: its root is kept. The committees are
        kept as given (check them against the site's list first: see
        `companion.core.sources.firstagenda.committees`).

        Raises:
            InvalidSiteSource: not an http(s) address, no committee, or months out of range.
            SourceError: sources.json is damaged or cannot be written.
        """
        root = normalize_site_url(location)
        chosen = tuple(dict.fromkeys(c.strip() for c in committees if c.strip()))
        if not chosen:
            raise InvalidSiteSource(NO_COMMITTEE_CHOSEN, Cause.INVALID, url=root)
        if isinstance(months, bool) or not 1 <= months <= MAX_MONTHS:
            raise InvalidSiteSource(
                MONTHS_OUT_OF_RANGE, Cause.INVALID, months=months, most=MAX_MONTHS
            )
        chosen_name = (name or "").strip() or default_name(root)
        source = Source(
            id=_free_id(chosen_name, []),
            name=chosen_name,
            location=root,
            verify_tls=verify_tls,
            kind="firstagenda",
            committees=chosen,
            months=months,
            added=datetime.now(UTC),
        )
        check_source(source, f"source {source.name!r}")
        return self._insert(source)

    def _insert(self, source: Source) -> Source:
        """Append ``source`` under the lock, with an id no other source has."""
        with self._locked():
            sources = self.list()
            source = replace(source, id=_free_id(source.name, sources))
            self._save([*sources, source])
        log.info("Added source %s (%s)", source.id, source.location)
        return source

    def remove(self, source_id: str) -> Source:
        """Remove the source ``source_id``; returns it. `SourceError` when there is none."""
        with self._locked():
            sources = self.list()
            removed = _find(sources, source_id)
            self._save([source for source in sources if source.id != source_id])
        log.info("Removed source %s", source_id)
        return removed

    def update_last_sync(self, source_id: str, result: str, when: datetime | None = None) -> Source:
        """Record how the last sync of ``source_id`` ended; returns the updated source."""
        with self._locked():
            sources = self.list()
            updated = replace(
                _find(sources, source_id),
                last_sync=when or datetime.now(UTC),
                last_sync_result=result,
            )
            self._save([updated if s.id == source_id else s for s in sources])
        return updated


def _find(sources: list[Source], source_id: str) -> Source:
    """The source ``source_id`` among ``sources``; `SourceError` naming the known ids."""
    found = next((source for source in sources if source.id == source_id), None)
    if found is None:
        known = ", ".join(source.id for source in sources) or "none yet"
        raise SourceError(f"there is no source {source_id!r} (sources: {known})")
    return found


def _free_id(name: str, sources: list[Source]) -> str:
    """An id made from ``name`` that no source in ``sources`` has: -2, -3 ... when taken."""
    base = slugify(name)[:_ID_MAX_LENGTH].strip("-") or "source"
    taken = {source.id for source in sources}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
