"""A FirstAgenda site from the window: File > Sources..., fetch committees, pick, sync, read.

The site is the loopback server of `tests.integration.firstagenda_site` (the
real Hvidovre captures at the real paths, with the real cookie redirect; the
attachment PDFs are stand-ins generated there, labelled so). The window, the
dialog, the controller and the library are the real ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.core.sources import SourceStore
from companion.core.sources.feed.client import RetryPolicy
from companion.core.sources.firstagenda.mapping import meeting_id
from companion.ui.app import create_window
from companion.ui.firstagenda_form import FirstAgendaForm
from companion.ui.i18n import install_translators
from companion.ui.main_window import MainWindow
from companion.ui.sources_dialog import SourcesDialog
from companion.ui.tasks import TaskRunner
from companion.ui.window_style import item_colours
from tests.integration.firstagenda_site import MEETING, Server, Site, hvidovre_site, serving
from tests.ui.conftest import LOAD_TIMEOUT_MS
from tests.ui.test_main_window import click_item

#: The site is polite (a quarter of a second between requests): some 60 requests.
SITE_SYNC_TIMEOUT_MS = 90_000
QUICK_RETRY = RetryPolicy(attempts=1, base_delay=0.01, timeout=5.0)
#: Item 3's Indstilling, read by hand from hvidovre-okonomiudvalget-agenda-items.json.
INDSTILLING_START = (
    "Kommunaldirektøren indstiller til Økonomiudvalget at anbefale over for Kommunalbestyrelsen"
)
INDSTILLING_POINT = "at godkende tilsagn til Helhedsplanen Grenhusene"


@pytest.fixture
def site() -> Site:
    return hvidovre_site()


@pytest.fixture
def server(site: Site) -> Iterator[Server]:
    with serving(site) as httpd:
        yield httpd


@pytest.fixture
def danish(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "da")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)


def started_window(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> MainWindow:
    window = create_window(runner, data_dir, config_dir, seed=False)
    qtbot.addWidget(window)
    window.sync_controller.retry = QUICK_RETRY
    window.show()
    window.start()
    window.sync_controller.stop_auto()
    qtbot.waitUntil(lambda: window.busy_bar.isHidden(), timeout=LOAD_TIMEOUT_MS)
    return window


def test_add_a_site_pick_a_committee_sync_and_read_item_3(
    qtbot: QtBot,
    runner: TaskRunner,
    data_dir: Path,
    config_dir: Path,
    server: Server,
    site: Site,
) -> None:
    window = started_window(qtbot, runner, data_dir, config_dir)
    window.sources_action.trigger()
    dialog = window.findChild(SourcesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.add_tabs.setCurrentWidget(dialog.firstagenda_form)
    form = dialog.firstagenda_form
    assert not form.add_button.isEnabled()

    site.slow["/api/agenda/udvalgsliste"] = 1.0  # the list takes a second to come
    ticks: list[bool] = []
    form.site_edit.setText(server.url + "/")
    qtbot.mouseClick(form.fetch_button, Qt.MouseButton.LeftButton)
    assert form.fetching and form.status_label.text().startswith("Fetching the committees of")
    # The GUI thread keeps running while the list is on its way.
    QTimer.singleShot(100, lambda: ticks.append(form.fetching))
    qtbot.waitUntil(lambda: bool(ticks), timeout=900)
    assert ticks == [True]
    qtbot.waitUntil(lambda: form.committee_list.count() == 2, timeout=10_000)
    assert form.committees == ["Børne- og Uddannelsesudvalget", "Økonomiudvalget"]
    assert form.status_label.text() == (
        f"{server.url} lists 2 committees: tick the ones you sit in."
    )
    site.slow.clear()

    assert form.set_checked("Økonomiudvalget")
    assert form.add_button.isEnabled()
    # Adding the site syncs at once (as adding a feed does).
    with qtbot.waitSignal(window.sync_controller.finished, timeout=SITE_SYNC_TIMEOUT_MS) as done:
        qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    [source] = SourceStore(config_dir).list()
    assert (source.kind, source.location, source.committees) == (
        "firstagenda",
        server.url,
        ("Økonomiudvalget",),
    )
    run = done.args[0]
    mid = meeting_id(server.url, MEETING)
    assert [(r.state, r.changed) for r in run.results] == [("ok", (mid,))]
    qtbot.waitUntil(lambda: window.meeting_chooser.current_meeting_id == mid, timeout=10_000)
    # "  ·  new" may follow until the read mark of the opened item is saved
    assert window.meeting_chooser.currentText().startswith(
        "18-05-2026  Økonomiudvalget  ·  20 items"
    )
    qtbot.waitUntil(lambda: window.agenda_tree.current_item is not None, timeout=LOAD_TIMEOUT_MS)
    row = dialog.source_list.topLevelItem(0)
    assert row is not None and row.text(1) == f"{server.url} (Økonomiudvalget)"

    # Sync Now again: the site is asked for its list only, nothing changes.
    site.hits.clear()
    with qtbot.waitSignal(window.sync_controller.finished, timeout=SITE_SYNC_TIMEOUT_MS) as again:
        window.sync_action.trigger()
    assert [(r.state, r.changed) for r in again.args[0].results] == [("ok", ())]
    assert site.paths("/api/agenda/dagsorden/") == []
    assert window.sync_status.text.startswith("Synced ")

    meeting = window._loaded.meeting  # type: ignore[union-attr]
    item_3 = next(item for item in meeting.items if item.number == "3")
    click_item(qtbot, window, item_3.id)
    text = window.item_view.toPlainText()
    assert "3 Beslutning - Skema A godkendelse ved Grenhusene" in text
    # The Indstilling is set apart: in the tinted box, before the case presentation.
    cursor = window.item_view.document().find(INDSTILLING_START)
    assert not cursor.isNull()
    table = cursor.currentTable()
    assert table is not None
    box = QColor(item_colours(window.item_view.palette()).box_background)
    tint = table.cellAt(0, 0).format().background().color()
    assert tint == box or table.format().background().color() == box
    assert table.cellAt(0, 0).firstCursorPosition().block().text() == "Indstilling"
    assert INDSTILLING_POINT in text
    assert text.index(INDSTILLING_START) < text.index("Sagsfremstilling")


def test_an_address_without_firstagenda_reads_as_a_danish_sentence(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner, danish: None
) -> None:
    root = tmp_path / "www"
    root.mkdir()
    (root / "index.html").write_text("<html><body>Kommunen</body></html>", "utf-8")
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    store = SourceStore(tmp_path / "config")
    form = FirstAgendaForm(store, runner, QUICK_RETRY)
    qtbot.addWidget(form)
    form.show()
    try:
        form.site_edit.setText(url)
        assert form.fetch_committees()
        qtbot.waitUntil(lambda: not form.fetching, timeout=10_000)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert form.status_label.text() == (
        f"{url} er ikke et FirstAgenda-websted: der er ingen udvalgsliste på "
        f"{url}/api/agenda/udvalgsliste. Tjek adressen på kommunens dagsordenswebsted "
        "(den begynder ofte med dagsordener.)."
    )
    assert form.committee_list.count() == 0 and not form.add_button.isEnabled()
    assert form.add_site() is None
    assert form.status_label.text() == "Hent webstedets udvalg først."
    form.site_edit.setText("ftp://dagsordener.example.dk")
    assert not form.fetch_committees()
    assert form.status_label.text().startswith("ftp://dagsordener.example.dk er ikke adressen")
    assert store.list() == []
