"""Draft minutes: the document built from decisions, and the DOCX and PDF read back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import docx
import pymupdf
import pytest

from companion.cli import main
from companion.core.export.document import Document, Fields, Notice, Quote, Title
from companion.core.export.minutes import (
    CLOSED_MARK,
    CLOSED_NOTICE,
    CLOSED_ONLY_GROUP,
    DEALT_DECISION,
    EMPTY_GROUP,
    NO_DECISION,
    SKIPPED_DECISION,
    build_minutes_document,
    export_minutes,
    minutes_file_name,
)
from companion.core.export.output import ExportError
from companion.core.export.render_docx import write_docx
from companion.core.export.render_pdf import write_pdf
from companion.core.library import Library, LibraryError
from companion.core.model import Meeting, Paragraph
from companion.core.personal import PersonalStore
from companion.core.samples import sample_packages
from companion.core.session import APPROVED, DISCUSSED, ItemStatus, SessionState

KKR_2020 = "kkr-midtjylland-2020-02-05"
KD_NET = "kd-net-midtjylland-2020-01-24"
NOW = datetime(2020, 2, 5, 9, 0, tzinfo=UTC)
FREE_TEXT = "Drøftet. KKR Midtjylland tilslutter sig klimasamarbejdet.\nSagen følges op i juni."


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    data = tmp_path_factory.mktemp("data")
    opened = Library(data)
    for package in sample_packages():
        opened.import_path(package)
    yield opened
    opened.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PersonalStore]:
    with PersonalStore(tmp_path / "personal.db") as opened:
        yield opened


@pytest.fixture
def kkr(library: Library) -> Meeting:
    return library.meeting(KKR_2020)


def number_of(meeting: Meeting, number: str) -> str:
    return next(item.id for item in meeting.items if item.number == number)


def closed_copy(meeting: Meeting, number: str) -> Meeting:
    """The meeting with item ``number`` marked closed (the real agendas have none)."""
    copy = Meeting.from_dict(meeting.to_dict())
    next(item for item in copy.items if item.number == number).public = False
    return copy


def record_session(store: PersonalStore, meeting: Meeting) -> SessionState:
    """Decisions from a template and free text, a postponed item, two absent members."""
    state = SessionState(meeting.id, absent=["Anders Kühnau", "Jørgen Hoff"])
    state.start(NOW, meeting.items[0].id)
    store.set_decision(meeting.id, number_of(meeting, "1.1"), APPROVED)
    store.set_decision(meeting.id, number_of(meeting, "3.1"), FREE_TEXT)
    state.set_status(number_of(meeting, "3.3"), ItemStatus.POSTPONED)
    state.set_status(number_of(meeting, "3.4"), ItemStatus.POSTPONED)
    store.set_decision(meeting.id, number_of(meeting, "3.4"), "Udsat til mødet i april.")
    store.save_session(state)
    return state


def titles(document: Document) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in document.blocks if isinstance(b, Title) and b.bookmark]


def section_after(document: Document, heading: str, label: str) -> list[object]:
    """The blocks under the ``label`` sub-heading of the item titled ``heading``."""
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Title) and b.text == heading)
    sub = next(
        i
        for i in range(start + 1, len(blocks))
        if isinstance(blocks[i], Title) and blocks[i].text == label
    )
    end = next(
        (i for i in range(sub + 1, len(blocks)) if isinstance(blocks[i], Title)), len(blocks)
    )
    return blocks[sub + 1 : end]


def paragraph_texts(blocks: list[object]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


# -- the document -----------------------------------------------------------------------


def test_header_names_body_date_place_and_absent(kkr: Meeting, store: PersonalStore) -> None:
    state = record_session(store, kkr)
    document = build_minutes_document(kkr, store.decisions(kkr.id), state)
    assert (document.title, document.subtitle, document.language) == (
        "Beslutningsreferat (udkast)",
        "KKR Midtjylland",
        "da",
    )
    fields = document.blocks[0]
    assert isinstance(fields, Fields)
    assert fields.rows == [
        ("Dato", "Onsdag den 5. februar 2020, kl. 10.00"),
        ("Sted", "Scandic, Udgårdsvej 2, 8600 Silkeborg"),
        ("Fraværende", "Anders Kühnau, Jørgen Hoff"),
    ]


def test_groups_and_items_in_agenda_order(kkr: Meeting) -> None:
    document = build_minutes_document(kkr, {}, None)
    expected: list[tuple[int, str]] = []
    for group in kkr.groups:
        expected.append((1, f"{group.number}. {group.title}"))
        expected += [(2, f"{item.number} {item.title}") for item in group.items]
    assert titles(document) == expected
    assert (1, "4. Udpegninger") in expected  # an empty group keeps its place


def test_flat_kd_net_items_are_top_level_with_the_meeting_end(library: Library) -> None:
    meeting = library.meeting(KD_NET)
    document = build_minutes_document(meeting, {}, None)
    assert titles(document) == [(1, f"{item.number} {item.title}") for item in meeting.items]
    fields = document.blocks[0]
    assert isinstance(fields, Fields)
    labels = [label for label, _ in fields.rows]
    assert labels == ["Dato", "Sted", "Deltagere", "Afbud", "Fraværende"]
    assert ("Dato", "Fredag den 24. januar 2020, kl. 10.00–12.00") in fields.rows
    assert ("Afbud", ", ".join(meeting.apologies)) in fields.rows
    assert "Lars Møller" in meeting.apologies
    assert ("Fraværende", "Ingen registreret") in fields.rows


def test_indstilling_is_quoted_with_the_agendas_own_blocks(kkr: Meeting) -> None:
    document = build_minutes_document(kkr, {}, None)
    item = kkr.item(number_of(kkr, "3.1"))
    assert item is not None and item.recommendation is not None
    [quote] = section_after(document, f"3.1 {item.title}", "Indstilling")
    assert isinstance(quote, Quote)
    assert quote.blocks == item.recommendation.blocks
    assert (
        "Det indstilles, at KKR Midtjylland drøfter og tilslutter sig" in item.recommendation.text
    )


def test_decisions_template_free_text_postponed_and_missing(
    kkr: Meeting, store: PersonalStore
) -> None:
    state = record_session(store, kkr)
    document = build_minutes_document(kkr, store.decisions(kkr.id), state)

    def decision(number: str) -> list[str]:
        item = kkr.item(number_of(kkr, number))
        assert item is not None
        return paragraph_texts(section_after(document, f"{number} {item.title}", "Beslutning"))

    assert decision("1.1") == [APPROVED]
    assert decision("3.1") == FREE_TEXT.splitlines()
    assert decision("3.3") == ["Udsat."]  # postponed, nothing typed
    assert decision("3.4") == ["Udsat til mødet i april."]  # the typed text wins
    assert decision("2.1") == [NO_DECISION]
    assert decision("7.1") == [NO_DECISION]  # Eventuelt: no Indstilling, still a Beslutning
    eventuelt = section_after(document, "7.1 Eventuelt", "Beslutning")
    assert not any(isinstance(b, Quote) for b in eventuelt)


def test_closed_item_left_out_unless_included(kkr: Meeting) -> None:
    meeting = closed_copy(kkr, "3.2")
    closed = meeting.item(number_of(meeting, "3.2"))
    assert closed is not None
    heading = f"3.2 {closed.title}"
    decisions = {closed.id: DISCUSSED}

    left_out = build_minutes_document(meeting, decisions, SessionState(meeting.id))
    assert heading not in [text for _, text in titles(left_out)]
    assert not any(isinstance(b, Notice) for b in left_out.blocks)

    state = SessionState(meeting.id)
    state.include_closed(closed.id)
    included = build_minutes_document(meeting, decisions, state)
    assert included.blocks[1] == Notice(CLOSED_NOTICE)
    at = next(
        i for i, b in enumerate(included.blocks) if isinstance(b, Title) and b.text == heading
    )
    assert included.blocks[at + 1] == Notice(CLOSED_MARK)
    assert paragraph_texts(section_after(included, heading, "Beslutning")) == [DISCUSSED]


# -- DOCX and PDF --------------------------------------------------------------------------


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def pdf_text(path: Path) -> str:
    """The PDF's text with ligatures ("ff" in "Hoff") spelled out, as a reader copies it."""
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    with pymupdf.open(path) as pdf:
        return "\n".join(page.get_text(flags=flags) for page in pdf)


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
    return True


