"""The calendar months a dashboard's time series cover."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from ..scope import Scope

#: The organisation dashboard looks back two years.
HISTORY_MONTHS = 24


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_for(scope: Scope, today: date) -> list[date]:
    """A program's months from its start to its end (or today, if sooner); otherwise the last two years."""
    last = first_of_month(today)
    program = scope.program
    if program is not None and program.starts_on is not None:
        first = first_of_month(program.starts_on)
        if program.ends_on is not None and program.ends_on < today:
            last = first_of_month(program.ends_on)
        first = min(first, last)
    else:
        first = add_months(last, 1 - HISTORY_MONTHS)
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return months


def month_index(field: str, months: list[date]) -> Case:
    """Which of ``months`` the moment in ``field`` falls in, as its position (NULL outside them).

    Plain comparisons with each month's bounds on the current time zone's calendar: the same months
    as truncating the date, but native to the database (SQLite truncates dates in Python, row by row).
    """
    zone = timezone.get_current_timezone()
    bounds = [datetime.combine(month, time.min, tzinfo=zone) for month in [*months, add_months(months[-1], 1)]]
    return Case(
        *(
            When(**{f"{field}__gte": start, f"{field}__lt": end}, then=Value(position))
            for position, (start, end) in enumerate(itertools.pairwise(bounds))
        ),
        default=None,
        output_field=IntegerField(),
    )
