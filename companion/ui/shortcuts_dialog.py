"""The Keyboard Shortcuts dialog: every command with a shortcut, and the keys of the panes.

The commands come from the window's actions (grouped by the menu they are in,
in the order given: `menu_actions` lists a menu bar's in menu order); the keys
that are not actions (single keys in session mode, the questions list, marks on
a PDF, ...) are a fixed list written from the code that handles them. A filter
box narrows the rows; Esc closes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.ui.accessibility import name, name_clear_button
from companion.ui.chair.decision_editor import TEMPLATE_KEYS
from companion.ui.note_editor import BOLD_SHORTCUT, BULLET_SHORTCUT
from companion.ui.window_style import tones

log = logging.getLogger(__name__)

DEFAULT_SIZE = (960, 640)
COMMAND_COLUMN, KEYS_COLUMN, DESCRIPTION_COLUMN = range(3)
KEY_SEPARATOR = ", "


@dataclass(frozen=True)
class ShortcutRow:
    """One row: what it does, its keys (in the platform's notation), a description."""

    command: str
    keys: str
    description: str = ""
    #: The keys in Qt's portable notation (``Ctrl+H``), so a filter by "ctrl" finds them.
    portable_keys: str = ""

    def matches(self, words: list[str], section_title: str = "") -> bool:
        """True when every word (case-folded) occurs in the row or its section's title."""
        parts = (self.command, self.keys, self.description, self.portable_keys, section_title)
        text = " ".join(parts)
        haystack = text.casefold()
        return all(word in haystack for word in words)


@dataclass(frozen=True)
class ShortcutSection:
    """A titled group of rows (a menu, or a pane's own keys)."""

    title: str
    rows: tuple[ShortcutRow, ...]


# -- the commands (actions) -------------------------------------------------------------


def plain_text(text: str) -> str:
    """A menu text without its mnemonic ``&`` and its trailing ``...``: "Export Notes"."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("...").removesuffix("\u2026").strip()


def native_keys(sequences: Iterable[QKeySequence]) -> str:
    """The key sequences in the platform's notation, each once, joined by commas."""
    texts = (key.toString(QKeySequence.SequenceFormat.NativeText) for key in sequences)
    return KEY_SEPARATOR.join(dict.fromkeys(text for text in texts if text))


def _portable_keys(sequences: Iterable[QKeySequence]) -> str:
    return " ".join(key.toString(QKeySequence.SequenceFormat.PortableText) for key in sequences)


def menu_actions(menu_bar: QMenuBar) -> list[QAction]:
    """The actions of ``menu_bar``'s menus and submenus, in menu order (no separators)."""
    found: list[QAction] = []
    for action in menu_bar.actions():
        _collect(action, found)
    return found


def _collect(action: QAction, found: list[QAction]) -> None:
    menu = action.menu()
    if isinstance(menu, QMenu):
        for child in menu.actions():
            _collect(child, found)
    elif not action.isSeparator():
        found.append(action)


def _menu_title(action: QAction) -> str:
    """The title of the first menu ``action`` is in ("" when in none)."""
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu) and owner.title():
            return plain_text(owner.title())
    return ""


def action_sections(actions: Iterable[QAction], other: str) -> list[ShortcutSection]:
    """The actions with a shortcut and a text, grouped by menu in the order given.

    An action given twice is listed once; those in no menu go into a section titled
    ``other``.
    """
    groups: dict[str, list[ShortcutRow]] = {}
    seen: set[int] = set()
    for action in actions:
        if id(action) in seen or action.isSeparator() or not plain_text(action.text()):
            continue
        seen.add(id(action))
        keys = native_keys(action.shortcuts())
        if not keys:
            continue
        row = ShortcutRow(
            plain_text(action.text()),
            keys,
            action.statusTip(),
            _portable_keys(action.shortcuts()),
        )
        groups.setdefault(_menu_title(action) or other, []).append(row)
    return [ShortcutSection(title, tuple(rows)) for title, rows in groups.items()]


# -- the keys that are not actions ------------------------------------------------------


def _row(keys: list[str], command: str) -> ShortcutRow:
    """A fixed row: ``keys`` in Qt's portable notation ("Ctrl+Up", "PgDown")."""
    sequences = [QKeySequence(key) for key in keys]
    return ShortcutRow(command, native_keys(sequences), "", _portable_keys(sequences))


# -- the dialog ---------------------------------------------------------------------------


