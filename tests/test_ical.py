"""The portal's own iCalendar writer (volunteer_portal.ical): what it writes is valid RFC 5545
as the icalendar library reads it, with long lines folded at 75 octets."""

import datetime

import icalendar
import pytest

from volunteer_portal.ical import DayCalendar, escape_text, fold

STAMP = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.UTC)
LONG = "Ældre Sagen, Røde Kors; frivillige i Ølstykke\\Åby " * 6


def a_calendar(**event):
    calendar = DayCalendar(prodid="-//Test//Test//EN", name="Mine aftaler 2026")
    calendar.add_event(
        **{
            "uid": "milestone-1@example.dk",
            "day": datetime.date(2026, 5, 4),
            "summary": LONG,
            "description": "Første linje\nAnden linje",
            "url": "https://example.dk/plans/plan/1/",
            "stamp": STAMP,
            **event,
        }
    )
    return calendar.to_ical()


def test_the_feed_parses_with_icalendar_and_keeps_every_value():
    parsed = icalendar.Calendar.from_ical(a_calendar())
    assert str(parsed["version"]) == "2.0"
    assert str(parsed["x-wr-calname"]) == "Mine aftaler 2026"
    (event,) = parsed.walk("VEVENT")
    assert str(event["summary"]) == LONG
    assert str(event["description"]) == "Første linje\nAnden linje"
    assert str(event["uid"]) == "milestone-1@example.dk"
    assert str(event["url"]) == "https://example.dk/plans/plan/1/"
    assert event.decoded("dtstart") == datetime.date(2026, 5, 4)
    assert event.decoded("dtend") == datetime.date(2026, 5, 5)
    assert event.decoded("dtstamp") == STAMP
    assert str(event["transp"]) == "TRANSPARENT"


def test_every_line_is_at_most_75_octets_and_ends_with_crlf():
    data = a_calendar()
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines), "the long summary is folded"
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in lines:
        line.decode()  # no UTF-8 character is cut in two


@pytest.mark.parametrize("text", ["a" * 200, "ø" * 100, "a" + "å" * 80, "x" * 75, "é" * 37])
def test_folding_splits_between_characters_and_unfolds_to_the_line(text):
    folded = fold(f"SUMMARY:{text}")
    physical = folded.split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    assert all(line.startswith(b" ") for line in physical[1:])
    assert b"".join([physical[0], *(line[1:] for line in physical[1:])]).decode() == (
        f"SUMMARY:{text}"
    )


def test_a_short_line_is_not_folded():
    assert fold("VERSION:2.0") == b"VERSION:2.0"


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_the_last_day_there_is_has_no_end():
    (event,) = icalendar.Calendar.from_ical(a_calendar(day=datetime.date.max)).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date.max
    assert "dtend" not in event


def test_a_stamp_in_another_zone_is_written_in_utc():
    copenhagen = datetime.timezone(datetime.timedelta(hours=1))
    stamp = datetime.datetime(2026, 3, 1, 13, 30, tzinfo=copenhagen)
    assert b"DTSTAMP:20260301T123000Z\r\n" in a_calendar(stamp=stamp)