def test_export_docx_reads_back_in_order(
    library: Library, store: PersonalStore, kkr: Meeting, tmp_path: Path
) -> None:
    record_session(store, kkr)
    path = export_minutes(library, store, KKR_2020, "docx", tmp_path / "referat.docx")
    paragraphs = docx_paragraphs(path)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:5] == [
        ("Heading 1", "1. Godkendelse af referat"),
        (
            "Heading 2",
            "1.1 Godkendelse af referat fra møde i KKR Midtjylland den 8. november 2019",
        ),
        ("Heading 3", "Indstilling"),
        ("Heading 3", "Beslutning"),
        ("Heading 1", "2. Siden sidst"),
    ]
    assert ("Quote", "Det indstilles, at KKR Midtjylland godkender referatet.") in paragraphs
    texts = [text for _, text in paragraphs]
    assert in_order(
        "\n".join(texts),
        [
            "Beslutningsreferat (udkast)",
            "Det indstilles, at KKR Midtjylland godkender referatet.",
            APPROVED,
            "3.1 Tværkommunale samarbejder om klima",
            "KKR Midtjylland tilslutter sig klimasamarbejdet.",
            "Sagen følges op i juni.",
            "3.3 Nær psykiatri efter Januarkonferencen",
            "Udsat.",
            "7.1 Eventuelt",
            NO_DECISION,
        ],
    )
    cells = [cell.text for table in docx.Document(str(path)).tables for cell in table._cells]
    assert "Anders Kühnau, Jørgen Hoff" in cells


