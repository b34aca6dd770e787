"""The core model: dict round trips and the helpers derived from it."""

from datetime import datetime

from companion.core.model import (
    AgendaGroup,
    AgendaItem,
    Attachment,
    BulletList,
    FileRef,
    Heading,
    ListItem,
    Meeting,
    Paragraph,
    Section,
    Span,
    Table,
    slugify,
    stable_id,
)


def rich_meeting() -> Meeting:
    pdf = FileRef("Dagsorden", "m-dagsorden.pdf", "application/pdf", 1234, "a" * 64)
    item = AgendaItem(
        id="m/1",
        number="3.2",
        title="Første udkast til strategi",
        case_number="SAG-2015-01231",
        case_officers=["egl", "jhp"],
        presenter="Erik Hattens",
        public=False,
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [
                    Paragraph(
                        [
                            Span("Se "),
                            Span("referat", href="#"),
                            Span(" og "),
                            Span("fed", bold=True),
                        ]
                    ),
                    Heading([Span("Bornholm:", italic=True)], 2),
                    BulletList(
                        [ListItem([Span("a")], [ListItem([Span("a.1")])]), ListItem([Span("b")])]
                    ),
                    Table([["Kommune", "Antal"], ["Aarhus", "3"]], header_rows=1),
                ],
            ),
            Section("indstilling", "Indstilling", [Paragraph([Span("Det indstilles, at ...")])]),
        ],
        attachments=[Attachment("m/1/bilag-1", "Udkast", pdf), Attachment("m/1/bilag-2", "Notat")],
    )
    return Meeting(
        id="kkr-midtjylland-2015-04-20",
        body="KKR Midtjylland",
        name="Dagsorden",
        start=datetime(2015, 4, 20, 10, 0),
        location="Scandic, Silkeborg",
        apologies=["Lars Møller"],
        groups=[
            AgendaGroup("g3", "3", "Regionalpolitiske sager", [item]),
            AgendaGroup("g4", "4", "Udpegninger"),
        ],
        version=2,
        agenda_pdf=pdf,
    )


def test_meeting_round_trips_through_dict() -> None:
    meeting = rich_meeting()
    assert Meeting.from_dict(meeting.to_dict()) == meeting


def test_oparl_names_in_dict() -> None:
    data = rich_meeting().to_dict()
    item = data["groups"][0]["agendaItem"][0]
    assert data["organization"] == "KKR Midtjylland"
    assert item["name"] == "Første udkast til strategi"
    assert item["auxiliaryFile"][0]["file"]["checksum"] == "sha256:" + "a" * 64
    assert item["auxiliaryFile"][1]["file"] is None


def test_item_text_and_lookup() -> None:
    meeting = rich_meeting()
    item = meeting.item("m/1")
    assert item is not None and item.recommendation is not None
    assert "a.1" in item.text and "Aarhus\t3" in item.text and "Det indstilles" in item.text
    assert [f.sha256 for f in meeting.files()] == ["a" * 64, "a" * 64]
    assert meeting.item("nope") is None


def test_slugify_and_stable_id() -> None:
    assert slugify("KKR Midtjylland") == "kkr-midtjylland"
    assert slugify("Børnehus Århus – æbler") == "boernehus-aarhus-aebler"
    assert stable_id("Eventuelt ") == stable_id("eventuelt")
    assert stable_id("Eventuelt") != stable_id("Orientering")
