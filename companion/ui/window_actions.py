"""The main window's actions and menus (a part of `MainWindow`).

Their strings are translated in the context "MainWindow", as the window's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

# QAction, QKeySequence and QLineEdit are imported where the actions are made, after the
# window's first paint: PySide makes their types (8 enum classes) on first import.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QLineEdit

    from companion.ui.search.controller import WindowSearch

# The part's methods use the window's panes and each other's: to mypy it is an Any
# base (its attributes live on `MainWindow`); at run time a plain mixin.
_WindowPart: Any = object


class WindowActions(_WindowPart):  # type: ignore[misc]
    """Builds the window's actions and its menu bar."""

    _search: WindowSearch | None

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str, tip: str = ""
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        # Qt's default context: this window. Given as a list: setShortcut's overloads make
        # PySide import the Qt namespace (93 enum classes, ~12 ms), which the start's item
        # need not wait for (the menus are made before it).
        action.setShortcuts([QKeySequence(shortcut)])
        action.setStatusTip(tip)
        self.addAction(action)
        return action

    def _init_actions(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence

        self.quit_action = self._action(
            QCoreApplication.translate("MainWindow", "&Quit"), QKeySequence.StandardKey.Quit
        )
        self.import_action = self._action(
            QCoreApplication.translate("MainWindow", "&Import..."),
            QKeySequence.StandardKey.Open,
            QCoreApplication.translate(
                "MainWindow",
                "Add meeting packages, agenda texts or agenda PDFs with their bilag "
                "(or drop them on the window)",
            ),
        )
        self.find_action = self._action(
            QCoreApplication.translate("MainWindow", "&Find in Item..."),
            QKeySequence.StandardKey.Find,
            QCoreApplication.translate("MainWindow", "Find text in the item shown"),
        )
        self._init_search_actions()
        self.highlight_action = self._action(
            QCoreApplication.translate("MainWindow", "&Highlight Selection"),
            "Ctrl+H",
            QCoreApplication.translate("MainWindow", "Highlight the selected text"),
        )
        self.meeting_list_action = self._action(
            QCoreApplication.translate("MainWindow", "Go to &Meeting List"),
            "Ctrl+L",
            QCoreApplication.translate("MainWindow", "Choose another meeting"),
        )
        self.agenda_action = self._action(
            QCoreApplication.translate("MainWindow", "Go to &Agenda"),
            "Ctrl+1",
            QCoreApplication.translate("MainWindow", "Move the focus to the agenda"),
        )
        self.next_item_action = self._action(
            QCoreApplication.translate("MainWindow", "&Next Item"),
            "Alt+Down",
            QCoreApplication.translate("MainWindow", "Show the next item of the agenda"),
        )
        self.previous_item_action = self._action(
            QCoreApplication.translate("MainWindow", "&Previous Item"),
            "Alt+Up",
            QCoreApplication.translate("MainWindow", "Show the previous item of the agenda"),
        )
        self.about_action = QAction(QCoreApplication.translate("MainWindow", "&About"), self)
        self.preferences_action = self._action(
            QCoreApplication.translate("MainWindow", "&Preferences..."),
            QKeySequence.StandardKey.Preferences,
            QCoreApplication.translate("MainWindow", "Language, text size, sync interval"),
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.shortcuts_action = self._action(
            QCoreApplication.translate("MainWindow", "&Keyboard Shortcuts"),
            "Ctrl+/",
            QCoreApplication.translate("MainWindow", "Every keyboard shortcut, searchable"),
        )
        self.show_changes_action = self._action(
            QCoreApplication.translate("MainWindow", "Show &Changes"),
            "Ctrl+D",
            QCoreApplication.translate(
                "MainWindow", "What changed in this item since the version you read"
            ),
        )
        self.show_changes_action.setEnabled(False)
        self.sync_action = self._action(
            QCoreApplication.translate("MainWindow", "&Sync Now"),
            "F5",
            QCoreApplication.translate(
                "MainWindow", "Get new and changed meetings from your sources"
            ),
        )
        self.sources_action = QAction(QCoreApplication.translate("MainWindow", "S&ources..."), self)
        self.sources_action.setStatusTip(
            QCoreApplication.translate("MainWindow", "Add or remove the sources of meetings")
        )
        self.session_action = self._action(
            QCoreApplication.translate("MainWindow", "&Session Mode"),
            "F9",
            QCoreApplication.translate(
                "MainWindow",
                "Follow or lead the meeting item by item, large, with the time and decisions",
            ),
        )
        self.session_action.setEnabled(False)
        self.presenter_action = self._action(
            QCoreApplication.translate("MainWindow", "&Presenter Screen"),
            "Ctrl+Shift+P",
            QCoreApplication.translate(
                "MainWindow",
                "Show the current item on a projector or second screen (never your notes)",
            ),
        )
        self.presenter_action.setEnabled(False)
        self.minutes_action = QAction(
            QCoreApplication.translate("MainWindow", "Draft &Minutes..."), self
        )
        self.minutes_action.setStatusTip(
            QCoreApplication.translate(
                "MainWindow",
                "The decisions of the session as a draft beslutningsreferat (Word or PDF)",
            )
        )
        self.minutes_action.setEnabled(False)
        self.export_action = self._action(
            QCoreApplication.translate("MainWindow", "&Export Notes..."),
            "Ctrl+E",
            QCoreApplication.translate(
                "MainWindow",
                "Your notes, positions and highlights of this meeting as PDF, Word or text",
            ),
        )
        self.export_action.setEnabled(False)
        self.detached_action = QAction(
            QCoreApplication.translate("MainWindow", "De&tached Notes..."), self
        )
        self.detached_action.setStatusTip(
            QCoreApplication.translate(
                "MainWindow",
                "Notes a new version of the agenda could not place: re-attach or delete them",
            )
        )

    def _init_search_actions(self) -> None:
        """Ctrl+K's search over every meeting, F3 / Shift+F3 through the open item's hits."""
        self.search_action = self._action(
            QCoreApplication.translate("MainWindow", "&Search All Meetings..."),
            "Ctrl+K",
            QCoreApplication.translate(
                "MainWindow", "Search the items, attachments and your notes of every meeting"
            ),
        )
        self.next_hit_action = self._action(
            QCoreApplication.translate("MainWindow", "Next Search &Hit"), "F3"
        )
        self.previous_hit_action = self._action(
            QCoreApplication.translate("MainWindow", "Previous Search Hit"), "Shift+F3"
        )

    def _init_search(self) -> None:
        """The search's actions and field now; the search itself after the start's item.

        Its modules (the search index, rapidfuzz, the stemmer: 25-60 ms of the GUI
        thread at a cold start) are not needed to read the member's item, so the
        app's start makes it once that item is painted (`MainWindow.first_item`),
        or on first use before that.
        """
        self.search_action.triggered.connect(lambda: self.search.open_popup())
        self.next_hit_action.triggered.connect(lambda: self.search.step(1))
        self.previous_hit_action.triggered.connect(lambda: self.search.step(-1))
        self.menuBar().setCornerWidget(self._search_field())

    @property
    def search(self) -> WindowSearch:
        """The window's search (made now if the start has not made it yet)."""
        return self._make_search()

    def _make_search(self) -> WindowSearch:
        if not self._built:
            self.start_panes()  # asked for before the start made the panes: now
        search: WindowSearch | None = self._search
        if search is None:
            from companion.ui.search.controller import WindowSearch

            search = self._search = WindowSearch(self)
            item = self.agenda_tree.current_item
            if item is not None and self.item_view.item is item:
                search.item_shown(item)  # shown before the search was made
        return search

    def _search_field(self) -> QLineEdit:
        """The search field at the menu bar's right end: typing in it opens Ctrl+K's search."""
        from PySide6.QtWidgets import QLineEdit

        field = QLineEdit()
        field.setObjectName("menuSearchField")
        field.setPlaceholderText(QCoreApplication.translate("WindowSearch", "Search (Ctrl+K)"))
        field.setFixedWidth(260)
        field.setAccessibleName(QCoreApplication.translate("WindowSearch", "Search"))

        def hand_over(text: str) -> None:
            search = self.search
            search.open_popup()
            search.popup.field.setText(text)
            search.popup.field.setCursorPosition(len(text))
            field.clear()

        field.textEdited.connect(hand_over)
        field.returnPressed.connect(lambda: hand_over(field.text()))
        return field

    def _init_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.sync_action)
        file_menu.addAction(self.sources_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.next_hit_action)
        view_menu.addAction(self.previous_hit_action)
        view_menu.addAction(self.highlight_action)
        view_menu.addSeparator()
        view_menu.addAction(self.meeting_list_action)
        view_menu.addAction(self.agenda_action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_changes_action)
        view_menu.addAction(self.detached_action)
        go_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Go"))
        go_menu.addAction(self.next_item_action)
        go_menu.addAction(self.previous_item_action)
        meeting_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Meeting"))
        meeting_menu.addAction(self.session_action)
        meeting_menu.addAction(self.presenter_action)
        meeting_menu.addAction(self.minutes_action)
        # Its actions are the position panel's (added with it: `WindowPanes.init_side_panes`).
        self.position_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Position"))
        help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        self._init_search()
