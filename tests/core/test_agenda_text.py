"""The agenda text importer, checked against the four real agendas read by hand."""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path

import pytest

from companion.core.importers.agenda_text import (
    AgendaFormatError,
    ImportResult,
    ImportWarning,
    import_agenda_file,
    import_agenda_text,
)
from companion.core.model import (
    AgendaItem,
    BulletList,
    Heading,
    Meeting,
    Paragraph,
    Table,
    block_text,
    stable_id,
)

REPO = Path(__file__).parents[2]
AGENDAS = REPO / "resources" / "agendas"
if not AGENDAS.is_dir():  # the shipped copies are identical to the shared originals
    AGENDAS = REPO.parent / "shared" / "agendas"

KKR_2015 = "kkr-midtjylland-2015-04-20.txt"
KKR_2016 = "kkr-midtjylland-2016-11-22.txt"
KKR_2020 = "kkr-midtjylland-2020-02-05.txt"
KD_NET = "kd-net-midtjylland-2020-01-24.txt"
ALL_FILES = (KKR_2015, KKR_2016, KKR_2020, KD_NET)

BSI = ["baggrund", "indstilling"]
BSIS = ["baggrund", "indstilling", "sagsfremstilling"]
IS = ["indstilling", "sagsfremstilling"]

# (number, title, case number, case officers, section kinds, attachment titles)
ITEMS_2015 = [
    (
        "1.1",
        "Godkendelse af referat fra møde i KKR Midtjylland den 24. februar 2015",
        "SAG-2015-01231",
        ["egl"],
        BSI,
        [],
    ),
    ("2.1", "Orientering", "SAG-2015-01231", ["egl"], BSIS, []),
    (
        "3.1",
        "Pejlemærker for kommunernes samarbejde på arbejdsmarkedsområdet",
        "SAG-2015-01231",
        ["egl"],
        BSIS,
        [
            "Forslag af 27. marts 2015 til politiske pejlemærker for de 19 midtjyske kommuners "
            "samarbejde på arbejdsmarkedsområdet",
            "Oversigt over de midtjyske kommuners eksisterende samarbejder på "
            "beskæftigelsesområdet",
        ],
    ),
    (
        "3.2",
        "Første udkast til den regionale vækst- og udviklingsstrategi",
        "SAG-2015-01231",
        ["egl"],
        BSIS,
        [
            "Udkast til VUS som fremsendt til Vækstforums møde den 13. april 2015",
            "KKR's bemærkninger vedr. VUS, juni 2014",
            "KKR's bemærkninger vedr. VUS, september 2014",
            "KKR's bemærkninger vedr. VUS, januar 2015",
        ],
    ),
    (
        "3.3",
        "Indspil til den nationale aftale om væksthusenes indsats og resultater i 2016",
        "SAG-2015-01231",
        ["fal", "egl"],
        BSIS,
        [],
    ),
    (
        "3.4",
        "Regulering af taksterne for 2015 på det specialiserede social- og undervisningsområde",
        "SAG-2015-01231",
        ["egl"],
        BSIS,
        [],
    ),
    (
        "3.5",
        "Pejlemærker for takstudviklingen i Rammeaftale 2016",
        "SAG-2015-01231",
        ["egl"],
        BSIS,
        [],
    ),
    (
        "3.6",
        "Region Midtjyllands spareplan på sundhedsområdet",
        "SAG-2015-01231",
        ["jhp"],
        BSIS,
        [],
    ),
    (
        "3.7",
        "Opfølgning på KKR Midtjyllands sundhedspolitiske målsætninger",
        "SAG-2015-01231",
        ["jhp"],
        BSIS,
        [],
    ),
    (
        "3.8",
        "Fælles målsætning for voksenpsykiatrien",
        "SAG-2015-01231",
        ["jhp"],
        BSIS,
        ["Rammepapir: Sammenhængende indsats på voksenpsykiatriområdet, marts 2015"],
    ),
    ("3.9", "Praksisplanen og underliggende aftaler", "SAG-2015-01231", ["jhp"], BSIS, []),
    (
        "3.10",
        "Kommunernes integrationsindsats",
        "SAG-2015-01231",
        ["egl"],
        BSIS,
        [
            "Genberegnete flygtningekvoter 2015, som blev udsendt til de midtjyske kommuner "
            "den 27. marts 2015",
        ],
    ),
    (
        "6.1",
        "Sager til dagsorden for mødet i KKR Midtjylland den 11. juni 2015",
        "SAG-2015-01231",
        ["egl"],
        BSI,
        [],
    ),
    ("7.1", "Eventuelt", "MDR-2014-00328", ["egl"], [], []),
]

