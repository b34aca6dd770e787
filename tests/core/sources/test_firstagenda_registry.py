"""A FirstAgenda site in the member's sources.json: its kind, committees and reach.

Real files in a temporary config folder; no network (the site's committee list
is read in tests/integration/test_firstagenda.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.core.sources import (
    DEFAULT_MONTHS,
    InvalidSiteSource,
    SourceError,
    SourceStore,
    normalize_site_url,
    reach_start,
)
from companion.core.sources.firstagenda.committees import UnknownCommittee, match_committees

HVIDOVRE = "https://dagsordener-referater.hvidovre.dk"


def test_a_sources_json_from_before_the_kinds_still_loads(tmp_path: Path) -> None:
    # Written by the app before sources had a kind: exactly the fields it had then.
    old = {
        "formatVersion": 1,
        "sources": [
            {
                "id": "kkr",
                "name": "KKR",
                "location": "https://feed.example.org/kkr/",
                "auth": "none",
                "username": None,
                "public_key": None,
                "verify_tls": True,
                "secret_storage": "keyring",
                "allow_insecure_http": False,
                "added": "2026-11-01T10:00:00+00:00",
                "last_sync": None,
                "last_sync_result": None,
            }
        ],
    }
    (tmp_path / "sources.json").write_text(json.dumps(old), encoding="utf-8")

    [source] = SourceStore(tmp_path).list()

    assert (source.kind, source.committees, source.months) == ("feed", (), DEFAULT_MONTHS)


def test_a_firstagenda_site_is_kept_with_its_committees_and_reach(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)

    added = store.add_firstagenda(
        HVIDOVRE + "/vis?id=0cad2b4d#punkt-3", ["Økonomiudvalget", " Økonomiudvalget "], months=6
    )

    assert added.location == HVIDOVRE  # the site's root, not the page pasted
    assert added.id == "dagsordener-referater-hvidovre-dk"
    assert added.committees == ("Økonomiudvalget",)
    [read_back] = store.list()
    assert read_back == added
    assert (read_back.kind, read_back.months) == ("firstagenda", 6)
    stored = json.loads((tmp_path / "sources.json").read_text("utf-8"))["sources"][0]
    assert stored["kind"] == "firstagenda"
    assert stored["committees"] == ["Økonomiudvalget"]


def test_a_site_needs_a_committee_a_web_address_and_a_sane_reach(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    with pytest.raises(InvalidSiteSource, match="Choose at least one committee"):
        store.add_firstagenda(HVIDOVRE, [" "])
    with pytest.raises(InvalidSiteSource, match="is not the address of a web site"):
        store.add_firstagenda("ftp://dagsordener.hvidovre.dk", ["Økonomiudvalget"])
    with pytest.raises(InvalidSiteSource, match="between 1 and 120 months, not 0"):
        store.add_firstagenda(HVIDOVRE, ["Økonomiudvalget"], months=0)
    assert store.list() == []


def test_a_damaged_firstagenda_entry_is_named(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    store.add_firstagenda(HVIDOVRE, ["Økonomiudvalget"])
    path = tmp_path / "sources.json"
    document = json.loads(path.read_text("utf-8"))
    document["sources"][0]["committees"] = []
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(SourceError, match="a FirstAgenda site needs at least one committee"):
        store.list()


@pytest.mark.parametrize(
    ("typed", "root"),
    [
        ("dagsordener-referater.hvidovre.dk", HVIDOVRE),
        ("HTTPS://Dagsordener-Referater.Hvidovre.dk/", HVIDOVRE),
        ("http://127.0.0.1:8123/api/agenda/udvalgsliste?x=1", "http://127.0.0.1:8123"),
    ],
)
def test_the_site_address_is_its_root(typed: str, root: str) -> None:
    assert normalize_site_url(typed) == root


def test_reach_start_counts_calendar_months() -> None:
    now = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    assert reach_start(12, now) == datetime(2025, 12, 6, 10, 0, tzinfo=UTC)
    assert reach_start(1, datetime(2026, 3, 31, tzinfo=UTC)) == datetime(2026, 2, 28, tzinfo=UTC)


def test_committee_names_match_the_sites_spelling_or_are_refused_with_close_ones() -> None:
    site = ["Børne- og Uddannelsesudvalget", "Økonomiudvalget", "Teknik- og Miljøudvalget"]

    assert match_committees(["økonomiudvalget"], site, HVIDOVRE) == ["Økonomiudvalget"]
    with pytest.raises(UnknownCommittee) as close:
        match_committees(["Økonomiudvalg"], site, HVIDOVRE)
    assert close.value.suggestions == ["Økonomiudvalget"]
    assert str(close.value) == (
        f"{HVIDOVRE} has no committee called “Økonomiudvalg”; did you mean “Økonomiudvalget”?"
    )
    with pytest.raises(UnknownCommittee) as far:
        match_committees(["Byrådet"], site, HVIDOVRE)
    assert far.value.suggestions == []
    assert str(far.value).endswith(
        "its committees are: Børne- og Uddannelsesudvalget, Teknik- og Miljøudvalget, "
        "Økonomiudvalget."
    )
