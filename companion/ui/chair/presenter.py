"""The presenter screen: the current item's number, title and Indstilling for a projector.

It shows agenda content only, never anything of the member's (notes,
annotations, positions, decisions), and never a closed item: for one it shows
a neutral screen with the meeting's name. It follows a `SessionView` and opens
full screen on a second screen when there is one (`presenter_screen_index`
chooses it; screens are the one edge the tests cannot run).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from companion.core.item_html import ITEM_CSS, ItemLabels, recommendation_html
from companion.core.model import AgendaItem, Meeting
from companion.core.session import is_closed

if TYPE_CHECKING:
    from companion.ui.chair.session_view import SessionView

#: The size of a presenter window that is not full screen.
WINDOW_SIZE = (1280, 800)
TEXT_POINTS = 24
#: The smallest size the Indstilling shrinks to before the audience would have to scroll.
MIN_TEXT_POINTS = 14

# A projector's own colours, kept on purpose whatever the member's palette: the audience
# reads the wall, not the laptop; white ground, near-black text, a dark band (all >= 7:1),
# and the item text in the designed colours (`ITEM_CSS`) on that white.
PRESENTER_STYLE = """
#presenterWindow { background: #ffffff; }
#presenterBand { background: #10263a; }
#presenterMeeting { color: #e8eef3; font-size: 16pt; }
#presenterNumber { color: #1f5f8b; font-size: 30pt; font-weight: 700; }
#presenterTitle { color: #0b0f14; font-size: 44pt; font-weight: 700; }
#presenterHeading { color: #1f5f8b; font-size: 20pt; font-weight: 700; }
#presenterText { border: none; background: #ffffff; }
#presenterNeutral { color: #0b0f14; font-size: 40pt; font-weight: 600; }
#presenterNotice { color: #56606b; font-size: 24pt; }
"""


def presenter_screen_index(geometries: Sequence[QRect], main_index: int | None) -> int | None:
    """Which screen the presenter goes on: the largest one that is not the main window's.

    Args:
        geometries: the screens' geometries, in `QGuiApplication.screens()` order.
        main_index: the index of the main window's screen (None: unknown, taken as 0).

    Returns:
        The index of the screen to fill, or None when there is only one screen.
    """
    if len(geometries) < 2:
        return None
    main = main_index if main_index is not None and 0 <= main_index < len(geometries) else 0
    others = [index for index in range(len(geometries)) if index != main]
    return max(others, key=lambda index: geometries[index].width() * geometries[index].height())


class PresenterWindow(QWidget):
    """A second window showing the current item's number, title and Indstilling.

    Args:
        parent: the owner (the window is a top-level window all the same).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("Presenter Screen"))
        self.meeting: Meeting | None = None
        self.item: AgendaItem | None = None
        self._labels = ItemLabels(
            document_not_included=self.tr("document not included in the package")
        )
        self._init_widgets()
        self.setStyleSheet(PRESENTER_STYLE)
        self.resize(*WINDOW_SIZE)
        self.show_item(None, None)

    def _init_widgets(self) -> None:
        band = QFrame()
        band.setObjectName("presenterBand")
        band_layout = QVBoxLayout(band)
        band_layout.setContentsMargins(40, 12, 40, 12)
        self.meeting_label = QLabel()
        self.meeting_label.setObjectName("presenterMeeting")
        band_layout.addWidget(self.meeting_label)

        self.number_label = QLabel()
        self.number_label.setObjectName("presenterNumber")
        self.title_label = QLabel()
        self.title_label.setObjectName("presenterTitle")
        self.title_label.setWordWrap(True)
        # The agenda's own name of the section ("Indstilling"), in any window language.
        self.heading_label = QLabel()
        self.heading_label.setObjectName("presenterHeading")
        self.text = QTextBrowser()
        self.text.setObjectName("presenterText")
        self.text.setAccessibleName(self.tr("Text shown to the meeting"))
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.document().setDefaultStyleSheet(ITEM_CSS)
        font = QFont(self.text.font())
        font.setPointSize(TEXT_POINTS)
        self.text.document().setDefaultFont(font)
        self.text.viewport().installEventFilter(self)
        self.neutral_label = QLabel()
        self.neutral_label.setObjectName("presenterNeutral")
        self.neutral_label.setWordWrap(True)
        self.neutral_label.setAlignment(
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        )
        self.notice_label = QLabel()
        self.notice_label.setObjectName("presenterNotice")
        self.notice_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

        body = QVBoxLayout()
        body.setContentsMargins(60, 30, 60, 30)
        body.setSpacing(14)
        for widget in (self.number_label, self.title_label, self.heading_label):
            body.addWidget(widget)
        body.addWidget(self.text, 1)
        body.addStretch(0)
        body.addWidget(self.neutral_label, 1)
        body.addWidget(self.notice_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(band)
        layout.addLayout(body, 1)

    # -- following -------------------------------------------------------------

    def follow(self, view: SessionView) -> None:
        """Show what ``view`` shows, now and whenever its item changes."""
        view.current_item_changed.connect(lambda _item_id: self._show_from(view))
        self._show_from(view)

    def _show_from(self, view: SessionView) -> None:
        self.show_item(view.meeting, view.shown_item())

    def show_item(self, meeting: Meeting | None, item: AgendaItem | None) -> None:
        """Show ``item`` of ``meeting``; a neutral screen for no item or a closed one."""
        self.meeting, self.item = meeting, item
        self.meeting_label.setText(meeting.name if meeting is not None else "")
        if item is None or is_closed(item):
            self._show_neutral(closed=item is not None)
            return
        self._set_item_visible(True)
        self.number_label.setText(item.number)
        self.title_label.setText(item.title)
        html = recommendation_html(item, self._labels)
        recommendation = item.recommendation
        self.heading_label.setText(recommendation.title if recommendation is not None else "")
        self.heading_label.setVisible(bool(html))
        self.text.setHtml(html)
        self.fit_text()

    def fit_text(self) -> None:
        """Shrink the Indstilling until it fits the screen (nobody scrolls a projector)."""
        document = self.text.document()
        viewport = self.text.viewport()
        document.setTextWidth(viewport.width())
        font = QFont(document.defaultFont())
        for points in range(TEXT_POINTS, MIN_TEXT_POINTS - 1, -1):
            font.setPointSize(points)
            document.setDefaultFont(font)
            if document.size().height() <= viewport.height():
                break

    @property
    def text_points(self) -> int:
        """The size the Indstilling is shown in now."""
        return self.text.document().defaultFont().pointSize()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the Indstilling whenever its area changes size (layout, projector resolution)."""
        if watched is self.text.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_text()
        return super().eventFilter(watched, event)

    def _show_neutral(self, *, closed: bool) -> None:
        self._set_item_visible(False)
        self.number_label.clear()
        self.title_label.clear()
        self.text.clear()
        self.neutral_label.setText(self.meeting.name if self.meeting is not None else "")
        self.notice_label.setText(self.tr("Closed item - not shown") if closed else "")

    def _set_item_visible(self, visible: bool) -> None:
        for widget in (self.number_label, self.title_label, self.heading_label, self.text):
            widget.setVisible(visible)
        self.neutral_label.setVisible(not visible)
        self.notice_label.setVisible(not visible)

    def shown_texts(self) -> list[str]:
        """Every text on the screen (what the audience can read)."""
        labels = [label.text() for label in self.findChildren(QLabel) if label.isVisibleTo(self)]
        body = [self.text.toPlainText()] if self.text.isVisibleTo(self) else []
        return [text for text in labels + body if text]

    # -- screens ---------------------------------------------------------------

    def show_on_best_screen(self, main_screen: QScreen | None = None) -> bool:
        """Full screen on a second screen when there is one, else a normal window.

        Args:
            main_screen: the main window's screen (the presenter avoids it).

        Returns:
            True when the window went full screen on another screen.
        """
        was_visible = self.isVisible()
        screens = QGuiApplication.screens()
        main_index = screens.index(main_screen) if main_screen in screens else None
        index = presenter_screen_index([screen.geometry() for screen in screens], main_index)
        if index is None:
            self.showNormal()
            self._bring_forward(was_visible)
            return False
        target = screens[index]
        self.setScreen(target)
        self.setGeometry(target.geometry())
        self.showFullScreen()
        self._bring_forward(was_visible)
        return True

    def _bring_forward(self, was_visible: bool) -> None:
        """Raise a window opened before (a new one comes up on top by itself)."""
        if was_visible:
            self.raise_()
            self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the presenter screen."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.close()
            return
        super().keyPressEvent(event)
