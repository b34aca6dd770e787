"""`companion source add --firstagenda`, `sync`, `meetings` and `search` as real subprocesses.

The site is the loopback FirstAgenda server of `tests.integration.firstagenda_site`:
the real Hvidovre captures at the real paths, with the real cookie redirect (the
attachment PDFs are stand-ins generated there, labelled so).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from companion.core.sources.firstagenda.mapping import meeting_id
from tests.core.test_cli_sync import companion
from tests.integration.firstagenda_site import MEETING, Server, Site, hvidovre_site, serving


@pytest.fixture
def site() -> Site:
    return hvidovre_site()


@pytest.fixture
def server(site: Site) -> Iterator[Server]:
    with serving(site) as httpd:
        yield httpd


def test_add_the_site_sync_read_and_search_the_real_agenda(
    tmp_path: Path, server: Server, site: Site
) -> None:
    listing = companion(tmp_path, "source", "add", server.url, "--firstagenda")
    assert listing.returncode == 2, listing.stderr
    assert listing.stdout.splitlines() == ["Børne- og Uddannelsesudvalget", "Økonomiudvalget"]
    assert "--committee" in listing.stderr
    assert not (tmp_path / "config" / "sources.json").exists()

    typo = companion(
        tmp_path, "source", "add", server.url, "--firstagenda", "--committee", "Økonomiudvalg"
    )
    assert typo.returncode == 2
    assert "has no committee called “Økonomiudvalg”; did you mean “Økonomiudvalget”?" in (
        typo.stderr
    )

    added = companion(
        tmp_path,
        "source", "add", server.url + "/some/page", "--firstagenda",
        "--committee", "Økonomiudvalget",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert f"({server.url}), committees: Økonomiudvalget; meetings of the last 12 months" in (
        added.stdout
    )
    [line] = companion(tmp_path, "source", "list").stdout.splitlines()
    assert "FirstAgenda site, committees: Økonomiudvalget, 12 months back" in line
    assert "never synced" in line

    synced = companion(tmp_path, "sync")
    assert synced.returncode == 0, synced.stderr
    mid = meeting_id(server.url, MEETING)
    source_id = line.split("\t")[0]
    assert synced.stdout.splitlines() == [f"{source_id}: {mid} version 1: added"]
    assert f"{source_id}: files" in synced.stderr  # progress, one line a phase (no TTY)

    meetings = companion(tmp_path, "meetings", "--json")
    assert meetings.returncode == 0, meetings.stderr
    [meeting] = json.loads(meetings.stdout)
    assert meeting["id"] == mid
    assert meeting["name"] == "Dagsorden, Økonomiudvalget 18. maj 2026"

    # A word of item 3's real Indstilling (hvidovre-okonomiudvalget-agenda-items.json).
    found = companion(tmp_path, "search", "Helhedsplanen")
    assert found.returncode == 0, found.stderr
    assert f"{mid}\t3. Beslutning - Skema A godkendelse ved Grenhusene" in found.stdout

    site.hits.clear()
    again = companion(tmp_path, "sync")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [f"{source_id}: up to date"]
    assert site.paths("/api/agenda/dagsorden/") == [] and site.paths("/Vis/") == []
    sources = json.loads((tmp_path / "config" / "sources.json").read_text("utf-8"))
    assert sources["sources"][0]["last_sync_result"] == "ok"


def test_an_address_without_firstagenda_is_not_added(tmp_path: Path) -> None:
    site_root = tmp_path / "www"
    site_root.mkdir()
    (site_root / "index.html").write_text("<html><body>Kommunen</body></html>", "utf-8")
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site_root))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        refused = companion(
            tmp_path, "source", "add", url, "--firstagenda", "--committee", "Økonomiudvalget"
        )
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert refused.returncode == 4
    assert refused.stderr == (
        f"companion: the site was not added: {url} is not a FirstAgenda site: it has no "
        f"committee list at {url}/api/agenda/udvalgsliste. Check the address of the "
        "municipality's agenda site (it often starts with dagsordener.).\n"
    )
    assert not (tmp_path / "config" / "sources.json").exists()


def test_feed_flags_are_refused_with_a_firstagenda_site(tmp_path: Path) -> None:
    wrong = companion(
        tmp_path, "source", "add", "https://dagsordener.example.dk", "--firstagenda", "--token"
    )
    assert wrong.returncode == 2
    assert "--token cannot be used with --firstagenda" in wrong.stderr
    lone = companion(tmp_path, "source", "add", "https://feed.example.dk/", "--committee", "X")
    assert lone.returncode == 2 and "need --firstagenda" in lone.stderr
