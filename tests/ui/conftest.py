"""Fixtures for the window tests: tmp data/config dirs and real libraries.

Two kinds of library:
- ``sample_data_dir``: a real `Library` filled with the shipped sample packages
  (the four real agendas), as the app does on its first start.
- ``attachment_data_dir``: a real `Library` with one package built here from the
  real 2016 agenda (its first items) in which one bilag is provided as a file,
  because the samples provide none. Its "file" is a PDF of that same agenda
  text, so nothing is invented; only the file behind the bilag is a stand-in.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from companion.core.agenda_pdf import group_bookmark_title, item_bookmark_title  # noqa: E402
from companion.core.library import Library  # noqa: E402
from companion.core.model import (  # noqa: E402
    AgendaGroup,
    AgendaItem,
    Attachment,
    BulletList,
    ListItem,
    Meeting,
    Paragraph,
    Section,
    Span,
)
from companion.core.package import file_ref_for, write_package  # noqa: E402
from companion.core.resources import resources_dir  # noqa: E402
from companion.core.samples import import_samples  # noqa: E402
from companion.ui.app import create_window  # noqa: E402
from companion.ui.main_window import MainWindow  # noqa: E402
from companion.ui.tasks import TaskRunner  # noqa: E402

AGENDA_2016 = resources_dir() / "agendas" / "kkr-midtjylland-2016-11-22.txt"
MEETING_2016_ID = "kkr-midtjylland-2016-11-22"
LOAD_TIMEOUT_MS = 20_000


def _p(text: str) -> Paragraph:
    return Paragraph([Span(text)])


def real_meeting_2016() -> Meeting:
    """Items 1.1, 2.1, 3.1 and 3.2 of KKR Midtjylland's agenda of 22-11-2016, verbatim."""
    meeting_id = MEETING_2016_ID
    referat = AgendaItem(
        id=f"{meeting_id}-referat",
        number="1.1",
        title="Godkendelse af referat fra møde i KKR Midtjylland den 13. september 2016",
        case_number="SAG-2016-04709",
        case_officers=["jhp"],
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [
                    Paragraph(
                        [
                            Span(
                                "Referat fra møde i KKR Midtjylland er udsendt den 16. september "
                                "2016 og kan desuden ses her: "
                            ),
                            Span("Referat 13. september 2016", href="#"),
                            Span("."),
                        ]
                    )
                ],
            ),
            Section(
                "indstilling",
                "Indstilling",
                [
                    _p(
                        "Det indstilles, at KKR Midtjylland godkender referatet fra mødet i "
                        "KKR Midtjylland den 13. september 2016."
                    )
                ],
            ),
        ],
    )
    orientering = AgendaItem(
        id=f"{meeting_id}-orientering",
        number="2.1",
        title="Orientering",
        case_number="SAG-2016-04709",
        case_officers=["egl", "jhp"],
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [
                    _p("KKR Midtjyllands formandskab orienterer bl.a. om:"),
                    _p("Møde med VIA's bestyrelsen den 26. september 2016."),
                    _p("Møde i Kontaktudvalget den 26. september 2016."),
                ],
            ),
            Section(
                "indstilling",
                "Indstilling",
                [_p("Det indstilles, at KKR Midtjylland tager orienteringen til efterretning.")],
            ),
        ],
    )
    boernehus = AgendaItem(
        id=f"{meeting_id}-boernehus",
        number="3.1",
        title="Børnehus Midtjylland – aktiviteter og drift 2016-17",
        case_number="SAG-2016-04709",
        case_officers=["egl"],
        sections=[
            Section(
                "baggrund",
                "Baggrund",
                [
                    _p(
                        "Børnehus Midtjylland blev etableret i 2013 med Aarhus Kommune som "
                        "driftskommune."
                    )
                ],
            ),
            Section(
                "indstilling",
                "Indstilling",
                [
                    _p("Det indstilles, at:"),
                    BulletList(
                        [
                            ListItem(
                                [
                                    Span(
                                        "KKR Midtjylland tager Børnehusets redegørelse til "
                                        "efterretning"
                                    )
                                ]
                            ),
                            ListItem(
                                [
                                    Span(
                                        "Der igangsættes en nærmere analyse af Børnehusets "
                                        "økonomi, kapacitet, arbejdsmetoder mv. med benchmark "
                                        "til andre børnehuse."
                                    )
                                ]
                            ),
                        ]
                    ),
                ],
            ),
            Section(
                "sagsfremstilling",
                "Sagsfremstilling",
                [
                    _p(
                        "Børnehus Midt har ca. 250 sager om året og arbejder desuden rådgivende "
                        "for kommunernes egen sagsbehandling."
                    )
                ],
            ),
        ],
        attachments=[
            Attachment(
                f"{meeting_id}-boernehus-bilag-1", "Redegørelse Børnehus Midt af. 16. august 2016"
            ),
            Attachment(
                f"{meeting_id}-boernehus-bilag-2", "Redegørelse Børnehus Midt af 13. oktober 2016"
            ),
        ],
    )
    rammepapir = AgendaItem(
        id=f"{meeting_id}-rammepapir",
        number="3.2",
        title="Forslag til rammepapir på voksenhandicapområdet",
        case_number="SAG-2016-04709",
        case_officers=["egl"],
        sections=[
            Section(
                "indstilling",
                "Indstilling",
                [
                    _p(
                        "Det indstilles, at KKR Midtjylland godkender forslaget til rammepapir på "
                        "voksenhandicapområdet."
                    )
                ],
            )
        ],
        attachments=[
            Attachment(
                f"{meeting_id}-rammepapir-bilag-1",
                "Forslag til rammepapir for voksenhandicapområdet af 25. oktober 2016.",
            )
        ],
    )
    return Meeting(
        id=meeting_id,
        body="KKR Midtjylland",
        name="Dagsorden, KKR Midtjylland 22. november 2016",
        start=datetime(2016, 11, 22, 10, 0),
        location="Scandic, Udgårdsvej 2, 8600 Silkeborg",
        groups=[
            AgendaGroup(f"{meeting_id}-g1", "1", "Godkendelse af referat", [referat]),
            AgendaGroup(f"{meeting_id}-g2", "2", "Siden sidst", [orientering]),
            AgendaGroup(
                f"{meeting_id}-g3", "3", "Regionalpolitiske sager", [boernehus, rammepapir]
            ),
        ],
    )


