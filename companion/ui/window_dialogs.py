"""The main window's modes and dialogs: session mode, export, preferences (a part of `MainWindow`).

Their strings are translated in the context "MainWindow", as the window's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from companion.core.anchoring import TextAnchor
    from companion.core.model import AgendaItem
    from companion.ui.chair.session_view import SessionView


# The part's methods use the window's panes and each other's: to mypy it is an Any
# base (its attributes live on `MainWindow`); at run time a plain mixin.
_WindowPart: Any = object


class WindowDialogs(_WindowPart):  # type: ignore[misc]
    """Session mode, the detached notes, export, preferences, shortcuts, changes, about."""

    session_view: SessionView | None
    _diff_dialog: QWidget | None

    def show_detached_notes(self) -> None:
        """Open the Detached notes dialog of the open meeting (without blocking)."""
        from PySide6.QtCore import Qt

        from companion.ui.detached_dialog import DetachedDialog

        if self._loaded is None or self._open_personal is None:
            return

        def selection() -> tuple[str, TextAnchor] | None:
            anchor = self.item_view.selection_anchor()
            item = self.item_view.item
            return None if anchor is None or item is None else (item.id, anchor)

        dialog = DetachedDialog(
            self.position_panel,
            self._loaded.meeting,
            selection,
            self,
            pdf_selection=self.attachment_pane.pdf_view.selected_words,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._redraw_highlights)
        dialog.changed.connect(self.attachment_pane.pdf_view.reload_marks)
        self.detached_dialog = dialog
        dialog.show()

    # -- the session (chair and members following) -----------------------------

    def toggle_session_mode(self) -> None:
        """Show the session view, or go back to the three panes (the session keeps running)."""
        if self.session_view is not None and self.stack.currentWidget() is self.session_view:
            self.leave_session_mode()
        else:
            self.enter_session_mode()

    def enter_session_mode(self) -> SessionView:
        """Show the open meeting's session in place of the panes; the session view."""
        from PySide6.QtCore import Qt

        view = self._session_view()
        if self._loaded is not None and (
            view.meeting is None or view.meeting.id != self._loaded.meeting.id
        ):
            view.set_meeting(self._loaded.meeting)
        if self._loaded is not None:
            self._settings.window_state.session_mode_meeting_id = self._loaded.meeting.id
        self.stack.setCurrentWidget(view)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return view

    def leave_session_mode(self) -> None:
        """Back to the panes, on the item the session is on."""
        from PySide6.QtCore import Qt

        self._settings.window_state.session_mode_meeting_id = ""
        self.stack.setCurrentWidget(self.splitter)
        self.agenda_tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _session_view(self) -> SessionView:
        if self.session_view is None:
            from companion.ui.chair.session_view import SessionView

            assert self._open_personal is not None, "session mode needs the personal store"
            view = SessionView(
                self._personal_runner, self._open_personal, open_library=self._open_library
            )
            view.leave_requested.connect(self.leave_session_mode)
            view.current_item_changed.connect(self._session_moved)
            view.export_folder = self._settings.window_state.last_export_folder
            view.author_name = self._settings.preferences.member_name
            view.minutes_written.connect(self._remember_export_folder)
            self.stack.addWidget(view)
            self.session_view = view
        return self.session_view

    def _mark_session_item(self, meeting_id: str) -> None:
        """After the tree is (re)filled: mark the item a running session of it is on."""
        view = self.session_view
        state = view.controller.state if view is not None else None
        if view is not None and view.meeting is not None and view.meeting.id == meeting_id:
            self.agenda_tree.agenda_model.set_session_item(
                state.current_item_id if state is not None else None
            )

    def _session_moved(self, item_id: str) -> None:
        """Members follow: the tree marks the session's item and shows it."""
        self.agenda_tree.agenda_model.set_session_item(item_id or None)
        if item_id:
            self.agenda_tree.select_item(item_id)

    def export_notes(self) -> None:
        """Open the export dialog for the open meeting (without blocking)."""
        from PySide6.QtCore import Qt

        from companion.ui.export_dialog import ExportDialog

        if self._loaded is None or self._open_personal is None:
            return
        self.position_panel.flush()  # the export reads what the member just typed
        self.text_highlights.flush()
        dialog = ExportDialog(
            self._runner,
            self._open_library,
            self._open_personal,
            self._loaded.meeting.id,
            self,
            settings=self._settings,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()

    def _remember_export_folder(self, path: Path) -> None:
        from companion.core.export.folders import folder_of

        self._settings.window_state.last_export_folder = folder_of(path)

    def open_preferences(self) -> None:
        """The Preferences dialog; what changed applies at once (the language at the next start)."""
        from PySide6.QtCore import Qt

        from companion.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self._settings, self)
        dialog.applied.connect(self._apply_preferences)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preferences_dialog = dialog
        dialog.open()

    def apply_text_size(self, points: int) -> None:
        """The member's text size: every pane scaled, the item text at ``points``."""
        from companion.ui.typography import apply_text_size

        apply_text_size(self, points)
        self.item_view.set_font_size(points)

    def _apply_preferences(self, changes: dict[str, object]) -> None:
        if "reading_font_size" in changes:
            self.apply_text_size(int(str(changes["reading_font_size"])))
            item = self.agenda_tree.current_item
            if item is not None:
                self._show_item(item)  # laid out again at the new size
        if "sync_interval_minutes" in changes:
            self.sync_controller.set_interval_minutes(int(str(changes["sync_interval_minutes"])))
        if "member_name" in changes and self.session_view is not None:
            self.session_view.author_name = str(changes["member_name"])

    def show_shortcuts(self) -> None:
        """Every keyboard shortcut of the window, searchable (without blocking)."""
        from PySide6.QtCore import Qt

        from companion.ui.shortcuts_dialog import ShortcutsDialog, menu_actions

        dialog = ShortcutsDialog(menu_actions(self.menuBar()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.show()

    # -- small helpers ---------------------------------------------------------

    def _item_read(self, meeting_id: str, item_id: str, version: int) -> None:
        """The read mark is saved: drop the item's "updated" flag and the meeting's."""
        self.meeting_chooser.note_read(meeting_id, version)
        if self._loaded is not None and self._loaded.meeting.id == meeting_id:
            self.agenda_tree.clear_mark(item_id)

    def _update_show_changes(self, _item: AgendaItem | None = None) -> None:
        """Show Changes needs an item shown and an older version of its meeting."""
        loaded = self._loaded
        self.show_changes_action.setEnabled(
            loaded is not None
            and loaded.has_older_versions
            and self.agenda_tree.current_item is not None
        )

    def show_changes(self) -> None:
        """Open the changes of the shown item against an older version (non-modal)."""
        from companion.ui.diff_view import open_diff_dialog

        item = self.agenda_tree.current_item
        if self._loaded is None or item is None or not self._loaded.has_older_versions:
            return
        if self._diff_dialog is not None:
            self._diff_dialog.close()
            self._diff_dialog.deleteLater()
        self._diff_dialog = open_diff_dialog(
            self,
            self._runner,
            self._open_library,
            self._loaded,
            item.id,
            self._settings.preferences.reading_font_size,
        )

    def _show_about(self) -> None:
        from companion.core import paths
        from companion.ui.about_dialog import AboutDialog

        AboutDialog(self._data_dir or paths.data_dir(), self._config_dir, self).exec()
