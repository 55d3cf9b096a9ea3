"""When two people of a pair are both free in a week, on the viewer's clock.

Each person's weekly windows are in their own time zone; both are turned into UTC hour bits of
the same week (the matching engine's own conversion, so the page and the score agree), and the
shared hours are shown back as ranges on the viewer's days and hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ponte.matching.loading import window_hours
from ponte.matching.scoring import mask_to_hours, weekly_mask_utc
from ponte.people.choices import Weekday
from ponte.people.models import Person


@dataclass(frozen=True)
class SharedSlot:
    weekday: int  # 0 = Monday, on the viewer's calendar
    start: time
    end: time  # time(0) means midnight at the end of the day

    @property
    def day_label(self) -> str:
        return str(Weekday(self.weekday).label)


def _mask(person: Person, monday: date) -> np.ndarray:
    windows = [(w.weekday, *window_hours(w.start, w.end)) for w in person.availability.all()]
    return weekly_mask_utc(windows, person.zone_name, monday)


def shared_slots(viewer: Person, partner: Person, *, today: date) -> list[SharedSlot]:
    """The hours both are available in the week of ``today``, merged into ranges per viewer day."""
    monday = today - timedelta(days=today.weekday())
    both = _mask(viewer, monday) & _mask(partner, monday)
    week_start = datetime.combine(monday, time(0), tzinfo=UTC)
    zone = ZoneInfo(viewer.zone_name)
    local_hours = sorted(
        {
            (local.weekday(), local.hour)
            for local in ((week_start + timedelta(hours=hour)).astimezone(zone) for hour in mask_to_hours(both))
        }
    )
    slots: list[SharedSlot] = []
    run: list[tuple[int, int]] = []
    for day, hour in local_hours:
        if run and run[-1][0] == day and run[-1][1] == hour - 1:
            run.append((day, hour))
            continue
        if run:
            slots.append(_slot(run))
        run = [(day, hour)]
    if run:
        slots.append(_slot(run))
    return slots


def _slot(run: list[tuple[int, int]]) -> SharedSlot:
    day, first = run[0]
    last = run[-1][1]
    return SharedSlot(weekday=day, start=time(first), end=time((last + 1) % 24))