ITEMS_2016 = [
    (
        "1.1",
        "Godkendelse af referat fra møde i KKR Midtjylland den 13. september 2016",
        "SAG-2016-04709",
        ["jhp"],
        BSI,
        [],
    ),
    ("2.1", "Orientering", "SAG-2016-04709", ["egl", "jhp"], BSIS, []),
    (
        "3.1",
        "Børnehus Midtjylland – aktiviteter og drift 2016-17",
        "SAG-2016-04709",
        ["egl"],
        BSIS,
        [
            "Redegørelse Børnehus Midt af. 16. august 2016",
            "Redegørelse Børnehus Midt af 13. oktober 2016",
        ],
    ),
    (
        "3.2",
        "Forslag til rammepapir på voksenhandicapområdet",
        "SAG-2016-04709",
        ["egl"],
        BSIS,
        ["Forslag til rammepapir for voksenhandicapområdet af 25. oktober 2016"],
    ),
    (
        "3.3",
        "Debat om den fremtidige udvikling på voksensocialområdet",
        "SAG-2016-04709",
        ["mta", "egl"],
        BSIS,
        ["Synopsis for socialpolitisk udspil, KL 28. oktober 2016"],
    ),
    (
        "3.4",
        "Rammeaftalen – ny form og indhold",
        "SAG-2016-04709",
        ["egl"],
        BSIS,
        ["Rammeaftale 2017"],
    ),
    (
        "3.5",
        "Praksisplanen har været i høring",
        "SAG-2016-04709",
        ["jhp"],
        BSIS,
        ["Praksisplan og høringssvar"],
    ),
    (
        "3.6",
        "Ekstra SOSU-assistentelever i kommunerne",
        "SAG-2016-04709",
        ["jhp"],
        BSIS,
        ["Ekstra elevpladser på SOSU uddannelserne"],
    ),
    (
        "3.7",
        "Kommunernes samarbejde om den virksomhedsrettede indsats",
        "SAG-2016-04709",
        ["egl"],
        BSIS,
        [
            "Strategisk alliance Vest",
            "Servicepakke rekruttering Øst",
            "Eksempler fra andre regioner: Rekrutteringsservice FYN",
            "Job7 i Trekantområdet",
        ],
    ),
    (
        "3.8",
        "Resultataftale med Væksthus Midtjylland 2017",
        "SAG-2016-04709",
        ["egl"],
        BSIS,
        [
            "Forslag til aftale med Væksthus Midtjylland 2017",
            "Bilag til forslag til aftale med Væksthus Midtjylland 2017",
            "Status på resultatkontrakt med KKR Midtjylland pr. 30 06 2016",
            "Status pr. 30 06 2016 til KKR Midtjylland",
            "Børsen 9. november 2016",
        ],
    ),
    (
        "4.1",
        "Sager til dagsorden for møde i KKR Midtjylland den 27. februar 2017",
        "SAG-2016-04709",
        ["jhp", "egl"],
        BSI,
        [],
    ),
    ("5.1", "Eventuelt", "SAG-2016-04709", ["jhp"], [], []),
]

ITEMS_2020 = [
    (
        "1.1",
        "Godkendelse af referat fra møde i KKR Midtjylland den 8. november 2019",
        "SAG-2019-07153",
        ["jhp"],
        BSI,
        [],
    ),
    ("2.1", "Orientering", "SAG-2019-07153", ["chbo", "jhp"], BSIS, []),
    (
        "3.1",
        "Tværkommunale samarbejder om klima",
        "SAG-2019-07153",
        ["snm", "chbo"],
        BSIS,
        ["Udspillene peger på, at klimaudfordringerne bl.a. kalder på tværkommunale løsninger"],
    ),
    (
        "3.2",
        "Resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland",
        "SAG-2019-07153",
        ["chbo"],
        BSIS,
        [],
    ),
    (
        "3.3",
        "Nær psykiatri efter Januarkonferencen",
        "SAG-2019-07153",
        ["jhp"],
        BSIS,
        [
            "De enkelte initiativer er beskrevet i vedlagte konferenceavis",
            "Status og næste trin for initiativerne fremgår af vedlagte bilag til sagen",
        ],
    ),
    (
        "3.4",
        "Dimensionering af pædagoguddannelsen",
        "SAG-2019-07153",
        ["jhp"],
        BSIS,
        [
            "KKR-sekretariatet modtog anmodningen fra Uddannelses- og Forskningsministeriet "
            "den 15. januar 2020 (vedhæftet)"
        ],
    ),
    (
        "3.5",
        "Proces for Rammeaftale 2021-2022 samt forslag til udviklingsområder",
        "SAG-2019-07153",
        ["chbo", "mes"],
        BSIS,
        ["Den overordnede proces for udarbejdelsen af rammeaftalen er vedlagt"],
    ),
    (
        "3.6",
        "Orientering om aftale om akut hjælp til sårbare borgere (tidl. Sociolancen)",
        "SAG-2019-07153",
        ["chbo", "mes"],
        BSIS,
        ["Aftale om sårbare borgere, der ringer 1-1-2 med sociale problemstillinger"],
    ),
    (
        "6.1",
        "Foreløbig oversigt over sager til KKR Midtjyllands næste møde",
        "SAG-2019-07153",
        ["chbo", "jhp"],
        BSIS,
        [],
    ),
    ("7.1", "Eventuelt", "SAG-2019-07153", ["jhp"], [], []),
]