def text_pdf(pages: list[str], dest: Path, toc: list[list[object]] | None = None) -> Path:
    """A real PDF with one page per text, and ``toc`` as its bookmarks."""
    import pymupdf

    document = pymupdf.open()
    for text in pages:
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(50, 50, 545, 800), text[:3000], fontsize=10)
    if toc:
        document.set_toc(toc)
    document.save(dest)
    document.close()
    return dest


def agenda_toc(meeting: Meeting) -> list[list[object]]:
    """Bookmarks as the agenda PDF has them: groups (level 1), items (2), a page per item."""
    toc: list[list[object]] = []
    page = 1
    for group in meeting.groups:
        toc.append([1, group_bookmark_title(group), page])
        for item in group.items:
            toc.append([2, item_bookmark_title(item), page])
            page += 1
    return toc


def attachment_meeting(tmp_path: Path) -> tuple[Meeting, dict[str, Path]]:
    """The 2016 meeting with an agenda PDF (a page and bookmark per item), bilag 1 of 3.1.

    The agenda PDF holds each item's own text; it is made here rather than with
    `render_agenda_pdf` to keep the window tests fast and independent of its layout.
    """
    meeting = real_meeting_2016()
    bilag = meeting.items[2].attachments[0]
    stand_in = text_pdf([AGENDA_2016.read_text(encoding="utf-8")], tmp_path / "bilag.pdf")
    bilag.file = file_ref_for(stand_in, bilag.title, "redegoerelse.pdf")
    agenda = text_pdf(
        [f"{item_bookmark_title(item)}\n\n{item.text}" for item in meeting.items],
        tmp_path / "dagsorden.pdf",
        agenda_toc(meeting),
    )
    meeting.agenda_pdf = file_ref_for(agenda, "Dagsorden", "dagsorden.pdf")
    return meeting, {meeting.agenda_pdf.sha256: agenda, bilag.file.sha256: stand_in}


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An empty settings folder."""
    path = tmp_path / "config"
    path.mkdir()
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty library folder."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def attachment_data_dir(tmp_path: Path, data_dir: Path) -> Path:
    """A library holding the 2016 meeting with an agenda PDF and one provided bilag."""
    meeting, files = attachment_meeting(tmp_path)
    package = write_package(meeting, files, tmp_path / "package.zip")
    with Library(data_dir) as library:
        library.import_path(package)
    return data_dir


@pytest.fixture
def sample_data_dir(data_dir: Path) -> Path:
    """A library filled with the shipped sample meetings, as on the app's first start."""
    with Library(data_dir) as library:
        outcomes = import_samples(library)
    assert len(outcomes) == 4, "the four sample packages must be in resources/samples"
    return data_dir


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    """A task runner, drained after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(10_000)


def open_window(
    qtbot: object, runner: TaskRunner, data_dir: Path, config_dir: Path, *, seed: bool = True
) -> MainWindow:
    """Show a real main window and wait until a meeting and an item are shown."""
    window = create_window(runner, data_dir, config_dir, seed=seed)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):  # type: ignore[attr-defined]
        window.start()
    # the remembered meeting may show before the meeting list has come (start-up order)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.meeting_chooser.current_meeting_id is not None, timeout=LOAD_TIMEOUT_MS
    )
    return window
