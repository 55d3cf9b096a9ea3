"""Shared free hours of a pair, on the viewer's clock, across time zones and DST changes."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ponte.pairs.overlap import SharedSlot, shared_slots
from ponte.people.models import AvailabilityWindow, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

WINTER = date(2027, 1, 13)
# Europe changes clocks on 28 March 2027, New York on 14 March: between the two the gap is 5 hours, not 6.
US_ALREADY_ON_SUMMER_TIME = date(2027, 3, 17)


def _person(zone: str, *windows: tuple[int, int, int]) -> Person:
    person = PersonFactory(time_zone=zone)
    for weekday, start, end in windows:
        # A window cannot end at 24:00: 23:59 stands for "until midnight" here.
        last = time(23, 59) if end == 24 else time(end)
        AvailabilityWindow.objects.create(person=person, weekday=weekday, start=time(start), end=last)
    return person


def _hours(slots: list[SharedSlot]) -> int:
    return sum(((slot.end.hour or 24) - slot.start.hour) for slot in slots)


def test_the_same_zone_shares_the_common_part_of_the_windows() -> None:
    rome = _person("Europe/Rome", (0, 9, 13))
    milan = _person("Europe/Rome", (0, 11, 17))
    assert shared_slots(rome, milan, today=WINTER) == [SharedSlot(0, time(11), time(13))]


def test_each_person_reads_the_shared_hours_on_their_own_clock() -> None:
    rome = _person("Europe/Rome", (2, 14, 18))
    new_york = _person("America/New_York", (2, 8, 12))
    assert shared_slots(rome, new_york, today=WINTER) == [SharedSlot(2, time(14), time(18))]
    assert shared_slots(new_york, rome, today=WINTER) == [SharedSlot(2, time(8), time(12))]


def test_a_week_when_only_one_side_changed_its_clocks_moves_the_shared_hours() -> None:
    rome = _person("Europe/Rome", (2, 14, 18))
    new_york = _person("America/New_York", (2, 8, 12))
    # New York is on summer time already: 08:00 there is 13:00 in Rome, so they share 14:00–17:00.
    assert shared_slots(rome, new_york, today=US_ALREADY_ON_SUMMER_TIME) == [SharedSlot(2, time(14), time(17))]


def test_a_window_across_midnight_of_the_viewer_is_split_by_day() -> None:
    tokyo = _person("Asia/Tokyo", (1, 0, 3), (0, 22, 24))
    rome = _person("Europe/Rome", (0, 14, 19))
    # Tokyo is 8 hours ahead in winter: Rome 14:00–16:00 and 16:00–19:00 are Tokyo 22:00–24:00 and 00:00–03:00.
    assert shared_slots(rome, tokyo, today=WINTER) == [SharedSlot(0, time(14), time(19))]
    assert shared_slots(tokyo, rome, today=WINTER) == [
        SharedSlot(0, time(22), time(0)),
        SharedSlot(1, time(0), time(3)),
    ]


def test_nobody_free_means_nothing_shared() -> None:
    assert shared_slots(_person("Europe/Rome"), _person("Europe/Rome", (0, 9, 17)), today=WINTER) == []


@settings(max_examples=25, deadline=None)
@given(
    zones=st.sampled_from(["Europe/Rome", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]),
    other=st.sampled_from(["Europe/Rome", "America/Sao_Paulo", "Asia/Tokyo", "UTC"]),
    day=st.integers(min_value=0, max_value=6),
    start=st.integers(min_value=0, max_value=20),
    length=st.integers(min_value=1, max_value=4),
    today=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
)
def test_both_people_see_the_same_number_of_shared_hours(zones, other, day, start, length, today) -> None:
    one = _person(zones, (day, start, start + length))
    two = _person(other, *[(weekday, 0, 24) for weekday in range(7)])
    assert _hours(shared_slots(one, two, today=today)) == _hours(shared_slots(two, one, today=today))
    assert _hours(shared_slots(one, two, today=today)) <= length
