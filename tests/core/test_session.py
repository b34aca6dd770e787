"""The chair's session: time plan, moving through items, statuses, templates, JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from companion.core.model import AgendaItem, Meeting, Paragraph, Section, Span
from companion.core.session import (
    APPROVED,
    DECISION_TEMPLATES,
    DEFAULT_MEETING_MINUTES,
    DISCUSSED,
    NOTED,
    POSTPONED,
    ItemStatus,
    SessionState,
    SessionStateError,
    decision_templates,
    default_plan,
    is_closed,
    plan_with_overrides,
)
from tests.core.anchoring_corpus import real_meetings

T0 = datetime(2020, 2, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def meetings() -> dict[str, Meeting]:
    return {meeting.id: meeting for meeting in real_meetings()}


@pytest.fixture(scope="module")
def kkr_2020(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["kkr-midtjylland-2020-02-05"]


@pytest.fixture(scope="module")
def kd_net(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["kd-net-midtjylland-2020-01-24"]


def item_of(meeting: Meeting, number: str) -> AgendaItem:
    return next(item for item in meeting.items if item.number == number)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# -- the plan -------------------------------------------------------------------------


def test_only_kd_net_has_an_end_time(meetings: dict[str, Meeting]) -> None:
    with_end = sorted(m.id for m in meetings.values() if m.end is not None)
    assert with_end == ["kd-net-midtjylland-2020-01-24"]


def test_kd_net_plan_spreads_its_two_hours(kd_net: Meeting) -> None:
    plan = default_plan(kd_net)
    ids = [item.id for item in kd_net.items]
    assert list(plan) == ids  # agenda order
    assert sum(plan.values()) == 120  # 10:00-12:00
    # 120 = 17 * 7 + 1: the first item gets the spare minute
    assert [plan[i] for i in ids] == [8] + [7] * 16


def test_meeting_without_end_gets_the_default_length(meetings: dict[str, Meeting]) -> None:
    kkr_2015 = meetings["kkr-midtjylland-2015-04-20"]
    plan = default_plan(kkr_2015)
    assert kkr_2015.end is None
    assert sum(plan.values()) == DEFAULT_MEETING_MINUTES
    # 120 = 14 * 8 + 8: the first eight items get nine minutes
    assert list(plan.values()) == [9] * 8 + [8] * 6


def test_every_item_gets_at_least_a_minute_in_a_short_meeting(kd_net: Meeting) -> None:
    short = Meeting.from_dict(kd_net.to_dict())
    assert short.start is not None
    short.end = short.start + timedelta(minutes=5)
    plan = default_plan(short)
    assert set(plan.values()) == {1}
    assert len(plan) == 17


def test_overrides_win_and_the_rest_is_spread(kd_net: Meeting) -> None:
    ids = [item.id for item in kd_net.items]
    plan = plan_with_overrides(kd_net, {ids[2]: 30, ids[4]: 10, "gone/item": 99})
    assert plan[ids[2]] == 30
    assert plan[ids[4]] == 10
    others = [plan[i] for i in ids if i not in (ids[2], ids[4])]
    assert sum(others) == 120 - 40
    assert "gone/item" not in plan
    assert sum(plan.values()) == 120


def test_overrides_beyond_the_meeting_leave_a_minute_each(kd_net: Meeting) -> None:
    first = kd_net.items[0].id
    plan = plan_with_overrides(kd_net, {first: 200})
    assert plan[first] == 200
    assert all(minutes == 1 for item_id, minutes in plan.items() if item_id != first)


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_bad_override_is_named(kd_net: Meeting, bad: object) -> None:
    first = kd_net.items[0].id
    with pytest.raises(ValueError, match=f"planned minutes for item {first!r}"):
        plan_with_overrides(kd_net, {first: bad})  # type: ignore[dict-item]


# -- moving through the agenda --------------------------------------------------------


def test_start_next_previous_and_the_ends(kkr_2020: Meeting) -> None:
    ids = [item.id for item in kkr_2020.items]
    state = SessionState(kkr_2020.id)
    assert state.previous_item(kkr_2020, at(0)) == ids[0]  # none current: the first
    assert state.started_at == at(0)
    assert state.next_item(kkr_2020, at(1)) == ids[1]
    assert state.previous_item(kkr_2020, at(2)) == ids[0]
    assert state.previous_item(kkr_2020, at(3)) == ids[0]  # stays at the start
    state.go_to(ids[-1], at(4))
    assert state.next_item(kkr_2020, at(5)) == ids[-1]  # stays at the end
    assert state.current_item(kkr_2020) is kkr_2020.items[-1]


def test_start_with_an_item_and_resume_keeps_the_start(kkr_2020: Meeting) -> None:
    first = kkr_2020.items[0].id
    state = SessionState(kkr_2020.id)
    state.start(at(0), first)
    assert (state.started_at, state.current_item_id, state.current_since) == (at(0), first, at(0))
    state.start(at(10))
    assert state.started_at == at(0)
    assert state.item_elapsed(first, at(10)) == timedelta(minutes=10)


def test_time_is_banked_per_item(kkr_2020: Meeting) -> None:
    a, b = kkr_2020.items[0].id, kkr_2020.items[1].id
    state = SessionState(kkr_2020.id)
    state.start(at(0), a)
    state.go_to(b, at(3))
    state.go_to(a, at(10))  # back to a: its time adds up
    now = at(12)
    assert state.item_elapsed(a, now) == timedelta(minutes=5)
    assert state.item_elapsed(b, now) == timedelta(minutes=7)
    assert state.elapsed(now) == timedelta(minutes=12)
    assert state.spent == {a: 180.0, b: 420.0}


def test_overrun_is_negative_while_time_is_left(kd_net: Meeting) -> None:
    first = kd_net.items[0].id  # planned 8 minutes
    state = SessionState(kd_net.id)
    state.start(at(0), first)
    assert state.item_overrun(kd_net, first, at(5)) == timedelta(minutes=-3)
    assert state.item_overrun(kd_net, first, at(10)) == timedelta(minutes=2)
    state.set_override(first, 15)
    assert state.item_overrun(kd_net, first, at(10)) == timedelta(minutes=-5)
    state.set_override(first, None)
    assert state.item_overrun(kd_net, first, at(10)) == timedelta(minutes=2)
    with pytest.raises(KeyError, match="not an item of meeting"):
        state.item_overrun(kd_net, "nope", at(10))


def test_finish_stops_the_clocks(kkr_2020: Meeting) -> None:
    first = kkr_2020.items[0].id
    state = SessionState(kkr_2020.id)
    state.start(at(0), first)
    state.finish(at(30))
    assert state.elapsed(at(90)) == timedelta(minutes=30)
    assert state.item_elapsed(first, at(90)) == timedelta(minutes=30)


def test_moving_after_finish_resumes_the_session(kkr_2020: Meeting) -> None:
    first, second = kkr_2020.items[0].id, kkr_2020.items[1].id
    state = SessionState(kkr_2020.id)
    state.start(at(0), first)
    state.finish(at(30))
    assert state.next_item(kkr_2020, at(40)) == second
    assert state.finished_at is None
    assert state.elapsed(at(50)) == timedelta(minutes=50)
    assert state.item_elapsed(first, at(50)) == timedelta(minutes=30)
    assert state.item_elapsed(second, at(50)) == timedelta(minutes=10)


def test_before_start_nothing_has_elapsed() -> None:
    state = SessionState("m")
    assert state.elapsed(at(5)) == timedelta(0)
    assert state.item_elapsed("x", at(5)) == timedelta(0)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SessionState("m").start(datetime(2020, 2, 5, 10, 0))


def test_times_in_another_zone_are_kept_in_utc(kkr_2020: Meeting) -> None:
    copenhagen = timezone(timedelta(hours=1))
    state = SessionState(kkr_2020.id)
    state.start(datetime(2020, 2, 5, 10, 0, tzinfo=copenhagen))
    assert state.started_at == T0
    assert state.started_at is not None and state.started_at.tzinfo == UTC


# -- statuses, absent, closed items ----------------------------------------------------


def test_statuses_default_to_pending_and_accept_strings() -> None:
    state = SessionState("m")
    assert state.status("a") is ItemStatus.PENDING
    state.set_status("a", ItemStatus.DEALT)
    state.set_status("b", "postponed")
    assert state.status("a") is ItemStatus.DEALT
    assert state.status("b") is ItemStatus.POSTPONED
    with pytest.raises(ValueError, match="'done'"):
        state.set_status("c", "done")


def test_include_closed_toggles_once() -> None:
    state = SessionState("m")
    state.include_closed("x")
    state.include_closed("x")
    assert state.included_closed == ["x"]
    state.include_closed("x", included=False)
    assert state.included_closed == []


def test_is_closed_follows_public(kkr_2020: Meeting) -> None:
    item = Meeting.from_dict(kkr_2020.to_dict()).items[0]
    assert not is_closed(item)
    item.public = False
    assert is_closed(item)


# -- JSON ---------------------------------------------------------------------------------


def test_state_round_trips_through_json(kkr_2020: Meeting) -> None:
    ids = [item.id for item in kkr_2020.items]
    state = SessionState(kkr_2020.id, absent=["Anders Kühnau", "Jørgen Hoff"])
    state.start(at(0), ids[0])
    state.go_to(ids[1], at(4.5))
    state.set_status(ids[0], ItemStatus.DEALT)
    state.set_override(ids[2], 25)
    state.include_closed(ids[3])
    copy = SessionState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert copy == state
    assert copy.item_elapsed(ids[1], at(10)) == timedelta(minutes=5.5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"meetingId": ""}, "meetingId"),
        ({"startedAt": "yesterday"}, "startedAt"),
        ({"startedAt": "2020-02-05T10:00:00"}, "startedAt"),
        ({"statuses": {"a": "done"}}, "'done'"),
        ({"spent": []}, "spent"),
        ({"overrides": {"a": -3}}, "planned minutes for item 'a'"),
        ({"absent": "Jørgen"}, "absent"),
    ],
)
def test_bad_saved_state_names_the_field(change: dict[str, object], message: str) -> None:
    data = SessionState("m").to_dict() | change
    with pytest.raises(SessionStateError, match=message):
        SessionState.from_dict(data)


# -- decision templates ---------------------------------------------------------------


def test_every_item_offers_all_four_templates(meetings: dict[str, Meeting]) -> None:
    for meeting in meetings.values():
        for item in meeting.items:
            templates = decision_templates(item)
            assert sorted(templates) == sorted(DECISION_TEMPLATES), item.number
            assert templates[-1] == POSTPONED


@pytest.mark.parametrize(
    ("meeting_id", "number", "first"),
    [
        ("kkr-midtjylland-2020-02-05", "1.1", APPROVED),  # godkender referatet
        ("kkr-midtjylland-2020-02-05", "2.1", NOTED),  # tager orienteringen til efterretning
        ("kkr-midtjylland-2020-02-05", "3.3", DISCUSSED),  # at sagen drøftes
        ("kkr-midtjylland-2020-02-05", "3.1", DISCUSSED),  # drøfter og tilslutter sig
        ("kkr-midtjylland-2020-02-05", "6.1", NOTED),  # til efterretning / Drøfter
        ("kkr-midtjylland-2016-11-22", "3.6", NOTED),  # orienteres om
        ("kkr-midtjylland-2016-11-22", "3.3", DISCUSSED),
        ("kkr-midtjylland-2015-04-20", "3.4", APPROVED),  # anbefaler
        ("kd-net-midtjylland-2020-01-24", "3", DISCUSSED),  # KD-Net drøfter sagen
        ("kd-net-midtjylland-2020-01-24", "4", APPROVED),  # titled Orientering, godkender
        ("kd-net-midtjylland-2020-01-24", "5", APPROVED),  # resultatkontrakten godkendes
        ("kd-net-midtjylland-2020-01-24", "6", NOTED),
        ("kd-net-midtjylland-2020-01-24", "17", DISCUSSED),  # Eventuelt: no Indstilling
    ],
)
def test_the_indstilling_picks_the_first_template(
    meetings: dict[str, Meeting], meeting_id: str, number: str, first: str
) -> None:
    assert decision_templates(item_of(meetings[meeting_id], number))[0] == first


def test_second_cue_comes_second(meetings: dict[str, Meeting]) -> None:
    item = item_of(meetings["kkr-midtjylland-2020-02-05"], "6.1")
    assert decision_templates(item)[:2] == [NOTED, DISCUSSED]


def test_templates_do_not_name_the_body() -> None:
    item = AgendaItem(
        "m/x",
        "1",
        "Test",
        sections=[
            Section(
                "indstilling",
                "Indstilling",
                [Paragraph([Span("Det indstilles, at KD-Net godkender dagsordenen")])],
            )
        ],
    )
    templates = decision_templates(item)
    assert templates[0] == APPROVED
    assert not any("KD-Net" in t or "KKR" in t for t in templates)
