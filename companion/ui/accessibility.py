"""What a screen reader hears, and the focus frame every focusable widget shows.

`name` sets a widget's accessible name (and description) in one line;
`unnamed_controls` lists the controls of a widget tree whose accessibility
interface reports no name: what Orca, NVDA or VoiceOver would read as just
"button" or "edit". It asks Qt's accessibility interface, not
``widget.accessibleName()``, so a visible label, a buddy or a button's text
counts exactly when Qt passes it on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

# The kinds of widget a member operates; each needs a name a screen reader reads.
CONTROL_TYPES: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)


def name(widget: QWidget, accessible_name: str, description: str = "") -> None:
    """Give ``widget`` the name a screen reader reads, and a description where it helps.

    A combo box gets a label besides: on Linux Qt reads a combo box's current
    value as its name and passes its label on as a "labelled by" relation, the
    only way Orca hears what the box is for.
    """
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    if isinstance(widget, QComboBox):
        _UnseenLabel(widget, accessible_name)


class _UnseenLabel(QObject):
    """A hidden label beside a combo box that has no visible one, kept its sibling."""

    def __init__(self, combo: QComboBox, text: str) -> None:
        super().__init__(combo)
        self.label = QLabel(text)
        self.label.setObjectName("accessibleLabel")
        self.label.setBuddy(combo)
        self.label.hide()
        self._combo = combo
        self._place()
        combo.installEventFilter(self)

    def _place(self) -> None:
        """Make the label a sibling of the combo box (where Qt looks for its labels)."""
        parent = self._combo.parentWidget()
        self.label.setParent(parent)
        self.label.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the combo box into the layout it is put in."""
        if event.type() == QEvent.Type.ParentChange:
            self._place()
        return False


def spoken_name(widget: QWidget) -> str:
    """The name Qt's accessibility interface reports for ``widget`` ("" when none)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return ""
    return interface.text(QAccessible.Text.Name).strip()


def is_control(widget: QWidget) -> bool:
    """A widget the member operates: a control type, or anything that takes the focus.

    Parts read through their owner are left to it: scroll bars and header views
    (a view's headers are read as its column names), a combo box's popup list and
    the line edit inside an editable combo or spin box.
    """
    owner = widget.parentWidget()
    if isinstance(widget, QScrollBar | QHeaderView):
        return False
    if isinstance(widget, QLineEdit) and isinstance(owner, QComboBox | QAbstractSpinBox):
        return False
    if isinstance(widget, QAbstractItemView) and owner is not None:
        combo = owner.parentWidget()
        if isinstance(combo, QComboBox) and combo.view() is widget:
            return False
    if isinstance(widget, CONTROL_TYPES):
        return True
    return widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus


def controls(root: QWidget) -> Iterator[QWidget]:
    """``root`` and every widget below it in its window that the member operates.

    A dialog or popup parented to ``root``'s window is a window of its own: walk it apart.
    """
    window = root.window()
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is window and is_control(widget):
            yield widget


def describe(widget: QWidget) -> str:
    """A widget's class, object name and parent chain: enough to find it in the code."""
    parts: list[str] = []
    current: QWidget | None = widget
    while current is not None and len(parts) < 4:
        label = type(current).__name__
        if current.objectName():
            label += f"#{current.objectName()}"
        parts.append(label)
        current = current.parentWidget()
    return " < ".join(parts)


def has_name(widget: QWidget) -> bool:
    """Whether a screen reader reads ``widget`` with a name in words.

    A symbol ("+", an arrow) is no name. A combo box needs a label: Qt reads
    its current value as its name on Linux (what is chosen, not what for), and
    its label as a "labelled by" relation.
    """
    if isinstance(widget, QComboBox):
        return any(_in_words(label) for label in labels(widget))
    return _in_words(spoken_name(widget))


def _in_words(text: str) -> bool:
    return any(character.isalpha() for character in text)


def labels(widget: QWidget) -> list[str]:
    """The texts of the labels Qt reports as labelling ``widget`` (its buddies, its group)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return []
    relations = interface.relations(QAccessible.RelationFlag.Label)
    return [other.text(QAccessible.Text.Name) for other, _relation in relations]


def unnamed_controls(root: QWidget) -> list[str]:
    """The controls under ``root`` a screen reader would read without a name, described."""
    return [
        f"{describe(widget)}: {spoken_name(widget)!r}"
        for widget in controls(root)
        if not has_name(widget)
    ]


def focus_frame_style(palette: QPalette) -> str:
    """A style sheet drawing a clear focus frame in the palette's highlight colour.

    Fusion draws a thin focus rectangle on some widgets and none on others (a
    flat tool button, a list inside a styled pane); this frame is on all.
    """
    highlight = palette.color(QPalette.ColorRole.Highlight).name()
    return (
        "QAbstractButton:focus, QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus, "
        "QComboBox:focus, QAbstractSpinBox:focus, QAbstractItemView:focus, "
        "QAbstractSlider:focus, QTabBar:focus "
        f"{{ outline: none; border: 2px solid {highlight}; }}\n"
    )


def name_clear_button(line_edit: QLineEdit) -> None:
    """Name the clear button Qt puts in ``line_edit`` (it has only an icon)."""
    from PySide6.QtWidgets import QToolButton

    for button in line_edit.findChildren(QToolButton):
        if not button.accessibleName():
            button.setAccessibleName(QCoreApplication.translate("Accessibility", "Clear the field"))


def name_menu_overflow(bar: QMenuBar) -> None:
    """Name the » button a narrow menu bar shows for the menus that do not fit."""
    from PySide6.QtWidgets import QToolButton

    button = bar.findChild(QToolButton, "qt_menubar_ext_button")
    if button is not None:
        button.setAccessibleName(QCoreApplication.translate("Accessibility", "More menus"))


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab visits ``widgets`` in this order, each with the controls inside it; Shift+Tab back.

    Each widget's stretch of the focus chain (itself and what is inside it) is
    moved right after the stretch of the one before it, so a pane's inner order
    stays as its layout made it, whatever order the panes were made in.
    """
    previous: QWidget | None = None
    for widget in widgets:
        stretch = [
            member for member in _stretch(widget) if member.focusPolicy() != Qt.FocusPolicy.NoFocus
        ]
        for member in stretch:
            # Qt ignores a pair with a widget Tab cannot reach: only those are chained.
            if previous is not None and previous is not member:
                QWidget.setTabOrder(previous, member)
            previous = member


def _stretch(container: QWidget) -> list[QWidget]:
    """``container`` and the widgets inside it, in their focus-chain order."""
    stretch = [container]
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container and container.isAncestorOf(widget):
        stretch.append(widget)
        widget = widget.nextInFocusChain()
    return stretch


def set_reading_tab_order(window: MainWindow) -> None:
    """Tab through the reading window as a member reads: from the meeting to the PDF.

    Meeting list, agenda, item text, position (stance, remark, questions and
    notes), the item's attachments, then the PDF shown (its pages, tools and
    marks). The scroll area around the position panel is no stop of its own:
    it scrolls to whichever of its controls has the focus.
    """
    window.position_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    pane = window.attachment_pane
    chain_tab_order(
        [
            window.meeting_chooser,
            window.agenda_tree,
            window.item_view,
            window.position_scroll,
            pane.list,
            pane.pdf_view,
        ]
    )