def test_export_pdf_reads_back_with_bookmarks(
    library: Library, store: PersonalStore, kkr: Meeting, tmp_path: Path
) -> None:
    record_session(store, kkr)
    path = export_minutes(library, store, KKR_2020, "pdf", tmp_path / "referat.pdf")
    text = pdf_text(path)
    assert in_order(
        text,
        [
            "Beslutningsreferat (udkast)",
            "Fraværende",
            "Anders Kühnau, Jørgen Hoff",
            "1.1 Godkendelse af referat",
            "godkender referatet.",
            APPROVED,
            "3.1 Tværkommunale samarbejder om klima",
            "Sagen følges op i juni.",
            "3.4 Dimensionering af pædagoguddannelsen",
            "Udsat til mødet i april.",
            "7. Eventuelt",
        ],
    )
    with pymupdf.open(path) as pdf:
        toc = [(level, title) for level, title, _ in pdf.get_toc()]
    assert toc[:2] == [
        (1, "1. Godkendelse af referat"),
        (2, "1.1 Godkendelse af referat fra møde i KKR Midtjylland den 8. november 2019"),
    ]
    assert (1, "Indstilling") not in toc and (2, "Beslutning") not in toc


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_closed_item_is_absent_from_files_unless_included(
    kkr: Meeting, tmp_path: Path, fmt: str
) -> None:
    meeting = closed_copy(kkr, "3.2")
    closed = meeting.item(number_of(meeting, "3.2"))
    assert closed is not None
    write = write_docx if fmt == "docx" else write_pdf

    def read(path: Path) -> str:
        return "\n".join(t for _, t in docx_paragraphs(path)) if fmt == "docx" else pdf_text(path)

    state = SessionState(meeting.id)
    decisions = {closed.id: "Godkendt med bemærkninger om budgettet."}
    left_out = read(write(build_minutes_document(meeting, decisions, state), tmp_path / f"a.{fmt}"))
    assert "Resultatkontrakt 2020" not in left_out
    assert "bemærkninger om budgettet" not in left_out
    assert "3.3 Nær psykiatri" in left_out

    state.include_closed(closed.id)
    included = read(write(build_minutes_document(meeting, decisions, state), tmp_path / f"b.{fmt}"))
    assert in_order(
        included,
        [CLOSED_NOTICE.split(".")[0], "3.2 Resultatkontrakt 2020", CLOSED_MARK, "bemærkninger"],
    )


def test_bad_format_and_unknown_meeting_are_named(
    library: Library, store: PersonalStore, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="unknown minutes format 'md'; allowed: docx, pdf"):
        export_minutes(library, store, KKR_2020, "md", tmp_path / "x.md")
    with pytest.raises(LibraryError, match="'nope' is not in the library"):
        export_minutes(library, store, "nope", "pdf", tmp_path / "x.pdf")
    assert not list(tmp_path.glob("x.*"))


def test_unwritable_path_is_named_and_nothing_is_left(
    library: Library, store: PersonalStore, tmp_path: Path
) -> None:
    target = tmp_path / "missing-folder" / "referat.docx"
    with pytest.raises(ExportError, match="missing-folder"):
        export_minutes(library, store, KKR_2020, "docx", target)
    assert not target.parent.exists()


def test_file_name_follows_the_meeting(kkr: Meeting) -> None:
    assert minutes_file_name(kkr, "pdf") == "beslutningsreferat-kkr-midtjylland-2020-02-05.pdf"


# -- companion minutes -------------------------------------------------------------------


