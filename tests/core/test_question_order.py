"""The member reorders an item's questions; the order is kept in the personal store."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.core.personal import PersonalStore, UnknownRecordError


def test_reordering_questions_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        first, second, third = (
            store.add_question("m", "i", text).id for text in ("Første", "Anden", "Tredje")
        )
        other = store.add_question("m", "j", "Et andet punkt").id
        store.reorder_questions("m", "i", [third, first])
    with PersonalStore(path) as store:
        assert [q.id for q in store.questions("m", "i")] == [third, first, second]
        assert [q.id for q in store.questions("m", "j")] == [other]


def test_reordering_with_a_question_of_another_item_changes_nothing(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        first = store.add_question("m", "i", "Første").id
        second = store.add_question("m", "i", "Anden").id
        other = store.add_question("m", "j", "Et andet punkt").id
        with pytest.raises(UnknownRecordError, match=str(other)):
            store.reorder_questions("m", "i", [other, second])
        assert [q.id for q in store.questions("m", "i")] == [first, second]
