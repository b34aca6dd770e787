"""The README's FirstAgenda screenshot: ``python docs/make_firstagenda_screenshot.py [PNG]``.

Reproducible without the network: starts the test copy of Hvidovre's FirstAgenda
site on 127.0.0.1 (`tests.integration.firstagenda_site`: the real captured
responses, with stand-in attachment PDFs generated and labelled there), adds it as
a source in a temporary data and settings folder, syncs from the real window
(File > Sync Now) and saves the window at 1600x1000 in Danish with Økonomiudvalget's
meeting of 18 May 2026 open on item 3. The status bar says that it is the test
copy, so the picture is not taken for the live site. ``--dialog PNG`` also saves
File > Sources... with the site's committees fetched.

Run from the checkout's root with ``QT_QPA_PLATFORM=offscreen`` (``make`` does).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's companion and tests packages

from PySide6.QtWidgets import QApplication  # noqa: E402

from companion.core.sources import SourceStore  # noqa: E402
from companion.ui.app import create_window  # noqa: E402
from companion.ui.i18n import install_translators  # noqa: E402
from companion.ui.main_window import MainWindow  # noqa: E402
from companion.ui.screenshots import (  # noqa: E402
    DEFAULT_SCREEN,
    ScreenshotError,
    settle,
    use_virtual_screen,
    wait_until,
)
from companion.ui.sources_dialog import SourcesDialog  # noqa: E402
from companion.ui.tasks import TaskRunner  # noqa: E402
from tests.integration.firstagenda_site import hvidovre_site, serving  # noqa: E402

COMMITTEE = "Økonomiudvalget"
#: Far enough back that the meeting of May 2026 stays in reach for years.
MONTHS = 120
SOURCE_NAME = "Hvidovre (testkopi på 127.0.0.1)"
TEST_COPY_NOTE = (
    "Testkopi: Hvidovres FirstAgenda-svar (maj 2026) serveret fra 127.0.0.1; "
    "bilagene er genererede stand-ins."
)
SYNC_SECONDS = 180.0


def take_dialog(window: MainWindow, url: str, target: Path) -> None:
    """File > Sources... on the FirstAgenda tab, the site's committees fetched."""
    window.sources_action.trigger()
    dialog = window.findChild(SourcesDialog)
    if dialog is None:
        raise ScreenshotError("the sources dialog did not open")
    form = dialog.firstagenda_form
    dialog.add_tabs.setCurrentWidget(form)
    form.site_edit.setText(url)
    form.fetch_committees()
    wait_until(lambda: form.committee_list.count() > 0, "the committee list")
    form.set_checked(COMMITTEE)
    settle()
    if not dialog.grab().save(str(target)):
        raise ScreenshotError(f"cannot write {target}")
    dialog.close()


def take_meeting(window: MainWindow, target: Path) -> None:
    """Sync Now, open the meeting's item 3 and save the window."""
    finished: list[object] = []
    window.sync_controller.finished.connect(finished.append)
    window.sync_action.trigger()
    wait_until(lambda: bool(finished), "the sync", SYNC_SECONDS)
    wait_until(lambda: window.agenda_tree.current_item is not None, "the meeting")
    item = next(i for i in window.agenda_tree.agenda_model.items if i.number == "3")
    window.agenda_tree.select_item(item.id)
    window.agenda_tree.setFocus()
    wait_until(
        lambda: window.item_view.item is not None and window.item_view.item.id == item.id, "item 3"
    )
    wait_until(lambda: not window.busy_bar.isVisible(), "the attachment")
    settle(1.0)
    window.statusBar().showMessage(TEST_COPY_NOTE)
    settle()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target)):
        raise ScreenshotError(f"cannot write {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "png", nargs="?", type=Path, default=ROOT / "docs/screenshots/firstagenda-meeting.png"
    )
    parser.add_argument("--dialog", type=Path, metavar="PNG", help="also the Sources dialog")
    args = parser.parse_args(argv)
    os.environ["TZ"] = "Europe/Copenhagen"  # times as a Danish member's clock shows them
    time.tzset()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    layout_dir = Path(tempfile.mkdtemp(prefix="companion-screen-"))
    use_virtual_screen(DEFAULT_SCREEN, layout_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translators = install_translators(app, "da")
    runner = TaskRunner()
    with serving(hvidovre_site()) as server, tempfile.TemporaryDirectory() as temp:
        config_dir = Path(temp) / "config"
        SourceStore(config_dir).add_firstagenda(
            server.url, [COMMITTEE], months=MONTHS, name=SOURCE_NAME
        )
        window = create_window(runner, Path(temp) / "data", config_dir, seed=False)
        window.show()
        window.start()
        window.sync_controller.stop_auto()
        if args.dialog:
            take_dialog(window, server.url, args.dialog)
        take_meeting(window, args.png)
        window.close()
        runner.wait(10_000)
    print(args.png)
    del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
