"""item_html: the reading pane's document, built without Qt."""

from __future__ import annotations

from datetime import datetime

from companion.core.item_html import ItemLabels, item_html
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
)

# Item 3.1 of KKR Midtjylland's agenda of 22-11-2016 (text verbatim, abridged).
BAGGRUND = '<p class="section">Baggrund</p>'
SAGSFREMSTILLING = '<p class="section">Sagsfremstilling</p>'
INDSTILLING = "KKR Midtjylland tager Børnehusets redegørelse til efterretning"


def boernehus_item() -> AgendaItem:
    return AgendaItem(
        id="kkr-midtjylland-2016-11-22-boernehus",
        number="3.1",
        title="Børnehus Midtjylland – aktiviteter og drift 2016-17",
        case_number="SAG-2016-04709",
        case_officers=["egl", "jhp"],
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [Paragraph([Span("Børnehus Midtjylland blev etableret i 2013.")])],
            ),
            Section(
                "indstilling",
                "Indstilling",
                [
                    Paragraph([Span("Det indstilles, at:")]),
                    BulletList(
                        [
                            ListItem(
                                [Span(INDSTILLING)],
                                children=[ListItem([Span("DASSOS's bemærkninger")])],
                            )
                        ]
                    ),
                ],
            ),
            Section(
                "sagsfremstilling",
                "Sagsfremstilling",
                [
                    Heading([Span("Møde med VIA's bestyrelse")], level=1),
                    Paragraph(
                        [Span("Strategi- og handlingsplanen kan ses "), Span("her", href="#")]
                    ),
                    Paragraph([Span("Se "), Span("kl.dk", href="https://www.kl.dk/")]),
                    Table([["Kommune", "Sager"], ["Aarhus", "250"]], header_rows=1),
                ],
            ),
        ],
        attachments=[
            Attachment("b1", "Redegørelse Børnehus Midt af. 16. august 2016"),
            Attachment(
                "b2",
                "Redegørelse Børnehus Midt af 13. oktober 2016",
                FileRef("Redegørelse", "r.pdf", "application/pdf", 10, "a" * 64),
            ),
        ],
    )


def meeting_with(item: AgendaItem) -> Meeting:
    return Meeting(
        id="kkr-midtjylland-2016-11-22",
        body="KKR Midtjylland",
        name="Dagsorden",
        start=datetime(2016, 11, 22, 10, 0),
        groups=[AgendaGroup("g3", "3", "Regionalpolitiske sager", [item])],
    )


def test_header_has_number_title_case_and_officers() -> None:
    item = boernehus_item()
    html = item_html(item, meeting_with(item))
    assert ('<p class="title">3.1 Børnehus Midtjylland – aktiviteter og drift 2016-17</p>') in html
    assert "SAG-2016-04709" in html
    assert "egl, jhp" in html
    assert "KKR Midtjylland \u00b7 22-11-2016 \u00b7 3 Regionalpolitiske sager" in html


def test_indstilling_comes_first_in_a_tinted_box() -> None:
    item = boernehus_item()
    html = item_html(item, meeting_with(item))
    box = html.index("bgcolor=")
    assert box < html.index(INDSTILLING) < html.index(BAGGRUND)
    assert html.index(BAGGRUND) < html.index(SAGSFREMSTILLING)
    assert '<p class="section">Indstilling</p>' not in html  # the box has its own small title


def test_nested_lists_headings_and_tables_keep_their_structure() -> None:
    item = boernehus_item()
    html = item_html(item, meeting_with(item))
    assert (
        "<ul><li>" + INDSTILLING + "<ul><li>DASSOS&#x27;s bemærkninger</li></ul></li></ul>" in html
    )
    assert '<p class="sub1">Møde med VIA&#x27;s bestyrelse</p>' in html
    assert "<th>Kommune</th><th>Sager</th>" in html
    assert "<td>Aarhus</td><td>250</td>" in html


def test_missing_documents_are_text_and_real_links_are_links() -> None:
    item = boernehus_item()
    html = item_html(item, meeting_with(item))
    assert 'href="#"' not in html
    assert (
        '<span class="missing-link" title="document not included in the package">her</span>' in html
    )
    assert '<a href="https://www.kl.dk/">kl.dk</a>' in html


def test_bilag_list_marks_the_ones_not_provided() -> None:
    item = boernehus_item()
    labels = ItemLabels(not_provided="ikke leveret", attachments="Bilag")
    html = item_html(item, meeting_with(item), labels)
    assert '<p class="section">Bilag</p>' in html
    assert '16. august 2016 <span class="not-provided">(ikke leveret)</span>' in html
    assert "<li>Redegørelse Børnehus Midt af 13. oktober 2016</li>" in html


def test_every_text_is_escaped() -> None:
    item = AgendaItem(
        id="x",
        number="1.1",
        title="<script>alert(1)</script> & co",
        presenter="<b>Erik</b>",
        sections=[Section("other", "A <i>title</i>", [Paragraph([Span("1 < 2 & 3 > 2")])])],
        attachments=[Attachment("a", "<img src=x>")],
    )
    html = item_html(item, meeting_with(item))
    assert "<script>" not in html and "<img" not in html and "<b>Erik" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "1 &lt; 2 &amp; 3 &gt; 2" in html
    assert "A &lt;i&gt;title&lt;/i&gt;" in html


def test_closed_item_presenter_and_empty_item() -> None:
    item = AgendaItem(id="x", number="4", title="Eventuelt", presenter="Erik Hattens", public=False)
    html = item_html(item, meeting_with(item), ItemLabels(closed="Lukket punkt"))
    assert '<p class="closed">Lukket punkt</p>' in html
    assert "Presented by: Erik Hattens" in html
    assert "This item has no text." in html


def test_sections_have_anchors_in_model_order() -> None:
    item = boernehus_item()
    html = item_html(item, meeting_with(item))
    for index in range(len(item.sections)):
        assert f'<a name="section-{index}"></a>' in html
