"""The case trail between KD-Net's meeting of 24 January 2020 and KKR's of 5 February 2020.

The links were written by hand from the two agendas (shared/agendas):

  KD-Net 5 "Godkendelse af resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus
    Midtjylland" (line 31; "skal behandles KKR Midtjyllands møde d. 5. februar 2020")
    <-> KKR 3.2 "Resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland"
    ("Endelig har KD-Net på møde den 24. januar 2020 drøftet udkast til resultatkontrakt")
  KD-Net 6 "Orientering om proces for rammeaftale 2020 – 2021 samt forslag til
    udviklingsområder" ("Forslagene behandles efterfølgende i KKR på møde den 5. februar")
    <-> KKR 3.5 "Proces for Rammeaftale 2021-2022 samt forslag til udviklingsområder"
    ("Kommunaldirektørnetværket ... har efterfølgende drøftet udviklingsområderne på møde
    den 24. januar 2020")
  KD-Net 7 "Orientering om aftale om akut hjælp til sårbare borgere (tidl. Sociolancen)"
    ("Aftalen vil blive sendt til politisk godkendelse i KKR den 5. februar 2020")
    <-> KKR 3.6, the same title
  KD-Net 10 "Orientering om dimensionering af pædagoguddannelsen"
    <-> KKR 3.4 "Dimensionering af pædagoguddannelsen" (the same 20 extra places)
  KD-Net 15 "Foreløbig punkter til KKR-mødet den 5. februar 2020" -> the KKR meeting.

KD-Net 8 (financing of the "nære psykiatri" initiatives, back in KD-Net on 13 March) and
KKR 3.3 ("Nær psykiatri efter Januarkonferencen", a discussion) share the alliance but not
the decision; the test leaves that pair unasserted. KKR 6.1 names KKR's next meeting
(1 April 2020), which is not in the library.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.model import Paragraph, Section, Span
from companion.core.package import _unique_refs, write_package
from companion.core.personal import PersonalStore, personal_db_path
from companion.core.samples import sample_packages
from companion.core.search.index import SearchIndex
from companion.core.search.trail import (
    TrailError,
    announcements,
    case_trail,
    is_generic,
)

KD_NET = "kd-net-midtjylland-2020-01-24"
KKR_2015 = "kkr-midtjylland-2015-04-20"
KKR_2016 = "kkr-midtjylland-2016-11-22"
KKR_2020 = "kkr-midtjylland-2020-02-05"

SAME_CASE = [("5", "3.2"), ("6", "3.5"), ("7", "3.6"), ("10", "3.4")]
#: Items every meeting has: approvals, Orientering, Kommende møder, Eventuelt.
KD_NET_GENERIC = ["1", "2", "16", "17"]
KKR_2020_GENERIC = ["1.1", "2.1", "7.1"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("data")
    with Library(folder) as library, SearchIndex(folder) as search_index:
        for package in sample_packages():
            library.import_path(package)
        search_index.refresh_items(library)
        yield search_index


def trail(index: SearchIndex, meeting_id: str, number: str) -> list[tuple[str, str | None, str]]:
    return [
        (link.meeting_id, link.item_number, link.direction)
        for link in case_trail(index, meeting_id, number)
    ]


@pytest.mark.parametrize(("kd_net", "kkr"), SAME_CASE)
def test_a_case_from_kd_net_to_kkr_is_linked_both_ways(
    index: SearchIndex, kd_net: str, kkr: str
) -> None:
    assert trail(index, KD_NET, kd_net) == [(KKR_2020, kkr, "later")]
    assert trail(index, KKR_2020, kkr) == [(KD_NET, kd_net, "earlier")]


def test_the_links_say_why_and_how_sure(index: SearchIndex) -> None:
    (link,) = case_trail(index, KKR_2020, "3.2")
    assert link.reason == "title" and link.score >= 80
    assert link.title.startswith("Godkendelse af resultatkontrakt 2020")
    assert link.to_json()["item"] == "5" and link.to_json()["direction"] == "earlier"


def test_generic_items_never_link(index: SearchIndex) -> None:
    # KD-Net 2 "Godkendelse af referatet fra mødet den 25. oktober 2019" and KKR 1.1
    # "Godkendelse af referat fra møde i KKR Midtjylland den 8. november 2019" read alike,
    # as do both "Eventuelt": none is a case.
    for number in KD_NET_GENERIC:
        assert trail(index, KD_NET, number) == [], number
    for number in KKR_2020_GENERIC:
        assert trail(index, KKR_2020, number) == [], number
    for title in ("Godkendelse af dagsorden", "Orientering", "Eventuelt", "Kommende møder"):
        assert is_generic(title), title
    assert is_generic("Meddelelser") and is_generic("Godkendelse af referat")
    assert not is_generic("Orientering om dimensionering af pædagoguddannelsen")


def test_the_meetings_own_case_number_links_nothing(index: SearchIndex) -> None:
    # Every KKR 2020 item carries "SAG-2019-07153": 3.1 (klima) has no case elsewhere.
    assert trail(index, KKR_2020, "3.1") == []


def test_an_item_announcing_a_meeting_links_to_that_meeting(index: SearchIndex) -> None:
    (link,) = case_trail(index, KD_NET, "15")
    assert (link.meeting_id, link.item_number, link.direction, link.reason) == (
        KKR_2020,
        None,
        "later",
        "names the meeting",
    )
    # ... and the KKR meeting knows it was announced there.
    assert [(a.meeting_id, a.item_number) for a in announcements(index, KKR_2020)] == [
        (KD_NET, "15")
    ]
    # KKR 6.1 names the next KKR meeting (1 April 2020): not in the library, no link.
    assert trail(index, KKR_2020, "6.1") == []


def test_meetings_a_year_apart_are_different_cases(index: SearchIndex) -> None:
    # 2015's 3.5 "Pejlemærker for takstudviklingen i Rammeaftale 2016" and 2016's 3.4
    # "Rammeaftalen – ny form og indhold" are 19 months apart: each year's own Rammeaftale.
    assert trail(index, KKR_2015, "3.5") == []
    assert trail(index, KKR_2016, "3.4") == []


def test_an_unknown_meeting_or_item_says_so(index: SearchIndex) -> None:
    with pytest.raises(TrailError, match="has no item 9.9"):
        case_trail(index, KKR_2020, "9.9")
    with pytest.raises(TrailError, match="is not in the library"):
        case_trail(index, "no-such-meeting", "1")
    # The number as printed with its dot, or the item's id, are read too.
    assert trail(index, KKR_2020, "3.2.") == [(KD_NET, "5", "earlier")]


def test_the_trail_reads_the_index_not_the_window(tmp_path: Path) -> None:
    # A fresh data folder: the trail knows only what the index holds after a refresh.
    with Library(tmp_path) as library, SearchIndex(tmp_path) as search_index:
        with pytest.raises(TrailError):
            case_trail(search_index, KD_NET, "5")
        for package in sample_packages():
            library.import_path(package)
        search_index.refresh_items(library)
        assert [link.item_number for link in case_trail(search_index, KD_NET, "5")] == ["3.2"]


def test_a_link_says_the_decision_where_one_is_known(tmp_path: Path) -> None:
    # KKR 2020 3.2 says what KD-Net did with point 5: "Endelig har KD-Net på møde den
    # 24. januar 2020 drøftet udkast til resultatkontrakt" (kkr-midtjylland-2020-02-05.txt,
    # line 166). The chair of KD-Net records that in session mode; KKR's own decision on
    # 3.2 is in no document we have, so its link says none.
    decided = "Drøftet udkast til resultatkontrakt 2020 med Erhvervshus Midtjylland."
    with Library(tmp_path) as library, SearchIndex(tmp_path) as search_index:
        for package in sample_packages():
            library.import_path(package)
        search_index.refresh_items(library)
        point_5 = next(
            row.item_id
            for row in search_index.item_rows()
            if row.meeting_id == KD_NET and row.number == "5"
        )
        (before,) = case_trail(search_index, KKR_2020, "3.2")
        with PersonalStore(personal_db_path(tmp_path)) as store:
            store.set_decision(KD_NET, point_5, decided)
        (link,) = case_trail(search_index, KKR_2020, "3.2")
        (back,) = case_trail(search_index, KD_NET, "5")
    assert before.decision is None
    assert (link.meeting_id, link.item_number, link.decision) == (KD_NET, "5", decided)
    assert link.to_json()["decision"] == decided
    assert (back.item_number, back.decision, back.to_json()["decision"]) == ("3.2", None, None)


def test_a_decision_in_the_package_comes_before_the_recorded_one(tmp_path: Path) -> None:
    # A STAND-IN minutes package: the real KKR 2020 agenda with a Beslutning section added
    # to 3.2 (the agendas we have are not minutes); its text is the recommendation of 3.2
    # ("Det indstilles, at KKR Midtjylland godkender resultatkontrakten for 2020.", line 158)
    # as the minutes would record it.
    written = "KKR Midtjylland godkendte resultatkontrakten for 2020."
    packages = {path.stem: path for path in sample_packages()}
    with Library(tmp_path) as library, SearchIndex(tmp_path) as search_index:
        for package in packages.values():
            library.import_path(package)
        meeting = library.meeting(KKR_2020)
        item = next(item for item in meeting.items if item.number == "3.2")
        item.sections.append(Section("beslutning", "Beslutning", [Paragraph([Span(written)])]))
        meeting.version += 1
        files = {ref.sha256: library.blob_path(ref.sha256) for ref in _unique_refs(meeting)}
        folder = write_package(meeting, files, tmp_path / "minutes")  # type: ignore[arg-type]
        library.import_path(folder)
        search_index.refresh_items(library)
        with PersonalStore(personal_db_path(tmp_path)) as store:
            store.set_decision(KKR_2020, item.id, "Godkendt.")
        (link,) = case_trail(search_index, KD_NET, "5")
    assert (link.item_number, link.decision) == ("3.2", written)
