"""Syncing from the window: Sync Now, offline, cancel, automatic sync, the sources dialog.

A real feed (the four sample packages published with `publish`) is served by a
real ThreadingHTTPServer on loopback (`tests.integration.conftest.FeedServer`);
the window, the controller and the dialog are the real ones. The OS keyring is
the one edge we cannot run here (no session bus): a real keyring backend that
keeps secrets in memory stands in for it (`MemoryKeyring`).
"""

from __future__ import annotations

import json
import logging
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtNetwork import QNetworkInformation
from pytestqt.qtbot import QtBot

from companion.core.credentials import KEYRING_SERVICE, secret_file
from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources import SourceStore
from companion.core.sources.feed.client import RetryPolicy
from companion.core.sources.feed.publish import publish
from companion.ui.app import create_window
from companion.ui.i18n import install_translators
from companion.ui.main_window import MainWindow
from companion.ui.network import system_says_offline
from companion.ui.sources_dialog import SourcesDialog
from companion.ui.sync_controller import SyncController, SyncRun
from companion.ui.sync_status import SyncStatus
from companion.ui.tasks import TaskRunner
from tests.core.test_credentials import MemoryKeyring
from tests.integration.conftest import (
    REVISED_ID,
    FeedServer,
    assert_secret_nowhere,
    load_meeting,
    revise,
    sample,
    write_revision,
)
from tests.ui.conftest import LOAD_TIMEOUT_MS

SYNC_TIMEOUT_MS = 15_000
TOKEN = "kkr-ui-token-5b2e"
SAMPLE_IDS = {
    "kd-net-midtjylland-2020-01-24",
    "kkr-midtjylland-2015-04-20",
    "kkr-midtjylland-2016-11-22",
    "kkr-midtjylland-2020-02-05",
}
#: Tests never wait for the client's patient backoff on a dead server.
QUICK_RETRY = RetryPolicy(attempts=1, base_delay=0.01, timeout=2.0)


@pytest.fixture(scope="module")
def published_feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four real sample packages as a feed (read only by the tests)."""
    feed = tmp_path_factory.mktemp("feed")
    publish(sample_packages(), feed)
    return feed


@pytest.fixture
def server(published_feed: Path) -> Iterator[FeedServer]:
    """The feed on 127.0.0.1; stopped afterwards."""
    feed_server = FeedServer(published_feed)
    feed_server.start()
    try:
        yield feed_server
    finally:
        feed_server.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The keyring package with an in-memory backend (the OS keyring cannot run here)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine without a keyring backend."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def started_window(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> MainWindow:
    """The real window, started without automatic sync; a meeting shown if there is one."""
    window = create_window(runner, data_dir, config_dir, seed=False)
    qtbot.addWidget(window)
    window.sync_controller.retry = QUICK_RETRY
    window.show()
    window.start()
    window.sync_controller.stop_auto()
    qtbot.waitUntil(lambda: window.busy_bar.isHidden(), timeout=LOAD_TIMEOUT_MS)
    return window


def sync_and_wait(qtbot: QtBot, controller: SyncController) -> SyncRun:
    """Start a sync from the Sync action's slot and return how it ended."""
    with qtbot.waitSignal(controller.finished, timeout=SYNC_TIMEOUT_MS) as finished:
        assert controller.sync_now()
    run = finished.args[0]
    assert isinstance(run, SyncRun)
    return run


def library_meetings(data_dir: Path) -> set[str]:
    with Library(data_dir) as library:
        return {summary.id for summary in library.meetings()}


def test_sync_now_brings_the_meetings_into_the_window(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, server: FeedServer
) -> None:
    SourceStore(config_dir).add(server.url, name="KKR sekretariatet")
    window = started_window(qtbot, runner, data_dir, config_dir)
    assert window.meeting_chooser.count() == 0
    assert window.sync_status.isHidden()  # nothing synced yet: no indicator
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=SYNC_TIMEOUT_MS):
        window.sync_action.trigger()
    assert window.meeting_chooser.count() == 4
    assert window.sync_status.text.startswith("Synced ")
    assert "4 meetings new or updated" in window.sync_status.text
    assert not window.sync_status.cancel_button.isVisible()
    assert library_meetings(data_dir) == SAMPLE_IDS
    assert window.sync_action.shortcut().toString() == "F5"
    assert SourceStore(config_dir).list()[0].last_sync_result == "ok"
    # A second sync is one conditional request for the index, and changes nothing shown.
    server.reset_hits()
    shown = window.meeting_chooser.current_meeting_id
    run = sync_and_wait(qtbot, window.sync_controller)
    assert run.changed_meetings == []
    assert server.paths() == ["index.json"]
    assert window.meeting_chooser.current_meeting_id == shown


