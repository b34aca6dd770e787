"""The PDF viewer's actions and tool row: page entry, tools, zoom (a part of `PdfView`).

Its strings are translated in the context "PdfView", as the viewer's own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from companion.ui import accessibility
from companion.ui.pdf_marks import (
    HIGHLIGHT_COLORS,
    color_label,
    mark_swatch,
)

if TYPE_CHECKING:
    pass


log = logging.getLogger(__name__)


def _unique_key_sequences(
    shortcuts: list[QKeySequence | QKeySequence.StandardKey],
) -> list[QKeySequence]:
    """The key sequences of ``shortcuts`` (standard keys expanded), without repeats."""
    keys: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        else:
            keys.append(shortcut)
    unique = dict.fromkeys(key.toString() for key in keys if not key.isEmpty())
    return [QKeySequence(key) for key in unique]


# The part's methods use the viewer's widgets and each other's: to mypy it is an Any
# base (its attributes live on `PdfView`); at run time a plain mixin.
_ViewPart: Any = object


class PdfToolbar(_ViewPart):  # type: ignore[misc]
    """The viewer's actions, its tool row and keeping them up to date."""

    def _init_actions(self) -> None:
        self._zoom_out_action = self._action(
            QCoreApplication.translate("PdfView", "Zoom out"), "\u2212", QIcon.ThemeIcon.ZoomOut,
            [QKeySequence.StandardKey.ZoomOut, QKeySequence("Ctrl+-")], self.zoom_out,
        )  # fmt: skip
        self._zoom_in_action = self._action(
            QCoreApplication.translate("PdfView", "Zoom in"), "+", QIcon.ThemeIcon.ZoomIn,
            [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")],
            self.zoom_in,
        )  # fmt: skip
        self._fit_width_action = self._action(
            QCoreApplication.translate("PdfView", "Fit width"), "\u2194",
            QIcon.ThemeIcon.ZoomFitBest, [QKeySequence("Ctrl+0")], self.fit_width,
        )  # fmt: skip
        self._fit_width_action.setCheckable(True)
        self._init_tool_actions()

    def _init_tool_actions(self) -> None:
        self._highlight_tool_action = self._tool_action(
            QCoreApplication.translate("PdfView", "Highlight"),
            QCoreApplication.translate("PdfView", "Highlight text: drag over the words on a page"),
        )
        self._note_tool_action = self._tool_action(
            QCoreApplication.translate("PdfView", "Note"),
            QCoreApplication.translate("PdfView", "Add a note: click where it belongs on a page"),
        )
        tools = QActionGroup(self)
        tools.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        tools.addAction(self._highlight_tool_action)
        tools.addAction(self._note_tool_action)
        tools.triggered.connect(self._tool_chosen)
        self._color_menu = QMenu(QCoreApplication.translate("PdfView", "Highlight colour"), self)
        colors = QActionGroup(self)
        for name in HIGHLIGHT_COLORS:
            action = self._color_menu.addAction(mark_swatch(name), color_label(name))
            action.setCheckable(True)
            action.setChecked(name == self._highlight_color)
            action.triggered.connect(
                lambda _checked=False, name=name: self.set_highlight_color(name)
            )
            colors.addAction(action)

    def _tool_action(self, text: str, tooltip: str) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setToolTip(tooltip)
        return action

    def _action(
        self,
        text: str,
        short_text: str,
        icon: QIcon.ThemeIcon,
        shortcuts: list[QKeySequence | QKeySequence.StandardKey],
        slot: Callable[[], None],
    ) -> QAction:
        """An action with its shortcuts active while focus is inside this viewer."""
        action = QAction(QIcon.fromTheme(icon), text, self)
        action.setIconText(short_text)
        keys = _unique_key_sequences(shortcuts)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(
            QCoreApplication.translate("PdfView", "{action} ({shortcut})").format(
                action=text, shortcut=shortcut
            )
        )
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _init_toolbar(self) -> None:
        self._page_entry = QSpinBox(self)
        self._page_entry.setKeyboardTracking(False)
        self._page_entry.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self._page_entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._page_entry.setToolTip(
            QCoreApplication.translate("PdfView", "Current page: type a number and press Enter")
        )
        self._page_entry.setAccessibleName(QCoreApplication.translate("PdfView", "Page number"))
        self._page_total = QLabel(self)
        self._zoom_label = QLabel(self)
        self._zoom_label.setToolTip(QCoreApplication.translate("PdfView", "Zoom"))
        self._zoom_label.setMinimumWidth(self._zoom_label.fontMetrics().horizontalAdvance("0000 %"))
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._toolbar = _ToolRow(self)
        row = self._toolbar.row
        row.addWidget(self._page_entry)
        row.addWidget(self._page_total)
        row.addStretch(1)
        highlight_button = self._tool_button(self._highlight_tool_action)
        highlight_button.setMenu(self._color_menu)
        highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        row.addWidget(highlight_button)
        row.addWidget(self._tool_button(self._note_tool_action))
        zoom = [
            self._tool_button(self._zoom_out_action),
            self._zoom_label,
            self._tool_button(self._zoom_in_action),
            self._tool_button(self._fit_width_action),
        ]
        for widget in zoom:
            row.addWidget(widget)
        more = QMenu(self._toolbar)
        more.addActions([self._zoom_out_action, self._zoom_in_action, self._fit_width_action])
        self._toolbar.set_overflow(
            zoom, more, QCoreApplication.translate("PdfView", "More tools: zoom, fit width")
        )

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton(self._toolbar)
        button.setDefaultAction(action)
        accessibility.name(button, action.text().replace("&", ""), action.toolTip())
        button.setAutoRaise(True)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return button

    # controls

    def _update_controls(self) -> None:
        loaded = self._info is not None
        for widget in (self._page_entry, self._zoom_label):
            widget.setEnabled(loaded)
        for action in (self._zoom_in_action, self._zoom_out_action, self._fit_width_action):
            action.setEnabled(loaded)
        annotating = loaded and self._context is not None
        for action in (self._highlight_tool_action, self._note_tool_action):
            action.setEnabled(annotating)
        if not annotating and self.tool:
            self.set_tool("")
        self._page_entry.blockSignals(True)
        self._page_entry.setRange(1, max(1, self.page_count))
        self._page_entry.setValue(self._current_page + 1)
        self._page_entry.blockSignals(False)
        digits = max(4, len(str(self.page_count)))  # a steady width: no relayout per document
        width = self._page_entry.fontMetrics().horizontalAdvance("0" * (digits + 2))
        self._page_entry.setFixedWidth(width + 12)
        total = (
            QCoreApplication.translate("PdfView", "/ {count}").format(count=self.page_count)
            if loaded
            else ""
        )
        self._page_total.setText(total)
        self._fit_width_action.setChecked(self._fit_width)
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        percent = round(self.zoom * 100)
        self._zoom_label.setText(
            QCoreApplication.translate("PdfView", "{percent} %").format(percent=percent)
        )


class _ToolRow(QWidget):
    """A row of tools whose last group folds into a "More" menu when the row is narrow.

    The row never asks for more width than its tools without the folded group, so
    a narrow pane (a small screen, a dragged splitter) still shows every tool.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfToolRow")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(6, 3, 6, 3)
        self.row.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # see minimumSizeHint
        self._folding: list[QWidget] = []
        self.more_button = QToolButton(self)
        self.more_button.setText("\u22ef")
        self.more_button.setAutoRaise(True)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.more_button.hide()

    def set_overflow(self, widgets: list[QWidget], menu: QMenu, tip: str) -> None:
        """Fold ``widgets`` (the row's last ones) into ``menu`` when the row is too narrow."""
        self._folding = widgets
        self.more_button.setMenu(menu)
        self.more_button.setToolTip(tip)
        self.more_button.setAccessibleName(tip)
        self.row.addWidget(self.more_button)
        self._fold()

    def _width_of(self, widgets: list[QWidget]) -> int:
        spacing = max(0, self.row.spacing())
        return sum(widget.sizeHint().width() + spacing for widget in widgets)

    def _full_width(self) -> int:
        margins = self.row.contentsMargins()
        items = (self.row.itemAt(i) for i in range(self.row.count()))
        shown = [item.widget() for item in items if item is not None]
        kept = [w for w in shown if w is not None and w is not self.more_button]
        return margins.left() + margins.right() + self._width_of(kept)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """As narrow as the row with its last group folded into "More"."""
        hint = super().minimumSizeHint()
        folded = self._full_width() - self._width_of(self._folding)
        folded += self.more_button.sizeHint().width() + max(0, self.row.spacing())
        return QSize(min(hint.width(), folded), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Fold or unfold the last group for the new width."""
        super().resizeEvent(event)
        self._fold()

    def _fold(self) -> None:
        if not self._folding:
            return
        folded = self.width() < self._full_width()
        for widget in self._folding:
            widget.setVisible(not folded)
        self.more_button.setVisible(folded)
