"""FirstAgenda JSON -> the app's meeting and item text, on the real captured responses.

Expected values are read by hand from shared/firstagenda's JSON files.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from companion.core.model import BulletList, Heading, Paragraph, Table
from companion.core.sources.firstagenda.html import html_blocks, item_sections, section_kind
from companion.core.sources.firstagenda.mapping import (
    Publication,
    committee_meetings,
    map_item,
    map_meeting,
    meeting_id,
    publications,
)

SHARED = Path(__file__).resolve().parents[4] / "shared" / "firstagenda"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/firstagenda")
ITEMS: list[dict[str, Any]] = json.loads(
    (SHARED / "hvidovre-okonomiudvalget-agenda-items.json").read_text("utf-8")
)["Dagsordenpunkter"]
BOERNE = json.loads(
    (SHARED / "hvidovre-boerne-og-uddannelsesudvalget-meetings.json").read_text("utf-8")
)
SITE = "https://dagsordener-referater.hvidovre.dk"


def html_of(number: int) -> str:
    return str(ITEMS[number - 1]["Felter"][0]["Html"])


def test_section_kinds_of_the_real_headings() -> None:
    assert section_kind("Indstilling") == "indstilling"
    assert section_kind("18.05.2026 Supplerende indstilling") == "indstilling"
    assert section_kind("Beslutning i Økonomiudvalget den 16-03-2026") == "beslutning"
    assert section_kind("Beslutning i Klima-, Miljø- og Teknikudvalget den 07-04-2026") == (
        "beslutning"
    )
    assert section_kind("Supplerende sagsfremstilling") == "sagsfremstilling"
    assert section_kind("Beslutningstema") == "other"
    assert section_kind("Økonomiske konsekvenser") == "other"


def test_item_3_sections_split_on_its_headings() -> None:
    sections = item_sections(html_of(3))
    assert [(s.kind, s.title) for s in sections] == [
        ("sagsfremstilling", "Supplerende sagsfremstilling"),
        ("other", "Beslutningstema"),
        ("indstilling", "Indstilling"),
        ("beslutning", "Beslutning i Økonomiudvalget den 16-03-2026"),
        ("sagsfremstilling", "Sagsfremstilling"),
        ("other", "Politiske beslutninger og aftaler"),
        ("other", "Økonomiske konsekvenser"),
        ("other", "Retsgrundlag"),
        ("other", "Høring"),
        ("other", "Klima-, miljø- og bæredygtighedsmæssige konsekvenser"),
    ]
    indstilling = sections[2]
    first, numbered = indstilling.blocks
    assert isinstance(first, Paragraph) and isinstance(numbered, BulletList)
    assert numbered.ordered and len(numbered.items) == 5
    assert numbered.items[1].text == (
        "at godkende, at tilsagnet gives med støttebekendtgørelsesstandardvilkår"
    )
    # Sub-headings inside the case presentation stay sub-headings, not sections.
    headings = [b.text for b in sections[4].blocks if isinstance(b, Heading)]
    assert headings[:2] == ["Om Grenhusene", "Planforhold og bevaringsværdi"]
    # No Word head, no empty paragraphs.
    text = "\n".join(s.text for s in sections)
    assert "Dagsordenspunkt" not in text and "Aspose" not in text
    assert all(b.text.strip() for s in sections for b in s.blocks if isinstance(b, Paragraph))


def test_links_tables_and_numbered_lists_in_word_pieces_survive() -> None:
    item_4 = item_sections(html_of(4))
    links = [
        span
        for s in item_4
        for b in s.blocks
        if isinstance(b, Paragraph)
        for span in b.spans
        if span.href
    ]
    assert [(span.text, span.href) for span in links] == [
        (
            "særloven for modernisering af Køge Bugt Strandpark",
            "https://www.retsinformation.dk/eli/lta/2025/432",
        )
    ]
    economy = next(s for s in item_4 if s.title == "Økonomiske konsekvenser")
    table = next(b for b in economy.blocks if isinstance(b, Table))
    assert table.rows[0] == ["Mio. kr.", "2026", "2027", "2028", "I alt"]
    assert table.rows[1] == ["Etablering af bike-bane", "1,0", "0,0", "0,0", "1,0"]
    # Item 10: Word's one-item <ol start="2"> pieces join into one numbered list.
    supplement = next(
        s for s in item_sections(html_of(10)) if s.title == "Supplerende sagsfremstilling"
    )
    lists = [b for b in supplement.blocks if isinstance(b, BulletList)]
    assert [len(b.items) for b in lists] == [3, 2]


def test_word_markup_is_cleaned() -> None:
    # Markup as Word writes it (styles, o:p, a conditional comment, its list bullets),
    # around text of item 3's Indstilling.
    html = (
        "<div class=WordSection1><p class=MsoNormal style='margin:0cm;mso-fareast-font-family:"
        "Calibri'><b><span style='font-size:11pt'>Kommunaldirektøren indstiller</span></b>"
        "<span> til Økonomiudvalget</span><o:p></o:p></p>"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
        "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'>"
        "<span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span>"
        "at godkende tilsagn til Helhedsplanen Grenhusene</p>"
        "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level2 lfo1'>"
        "<span style='mso-list:Ignore'>o<span>&nbsp;</span></span>"
        "at godkende, at tilsagnet gives med støttebekendtgørelsesstandardvilkår</p></div>"
    )
    first, bullets = html_blocks(html)
    assert isinstance(first, Paragraph)
    assert [(s.text, s.bold) for s in first.spans] == [
        ("Kommunaldirektøren indstiller", True),
        (" til Økonomiudvalget", False),
    ]
    assert isinstance(bullets, BulletList)
    [top] = bullets.items
    assert top.text == "at godkende tilsagn til Helhedsplanen Grenhusene"
    assert [child.text for child in top.children] == [
        "at godkende, at tilsagnet gives med støttebekendtgørelsesstandardvilkår"
    ]


def test_items_map_field_by_field() -> None:
    mid = meeting_id(SITE, ITEMS[0]["AgendaUid"])
    assert (
        mid == "firstagenda-dagsordener-referater.hvidovre.dk-0cad2b4d-c4a2-4583-a053-60704b2da0e5"
    )
    item = map_item(mid, ITEMS[13], {})
    assert item.number == "14"
    assert item.title == (
        "Beslutning - Krogstenshave - Idéoplæg for permanent løsning med projekteringsbevilling"
    )
    assert item.case_number == "24/26447" and item.public
    assert item.id == f"{mid}/{ITEMS[13]['Id']}"
    assert [a.title for a in item.attachments][-1] == "Sagsfremstilling (PDF)"
    assert all(a.file is None for a in item.attachments)  # not downloaded: not provided
    assert item.recommendation is not None
    assert [s.title for s in item.sections if s.kind == "beslutning"] == [
        "Beslutning i Ældreudvalget den 04-05-2026",
        "Beslutning i Klima-, Miljø- og Teknikudvalget den 04-05-2026",
    ]
    # The capture has only open items; the same item with IsOpen false is a closed item.
    closed = copy.deepcopy(ITEMS[13])
    closed["IsOpen"] = False
    assert map_item(mid, closed, {}).public is False


def test_committee_list_and_the_supplement_joined_to_its_meeting() -> None:
    listing = {"Udvalg 2022-2025": [BOERNE]}
    meetings = committee_meetings(listing)["Børne- og Uddannelsesudvalget"]
    assert len(meetings) == len(BOERNE["Moeder"])
    found = publications(meetings, datetime(2024, 11, 1, tzinfo=UTC))
    assert [p.main.start.date().isoformat() for p in found if p.main.start] == [
        "2025-12-01", "2025-11-03", "2025-10-06", "2025-09-01", "2025-08-11", "2025-07-01",
        "2025-06-24", "2025-06-02", "2025-05-05", "2025-03-31", "2025-03-03", "2025-02-03",
        "2025-01-06", "2024-12-02", "2024-11-04",
    ]  # fmt: skip
    december = next(p for p in found if p.main.id == "04068d59-3c0f-4702-b630-60176c7becc5")
    assert december.main.name == "Referat"
    assert [s.id for s in december.supplements] == ["0c09eddc-c0dd-4c4e-b00d-920be159545c"]
    assert all(not p.main.supplementary for p in found)


def test_supplement_items_join_the_meeting_in_order() -> None:
    uid = ITEMS[0]["AgendaUid"]
    listing = committee_meetings(
        {
            "Udvalg": [
                {
                    "Id": "x",
                    "Navn": "Økonomiudvalget",
                    "Moeder": [
                        {
                            "Id": uid,
                            "Navn": "Dagsorden",
                            "MeetingBeginUtc": "2026-05-18T16:00:00+02:00",
                        },
                        {
                            "Id": "supplement",
                            "Navn": "Tillægsdagsorden",
                            "MeetingBeginUtc": "2026-05-18T16:00:00+02:00",
                        },
                    ],
                }
            ]
        }
    )["Økonomiudvalget"]
    [publication] = publications(listing)
    assert isinstance(publication, Publication)
    meeting = map_meeting(
        SITE,
        publication,
        {uid: {"Dagsordenpunkter": ITEMS[:18]}, "supplement": {"Dagsordenpunkter": ITEMS[18:]}},
        {},
    )
    assert [item.number for item in meeting.items] == [str(n) for n in range(1, 21)]
    assert meeting.id == meeting_id(SITE, uid)
    assert meeting.body == "Økonomiudvalget"