# (number, title, presenter, section kinds, attachment titles)
ITEMS_KD_NET = [
    ("1", "Godkendelse af dagsorden", None, ["indstilling"], []),
    (
        "2",
        "Godkendelse af referatet fra mødet den 25. oktober 2019",
        None,
        IS,
        ["Referatet fra KD-Net mødet 25. oktober 2019"],
    ),
    ("3", "Drøftelse med COK", None, IS, []),
    (
        "4",
        "Orientering om Arbejdsmarkedsområdet",
        "Erik Hattens",
        IS,
        [
            "Udkast til revideret samarbejdsaftale mellem Region Midtjylland og de midtjyske "
            "kommuner om rådgivning og vurdering fra sundhedskoordinator og Klinisk Funktion"
        ],
    ),
    (
        "5",
        "Godkendelse af resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland",
        "Jan Kallestrup",
        IS,
        ["Udkast til Resultatkontrakt 2020 mellem KKR Midtjylland og Erhvervshus Midtjylland"],
    ),
    (
        "6",
        "Orientering om proces for rammeaftale 2020 – 2021 samt forslag til udviklingsområder",
        "Jesper Thyrring Møller",
        IS,
        ["Rammeaftaleprocessen"],
    ),
    (
        "7",
        "Orientering om aftale om akut hjælp til sårbare borgere (tidl. Sociolancen)",
        "Jesper Thyrring Møller",
        IS,
        ["Forslag til aftale om sårbare borgere der ringer 112 med sociale problemstillinger"],
    ),
    (
        "8",
        "Finansiering af udviklingstiltag i forbindelse med den nære psykiatri",
        "Jesper Thyrring Møller",
        IS,
        [],
    ),
    (
        "9",
        "Samarbejdsaftale for IV i nærområdet",
        "Jesper Kaas Schmidt og Pernille Blach Hansen",
        IS,
        [],
    ),
    ("10", "Orientering om dimensionering af pædagoguddannelsen", "Jesper Kaas Schmidt", IS, []),
    (
        "11",
        "Orientering om brev til transportministeren vedrørende infrastruktur",
        "Jesper Kaas Schmidt og Jan Kallestrup",
        IS,
        ["Brev til transportminister Benny Engelbrecht", "Opdateret midtjysk infrastrukturindspil"],
    ),
    (
        "12",
        "Orientering om digitalisering i de midtjyske kommuner",
        "Jesper Kaas Schmidt",
        IS,
        ["Brev til de midtjyske borgmestre"],
    ),
    ("13", "Orientering om nyt næstformandskab i KOSU", "Jesper Kaas Schmidt", IS, []),
    ("14", "Orientering om formandskab i DASSOS", "Jesper Kaas Schmidt", IS, []),
    ("15", "Foreløbig punkter til KKR-mødet den 5. februar 2020", "Jesper Kaas Schmidt", IS, []),
    ("16", "Kommende møder", "Jesper Kaas Schmidt", IS, []),
    ("17", "Eventuelt", None, [], []),
]

KKR_GROUPS_2015 = [
    ("1", "Godkendelse af referat"),
    ("2", "Siden sidst"),
    ("3", "Regionalpolitiske sager"),
    ("4", "Udpegninger"),
    ("5", "KKR"),
    ("6", "Punkter til næste møde"),
    ("7", "Eventuelt"),
]
KKR_GROUPS_2016 = [
    ("1", "Godkendelse af referat"),
    ("2", "Siden sidst"),
    ("3", "Regionalpolitiske sager"),
    ("4", "Punkter til næste møde"),
    ("5", "Eventuelt"),
]

BOILERPLATE = (
    "KL bidrager til at udvikle",
    "KL opnår, med et helhedsperspektiv",
    ".....",
    "<b>",
    "DAGSORDEN",
    "KKR MIDTJYLLAND",
    "Dato:",
    "Punkt\tIndhold",
    "Evt. afbud sendes",
    "./.",
)


@pytest.fixture(scope="module")
def imported() -> dict[str, ImportResult]:
    return {name: import_agenda_file(AGENDAS / name) for name in ALL_FILES}


def meeting_of(imported: dict[str, ImportResult], name: str) -> Meeting:
    return imported[name].meeting


