"""A FirstAgenda site's committees: read its list, and match the names a member gives.

`read_committee_list` is the one place that decides whether an address is a
FirstAgenda Publication site at all: a site without ``/api/agenda/udvalgsliste``,
or one that answers it with something other than the list, is `NotFirstAgendaSite`.
`match_committees` accepts the site's own spelling in any case, and refuses an
unknown name with the closest ones (difflib: the names are few and short).
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Iterable

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.sources.firstagenda.client import (
    FirstAgendaClient,
    JsonResponse,
    NotFound,
    NotJson,
)
from companion.core.sources.firstagenda.mapping import (
    MappingError,
    MeetingEntry,
    committee_meetings,
)
from companion.core.sources.http import RetryPolicy, SyncError
from companion.core.sources.registry import SourceError

LIST_PATH = "api/agenda/udvalgsliste"
#: At most this many close names are suggested for an unknown committee.
SUGGESTIONS = 3

NOT_FIRSTAGENDA = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{site} is not a FirstAgenda site: it has no committee list at {url}. Check the "
    "address of the municipality's agenda site (it often starts with dagsordener.).",
)
UNKNOWN_COMMITTEE_CLOSE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{site} has no committee called “{name}”; did you mean {suggestions}?",
)
UNKNOWN_COMMITTEE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{site} has no committee called “{name}”; its committees are: {committees}.",
)


class NotFirstAgendaSite(SyncError, MemberError):
    """The address answers, but not as a FirstAgenda Publication site."""


class UnknownCommittee(SourceError, MemberError):
    """A committee name the site does not list; ``suggestions`` are the closest."""

    def __init__(self, template: str, close: list[str], **params: object) -> None:
        super().__init__(template, Cause.INVALID, **params)
        self.suggestions = close


def read_committee_list(
    client: FirstAgendaClient, etag: str | None = None, since: str | None = None
) -> tuple[JsonResponse, dict[str, list[MeetingEntry]]]:
    """The committee list (conditionally), and committee name -> its meetings.

    A 304 gives an empty mapping. Raises:
        NotFirstAgendaSite: no list at the address (404, a web page, another shape).
        SyncError: the site cannot be reached or keeps failing; SyncCancelled.
    """
    url = client.url_of(LIST_PATH)
    try:
        listing = client.get_json(LIST_PATH, etag, since)
    except (NotFound, NotJson) as error:
        raise NotFirstAgendaSite(NOT_FIRSTAGENDA, Cause.INVALID, site=client.site, url=url) from (
            error
        )
    if listing.status == 304:
        return listing, {}
    try:
        return listing, committee_meetings(listing.data)
    except MappingError as error:
        raise NotFirstAgendaSite(NOT_FIRSTAGENDA, Cause.INVALID, site=client.site, url=url) from (
            error
        )


def fetch_committees(
    base_url: str,
    *,
    retry: RetryPolicy | None = None,
    verify_tls: bool = True,
    cancel: threading.Event | None = None,
) -> list[str]:
    """The names of the site's committees, sorted as Danish readers expect (å last).

    Raises what `read_committee_list` raises.
    """
    client = FirstAgendaClient(base_url, retry=retry, verify_tls=verify_tls, cancel=cancel)
    _listing, committees = read_committee_list(client)
    return sorted(committees, key=danish_sort_key)


def danish_sort_key(name: str) -> tuple[int, ...]:
    """Sort key putting æ, ø, å after z, as in a Danish list (case ignored)."""
    order = {"æ": 0x7B, "ø": 0x7C, "å": 0x7D, "aa": 0x7D}
    return tuple(order.get(char, ord(char)) for char in name.casefold())


def match_committees(requested: Iterable[str], available: Iterable[str], site: str) -> list[str]:
    """The site's spelling of each requested committee (case and spaces ignored).

    Raises:
        UnknownCommittee: for the first name the site does not list, with the close ones.
    """
    names = list(available)
    by_key = {" ".join(name.split()).casefold(): name for name in names}
    matched: list[str] = []
    for wanted in requested:
        key = " ".join(wanted.split()).casefold()
        if key in by_key:
            matched.append(by_key[key])
            continue
        close = difflib.get_close_matches(key, list(by_key), n=SUGGESTIONS, cutoff=0.6)
        suggestions = [by_key[k] for k in close]
        if suggestions:
            raise UnknownCommittee(
                UNKNOWN_COMMITTEE_CLOSE,
                suggestions,
                site=site,
                name=wanted,
                suggestions=" / ".join(f"“{name}”" for name in suggestions),
            )
        raise UnknownCommittee(
            UNKNOWN_COMMITTEE,
            [],
            site=site,
            name=wanted,
            committees=", ".join(sorted(names, key=danish_sort_key)),
        )
    return list(dict.fromkeys(matched))
