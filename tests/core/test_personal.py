"""The personal store: schema, durability settings, read marks, backups, migrations."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.core import personal
from companion.core.personal import PersonalStore, PersonalStoreError
from companion.core.session import ItemStatus, SessionState

MEETING = "kkr-midtjylland-2015-04-20"
TABLES = {"annotations", "positions", "questions", "notes", "read_marks", "decisions"}


def table_names(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows}
    finally:
        connection.close()


def test_new_store_has_schema_wal_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        assert store.schema_version() == len(personal.MIGRATIONS)
        assert store._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.integrity_ok()
    assert table_names(path) >= TABLES
    assert not (tmp_path / "backups").exists()  # nothing to back up in a new file


def test_read_marks_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.mark_read(MEETING, "1-1", 1)
        store.mark_read(MEETING, "3-1", 1)
        store.mark_read(MEETING, "3-1", 2)  # read again in a newer version
        store.mark_read(MEETING, "3-1", 2, attachment_id="3-1-b1")
        store.mark_read("kkr-midtjylland-2016-11-22", "1-1", 1)
    with PersonalStore(path) as store:
        assert store.read_items(MEETING) == {"1-1": 1, "3-1": 2}
        assert store.read_items("kkr-midtjylland-2020-02-05") == {}


def test_each_write_is_visible_to_another_connection_at_once(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as writer, PersonalStore(path) as reader:
        writer.mark_read(MEETING, "1-1", 1)
        assert reader.read_items(MEETING) == {"1-1": 1}


def test_constraints_guard_the_schema(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store._connection.execute(
                "INSERT INTO annotations (id, meeting_id, target, anchor, created, updated) "
                "VALUES ('a1', ?, 'page', '{}', 'now', 'now')",
                [MEETING],
            )
        with pytest.raises(sqlite3.IntegrityError):
            store._connection.execute(
                "INSERT INTO annotations (id, meeting_id, target, anchor, created, updated) "
                "VALUES ('a2', ?, 'item', 'not json', 'now', 'now')",
                [MEETING],
            )
        store._connection.execute(
            "INSERT INTO notes (meeting_id, item_id, body, updated) VALUES (?, NULL, 'x', 'now')",
            [MEETING],
        )
        with pytest.raises(sqlite3.IntegrityError):  # one meeting-level note per meeting
            store._connection.execute(
                "INSERT INTO notes (meeting_id, item_id, body, updated) "
                "VALUES (?, NULL, 'y', 'now')",
                [MEETING],
            )


def test_backup_is_a_complete_copy(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        store.mark_read(MEETING, "1-1", 1)
        saved = store.backup(tmp_path / "elsewhere")
    assert saved.parent == tmp_path / "elsewhere"
    assert saved.name.startswith("personal-") and saved.suffix == ".db"
    with PersonalStore(saved) as copy:
        assert copy.read_items(MEETING) == {"1-1": 1}


def _add_second_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    def add_column(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE positions ADD COLUMN chair_note TEXT")

    monkeypatch.setattr(personal, "MIGRATIONS", [*personal.MIGRATIONS, add_column])


def test_migration_takes_a_backup_first_and_keeps_data(tmp_path, monkeypatch) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.mark_read(MEETING, "1-1", 1)
    current = len(personal.MIGRATIONS)
    _add_second_migration(monkeypatch)

    with PersonalStore(path) as store:
        assert store.schema_version() == current + 1
        assert store.read_items(MEETING) == {"1-1": 1}

    [saved] = (tmp_path / "backups").glob("personal-*.db")
    with sqlite3.connect(saved) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == current
        assert old.execute("SELECT item_id FROM read_marks").fetchall() == [("1-1",)]


def test_only_a_few_migration_backups_are_kept(tmp_path, monkeypatch) -> None:
    path = tmp_path / "personal.db"
    PersonalStore(path).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    for number in range(8):
        (backups / f"personal-20200101-00000{number}-000000.db").write_bytes(b"old")
    _add_second_migration(monkeypatch)

    PersonalStore(path).close()

    kept = sorted(p.name for p in backups.glob("personal-*.db"))
    assert len(kept) == personal.BACKUPS_KEPT
    assert not kept[-1].startswith("personal-2020")  # the new one is kept


def test_newer_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    PersonalStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 42")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(PersonalStoreError, match="newer version"):
        PersonalStore(path)
    assert path.read_bytes() == before


def test_damaged_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    path.write_bytes(b"not a database, but precious" * 100)
    with pytest.raises(PersonalStoreError, match="personal.db"):
        PersonalStore(path)
    assert path.read_bytes() == b"not a database, but precious" * 100


def test_several_connections_opening_a_new_file_at_once(tmp_path: Path) -> None:
    """The window's workers open the store concurrently; a new file must not fail any."""
    import threading

    for attempt in range(40):
        path = tmp_path / f"attempt-{attempt}" / "personal.db"
        errors: list[Exception] = []

        def open_and_write(path: Path = path, errors: list[Exception] = errors) -> None:
            try:
                with PersonalStore(path) as store:
                    store.mark_read("meeting", "item", 1)
            except Exception as error:  # collected and asserted below
                errors.append(error)

        threads = [threading.Thread(target=open_and_write) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with PersonalStore(path) as store:
            assert store.read_items("meeting") == {"item": 1}


# -- the API: positions, questions, notes, annotations --------------------------------

ITEM = "3-1"
SHA = "ab" * 32
ITEM_ANCHOR = {"exact": "Udpegning", "prefix": "KKR ", "suffix": " af", "position": 120}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PersonalStore(tmp_path / "personal.db") as opened:
        yield opened


def reopened(store: PersonalStore) -> PersonalStore:
    """A second, independent connection to the same file (what a restart sees)."""
    return PersonalStore(store.path)


def test_position_upserts_and_none_keeps_the_other_field(store: PersonalStore) -> None:
    first = store.set_position(MEETING, ITEM, stance="forbehold")
    assert (first.stance, first.remark) == ("forbehold", "")
    second = store.set_position(MEETING, ITEM, remark="Spørg til økonomien")
    assert (second.stance, second.remark) == ("forbehold", "Spørg til økonomien")
    assert second.updated >= first.updated
    assert second.updated.tzinfo is not None and second.updated.utcoffset().total_seconds() == 0
    third = store.set_position(MEETING, ITEM, stance="tiltraeder")
    assert (third.stance, third.remark) == ("tiltraeder", "Spørg til økonomien")
    with reopened(store) as other:
        assert other.position(MEETING, ITEM) == third
        assert other.positions(MEETING) == {ITEM: third}
        assert other.positions("another-meeting") == {}
        assert other.position(MEETING, "1-1") is None


def test_remark_without_stance_means_not_decided(store: PersonalStore) -> None:
    position = store.set_position(MEETING, ITEM, remark="læst")
    assert position.stance == "ikke_taget_stilling"


@pytest.mark.parametrize("stance", personal.STANCES)
def test_every_stance_is_accepted(store: PersonalStore, stance: str) -> None:
    assert store.set_position(MEETING, ITEM, stance=stance).stance == stance


def test_unknown_stance_names_it_and_the_allowed_ones(store: PersonalStore) -> None:
    store.set_position(MEETING, ITEM, stance="imod")
    with pytest.raises(ValueError, match=r"'enig'.*tiltraeder.*ikke_taget_stilling"):
        store.set_position(MEETING, ITEM, stance="enig")
    assert store.position(MEETING, ITEM).stance == "imod"  # type: ignore[union-attr]


def test_empty_ids_are_refused(store: PersonalStore) -> None:
    with pytest.raises(ValueError, match="meeting id"):
        store.set_position("", ITEM, stance="imod")
    with pytest.raises(ValueError, match="item id"):
        store.set_note(MEETING, "", "x")


def test_questions_keep_order_text_and_done(store: PersonalStore) -> None:
    first = store.add_question(MEETING, ITEM, "Hvad koster det?")
    second = store.add_question(MEETING, ITEM, "Hvem betaler?")
    store.add_question(MEETING, "1-1", "Andet punkt")
    assert isinstance(first.id, int) and first.id != second.id
    assert (first.order, second.order) == (0, 1)
    changed = store.update_question(first.id, done=True)
    assert (changed.text, changed.done) == ("Hvad koster det?", True)
    changed = store.update_question(second.id, text="Hvem betaler for det?")
    assert (changed.text, changed.done) == ("Hvem betaler for det?", False)
    with reopened(store) as other:
        texts = [(q.text, q.done) for q in other.questions(MEETING, ITEM)]
    assert texts == [("Hvad koster det?", True), ("Hvem betaler for det?", False)]


def test_deleted_question_is_gone_and_its_id_not_reused(store: PersonalStore) -> None:
    first = store.add_question(MEETING, ITEM, "a")
    second = store.add_question(MEETING, ITEM, "b")
    store.delete_question(second.id)
    third = store.add_question(MEETING, ITEM, "c")
    assert third.id not in (first.id, second.id)
    assert [q.text for q in store.questions(MEETING, ITEM)] == ["a", "c"]
    with pytest.raises(personal.UnknownRecordError, match=str(second.id)):
        store.delete_question(second.id)
    with pytest.raises(personal.UnknownRecordError, match="question"):
        store.update_question(second.id, done=True)


def test_notes_per_meeting_and_per_item(store: PersonalStore) -> None:
    html = "<ul><li>Økonomi</li><li>Tidsplan</li></ul>"
    store.set_note(MEETING, None, "første udkast")
    meeting_note = store.set_note(MEETING, None, html)
    item_note = store.set_note(MEETING, ITEM, "kort")
    assert meeting_note.body == html and meeting_note.item_id is None
    with reopened(store) as other:
        assert other.note(MEETING, None) == meeting_note
        assert other.note(MEETING, ITEM) == item_note
        assert other.note(MEETING, "1-1") is None
        assert other.note("another-meeting", None) is None


def test_item_annotation_round_trip(store: PersonalStore) -> None:
    added = store.add_annotation(MEETING, ITEM, "item", ITEM_ANCHOR, color="green", note="Vigtigt")
    assert len(added.id) == 32 and int(added.id, 16) >= 0
    assert (added.target, added.color, added.note, added.detached) == (
        "item",
        "green",
        "Vigtigt",
        False,
    )
    assert added.anchor == ITEM_ANCHOR and added.created == added.updated
    with reopened(store) as other:
        assert other.annotations(MEETING) == [added]
        assert other.annotations(MEETING, ITEM) == [added]
        assert other.annotations(MEETING, "1-1") == []


def test_attachment_annotation_needs_the_file_sha256(store: PersonalStore) -> None:
    anchor = {"page": 2, "quads": [[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]], "text": "bilag"}
    added = store.add_annotation(MEETING, ITEM, "attachment", anchor, file_sha256=SHA)
    assert added.file_sha256 == SHA and added.color == "yellow"
    with pytest.raises(ValueError, match="sha256"):
        store.add_annotation(MEETING, ITEM, "attachment", anchor)
    with pytest.raises(ValueError, match="sha256"):
        store.add_annotation(MEETING, ITEM, "attachment", anchor, file_sha256="xyz")
    assert store.annotations(MEETING) == [added]


def test_bad_annotation_input_is_refused_by_name(store: PersonalStore) -> None:
    with pytest.raises(ValueError, match="'page'"):
        store.add_annotation(MEETING, ITEM, "page", ITEM_ANCHOR)
    with pytest.raises(ValueError, match="JSON"):
        store.add_annotation(MEETING, ITEM, "item", {"when": object()})
    with pytest.raises(ValueError, match="dict"):
        store.add_annotation(MEETING, ITEM, "item", ["not", "a", "dict"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="colour"):
        store.add_annotation(MEETING, ITEM, "item", ITEM_ANCHOR, color=" ")
    assert store.annotations(MEETING) == []


def test_update_annotation_changes_only_what_is_given(store: PersonalStore) -> None:
    added = store.add_annotation(MEETING, ITEM, "item", ITEM_ANCHOR, note="før")
    noted = store.update_annotation(added.id, note="efter")
    assert (noted.note, noted.color, noted.anchor) == ("efter", "yellow", ITEM_ANCHOR)
    assert noted.updated >= added.updated and noted.created == added.created
    moved = store.update_annotation(added.id, anchor={"exact": "ny"}, detached=True, color="red")
    assert (moved.anchor, moved.detached, moved.color, moved.note) == (
        {"exact": "ny"},
        True,
        "red",
        "efter",
    )
    with reopened(store) as other:
        assert other.annotations(MEETING) == [moved]
    with pytest.raises(personal.UnknownRecordError, match="nope"):
        store.update_annotation("nope", note="x")


def test_delete_annotation_only_removes_that_one(store: PersonalStore) -> None:
    kept = store.add_annotation(MEETING, ITEM, "item", ITEM_ANCHOR)
    removed = store.add_annotation(MEETING, ITEM, "item", {"exact": "anden"})
    store.delete_annotation(removed.id)
    assert store.annotations(MEETING) == [kept]
    with pytest.raises(personal.UnknownRecordError, match=removed.id):
        store.delete_annotation(removed.id)


def test_annotations_are_listed_oldest_first(store: PersonalStore) -> None:
    ids = [store.add_annotation(MEETING, ITEM, "item", {"n": n}).id for n in range(5)]
    assert [a.id for a in store.annotations(MEETING)] == ids


def test_schema_1_file_is_migrated_with_its_questions(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    connection = sqlite3.connect(path)
    personal._migrate_1_initial(connection)
    connection.execute(
        "INSERT INTO questions (id, meeting_id, item_id, text, done, ord) "
        "VALUES ('q-a', ?, ?, 'gammel', 1, 0)",
        [MEETING, ITEM],
    )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()

    with PersonalStore(path) as store:
        assert store.schema_version() == len(personal.MIGRATIONS)
        [old] = store.questions(MEETING, ITEM)
        assert (old.text, old.done, old.order) == ("gammel", True, 0)
        assert store.add_question(MEETING, ITEM, "ny").id > old.id
        assert store.integrity_ok()
    [saved] = (tmp_path / "backups").glob("personal-*.db")
    check = sqlite3.connect(saved)
    try:
        assert check.execute("SELECT id FROM questions").fetchall() == [("q-a",)]
    finally:
        check.close()


# -- backups on start, backup files, restore ------------------------------------------


def test_backup_on_start_skips_a_missing_store(tmp_path: Path) -> None:
    assert personal.backup_on_start(tmp_path / "personal.db", tmp_path / "backups") is None
    assert not (tmp_path / "backups").exists()


def test_backup_on_start_copies_an_open_store_and_keeps_the_weeks_starts(
    tmp_path: Path,
) -> None:
    path, backups = tmp_path / "personal.db", tmp_path / "backups"
    with PersonalStore(path) as store:
        added = store.add_annotation(MEETING, ITEM, "item", ITEM_ANCHOR, note="n")
        made = [personal.backup_on_start(path, backups, keep=3) for _ in range(5)]
    kept = sorted(backups.glob("start-*.db"))
    assert kept == sorted(p for p in made if p)  # every start of the last week stays
    with PersonalStore(kept[-1]) as copy:  # the live WAL was included
        assert copy.annotations(MEETING) == [added]


def test_backup_on_start_does_not_prune_migration_backups(tmp_path: Path) -> None:
    path, backups = tmp_path / "personal.db", tmp_path / "backups"
    PersonalStore(path).close()
    backups.mkdir()
    (backups / "personal-20200101-000000-000000.db").write_bytes(b"before a migration")
    for _ in range(3):
        personal.backup_on_start(path, backups, keep=1)
    assert (backups / "personal-20200101-000000-000000.db").exists()
    assert len(list(backups.glob("start-*.db"))) == 3  # this week's starts all stay


def test_backup_on_start_logs_and_returns_none_for_a_damaged_store(tmp_path, caplog) -> None:
    path = tmp_path / "personal.db"
    path.write_bytes(b"not sqlite" * 200)
    assert personal.backup_on_start(path, tmp_path / "backups") is None
    assert "Could not back up" in caplog.text
    assert path.read_bytes() == b"not sqlite" * 200
    assert list((tmp_path / "backups").glob("*")) == []


def test_backup_file_into_a_folder_is_named_by_date_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "data" / "personal.db"
    with PersonalStore(path) as store:
        store.set_position(MEETING, ITEM, stance="imod")
    first = personal.write_backup_file(path, tmp_path)
    second = personal.write_backup_file(path, tmp_path)
    assert first.name.startswith("kkr-companion-backup-") and first.suffix == ".db"
    assert second != first and second.name.endswith("-2.db")
    assert personal.check_backup_file(first) == len(personal.MIGRATIONS)
    with pytest.raises(PersonalStoreError, match="already exists"):
        personal.write_backup_file(path, first)
    with pytest.raises(PersonalStoreError, match="nothing to back up"):
        personal.write_backup_file(tmp_path / "none" / "personal.db", tmp_path)


def test_restore_replaces_the_store_and_keeps_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "data" / "personal.db"
    with PersonalStore(path) as store:
        store.set_position(MEETING, ITEM, stance="imod")
    backup = personal.write_backup_file(path, tmp_path / "moved.db")
    with PersonalStore(path) as store:
        store.set_position(MEETING, ITEM, stance="tiltraeder")

    saved = personal.restore_backup_file(path, backup)

    with PersonalStore(path) as store:
        assert store.position(MEETING, ITEM).stance == "imod"  # type: ignore[union-attr]
    assert saved is not None and saved.parent == path.parent / "backups"
    with PersonalStore(saved) as old:
        assert old.position(MEETING, ITEM).stance == "tiltraeder"  # type: ignore[union-attr]
    assert sorted(p.name for p in path.parent.iterdir()) == ["backups", "personal.db"]


def test_restore_refuses_while_the_store_is_open(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.set_note(MEETING, None, "bevares")
        backup = personal.write_backup_file(path, tmp_path / "b.db")
        store.set_note(MEETING, None, "nyeste")
        with pytest.raises(PersonalStoreError, match="in use"):
            personal.restore_backup_file(path, backup)
        assert store.note(MEETING, None).body == "nyeste"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text, not a database" * 50, "not a companion backup"),
        (None, "not a companion personal store"),
    ],
)
def test_restore_refuses_a_wrong_file_and_changes_nothing(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.set_note(MEETING, None, "bevares")
    wrong = tmp_path / "wrong.db"
    if content is None:  # a real SQLite file, but not ours
        other = sqlite3.connect(wrong)
        other.execute("CREATE TABLE songs (title TEXT)")
        other.commit()
        other.close()
    else:
        wrong.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(PersonalStoreError, match=message) as raised:
        personal.restore_backup_file(path, wrong)
    assert "wrong.db" in str(raised.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["personal.db", "wrong.db"]


def test_restore_refuses_a_newer_backup(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.set_note(MEETING, None, "x")
    backup = personal.write_backup_file(path, tmp_path / "b.db")
    newer = sqlite3.connect(backup)
    newer.execute("PRAGMA user_version = 99")
    newer.close()
    with pytest.raises(PersonalStoreError, match="newer version"):
        personal.restore_backup_file(path, backup)


def test_restore_into_an_empty_data_folder(tmp_path: Path) -> None:
    source = tmp_path / "old-laptop" / "personal.db"
    with PersonalStore(source) as store:
        store.add_question(MEETING, ITEM, "Hvorfor?")
    backup = personal.write_backup_file(source, tmp_path)
    target = tmp_path / "new-laptop" / "personal.db"
    assert personal.restore_backup_file(target, backup) is None
    with PersonalStore(target) as store:
        assert [q.text for q in store.questions(MEETING, ITEM)] == ["Hvorfor?"]
        assert store._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- session: decisions and the chair's session -----------------------------------------


def _version_3_store(path: Path) -> None:
    """A store as version 3 of the app left it, with a decision, a note and a position."""
    connection = sqlite3.connect(path)
    for migration in personal.MIGRATIONS[:3]:
        migration(connection)
    connection.execute(
        "INSERT INTO decisions VALUES (?, ?, 'Indstillingen blev godkendt.', '2020-02-05')",
        [MEETING, ITEM],
    )
    connection.execute("INSERT INTO notes VALUES (?, NULL, 'mødenote', '2020-02-05')", [MEETING])
    connection.execute(
        "INSERT INTO positions VALUES (?, ?, 'imod', 'nej', '2020-02-05')", [MEETING, ITEM]
    )
    connection.execute("INSERT INTO anchored_versions VALUES (?, 2, '2020-02-05')", [MEETING])
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()


def test_version_3_store_gets_sessions_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    _version_3_store(path)
    assert "sessions" not in table_names(path)

    with PersonalStore(path) as store:
        assert store.schema_version() == 4
        assert store.decisions(MEETING) == {ITEM: "Indstillingen blev godkendt."}
        note = store.note(MEETING, None)
        assert note is not None and note.body == "mødenote"
        position = store.position(MEETING, ITEM)
        assert position is not None and (position.stance, position.remark) == ("imod", "nej")
        assert store.anchored_version(MEETING) == 2
        assert store.load_session(MEETING) is None
        assert store.integrity_ok()
    assert "sessions" in table_names(path)
    [saved] = (tmp_path / "backups").glob("personal-*.db")
    assert "sessions" not in table_names(saved)


def test_decisions_are_saved_replaced_and_deleted_by_blank_text(store: PersonalStore) -> None:
    assert store.decision(MEETING, ITEM) == ""
    store.set_decision(MEETING, ITEM, "Drøftet.")
    store.set_decision(MEETING, ITEM, "Drøftet. Sagen genoptages i juni.")
    store.set_decision(MEETING, "3-2", "Udsat.")
    store.set_decision("other-meeting", ITEM, "Godkendt.")
    assert store.decisions(MEETING) == {ITEM: "Drøftet. Sagen genoptages i juni.", "3-2": "Udsat."}
    store.set_decision(MEETING, "3-2", "  \n")
    assert store.decisions(MEETING) == {ITEM: "Drøftet. Sagen genoptages i juni."}
    assert store.decision(MEETING, "3-2") == ""


def test_bad_decision_input_is_refused(store: PersonalStore) -> None:
    with pytest.raises(ValueError, match="an item id"):
        store.set_decision(MEETING, "", "Udsat.")
    with pytest.raises(TypeError, match="a decision must be text"):
        store.set_decision(MEETING, ITEM, None)  # type: ignore[arg-type]


def test_decisions_and_session_survive_a_restart(store: PersonalStore) -> None:
    state = SessionState(MEETING, absent=["Jørgen Hoff"])
    state.start(datetime(2020, 2, 5, 9, 0, tzinfo=UTC), ITEM)
    state.set_status(ITEM, ItemStatus.POSTPONED)
    state.set_override("3-2", 20)
    store.save_session(state)
    store.set_decision(MEETING, ITEM, "Udsat til næste møde.")

    with reopened(store) as again:
        assert again.load_session(MEETING) == state
        assert again.decision(MEETING, ITEM) == "Udsat til næste møde."
        state.go_to("3-2", datetime(2020, 2, 5, 9, 10, tzinfo=UTC))
        again.save_session(state)  # replaces the saved one
    with reopened(store) as third:
        loaded = third.load_session(MEETING)
        assert loaded is not None and loaded.current_item_id == "3-2"
        assert loaded.spent == {ITEM: 600.0}
        third.delete_session(MEETING)
        assert third.load_session(MEETING) is None
        assert third.decision(MEETING, ITEM) == "Udsat til næste møde."


def test_unreadable_saved_session_names_the_meeting(store: PersonalStore) -> None:
    store._connection.execute(
        "INSERT INTO sessions VALUES (?, ?, 'now')", [MEETING, '{"meetingId": "x", "spent": 3}']
    )
    with pytest.raises(PersonalStoreError, match=f"session of meeting {MEETING}.*'spent'"):
        store.load_session(MEETING)
    with pytest.raises(sqlite3.IntegrityError):
        store._connection.execute("INSERT INTO sessions VALUES ('m2', 'not json', 'now')")