def item_of(meeting: Meeting, number: str) -> AgendaItem:
    return next(item for item in meeting.items if item.number == number)


def all_block_texts(item: AgendaItem) -> list[str]:
    return [block_text(block) for section in item.sections for block in section.blocks]


# -- headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "meeting_id", "start", "title"),
    [
        (
            KKR_2015,
            "kkr-midtjylland-2015-04-20",
            datetime(2015, 4, 20, 10, 0),
            "Dagsorden, KKR Midtjylland 20. april 2015",
        ),
        (
            KKR_2016,
            "kkr-midtjylland-2016-11-22",
            datetime(2016, 11, 22, 10, 0),
            "Dagsorden, KKR Midtjylland 22. november 2016",
        ),
        (
            KKR_2020,
            "kkr-midtjylland-2020-02-05",
            datetime(2020, 2, 5, 10, 0),
            "Dagsorden, KKR Midtjylland 5. februar 2020",
        ),
    ],
)
def test_kkr_meeting_header(
    imported: dict[str, ImportResult], name: str, meeting_id: str, start: datetime, title: str
) -> None:
    meeting = meeting_of(imported, name)
    assert meeting.id == meeting_id
    assert meeting.body == "KKR Midtjylland"
    assert meeting.name == title
    assert meeting.start == start
    assert meeting.location == "Scandic, Udgårdsvej 2, 8600 Silkeborg"
    assert meeting.source == name
    assert meeting.participants == [] and meeting.apologies == []


def test_kd_net_meeting_header(imported: dict[str, ImportResult]) -> None:
    meeting = meeting_of(imported, KD_NET)
    assert meeting.id == "kd-net-midtjylland-2020-01-24"
    assert meeting.body == "KD-Net Midtjylland"
    assert meeting.name == (
        "Dagsorden for møde i kommunaldirektørnetværket i den midtjyske region den 24. januar 2020"
    )
    assert meeting.start == datetime(2020, 1, 24, 10, 0)
    assert meeting.end == datetime(2020, 1, 24, 12, 0)
    assert meeting.location == "Scandic Silkeborg, Udgårdsvej 2, 8600 Silkeborg"
    assert meeting.apologies == [
        "Lars Møller",
        "Peter Sinding Poulsen",
        "Flemming Storgaard",
        "Jesper Hosbond Jensen",
        "Niels Højberg",
        "Per Mathiasen",
    ]
    assert meeting.participants == [
        "Kommunaldirektørerne i den midtjyske region eller deres suppleanter",
        "regionsdirektøren",
        "KKR sekretariatet",
        "KD-Net sekretariatet",
        "Claus Brandt (i stedet for Lars Møller)",
        "Poul Møller (i stedet for Jesper Hosbond Jensen)",
        "Peter Pedersen (i stedet for Niels Højberg)",
        "Thomas Lindberg (i stedet for Per Mathiasen)",
    ]


# -- groups ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "groups"),
    [(KKR_2015, KKR_GROUPS_2015), (KKR_2016, KKR_GROUPS_2016), (KKR_2020, KKR_GROUPS_2015)],
)
def test_groups_including_empty_ones(
    imported: dict[str, ImportResult], name: str, groups: list[tuple[str, str]]
) -> None:
    meeting = meeting_of(imported, name)
    assert [(group.number, group.title) for group in meeting.groups] == groups
    for group in meeting.groups:
        assert all(item.number.startswith(f"{group.number}.") for item in group.items)


def test_empty_groups_stay_empty(imported: dict[str, ImportResult]) -> None:
    for name in (KKR_2015, KKR_2020):
        groups = {group.number: group for group in meeting_of(imported, name).groups}
        assert groups["4"].items == [] and groups["5"].items == []


def test_kd_net_has_one_flat_group(imported: dict[str, ImportResult]) -> None:
    meeting = meeting_of(imported, KD_NET)
    assert [(group.number, group.title) for group in meeting.groups] == [("", "")]
    assert [item.number for item in meeting.items] == [str(n) for n in range(1, 18)]


# -- items -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"), [(KKR_2015, ITEMS_2015), (KKR_2016, ITEMS_2016), (KKR_2020, ITEMS_2020)]
)
def test_kkr_items(
    imported: dict[str, ImportResult], name: str, expected: list[tuple[object, ...]]
) -> None:
    items = meeting_of(imported, name).items
    actual = [
        (
            item.number,
            item.title,
            item.case_number,
            item.case_officers,
            [section.kind for section in item.sections],
            [attachment.title for attachment in item.attachments],
        )
        for item in items
    ]
    assert actual == expected
    assert all(item.presenter is None and item.public for item in items)


