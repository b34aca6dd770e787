"""One window per data folder: a second start brings the first window forward and ends.

Real processes throughout: the second start is always `python -m companion` in a
child process; the first is either the whole app in a child process (its import of
the handed-over package is read back from the library) or this test's own
`FolderClaim` (its request signal is what the test waits for). A stale socket and a
lock of a crashed window are made the way a crash makes them: a child that listens
(or holds the claim) is killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.core.library import Library
from companion.core.resources import resources_dir
from companion.ui.folder_claim import claim_data_folder, server_name
from companion.ui.single_instance import bring_to_front

SAMPLE = resources_dir() / "samples" / "kkr-midtjylland-2020-02-05.zip"
REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )


def _start(data: Path, config: Path, *args: str, verbose: bool = False) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "companion", "--data-dir", str(data)]
    command += ["--config-dir", str(config), *(["-v"] if verbose else []), "gui", *args]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), text=True
    )


def _holding(setup: str, ready: str) -> subprocess.Popen[str]:
    """A child process that runs ``setup``, prints ``ready`` and sleeps (to be killed)."""
    code = f"import time\n{setup}\nprint({ready!r}, flush=True)\ntime.sleep(60)\n"
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=_env()
    )
    assert child.stdout is not None and child.stdout.readline() == ready + "\n"
    return child


def _listening(name: str) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(name)
    connected = probe.waitForConnected(200)
    probe.abort()
    return connected


def test_the_name_follows_the_resolved_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert server_name(tmp_path / "data") == server_name(tmp_path / "x" / ".." / "data")
    assert server_name(tmp_path / "data") != server_name(tmp_path / "other")


def test_a_second_start_hands_its_file_to_the_open_window_and_exits_0(
    qapp: QApplication, tmp_path: Path
) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    (config / "companion.ini").write_text("[library]\nimportSamplesWhenEmpty=false\n")
    first = _start(data, config, verbose=True)
    try:
        deadline = time.monotonic() + 60
        while not _listening(server_name(data)):
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first window never listened"
            time.sleep(0.1)
        began = time.monotonic()
        second = _start(data, config, str(SAMPLE))
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert time.monotonic() - began < 30  # it ended: no second window was built
        meetings: list[str] = []
        while not meetings and time.monotonic() < deadline + 60:
            with Library(data) as library:  # the first window imported the handed file
                meetings = [meeting.id for meeting in library.meetings()]
            time.sleep(0.2)
        assert meetings == ["kkr-midtjylland-2020-02-05"]
        assert first.poll() is None  # the first window is still open
    finally:
        first.send_signal(signal.SIGTERM)
        _, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_err
    assert "a second start on this data folder: to the front, 1 file(s)" in first_err


def test_a_first_start_given_a_file_imports_it(qapp: QApplication, tmp_path: Path) -> None:
    """`companion gui PACKAGE` (the desktop file's %F) with no window open yet."""
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    (config / "companion.ini").write_text("[library]\nimportSamplesWhenEmpty=false\n")
    first = _start(data, config, str(SAMPLE))
    try:
        meetings: list[str] = []
        deadline = time.monotonic() + 60
        while not meetings and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()[1]
            if (data / "content.db").exists():
                with Library(data) as library:
                    meetings = [meeting.id for meeting in library.meetings()]
            time.sleep(0.2)
        assert meetings == ["kkr-midtjylland-2020-02-05"]
    finally:
        first.send_signal(signal.SIGTERM)
        _, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_err


def test_a_stale_socket_of_a_killed_app_is_taken_over(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    name = server_name(data)
    crashed = _holding(
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtNetwork import QLocalServer\n"
        "app = QCoreApplication([])\n"
        "server = QLocalServer()\n"
        f"assert server.listen({name!r})",
        "listening",
    )
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=10)
    socket_file = Path(QDir.tempPath()) / name
    assert socket_file.exists() and not _listening(name)  # a stale socket, as after a crash

    claim = claim_data_folder(data, [])
    assert claim is not None
    instance = claim.listen()
    try:
        with qtbot.waitSignal(instance.requested, timeout=30_000) as request:
            second = _start(data, config, str(SAMPLE))
            while second.poll() is None:  # the second start needs our answer to end
                qtbot.wait(20)
        assert second.returncode == 0, second.communicate()[1]
        assert request.args == [[SAMPLE.resolve()]]
    finally:
        claim.close()
    assert not socket_file.exists()  # closing removes it


def test_a_later_start_waits_for_the_first_window_to_listen(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    """The first window listens only once its item is painted: a start before waits."""
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    claim = claim_data_folder(data, [])  # the lock held, nobody listening yet
    assert claim is not None
    try:
        second = _start(data, config, str(SAMPLE))
        qtbot.wait(1500)
        assert second.poll() is None, second.communicate()[1]  # waiting, no window of its own
        instance = claim.listen()
        with qtbot.waitSignal(instance.requested, timeout=30_000) as request:
            while second.poll() is None:
                qtbot.wait(20)
        assert second.returncode == 0, second.communicate()[1]
        assert request.args == [[SAMPLE.resolve()]]
    finally:
        claim.close()


def test_the_claim_of_a_killed_window_is_let_go(qapp: QApplication, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    holder = _holding(
        "from pathlib import Path\n"
        "from companion.ui.folder_claim import claim_data_folder\n"
        f"assert claim_data_folder(Path({str(data)!r}), [], wait=0) is not None",
        "claimed",
    )
    unanswered = claim_data_folder(data, [], wait=0.3)  # held, and nobody answers
    assert unanswered is not None and not unanswered.guarded
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    began = time.monotonic()
    claim = claim_data_folder(data, [], wait=0)
    assert claim is not None and claim.guarded
    claim.close()
    assert not claim.guarded
    assert time.monotonic() - began < 0.5  # taken at once: the system let the lock go


def test_bring_to_front_restores_a_minimized_window(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_to_front(window)
    assert window.isVisible()
    assert not window.isMinimized()
