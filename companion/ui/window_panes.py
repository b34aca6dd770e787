"""The main window's panes, assembled in two steps (a part of `MainWindow`).

The reading frame comes first: the item view in its place, between places kept
for the agenda and the attachments, and above the place of the position panel,
sized as the member left them (`init_reading_frame`). The side panes (meeting list
and agenda, position panel, attachment pane) then take those places
(`init_side_panes`). The app's start shows the member's item in the frame before
the side panes exist; any other window makes both at once. Their strings are
translated in the context "MainWindow", as the window's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from companion.ui.attachment_pane import AttachmentPane
    from companion.ui.chair.session_view import SessionView

SPLITTER_NAME = "mainSplitter"
ITEM_SPLITTER_NAME = "itemSplitter"
#: The least height of the position panel's pane (it scrolls below its own height).
POSITION_MIN_HEIGHT = 120
#: The main splitter's places: agenda | item | attachments.
AGENDA_PLACE, ITEM_PLACE, ATTACHMENT_PLACE = 0, 1, 2
#: The item splitter's place below the text: the position panel's.
POSITION_PLACE = 1


# The part's methods use the window's panes and each other's: to mypy it is an Any
# base (its attributes live on `MainWindow`); at run time a plain mixin.
_WindowPart: Any = object


class WindowPanes(_WindowPart):  # type: ignore[misc]
    """The reading frame, then the side panes in the places kept for them."""

    _attachment_pane: AttachmentPane | None
    _framed: bool
    session_view: SessionView | None

    def init_reading_frame(self) -> None:
        """The item view in its place; empty places for the side panes (once)."""
        if self._framed:
            return
        self._framed = True
        # The frame was painted without these. Nor does the item wait for the Qt namespace
        # (93 enum classes, ~12 ms, made by PySide on its first import): the splitters'
        # orientations are set by name through Qt's property system.
        from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout

        from companion.ui.first_item import FirstItemGate
        from companion.ui.item_view import ItemView
        from companion.ui.window_style import window_style

        self.item_view = ItemView()
        self.item_view.set_font_size(self._settings.preferences.reading_font_size)
        self.first_item = FirstItemGate(self.item_view, held=self._hold_until_item, parent=self)
        reading = QWidget()
        reading.setObjectName("itemPane")
        self._reading_layout = QVBoxLayout(reading)  # the find bar comes below the text later
        self._reading_layout.setContentsMargins(0, 0, 0, 0)
        self._reading_layout.setSpacing(0)
        self._reading_layout.addWidget(self.item_view, 1)

        self.item_splitter = QSplitter()
        self.item_splitter.setProperty("orientation", "Vertical")
        self.item_splitter.setObjectName(ITEM_SPLITTER_NAME)
        self.item_splitter.setChildrenCollapsible(False)
        self.item_splitter.addWidget(reading)
        self.item_splitter.addWidget(_place(POSITION_MIN_HEIGHT))  # the position panel's
        self.item_splitter.setStretchFactor(0, 1)
        self.item_splitter.setHandleWidth(1)

        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName(SPLITTER_NAME)
        self.splitter.setChildrenCollapsible(False)
        for pane in (_place(), self.item_splitter, _place()):  # agenda | item | attachments
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(ITEM_PLACE, 1)
        self.splitter.setHandleWidth(1)
        # The three panes, or the chair's session view in their place (made when first asked).
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.session_view = None
        self.setCentralWidget(self.stack)
        self.setStyleSheet(window_style(QGuiApplication.palette()))
        # The menu bar and status line too: the item keeps its place when the panes come.
        self._init_actions()
        self._init_menus()
        self._init_status_bar()

    def init_side_panes(self) -> None:
        """The meeting list and agenda, the position panel; the attachment pane now or later.

        With them the parts of the frame an item does not need to be shown: the find
        bar (hidden until Ctrl+F) and the read-only notice (hidden unless read-only).
        """
        from PySide6.QtWidgets import QVBoxLayout

        from companion.ui.agenda_tree import AgendaTree
        from companion.ui.find_bar import FindBar
        from companion.ui.meeting_list import MeetingChooser

        self.init_reading_frame()
        self.find_bar = FindBar(self.item_view)
        self._reading_layout.addWidget(self.find_bar)
        self._init_read_only_notice()
        self.meeting_chooser = MeetingChooser()
        self.agenda_tree = AgendaTree()
        self.agenda_pane = QWidget()
        self.agenda_pane.setObjectName("agendaPane")
        left_layout = QVBoxLayout(self.agenda_pane)
        left_layout.setContentsMargins(8, 8, 4, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.meeting_chooser)
        left_layout.addWidget(self.agenda_tree, 1)
        _take_place(self.splitter, AGENDA_PLACE, self.agenda_pane)
        self._init_position_panel()
        self.position_menu.addActions(self.position_panel.stance_actions)
        self.first_item.after_item(self._make_search)
        if self._hold_until_item:  # its modules (the PDF viewer's) once the item is shown
            self.first_item.after_item(self._init_attachment_pane)
        else:
            self._init_attachment_pane()

    @property
    def attachment_pane(self) -> AttachmentPane:
        """The attachments and the PDF viewer (made now if the start has not made it yet)."""
        if self._attachment_pane is None:
            self._init_attachment_pane()
        assert self._attachment_pane is not None
        return self._attachment_pane

    def _init_attachment_pane(self) -> None:
        """The attachment pane, in the place kept for it in the splitter (once).

        The app's start makes it after the member's item is painted: importing the
        PDF viewer's modules took 100-300 ms of the GUI thread before the item.
        """
        if self._attachment_pane is not None:
            return
        from companion.ui.attachment_pane import AttachmentPane

        self._attachment_pane = pane = AttachmentPane(self._runner)
        pane.set_personal_store(
            self._open_personal, self._personal_runner, open_library=self._open_library
        )
        _take_place(self.splitter, ATTACHMENT_PLACE, pane)
        pane.showing.connect(lambda text: self.statusBar().showMessage(text))
        pane.pdf_view.failed.connect(lambda message: self.statusBar().showMessage(message))
        pane.pdf_view.annotation_failed.connect(
            lambda message: self.statusBar().showMessage(message)
        )
        if self._built_panes:
            from companion.ui.accessibility import set_reading_tab_order

            set_reading_tab_order(self)

    def _init_position_panel(self) -> None:
        """The member's position, questions and notes, below the item text."""
        from PySide6.QtWidgets import QFrame, QScrollArea

        from companion.ui.position_panel import PositionPanel

        self.position_panel = PositionPanel(self._personal_runner, self._open_personal)
        self._init_highlights()
        # On a short screen the member may give the text more room: the panel then scrolls.
        self.position_scroll = QScrollArea()
        self.position_scroll.setObjectName("positionScroll")
        self.position_scroll.setWidget(self.position_panel)
        self.position_scroll.setWidgetResizable(True)
        self.position_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.position_scroll.setMinimumHeight(POSITION_MIN_HEIGHT)
        _take_place(self.item_splitter, POSITION_PLACE, self.position_scroll)

    def _init_highlights(self) -> None:
        """The highlights on the item text, listed in a tab of the position panel."""
        from companion.ui.annotation_list import HighlightList, TextHighlights

        self.highlight_list = HighlightList()
        self.position_panel.tabs.addTab(
            self.highlight_list, QCoreApplication.translate("MainWindow", "Highlights")
        )
        self.text_highlights = TextHighlights(
            self.item_view, self.position_panel, self.highlight_list
        )
        self.highlight_action.triggered.connect(lambda: self.text_highlights.highlight("yellow"))


def _place(min_height: int = 0) -> QWidget:
    """An empty place kept for a pane made later."""
    place = QWidget()
    place.setMinimumHeight(min_height)
    return place


def _take_place(splitter: QSplitter, index: int, pane: QWidget) -> None:
    """Put ``pane`` in the place ``index`` of ``splitter`` (its size stays).

    PySide's ``replaceWidget`` leaves ``pane`` owned by Python: the window keeps a
    reference to each pane put in a place (else it would be deleted with the last one).
    """
    place = splitter.widget(index)
    splitter.replaceWidget(index, pane)
    if place is not None:
        place.deleteLater()