def test_kd_net_items(imported: dict[str, ImportResult]) -> None:
    items = meeting_of(imported, KD_NET).items
    actual = [
        (
            item.number,
            item.title,
            item.presenter,
            [section.kind for section in item.sections],
            [attachment.title for attachment in item.attachments],
        )
        for item in items
    ]
    assert actual == ITEMS_KD_NET
    assert all(item.case_number is None for item in items)


def test_kd_net_inline_recommendations(imported: dict[str, ImportResult]) -> None:
    meeting = meeting_of(imported, KD_NET)
    recommendations = {item.number: item.recommendation for item in meeting.items}
    assert all(section is not None for number, section in recommendations.items() if number != "17")
    texts = {number: section.text for number, section in recommendations.items() if section}
    assert (
        texts["5"]
        == "KD-net indstiller til KKR Midtjylland, at resultatkontrakten for 2020 godkendes."
    )
    assert texts["9"] == "Det indstilles, at KD-Net tager orienteringen til efterretning."
    assert texts["15"] == "Det indstilles, at KD-Net tager orienteringen til efterretning."
    assert all(section.title == "Indstilling" for section in recommendations.values() if section)
    item_8 = item_of(meeting, "8").recommendation
    assert item_8 is not None
    assert isinstance(item_8.blocks[1], BulletList) and len(item_8.blocks[1].items) == 2
    # the heading line of item 9 carries the recommendation in italics
    item_9 = item_of(meeting, "9").recommendation
    assert item_9 is not None and isinstance(item_9.blocks[0], Paragraph)
    assert item_9.blocks[0].spans[0].italic


def test_section_titles_are_the_headings(imported: dict[str, ImportResult]) -> None:
    for name in (KKR_2015, KKR_2016, KKR_2020):
        for item in meeting_of(imported, name).items:
            assert [s.title for s in item.sections] == [s.kind.capitalize() for s in item.sections]


# -- ids ---------------------------------------------------------------------


def test_ids_follow_titles_and_are_unique(imported: dict[str, ImportResult]) -> None:
    for result in imported.values():
        meeting = result.meeting
        for group in meeting.groups:
            assert group.id == f"{meeting.id}/group-{stable_id(group.title)}"
        for item in meeting.items:
            assert item.id == f"{meeting.id}/{stable_id(item.title)}"
            assert [a.id for a in item.attachments] == [
                f"{item.id}/bilag-{n}" for n in range(1, len(item.attachments) + 1)
            ]
        ids = [g.id for g in meeting.groups] + [i.id for i in meeting.items]
        assert len(ids) == len(set(ids))


def test_item_id_survives_renumbering() -> None:
    text = (AGENDAS / KKR_2016).read_text(encoding="utf-8")
    renumbered = text.replace("3.6. Ekstra SOSU", "3.9. Ekstra SOSU").replace(
        "| 3.6. | Ekstra SOSU", "| 3.9. | Ekstra SOSU"
    )
    before = item_of(import_agenda_text(text).meeting, "3.6")
    after = item_of(import_agenda_text(renumbered).meeting, "3.9")
    assert before.id == after.id


def test_duplicate_titles_get_a_suffix() -> None:
    text = (AGENDAS / KKR_2016).read_text(encoding="utf-8")
    doubled = text.replace(
        "3.7. Kommunernes samarbejde om den virksomhedsrettede indsats",
        "3.7. Ekstra SOSU-assistentelever i kommunerne",
    )
    doubled = doubled.replace(
        "| 3.7. | Kommunernes samarbejde om den virksomhedsrettede indsats",
        "| 3.7. | Ekstra SOSU-assistentelever i kommunerne",
    )
    meeting = import_agenda_text(doubled).meeting
    first, second = item_of(meeting, "3.6"), item_of(meeting, "3.7")
    assert first.title == second.title
    assert second.id == f"{first.id}-2"


# -- structure inside items --------------------------------------------------


def test_toc_and_boilerplate_never_reach_items(imported: dict[str, ImportResult]) -> None:
    for result in imported.values():
        for item in result.meeting.items:
            text = item.text + "\n" + "\n".join(a.title for a in item.attachments)
            for phrase in BOILERPLATE:
                assert phrase not in text, (item.number, phrase)
            assert "**" not in text and "](#)" not in text