def test_an_unreachable_server_shows_offline_and_keeps_everything(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, published_feed: Path
) -> None:
    down = FeedServer(published_feed)
    down.start()
    SourceStore(config_dir).add(down.url)
    down.stop()  # the port now refuses connections: the member is offline
    window = started_window(qtbot, runner, sample_data_dir, config_dir)
    shown_item = window.item_view.toPlainText()
    run = sync_and_wait(qtbot, window.sync_controller)
    assert run.offline
    assert window.sync_status.text.startswith("Offline")
    assert window.sync_status.label.property("tone") == "muted"
    assert window.meeting_chooser.count() == 4
    assert library_meetings(sample_data_dir) == SAMPLE_IDS
    assert window.item_view.toPlainText() == shown_item
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
        window.next_item_action.trigger()  # the window still works
    assert window.item_view.toPlainText() != shown_item


def test_cancel_during_a_slow_download_leaves_the_library_unchanged(
    qtbot: QtBot,
    runner: TaskRunner,
    data_dir: Path,
    config_dir: Path,
    server: FeedServer,
    tmp_path: Path,
) -> None:
    server.drip = (2048, 0.02)  # about 100 kB/s per file: the download takes seconds
    SourceStore(config_dir).add(server.url, name="KKR sekretariatet")
    window = started_window(qtbot, runner, data_dir, config_dir)
    status = window.sync_status
    with qtbot.waitSignal(
        window.sync_controller.progress,
        timeout=SYNC_TIMEOUT_MS,
        check_params_cb=lambda progress: progress.bytes_done > 0,
    ):
        window.sync_action.trigger()
    assert status.text.startswith("Syncing ")
    assert " files, " in status.text and status.text.endswith(" MB")
    assert status.cancel_button.isVisible() and status.bar.isVisible()
    shot = window.statusBar().grab()
    assert not shot.isNull()
    assert shot.save(str(tmp_path / "status-bar-syncing.png"))
    with qtbot.waitSignal(window.sync_controller.finished, timeout=SYNC_TIMEOUT_MS) as finished:
        qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].cancelled
    assert "cancelled" in status.text
    assert library_meetings(data_dir) == set()
    assert window.meeting_chooser.count() == 0
    assert not window.sync_controller.running


def test_the_timer_syncs_automatically_and_skips_while_a_sync_runs(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, server: FeedServer
) -> None:
    SourceStore(config_dir).add(server.url)
    controller = SyncController(runner, lambda: Library(data_dir), config_dir, retry=QUICK_RETRY)
    assert controller.auto_timer.interval() == 15 * 60_000  # the preference's default
    controller.set_interval_ms(150)
    with qtbot.waitSignal(controller.started, timeout=2_000):
        controller.start_auto(first_delay_ms=60_000)  # only the interval timer fires here
    assert not controller.sync_now()  # one sync at a time
    controller.auto_sync()  # skipped, not queued
    qtbot.waitSignal(controller.finished, timeout=SYNC_TIMEOUT_MS).wait()
    assert library_meetings(data_dir) == SAMPLE_IDS
    with qtbot.waitSignal(controller.finished, timeout=SYNC_TIMEOUT_MS):
        pass  # the timer's next sync: a single conditional request
    controller.stop_auto()
    assert server.paths().count("index.json") >= 2
    assert not controller.auto_timer.isActive()


