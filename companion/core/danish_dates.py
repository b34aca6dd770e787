"""Danish names of months and weekdays, and dates written the Danish way ("20. april 2015")."""

from __future__ import annotations

from datetime import datetime

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(moment: datetime | None) -> str:
    """``"Mandag den 20. april 2015"``; "" for None."""
    if moment is None:
        return ""
    weekday = WEEKDAYS[moment.weekday()].capitalize()
    return f"{weekday} den {short_date(moment)}"


def short_date(moment: datetime | None) -> str:
    """``"20. april 2015"``; "" for None."""
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}" if moment else ""