def test_page_break_fragments_are_joined(imported: dict[str, ImportResult]) -> None:
    kd_item_3 = "\n".join(all_block_texts(item_of(meeting_of(imported, KD_NET), "3")))
    assert "projekter i den enkelte kommune, på tværs af kommuner" in kd_item_3
    kkr_2015 = meeting_of(imported, KKR_2015)
    assert "en bredt funderet styregruppe, der dækker" in item_of(kkr_2015, "3.8").text
    assert "vækst i samfundsøkonomisk værditilvækst" not in item_of(kkr_2015, "3.3").text
    assert "samfundsøkonomisk værditilvækst fra 2,6 til 3,0" in item_of(kkr_2015, "3.3").text
    assert "relevante politiske fora" in item_of(kkr_2015, "3.9").text
    assert "undervisningsforløb for borgere med psykisk sygdom." in item_of(kkr_2015, "3.8").text
    kkr_2020 = item_of(meeting_of(imported, KKR_2020), "3.2").text
    assert "af 25. oktober 2018 og" in kkr_2020
    kkr_2016 = item_of(meeting_of(imported, KKR_2016), "3.3").text
    assert "input fra kommunerne til det videre arbejde" in kkr_2016


def test_kept_apart_what_is_not_a_page_break(imported: dict[str, ImportResult]) -> None:
    item_16 = item_of(meeting_of(imported, KD_NET), "16")
    section = item_16.section("sagsfremstilling")
    assert section is not None
    last = section.blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.text == "12-12 seminar for alle direktørerne afholdes i oktober/november 2020."


def test_nested_lists_are_nested(imported: dict[str, ImportResult]) -> None:
    section = item_of(meeting_of(imported, KKR_2015), "3.2").section("sagsfremstilling")
    assert section is not None
    lists = [block for block in section.blocks if isinstance(block, BulletList)]
    remarks = lists[-1]
    assert len(remarks.items) == 4
    top = remarks.items[0]
    assert top.text.startswith("At det er vanskeligt at se kommunernes fingeraftryk")
    assert len(top.children) == 1
    assert top.children[0].text.startswith("De store geografiske forskelle")
    assert [child.text for child in top.children[0].children] == [
        "bredde i vækstfremmeindsatsen gennem arbejde med klynger og værdikæder",
        "decentrale uddannelsesmuligheder tilpasset virksomhedernes behov",
        "ændring af regionens brand fra ”Udkantsdanmark” til ”Centraldenmark”.",
    ]


def test_ordered_list_and_loose_list(imported: dict[str, ImportResult]) -> None:
    section = item_of(meeting_of(imported, KKR_2015), "3.7").section("baggrund")
    assert section is not None
    ordered = next(block for block in section.blocks if isinstance(block, BulletList))
    assert ordered.ordered and len(ordered.items) == 4
    # a list with a blank line (and a page break) between its bullets stays one list
    section = item_of(meeting_of(imported, KKR_2015), "3.3").section("sagsfremstilling")
    assert section is not None
    first = next(block for block in section.blocks if isinstance(block, BulletList))
    assert len(first.items) == 8 and first.items[1].text.startswith("At 2/3")


def test_tables_stay_tables(imported: dict[str, ImportResult]) -> None:
    section = item_of(meeting_of(imported, KKR_2020), "3.4").section("sagsfremstilling")
    assert section is not None
    table = next(block for block in section.blocks if isinstance(block, Table))
    assert table.header_rows == 2
    assert table.rows[0] == [
        "",
        "Optagelse 2019/2020 (øgning i fh. til 2018/2019)",
        "Optagelse 2020/2021 (øgning i forhold til 2019/2020)",
    ]
    assert table.rows[3] == ["Viborg", "228 (6)", "228"]
    assert table.rows[-1] == ["Ialt", "1274", "1294"]
    kd_section = item_of(meeting_of(imported, KD_NET), "10").section("sagsfremstilling")
    assert kd_section is not None
    kd_table = next(block for block in kd_section.blocks if isinstance(block, Table))
    assert len(kd_table.rows) == 10 and kd_table.rows[-1] == ["I alt", "1234", "1274"]


def test_links_keep_their_href(imported: dict[str, ImportResult]) -> None:
    item = item_of(meeting_of(imported, KKR_2015), "2.1")
    links = [
        (span.text, span.href)
        for section in item.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
        for span in block.spans
        if span.href
    ]
    assert links == [
        ("http://rar-bm.dk/Vestjylland.aspx", "http://rar-bm.dk/Vestjylland.aspx"),
        ("http://rar-bm.dk/Oestjylland.aspx", "http://rar-bm.dk/Oestjylland.aspx"),
        ("Politikermøde, sundhed 7. april", "#"),
    ]


def test_sub_headings(imported: dict[str, ImportResult]) -> None:
    def headings(name: str, number: str) -> list[str]:
        item = item_of(meeting_of(imported, name), number)
        return [b.text for s in item.sections for b in s.blocks if isinstance(b, Heading)]

    assert headings(KKR_2015, "2.1") == [
        "Bornholm:",
        "Møde i de to regionale arbejdsmarkedsråd",
        "Møde for udvalgsformændene på sundhedsområdet",
    ]
    assert headings(KKR_2020, "2.1") == [
        "KL/KKR formandskabsmødet den 16. januar 2020:",
        "Møde med regionsrådsformanden den 29. januar 2020:",
        "Nyt medlem af Uddannelsesudvalget",
    ]
    assert headings(KKR_2016, "3.3") == [
        "En forstærket indsats",
        "Temaer til debat",
        "Næste skridt",
    ]
    assert headings(KKR_2016, "3.8") == ["Vækstværktøjer", "Vækstpotentiale", "Vejledning"]
    # a numbered italic line is a sub-heading, not an item
    assert "1. Den nære psykiatri (fortsættelse af udviklingsområde)" in headings(KKR_2020, "3.5")