def test_a_refused_token_asks_to_sign_in_and_the_dialog_fixes_it(
    qtbot: QtBot,
    runner: TaskRunner,
    data_dir: Path,
    config_dir: Path,
    server: FeedServer,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    server.authorization = f"Bearer {TOKEN}"
    window = started_window(qtbot, runner, data_dir, config_dir)
    window.sources_action.trigger()
    dialog = window.findChild(SourcesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.location_edit.setText(server.url)
    dialog.name_edit.setText("KKR sekretariatet")
    dialog.auth_combo.setCurrentIndex(dialog.auth_combo.findData("token"))
    dialog.secret_edit.setText("not-the-token")
    dialog.public_key_edit.setText("")
    with qtbot.waitSignal(window.sync_controller.finished, timeout=SYNC_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # adding syncs
    assert dialog.grab().save(str(tmp_path / "sources-dialog.png"))
    source = SourceStore(config_dir).list()[0]
    assert memory_keyring.entries == {(KEYRING_SERVICE, source.id): "not-the-token"}
    assert "not-the-token" not in (config_dir / "sources.json").read_text()
    assert finished.args[0].with_state("sign-in")
    assert window.sync_status.text == "Sign-in needed for KKR sekretariatet"
    assert window.sync_status.sign_in_button.isVisible()
    dialog.close()

    qtbot.mouseClick(window.sync_status.sign_in_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(SourcesDialog) if d.isVisible())
    assert dialog.selected_source() == source
    assert dialog.sign_in_box.isVisible()
    dialog.sign_in_secret.setText(TOKEN)
    with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=SYNC_TIMEOUT_MS):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.entries[(KEYRING_SERVICE, source.id)] == TOKEN
    assert window.sync_status.text.startswith("Synced ")
    assert window.meeting_chooser.count() == 4
    for folder in (config_dir, data_dir):
        assert_secret_nowhere(TOKEN, folder, caplog.text)
        assert_secret_nowhere("not-the-token", folder, caplog.text)


def test_a_damaged_sources_file_is_named_in_the_status_bar(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    (config_dir / "sources.json").write_text("{ not json")
    window = started_window(qtbot, runner, data_dir, config_dir)
    with qtbot.waitSignal(window.sync_controller.failed, timeout=SYNC_TIMEOUT_MS) as failed:
        window.sync_action.trigger()
    assert str(config_dir / "sources.json") in failed.args[0]
    assert "damaged" in window.sync_status.text
    assert not window.sync_controller.running
    assert (config_dir / "sources.json").read_text() == "{ not json"  # never overwritten


def test_without_a_keyring_the_dialog_explains_and_offers_the_alternatives(
    qtbot: QtBot, config_dir: Path, no_keyring: None
) -> None:
    store = SourceStore(config_dir)
    remembered: dict[str, str] = {}
    dialog = SourcesDialog(store, remembered.__setitem__)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.location_edit.setText("https://dagsorden.example.dk/feed/")
    dialog.auth_combo.setCurrentIndex(dialog.auth_combo.findData("basic"))
    dialog.username_edit.setText("borgmester")
    dialog.secret_edit.setText("kodeord-1234")
    assert dialog.add_source() is None
    assert store.list() == []  # nothing added until the member chooses
    assert dialog.keyring_problem.isVisible()
    assert "No usable keyring was found" in dialog.keyring_label.text()
    assert "--ask" not in dialog.keyring_label.text()

    with qtbot.waitSignal(dialog.sources_changed):
        qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    source = store.list()[0]
    assert (source.secret_storage, source.username) == ("file", "borgmester")
    path = secret_file(config_dir, source.id)
    assert path.read_text() == "kodeord-1234"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "NOT encrypted" in dialog.note_label.text()
    assert not dialog.keyring_problem.isVisible()
    assert "kodeord-1234" not in json.dumps(json.loads(store.path.read_text()))

    dialog.location_edit.setText("https://andet.example.dk/feed/")
    dialog.auth_combo.setCurrentIndex(dialog.auth_combo.findData("token"))
    dialog.secret_edit.setText("token-til-sessionen")
    assert dialog.add_source() is None
    qtbot.mouseClick(dialog.ask_button, Qt.MouseButton.LeftButton)
    asked = store.list()[1]
    assert asked.secret_storage == "ask"
    assert remembered == {asked.id: "token-til-sessionen"}  # kept for this session only
    assert not secret_file(config_dir, asked.id).exists()


def test_remove_forgets_the_source_and_its_secret(
    qtbot: QtBot, config_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SourceStore(config_dir)
    dialog = SourcesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.location_edit.setText("https://dagsorden.example.dk/feed/")
    dialog.auth_combo.setCurrentIndex(dialog.auth_combo.findData("token"))
    dialog.secret_edit.setText(TOKEN)
    source = dialog.add_source()
    assert source is not None and dialog.source_ids == [source.id]
    assert memory_keyring.entries == {(KEYRING_SERVICE, source.id): TOKEN}
    assert dialog.select_source(source.id)
    with qtbot.waitSignal(dialog.sources_changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert store.list() == [] and dialog.source_ids == []
    assert memory_keyring.entries == {}
    assert "removed" in dialog.note_label.text()


def test_a_bad_address_is_named_and_nothing_is_added(qtbot: QtBot, config_dir: Path) -> None:
    store = SourceStore(config_dir)
    dialog = SourcesDialog(store)
    qtbot.addWidget(dialog)
    dialog.location_edit.setText("ftp://dagsorden.example.dk/feed/")
    assert dialog.add_source() is None
    assert "only http, https or a local path" in dialog.problem_label.text()
    dialog.location_edit.setText("https://dagsorden.example.dk/feed/")
    dialog.public_key_edit.setText("c2hvcnQ=")
    assert dialog.add_source() is None
    assert "32 bytes" in dialog.problem_label.text()
    assert store.list() == []


def test_status_texts(qtbot: QtBot) -> None:
    status = SyncStatus()
    qtbot.addWidget(status)
    status.show_progress(3, 7, 1_234_567, 4_000_000)
    assert status.text == "Syncing 3 of 7 files, 1.2 of 4.0 MB"
    assert status.bar.value() == 308
    status.show_offline(None)
    assert status.text == "Offline \u2013 not synced yet"
    assert status.cancel_button.isHidden()


def test_a_revised_open_meeting_is_reopened_at_the_same_item(
    qtbot: QtBot, runner: TaskRunner, sample_data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    publish(sample_packages(), feed)
    feed_server = FeedServer(feed)
    feed_server.start()
    try:
        SourceStore(config_dir).add(feed_server.url)
        window = started_window(qtbot, runner, sample_data_dir, config_dir)
        sync_and_wait(qtbot, window.sync_controller)  # the library has every version 1
        with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
            window.meeting_chooser.choose(REVISED_ID)
        revised = revise(load_meeting(sample(REVISED_ID)))
        changed_item = next(g for g in revised.groups if g.number == "3").items[0]
        with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=LOAD_TIMEOUT_MS):
            assert window.agenda_tree.select_item(changed_item.id)
        before = window.item_view.toPlainText()
        publish([write_revision(revised, tmp_path / "revision")], feed)
        with qtbot.waitSignal(window.agenda_tree.item_selected, timeout=SYNC_TIMEOUT_MS):
            run = sync_and_wait(qtbot, window.sync_controller)
        assert run.changed_meetings == [REVISED_ID]
        assert window.meeting_chooser.current_meeting_id == REVISED_ID
        assert "version 2" in window.meeting_label.full_text()
        current = window.agenda_tree.current_item
        assert current is not None and current.id == changed_item.id
        after = window.item_view.toPlainText()
        assert after != before and changed_item.title in after
        assert "1 meeting new or updated" in window.sync_status.text
    finally:
        feed_server.stop()


def test_an_unexpected_failure_comes_with_details(
    qtbot: QtBot, runner: TaskRunner, config_dir: Path, tmp_path: Path, published_feed: Path
) -> None:
    SourceStore(config_dir).add(str(published_feed))  # a feed folder on a USB stick
    not_a_folder = tmp_path / "data-is-a-file"
    not_a_folder.write_text("not a library")
    controller = SyncController(runner, lambda: Library(not_a_folder), config_dir)
    with qtbot.waitSignal(controller.failed, timeout=SYNC_TIMEOUT_MS) as failed:
        assert controller.sync_now()
    summary, details = failed.args
    assert summary.startswith("The sync stopped unexpectedly: ")
    assert "Traceback" in details
    assert not controller.running


def test_a_feed_folder_and_a_package_file_sync_like_a_server(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, published_feed: Path
) -> None:
    store = SourceStore(config_dir)
    store.add(str(published_feed), name="USB stick")
    package = next(path for path in sample_packages() if path.stem == REVISED_ID)
    store.add(str(package), name="Mail attachment")
    controller = SyncController(runner, lambda: Library(data_dir), config_dir)
    run = sync_and_wait(qtbot, controller)
    assert [(r.source_name, r.state) for r in run.results] == [
        ("USB stick", "ok"),
        ("Mail attachment", "ok"),
    ]
    assert set(run.changed_meetings) == SAMPLE_IDS  # the package was in the feed already
    assert library_meetings(data_dir) == SAMPLE_IDS
    assert controller.last_synced == run.finished


def test_only_a_failed_connection_counts_as_offline() -> None:
    from companion.core.sources.http import SyncError, TransientError, Unreachable
    from companion.ui.sync_controller import is_unreachable

    def given_up(last: Exception) -> SyncError:
        try:
            raise SyncError(f"{last} Gave up after 3 tries.") from last
        except SyncError as error:
            return error

    assert is_unreachable(given_up(Unreachable("http://x/index.json: could not connect.")))
    assert not is_unreachable(given_up(TransientError("http://x/: the server answered 503.")))
    assert not is_unreachable(SyncError("http://x/index.json: not found (404)."))


def test_a_new_interval_applies_at_once_and_zero_stops_the_timer(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path
) -> None:
    controller = SyncController(runner, lambda: Library(data_dir), config_dir)
    controller.start_auto(first_delay_ms=60_000)
    assert controller.auto_timer.isActive()
    controller.set_interval_minutes(5)
    assert controller.auto_timer.isActive() and controller.auto_timer.interval() == 5 * 60_000
    controller.set_interval_minutes(0)
    assert not controller.auto_timer.isActive(), "0: only on start and on request"
    controller.set_interval_minutes(30)
    assert controller.auto_timer.isActive() and controller.auto_timer.interval() == 30 * 60_000
    controller.stop_auto()
    controller.set_interval_minutes(10)
    assert not controller.auto_timer.isActive(), "a stopped controller stays stopped"


def test_offline_the_timer_tries_nothing_and_the_network_coming_back_syncs(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, server: FeedServer
) -> None:
    """The OS's network state is the edge we cannot switch here: a flag stands in for it."""
    SourceStore(config_dir).add(server.url)
    offline = [True]
    controller = SyncController(
        runner, lambda: Library(data_dir), config_dir, is_offline=lambda: offline[0]
    )
    started: list[bool] = []
    controller.started.connect(lambda: started.append(True))
    with qtbot.waitSignal(controller.offline_skipped, timeout=2_000):
        controller.start_auto(first_delay_ms=0)
    assert not started and server.paths() == [], "no request while the system is offline"
    controller.network_changed(QNetworkInformation.Reachability.Disconnected)
    assert not started
    offline[0] = False
    with qtbot.waitSignal(controller.finished, timeout=SYNC_TIMEOUT_MS):
        controller.network_changed(QNetworkInformation.Reachability.Online)
    assert started == [True] and "index.json" in server.paths()
    controller.stop_auto()
    controller.network_changed(QNetworkInformation.Reachability.Online)
    assert started == [True], "a stopped controller does not sync by itself"


def test_the_system_network_state_is_read_without_failing(qtbot: QtBot) -> None:
    assert system_says_offline() in (True, False)


HOLD_SYNC_LOCK = """
import sys
from pathlib import Path
from companion.core.sources.sync_lock import sync_lock

with sync_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def test_a_sync_another_program_runs_is_named_in_danish_and_changes_nothing(
    qtbot: QtBot, runner: TaskRunner, data_dir: Path, config_dir: Path, server: FeedServer
) -> None:
    """Another process (a scheduled `companion sync`, say) holds the data folder's sync lock."""
    SourceStore(config_dir).add(server.url, name="KKR sekretariatet")
    translators = install_translators(QCoreApplication.instance(), "da")  # type: ignore[arg-type]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SYNC_LOCK, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        window = started_window(qtbot, runner, data_dir, config_dir)
        run = sync_and_wait(qtbot, window.sync_controller)
        message = run.results[0].message
        tooltip = window.sync_status.label.toolTip()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
    assert run.results[0].state == "failed"
    assert message.startswith("En anden synkronisering af dette bibliotek")
    assert str(data_dir) in message
    assert tooltip == message  # the status bar's "Sync problem" says it on hover
    assert server.paths() == []  # it never reached the server
    assert library_meetings(data_dir) == set()