class ShortcutsDialog(QDialog):
    """A searchable list of the window's shortcuts.

    Args:
        actions: the window's actions in menu order (see `menu_actions`); those
            without a shortcut are left out.
        parent: the window.
    """

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.sections = [
            *action_sections(actions, self.tr("Other commands")),
            *self.pane_sections(),
        ]
        self._init_widgets()
        self._init_layout()
        self._fill()
        self.filter_edit.textChanged.connect(self.set_filter)
        self.resize(*DEFAULT_SIZE)

    def pane_sections(self) -> list[ShortcutSection]:
        """The keys handled by the panes themselves, as their code handles them.

        From: chair/session_view.py (`SessionView._init_keys` and its key legend),
        position_panel.py (`QuestionList`), pdf_canvas.py / pdf_view.py (pages and
        marks), attachment_pane.py (the marks list), annotation_list.py (the
        highlights list), find_bar.py and note_editor.py.
        """

        templates = [str(number) for number in range(1, TEMPLATE_KEYS + 1)]
        return [
            ShortcutSection(
                self.tr("Session mode (when no text field has the focus)"),
                (
                    _row(["Right", "Space", "PgDown"], self.tr("Next item")),
                    _row(["Left", "PgUp"], self.tr("Previous item")),
                    _row(["D"], self.tr("Mark the item as dealt with")),
                    _row(["U"], self.tr("Mark the item as postponed")),
                    _row(["S"], self.tr("Mark the item as skipped")),
                    _row(templates, self.tr("Use a decision template")),
                    _row(["E", "Return"], self.tr("Type the decision")),
                    _row(["P"], self.tr("Open the presenter screen")),
                    _row(["Esc"], self.tr("Leave the text field (again: back to the agenda)")),
                ),
            ),
            ShortcutSection(
                self.tr("Questions to raise"),
                (
                    _row(["Space"], self.tr("Tick or untick the question")),
                    _row(["Del"], self.tr("Delete the question")),
                    _row(["Ctrl+Up", "Ctrl+Down"], self.tr("Move the question up or down")),
                ),
            ),
            ShortcutSection(
                self.tr("Attachment (PDF)"),
                (
                    _row(["PgUp", "PgDown"], self.tr("Previous or next page")),
                    _row(["Home", "End"], self.tr("First or last page")),
                    _row(["F2", "Return"], self.tr("Edit the note of the selected mark")),
                    _row(["Del"], self.tr("Delete the selected mark")),
                ),
            ),
            ShortcutSection(
                self.tr("Lists of marks and highlights"),
                (
                    _row(["F2"], self.tr("Edit the note of the selected mark")),
                    _row(["Del"], self.tr("Delete the selected mark or highlight")),
                ),
            ),
            ShortcutSection(
                self.tr("Find in item"),
                (
                    _row(["Return"], self.tr("Next match")),
                    _row(["Shift+Return"], self.tr("Previous match")),
                    _row(["Esc"], self.tr("Close the find bar")),
                ),
            ),
            ShortcutSection(
                self.tr("Notes"),
                (
                    _row([BOLD_SHORTCUT], self.tr("Bold")),
                    _row([BULLET_SHORTCUT], self.tr("Bulleted list")),
                ),
            ),
        ]

    def _init_widgets(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by command, key or description"))
        self.filter_edit.setClearButtonEnabled(True)
        name(self.filter_edit, self.tr("Filter the shortcuts"))
        name_clear_button(self.filter_edit)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutsTable")
        name(self.tree, self.tr("Keyboard shortcuts"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Command"), self.tr("Keys"), self.tr("Description")])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(COMMAND_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KEYS_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel()
        self.empty_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)

    def _fill(self) -> None:
        """One bold heading per section, its rows below (kept in ``self._items``)."""
        self._items: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for section in self.sections:
            heading = QTreeWidgetItem(self.tree, [section.title])
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(COMMAND_COLUMN)
            font.setBold(True)
            heading.setFont(COMMAND_COLUMN, font)
            heading.setBackground(COMMAND_COLUMN, tones(self.palette())["panel"])
            children = []
            for row in section.rows:
                item = QTreeWidgetItem(heading, [row.command, row.keys, row.description])
                item.setToolTip(DESCRIPTION_COLUMN, row.description)  # in case it is cut short
                children.append(item)
            self._items.append((heading, children))
        self.tree.expandAll()

    def set_filter(self, text: str) -> None:
        """Show only the rows in which every word of ``text`` occurs (any case)."""
        words = text.casefold().split()
        shown = 0
        for section, (heading, children) in zip(self.sections, self._items, strict=True):
            visible = 0
            for row, item in zip(section.rows, children, strict=True):
                hidden = not row.matches(words, section.title)
                item.setHidden(hidden)
                visible += not hidden
            heading.setHidden(visible == 0)
            shown += visible
        self.empty_label.setVisible(shown == 0)
        self.empty_label.setText(self.tr('No shortcut matches "{text}".').format(text=text))

    def visible_rows(self) -> list[tuple[str, str]]:
        """The (command, keys) of the rows shown, top to bottom."""
        return [
            (item.text(COMMAND_COLUMN), item.text(KEYS_COLUMN))
            for heading, children in self._items
            if not heading.isHidden()
            for item in children
            if not item.isHidden()
        ]