def test_bold_and_italic_spans(imported: dict[str, ImportResult]) -> None:
    item = item_of(meeting_of(imported, KKR_2015), "3.3")
    spans = [
        span
        for block in item.sections[2].blocks
        if isinstance(block, Paragraph)
        for span in block.spans
    ]
    assert any(span.italic and span.text == "effekt" for span in spans)


def test_attachment_sentences_stay_in_the_text(imported: dict[str, ImportResult]) -> None:
    texts = all_block_texts(item_of(meeting_of(imported, KKR_2020), "3.3"))
    assert "De enkelte initiativer er beskrevet i vedlagte konferenceavis." in texts
    item_3_4 = item_of(meeting_of(imported, KKR_2016), "3.4")
    assert "I den netop vedtagne Rammeaftale 2017 er form" in item_3_4.text


def test_attachment_title_lines_leave_the_text(imported: dict[str, ImportResult]) -> None:
    item = item_of(meeting_of(imported, KKR_2016), "3.7")
    assert "Strategisk alliance Vest" not in item.text
    item = item_of(meeting_of(imported, KKR_2016), "3.1")
    assert "Redegørelse Børnehus Midt af 13. oktober 2016" not in item.text
    assert "Børnehus Midt" in all_block_texts(item)  # the link next to them stays
    assert all(
        not attachment.provided
        for i in meeting_of(imported, KKR_2016).items
        for attachment in i.attachments
    )


def test_warnings_of_the_real_files(imported: dict[str, ImportResult]) -> None:
    assert [str(w) for w in imported[KKR_2016].warnings] == [
        "line 320: attachment marker './' lacks its last '.'; read as './.'"
    ]
    for name in (KKR_2015, KKR_2020, KD_NET):
        assert imported[name].warnings == []


def test_meeting_survives_json_round_trip(imported: dict[str, ImportResult]) -> None:
    for result in imported.values():
        data = json.loads(json.dumps(result.meeting.to_dict()))
        assert Meeting.from_dict(data).to_dict() == result.meeting.to_dict()


# -- files, warnings and errors ----------------------------------------------


def test_file_with_bom_and_crlf(tmp_path: Path) -> None:
    original = (AGENDAS / KD_NET).read_text(encoding="utf-8")
    path = tmp_path / "agenda.txt"
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    result = import_agenda_file(path)
    reference = import_agenda_text(original, source_name="agenda.txt")
    assert result.meeting.to_dict() == reference.meeting.to_dict()
    assert result.meeting.source == "agenda.txt"


def test_file_that_is_not_text(tmp_path: Path) -> None:
    """A PDF given where the agenda text belongs (other encodings are read: see
    test_agenda_text_robustness.py)."""
    import pymupdf

    document = pymupdf.open()
    document.new_page().insert_text((50, 50), "Dagsorden KKR Midtjylland")
    path = tmp_path / "dagsorden.txt"
    path.write_bytes(document.tobytes(deflate=True))
    with pytest.raises(AgendaFormatError, match=r"dagsorden\.txt: not a text file"):
        import_agenda_file(path)


def test_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Husk mælk\n", encoding="utf-8")
    with pytest.raises(AgendaFormatError) as caught:
        import_agenda_file(path)
    assert str(path) in str(caught.value)
    assert "no meeting body found" in str(caught.value)


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\ufeff"])
def test_empty_text(text: str) -> None:
    with pytest.raises(AgendaFormatError, match="empty") as caught:
        import_agenda_text(text)
    assert caught.value.line is None


def test_garbage_text() -> None:
    with pytest.raises(AgendaFormatError, match="no meeting body found"):
        import_agenda_text("Lorem ipsum dolor sit amet.\n1. consectetur\n2.3 adipiscing")


def test_no_date_line() -> None:
    text = (AGENDAS / KKR_2015).read_text(encoding="utf-8").replace("**Dato:**", "**Tid:**")
    with pytest.raises(AgendaFormatError, match="no meeting date found"):
        import_agenda_text(text)


def test_impossible_date_names_its_line() -> None:
    text = (AGENDAS / KKR_2016).read_text(encoding="utf-8").replace("22-11-2016", "31-11-2016")
    with pytest.raises(AgendaFormatError, match=r"^line 9: invalid meeting date") as caught:
        import_agenda_text(text)
    assert caught.value.line == 9


