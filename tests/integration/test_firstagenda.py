"""FirstAgenda Publication into a real library, from a real HTTP server on 127.0.0.1.

The server (`tests.integration.firstagenda_site`) serves the real captured
responses (shared/firstagenda) at the real paths, with the real server's cookie
redirect; its module docstring says what is a stand-in (the committee list's
Økonomiudvalget entry, the attachment PDFs).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from companion.core.anchoring import item_anchor
from companion.core.library import Library
from companion.core.personal import PersonalStore
from companion.core.reanchor_store import reanchor_imported
from companion.core.sources import SourceReport, sync_meetings
from companion.core.sources.firstagenda import FirstAgendaSource
from companion.core.sources.firstagenda.client import SiteError
from companion.core.sources.firstagenda.committees import NotFirstAgendaSite, fetch_committees
from companion.core.sources.firstagenda.mapping import meeting_id
from companion.core.sources.http import RetryPolicy, SyncCancelled, Unreachable
from tests.integration.firstagenda_site import (
    ADDED_LATER,
    MEETING,
    SUPPLEMENT,
    Server,
    Site,
    agenda,
    hvidovre_site,
    okonomi_entry,
    real_items,
    serving,
)

FAST = RetryPolicy(attempts=3, base_delay=0.01, timeout=2)
SINCE = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def site() -> Site:
    return hvidovre_site()


@pytest.fixture
def server(site: Site) -> Iterator[Server]:
    with serving(site) as httpd:
        yield httpd


def run(server: Server, data_dir: Path, **options: Any) -> SourceReport:
    source = FirstAgendaSource(server.url, ["Økonomiudvalget"], retry=FAST, delay=0.0)
    with Library(data_dir) as library:
        return sync_meetings(source, library, since=SINCE, **options)


def mid(server: Server) -> str:
    return meeting_id(server.url, MEETING)


def test_first_sync_imports_the_real_agenda(server: Server, site: Site, tmp_path: Path) -> None:
    report = run(server, tmp_path)

    assert report.failed == []
    assert [(o.meeting_id, o.version, o.status) for o in report.meetings] == [
        (mid(server), 1, "added")
    ]
    # The cookie redirect: the first request was sent round by the server, once.
    assert site.hits[:3] == [
        ("/api/agenda/udvalgsliste", 302),
        ("/Home/AnonymousAuthentication", 302),
        ("/api/agenda/udvalgsliste", 200),
    ]
    assert [path for path, status in site.hits if status == 302][2:] == []
    assert site.most_in_flight == 1  # one request at a time
    # Only the chosen committee's meeting was asked for.
    assert site.paths("/api/agenda/dagsorden/") == [f"/api/agenda/dagsorden/{MEETING}"]
    with Library(tmp_path) as library:
        meeting = library.meeting(mid(server))
        (summary,) = library.meetings()
        assert summary.body == "Økonomiudvalget"
        assert meeting.name == "Dagsorden, Økonomiudvalget 18. maj 2026"
        items = meeting.items
        # Read by hand from the captured JSON.
        assert [item.number for item in items] == [str(n) for n in range(1, 21)]
        assert items[0].title == "Godkendelse af dagsorden"
        assert items[2].title == "Beslutning - Skema A godkendelse ved Grenhusene"
        assert items[9].title == "Beslutning - Nyt flagregulativ"
        assert [items[n].case_number for n in (0, 1, 2, 9, 13)] == [
            "25/26257",
            "25/26257",
            "26/1172",
            "25/25902",
            "24/26447",
        ]
        assert all(item.public for item in items)  # every captured item is open
        grenhusene = items[2]
        assert grenhusene.recommendation is not None
        assert grenhusene.recommendation.text.startswith(
            "Kommunaldirektøren indstiller til Økonomiudvalget at anbefale over for "
            "Kommunalbestyrelsen"
        )
        assert [s.title for s in grenhusene.sections if s.kind == "beslutning"] == [
            "Beslutning i Økonomiudvalget den 16-03-2026"
        ]
        assert grenhusene.section("beslutning").text == (  # type: ignore[union-attr]
            "Sagen udsættes med henblik på en belysning af alternative scenarier for renoveringen."
        )
        flag = items[9]
        assert flag.recommendation is not None
        assert flag.recommendation.title == "18.05.2026 Supplerende indstilling"
        assert flag.recommendation.text.startswith(
            "Borgmesteren indstiller til Økonomiudvalget at anbefale overfor Kommunalbestyrelsen:"
        )
        # Item 3's seven bilag of the first release and its case presentation, all here.
        assert [a.title for a in grenhusene.attachments] == [
            "Ansøgningsskrivelse skema A Grenhusene 9.dec inkl. bilag",
            "Arkitekturets konsekvensvurdering af Grenhusene",
            "Forstadsmuseets udtalelse vedrørende Grenhusene",
            "Fredningsforslag Grenhusene august 2013",
            "Referat fra Det Særlige Bygningssyn",
            "Borgerhenvendelse 1",
            "Borgerhenvendelse 2",
            "Sagsfremstilling (PDF)",
        ]
        for attachment in grenhusene.attachments:
            assert attachment.file is not None
            blob = library.blob_path(attachment.file.sha256)
            assert blob is not None
            with pymupdf.open(blob) as pdf:
                assert "Stand-in attachment generated by the test" in pdf[0].get_text()
    pdf_requests = site.paths("/Vis/Pdf/bilag/")
    assert (
        len(pdf_requests)
        == len(set(pdf_requests))
        == sum(len(i["Bilag"]) + 1 for i in real_items(without=ADDED_LATER))
    )


def test_unchanged_site_costs_only_the_list(server: Server, site: Site, tmp_path: Path) -> None:
    run(server, tmp_path)
    site.hits.clear()

    report = run(server, tmp_path)

    assert report.meetings == [] and report.failed == []
    # A new client meets the cookie redirect again; then one conditional list request.
    assert site.hits == [
        ("/api/agenda/udvalgsliste", 302),
        ("/Home/AnonymousAuthentication", 302),
        ("/api/agenda/udvalgsliste", 304),
    ]
    site.hits.clear()
    site.etag = '"list-2"'  # the list changes elsewhere (another committee): still no agenda
    report = run(server, tmp_path)
    assert report.meetings == []
    assert site.paths("/api/") == ["/api/agenda/udvalgsliste"] * 2


def test_referat_with_new_bilag_is_version_2_fetching_only_the_new_files(
    server: Server, site: Site, tmp_path: Path
) -> None:
    run(server, tmp_path)
    site.hits.clear()
    site.etag = '"list-2"'
    site.okonomi = [okonomi_entry(MEETING, "Referat", "2026-05-19T09:00:00+02:00")]
    site.agendas[MEETING] = agenda(real_items())  # with the two bilag added on 12.05.2026

    report = run(server, tmp_path)

    assert [(o.version, o.status, o.previous_version) for o in report.meetings] == [
        (2, "updated", 1)
    ]
    assert sorted(site.paths("/Vis/Pdf/bilag/")) == sorted(
        f"/Vis/Pdf/bilag/{document}" for document in ADDED_LATER
    )
    with Library(tmp_path) as library:
        assert library.versions(mid(server)) == [1, 2]
        meeting = library.meeting(mid(server))
        assert meeting.name == "Referat, Økonomiudvalget 18. maj 2026"
        titles = [a.title for a in meeting.items[2].attachments]
        assert titles[-3:] == [
            "Tilføjet 12.05.2026 - Referat af møde 09042026",
            "Tilføjet 12.05.2026 - Notat vedr. Grenhusene",
            "Sagsfremstilling (PDF)",
        ]


def test_tillaegsdagsorden_is_version_2_of_the_meeting_and_notes_stay(
    server: Server, site: Site, tmp_path: Path
) -> None:
    site.agendas[MEETING] = agenda(real_items(range(1, 19), ADDED_LATER))
    run(server, tmp_path)
    with Library(tmp_path) as library, PersonalStore(tmp_path / "personal.db") as store:
        original = library.meeting(mid(server))
        item = original.items[2]
        quote = "at godkende tilsagn til Helhedsplanen Grenhusene"
        start = item.text.index(quote)
        anchor = item_anchor(item, start, start + len(quote))
        note = store.add_annotation(
            mid(server), item.id, "item", anchor.to_dict(), note="Spørg til huslejen"
        )
        store.set_anchored_version(mid(server), 1)
    # Items 19 and 20 of the real agenda, published as a Tillægsdagsorden of the meeting.
    site.etag = '"list-2"'
    supplement = okonomi_entry(SUPPLEMENT, "Tillægsdagsorden", "2026-05-15T12:00:00+02:00")
    site.okonomi = [*site.okonomi, supplement]
    site.agendas[SUPPLEMENT] = agenda(real_items(range(19, 21)))

    report = run(server, tmp_path)

    [outcome] = report.meetings
    assert (outcome.meeting_id, outcome.version, outcome.status) == (mid(server), 2, "updated")
    with Library(tmp_path) as library, PersonalStore(tmp_path / "personal.db") as store:
        assert [m.id for m in library.meetings()] == [mid(server)]  # no meeting of its own
        meeting = library.meeting(mid(server))
        assert [i.number for i in meeting.items] == [str(n) for n in range(1, 21)]
        assert (
            meeting.items[18].title
            == "Beslutning - Omdannelse af Miljø- og Energipuljen til Klimafond"
        )
        assert meeting.name == "Dagsorden og tillægsdagsorden, Økonomiudvalget 18. maj 2026"
        summary = reanchor_imported(store, library, outcome)
        assert summary is not None and summary.detached == 0
        [kept] = store.annotations(mid(server))
        assert kept.id == note.id and not kept.detached
        assert kept.note == "Spørg til huslejen"
        assert kept.anchor["exact"] == quote
        assert store.anchored_version(mid(server)) == 2


def test_a_500_fails_the_meeting_and_the_next_sync_gets_it(
    server: Server, site: Site, tmp_path: Path
) -> None:
    path = f"/api/agenda/dagsorden/{MEETING}"
    site.failures[path] = 10

    report = run(server, tmp_path)

    [(failed_id, reason)] = report.failed
    assert failed_id == mid(server)
    assert path in reason and "with a server error (500) 3 times in a row" in reason
    with Library(tmp_path) as library:
        assert library.is_empty()
    site.failures[path] = 1  # one more 500: tried again at once
    report = run(server, tmp_path)
    assert report.failed == [] and [o.status for o in report.meetings] == ["added"]


def test_retry_after_is_honoured(server: Server, site: Site, tmp_path: Path) -> None:
    site.retry_after["/api/agenda/udvalgsliste"] = 1
    started = time.monotonic()

    report = run(server, tmp_path)

    assert time.monotonic() - started >= 1.0
    assert [o.status for o in report.meetings] == ["added"]
    assert ("/api/agenda/udvalgsliste", 429) in site.hits


def test_slow_response_within_the_timeout_arrives_beyond_it_fails(
    server: Server, site: Site, tmp_path: Path
) -> None:
    path = f"/api/agenda/dagsorden/{MEETING}"
    site.slow[path] = 0.5
    assert [o.status for o in run(server, tmp_path / "a").meetings] == ["added"]

    site.slow[path] = 3.0  # FAST's timeout is 2 s
    report = run(server, tmp_path / "b")

    [(_id, reason)] = report.failed
    assert f"did not answer {server.url}/api/agenda/dagsorden/{MEETING} in time" in reason
    assert "(3 tries, 2 s each)" in reason
    with Library(tmp_path / "b") as library:
        assert library.is_empty()


def test_html_page_in_place_of_a_pdf_names_the_attachment(
    server: Server, site: Site, tmp_path: Path
) -> None:
    run(server, tmp_path)
    site.etag = '"list-2"'
    site.okonomi = [okonomi_entry(MEETING, "Referat", "2026-05-19T09:00:00+02:00")]
    site.agendas[MEETING] = agenda(real_items())
    site.html_for_pdf.add("25664208-095a-4008-876e-4bd2259c5762")

    report = run(server, tmp_path)

    [(_id, reason)] = report.failed
    assert (
        "The attachment “Tilføjet 12.05.2026 - Notat vedr. Grenhusene” is not a PDF: "
        f"{server.url} sent a web page instead" in reason
    )
    with Library(tmp_path) as library:
        assert library.versions(mid(server)) == [1]  # the last good version stays
    site.html_for_pdf.clear()
    report = run(server, tmp_path)  # not remembered as done: the next sync gets it
    assert [(o.version, o.status) for o in report.meetings] == [(2, "updated")]


def test_cancelled_sync_leaves_the_last_good_version(
    server: Server, site: Site, tmp_path: Path
) -> None:
    run(server, tmp_path)
    site.etag = '"list-2"'
    site.okonomi = [okonomi_entry(MEETING, "Referat", "2026-05-19T09:00:00+02:00")]
    site.agendas[MEETING] = agenda(real_items())
    cancel = threading.Event()

    def cancel_on_files(progress: Any) -> None:
        if progress.phase == "files":
            cancel.set()

    with pytest.raises(SyncCancelled):
        run(server, tmp_path, progress=cancel_on_files, cancel=cancel)

    with Library(tmp_path) as library:
        assert library.versions(mid(server)) == [1]
    assert [o.version for o in run(server, tmp_path).meetings] == [2]


def test_the_sites_committees_are_listed_through_the_cookie_redirect(
    server: Server, site: Site
) -> None:
    names = fetch_committees(server.url, retry=FAST)

    assert names == ["Børne- og Uddannelsesudvalget", "Økonomiudvalget"]
    assert site.paths("/api/") == ["/api/agenda/udvalgsliste"] * 2  # 302, then the list


def test_an_address_that_is_no_firstagenda_site_says_so(tmp_path: Path) -> None:
    # A real web server with no FirstAgenda API: every path is 404.
    (tmp_path / "index.html").write_text("<html><body>Kommunen</body></html>", "utf-8")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with pytest.raises(NotFirstAgendaSite) as raised:
            fetch_committees(url, retry=FAST)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert str(raised.value) == (
        f"{url} is not a FirstAgenda site: it has no committee list at "
        f"{url}/api/agenda/udvalgsliste. Check the address of the municipality's agenda "
        "site (it often starts with dagsordener.)."
    )


def test_a_site_that_cannot_be_reached_says_so_after_the_tries() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(SiteError) as raised:
        fetch_committees(url, retry=FAST)
    assert str(raised.value).startswith(f"Could not connect to {url} (")
    assert str(raised.value).endswith(
        "check the internet connection and the site's address, then try again."
    )
    assert isinstance(raised.value.__cause__, Unreachable)  # the window shows "offline"
