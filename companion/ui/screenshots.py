"""Screenshots of the real window: ``python -m companion.ui.screenshots OUTDIR``.

Starts the main window on a temporary library filled with the built-in sample
meetings, opens the item with the longest Indstilling of the newest meeting
(the agenda PDF showing beside it), highlights the first sentence of its
Indstilling with a note (as a member would: select, Ctrl+H, type), waits for the
page to render and saves ``OUTDIR/main-window.png``; then session mode with two
items dealt with (``session-mode.png``) and its presenter screen
(``presenter.png``). Run with ``QT_QPA_PLATFORM=offscreen`` on a machine
without a display: the window then opens on a virtual screen of ``--screen WxH``
(default 1600x1000, where it takes its preferred 1400x860), sized by the screen
as on a member's laptop (``--screen 1280x720`` for a small one).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from companion.core.model import AgendaItem
from companion.ui.app import create_window
from companion.ui.i18n import install_translators
from companion.ui.main_window import MainWindow
from companion.ui.tasks import TaskRunner

#: The virtual screen the pictures are taken on (the window takes 1400x860 of it).
DEFAULT_SCREEN = (1600, 1000)
TIMEOUT_SECONDS = 60.0


class ScreenshotError(RuntimeError):
    """The window did not reach the state to photograph in time."""


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Run the event loop until ``condition()`` holds; raise after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise ScreenshotError(f"timed out waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    """Run the event loop for ``seconds`` (layouts and repaints catch up)."""
    deadline = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() > deadline, "the window to settle")


def showcase_item(window: MainWindow) -> AgendaItem:
    """The item of the open meeting with the longest Indstilling."""
    items = window.agenda_tree.agenda_model.items
    if not items:
        raise ScreenshotError("the meeting shown has no items")

    def weight(item: AgendaItem) -> int:
        recommendation = item.recommendation
        return len(recommendation.text) if recommendation else 0

    return max(items, key=weight)


#: The note written on the showcase highlight (the member's own words, not agenda text).
SHOWCASE_NOTE = "Spørg til tidsplanen"


def highlight_with_note(window: MainWindow, item: AgendaItem) -> None:
    """Highlight the start of the Indstilling (up to 14 words) and write a note on it."""
    wait_until(lambda: window.text_highlights.loaded_item_id == item.id, "the highlights")
    recommendation = item.recommendation
    first_line = recommendation.text.strip().splitlines()[0] if recommendation else ""
    sentence = " ".join(first_line.split(". ")[0].split()[:14])
    cursor = window.item_view.document().find(sentence)
    if not sentence or cursor.isNull():
        raise ScreenshotError("the showcase item's recommendation is not shown")
    window.item_view.setTextCursor(cursor)
    window.text_highlights.highlight("yellow")
    rows = window.highlight_list
    wait_until(lambda: rows.current_key() is not None, "the highlight to be saved")
    rows.note.setPlainText(SHOWCASE_NOTE)
    window.text_highlights.flush()
    window.position_panel.show_tab(rows)
    window.item_view.verticalScrollBar().setValue(0)


def take_main_window(window: MainWindow, out_dir: Path) -> Path:
    """Show the showcase item with the agenda PDF and save ``main-window.png``."""
    view = window.attachment_pane.pdf_view
    item = showcase_item(window)
    window.agenda_tree.select_item(item.id)
    window.agenda_tree.setFocus()
    # Not `first_page_shown`: when the start's item showed the same agenda PDF (its open
    # may finish before this), the showcase item only moves to its page.
    wait_until(lambda: view.first_page_painted and not window.busy_bar.isVisible(), "the PDF page")
    highlight_with_note(window, item)
    time.sleep(0.3)  # let the bookmark page and its render settle
    wait_until(lambda: True, "events")
    QCoreApplication.processEvents()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "main-window.png"
    if not window.grab().save(str(target)):
        raise ScreenshotError(f"cannot write {target}")
    return target


def take_session(window: MainWindow, out_dir: Path) -> list[Path]:
    """Session mode on the showcase meeting (two items dealt with) and its presenter screen."""
    from companion.core.session import ItemStatus

    view = window.enter_session_mode()
    wait_until(lambda: view.controller.state is not None, "the session")
    for _ in range(2):
        view.step(1)
        view.apply_template(0)
        view.mark(ItemStatus.DEALT)
    view.step(1)
    settle()
    session_shot = out_dir / "session-mode.png"
    presenter_shot = out_dir / "presenter.png"
    presenter = view.open_presenter()
    presenter.resize(1280, 720)
    wait_until(lambda: presenter.isVisible(), "the presenter screen")
    settle()
    shots = [(window, session_shot), (presenter, presenter_shot)]
    for widget, target in shots:
        if not widget.grab().save(str(target)):
            raise ScreenshotError(f"cannot write {target}")
    presenter.close()
    window.leave_session_mode()
    return [session_shot, presenter_shot]


def use_virtual_screen(size: tuple[int, int], folder: Path) -> None:
    """On the offscreen platform, give it one screen of ``size`` (before the app starts)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen" or QApplication.instance() is not None:
        return
    width, height = size
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    layout = folder / "screen.json"
    layout.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={layout}"


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots into the folder named on the command line (``--screen WxH``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ["TZ"] = "Europe/Copenhagen"  # times as a Danish member's clock shows them
    time.tzset()
    screen = DEFAULT_SCREEN
    if "--screen" in args:
        at = args.index("--screen")
        width, height = args[at + 1].lower().split("x")
        screen = (int(width), int(height))
        del args[at : at + 2]
    out_dir = Path(args[0] if args else "docs/screenshots")
    layout_dir = Path(tempfile.mkdtemp(prefix="companion-screen-"))
    use_virtual_screen(screen, layout_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translators = install_translators(app)  # the system's language (LANG=da_DK.UTF-8: Danish)
    runner = TaskRunner()
    with tempfile.TemporaryDirectory(prefix="companion-shots-") as temp:
        window = create_window(runner, Path(temp) / "data", Path(temp) / "config", seed=True)
        window.show()
        window.start()
        wait_until(lambda: window.agenda_tree.current_item is not None, "the sample meetings")
        targets = [take_main_window(window, out_dir), *take_session(window, out_dir)]
        window.close()
        runner.wait(10_000)
    print("\n".join(str(target) for target in targets))
    del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