def test_header_without_items() -> None:
    text = "KKR MIDTJYLLAND\n\nDato: 20-04-2015 10:00\n\nIngen punkter.\n"
    with pytest.raises(AgendaFormatError, match="no agenda items found"):
        import_agenda_text(text)


def test_truncated_agenda_keeps_what_is_there() -> None:
    text = (AGENDAS / KKR_2015).read_text(encoding="utf-8")
    result = import_agenda_text(text[: len(text) * 30 // 100])
    meeting = result.meeting
    assert [group.number for group in meeting.groups] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [item.number for item in meeting.items] == [number for number, *_ in ITEMS_2015]
    assert item_of(meeting, "2.1").section("sagsfremstilling") is not None
    assert "forspring på 7,7 pct. points" in item_of(meeting, "3.3").text  # cut in 3.3
    missing = [w for w in result.warnings if "has no heading in the text" in w.message]
    assert [w.line for w in missing] == list(range(28, 41))  # TOC lines of 3.4 .. 7.1
    assert "entry 3.4 'Regulering af taksterne" in str(missing[0])
    assert item_of(meeting, "3.5").sections == []


def test_toc_entry_without_heading_and_heading_without_toc_entry() -> None:
    text = (AGENDAS / KKR_2020).read_text(encoding="utf-8")
    text = text.replace("3.2.\tResultatkontrakt", "3.9.\tResultatkontrakt")
    text = text.replace("### 3.4. Dimensionering", "### 3.7. Dimensionering")
    result = import_agenda_text(text)
    messages = [str(warning) for warning in result.warnings]
    assert any(m.startswith("line 27: table of contents entry 3.9") for m in messages)
    assert any(
        m.startswith("line 230: heading 3.7 is not in the table of contents") for m in messages
    )
    assert "3.7" in [item.number for item in result.meeting.items]


def test_agenda_without_toc_is_read_with_a_warning() -> None:
    text = (AGENDAS / KKR_2016).read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if not line.startswith("|")]
    result = import_agenda_text("\n".join(lines))
    assert "no table of contents found" in str(result.warnings[0])
    assert [item.number for item in result.meeting.items] == [n for n, *_ in ITEMS_2016]


def test_import_warning_text() -> None:
    assert str(ImportWarning(42, "something odd")) == "line 42: something odd"


@pytest.mark.parametrize("seed", range(12))
def test_random_input_never_crashes(seed: int) -> None:
    generator = random.Random(seed)
    texts = [
        bytes(generator.randrange(256) for _ in range(2000)).decode("utf-8", "replace"),
    ]
    for name in ALL_FILES:
        lines = (AGENDAS / name).read_text(encoding="utf-8").split("\n")
        generator.shuffle(lines)
        texts.append("\n".join(lines))
        original = (AGENDAS / name).read_text(encoding="utf-8")
        texts.append(original[: generator.randrange(len(original))])
    for text in texts:
        try:
            result = import_agenda_text(text)
        except AgendaFormatError as error:
            assert str(error)
        else:
            assert result.meeting.items


def test_overview_bilag_column_is_cross_checked() -> None:
    text = (AGENDAS / KD_NET).read_text(encoding="utf-8")
    text = text.replace("- ./.\n- Brev til de midtjyske borgmestre.", "")
    result = import_agenda_text(text)
    assert [str(w) for w in result.warnings] == [
        "line 35: overview marks bilag for item 12; none found"
    ]
    assert item_of(result.meeting, "12").attachments == []


def test_text_before_the_first_section_is_kept_with_a_warning() -> None:
    text = (AGENDAS / KKR_2016).read_text(encoding="utf-8")
    text = text.replace(
        "SAG-2016-04709 jhp\n\nBaggrund\n\nPraksisplanudvalget",
        "SAG-2016-04709 jhp\n\nSe også sagen fra september.\n\nBaggrund\n\nPraksisplanudvalget",
    )
    result = import_agenda_text(text)
    item = item_of(result.meeting, "3.5")
    assert [(s.kind, s.title) for s in item.sections][0] == ("other", "")
    assert item.sections[0].text == "Se også sagen fra september."
    assert "line 275: item 3.5 has text before its first section heading" in [
        str(w) for w in result.warnings
    ]


def test_closed_item_is_not_public() -> None:
    text = (AGENDAS / KKR_2016).read_text(encoding="utf-8")
    text = text.replace("Ekstra SOSU-assistentelever i kommunerne", "Personalesag (lukket punkt)")
    item = item_of(import_agenda_text(text).meeting, "3.6")
    assert item.title == "Personalesag (lukket punkt)"
    assert not item.public