def test_cli_writes_minutes_and_reports_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    with Library(data) as opened:
        opened.import_path(next(p for p in sample_packages() if p.stem == KKR_2020))
        meeting = opened.meeting(KKR_2020)
    with PersonalStore(data / "personal.db") as store:
        record_session(store, meeting)
    out = tmp_path / "referat.pdf"

    assert main(["--data-dir", str(data), "minutes", KKR_2020, "-o", str(out)]) == 0
    assert "written to" in capsys.readouterr().out
    assert pdf_text(out).count(APPROVED) == 1  # the suffix chose PDF

    docx_out = tmp_path / "referat.docx"
    args = ["--data-dir", str(data), "minutes", KKR_2020, "--format", "docx", "-o", str(docx_out)]
    assert main(args) == 0
    assert (("Normal", APPROVED)) in docx_paragraphs(docx_out)

    assert main(["--data-dir", str(data), "minutes", "nope", "-o", str(out)]) == 2
    assert "no minutes were written: The meeting 'nope'" in capsys.readouterr().err


# -- what the session says happened ------------------------------------------------------


def marked_session(meeting: Meeting) -> SessionState:
    """The issue's session: 2.1 dealt with and 3.2 skipped (no text typed), 3.3 postponed."""
    state = SessionState(meeting.id)
    state.start(NOW, meeting.items[0].id)
    state.set_status(number_of(meeting, "2.1"), ItemStatus.DEALT)
    state.set_status(number_of(meeting, "3.2"), ItemStatus.SKIPPED)
    state.set_status(number_of(meeting, "3.3"), ItemStatus.POSTPONED)
    return state


def test_marks_without_a_text_say_what_happened_to_the_item(kkr: Meeting) -> None:
    document = build_minutes_document(kkr, {}, marked_session(kkr))

    def decision(number: str) -> list[str]:
        item = kkr.item(number_of(kkr, number))
        assert item is not None
        return paragraph_texts(section_after(document, f"{number} {item.title}", "Beslutning"))

    assert decision("2.1") == [DEALT_DECISION] == ["Behandlet."]
    assert decision("3.2") == [SKIPPED_DECISION] == ["Ikke behandlet (sprunget over)."]
    assert decision("3.3") == ["Udsat."]
    assert decision("3.4") == [NO_DECISION]  # never reached


def test_an_empty_group_says_it_has_no_items(kkr: Meeting) -> None:
    document = build_minutes_document(kkr, {}, None)
    blocks = document.blocks
    at = next(
        i for i, b in enumerate(blocks) if isinstance(b, Title) and b.text == "4. Udpegninger"
    )
    assert paragraph_texts([blocks[at + 1]]) == [EMPTY_GROUP] == ["Ingen punkter."]
    assert isinstance(blocks[at + 2], Title)  # the next group follows at once
    first_group = next(i for i, b in enumerate(blocks) if isinstance(b, Title))
    assert EMPTY_GROUP not in paragraph_texts(blocks[first_group : first_group + 2])


def test_cli_minutes_show_the_sessions_marks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    with Library(data) as opened:
        opened.import_path(next(p for p in sample_packages() if p.stem == KKR_2020))
        meeting = opened.meeting(KKR_2020)
    with PersonalStore(data / "personal.db") as store:
        store.save_session(marked_session(meeting))
    out = tmp_path / "referat.docx"
    assert main(["--data-dir", str(data), "minutes", KKR_2020, "-o", str(out)]) == 0
    text = "\n".join(t for _, t in docx_paragraphs(out))
    assert in_order(
        text,
        [
            "2.1 Orientering",
            "Behandlet.",
            "3.2 Resultatkontrakt 2020",
            "Ikke behandlet (sprunget over).",
            "3.3 Nær psykiatri",
            "Udsat.",
            "3.4 Dimensionering",
            NO_DECISION,
            "4. Udpegninger",
            "Ingen punkter.",
        ],
    )


def test_a_group_whose_only_item_is_closed_and_left_out_says_so(kkr: Meeting) -> None:
    meeting = closed_copy(kkr, "2.1")  # "2. Siden sidst" has 2.1 only
    document = build_minutes_document(meeting, {}, SessionState(meeting.id))
    blocks = document.blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Title) and b.text.startswith("2. "))
    assert paragraph_texts([blocks[at + 1]]) == [CLOSED_ONLY_GROUP]
    assert "2.1" not in CLOSED_ONLY_GROUP and "Orientering" not in CLOSED_ONLY_GROUP
