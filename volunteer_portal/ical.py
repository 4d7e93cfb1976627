"""iCalendar feeds (RFC 5545) of all-day events, written as text.

The portal's feeds hold only all-day events with a few text properties, so they are written
directly: the icalendar library spent most of a plan feed's time on its general machinery and
on folding. What RFC 5545 asks of this subset is kept: CRLF line ends, lines folded at 75
octets (never inside a UTF-8 character), TEXT values escaped (``\\ ; , newline``), DTSTAMP in
UTC, and dates as ``VALUE=DATE``. The tests parse the result with icalendar.
"""

import datetime

LINE_OCTETS = 75
CRLF = "\r\n"
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def escape_text(value):
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    return str(value).translate(_TEXT_ESCAPES)


def fold(line):
    """``line`` as UTF-8 octets, folded so that no physical line exceeds 75 octets: each
    continuation starts with one space, and a multi-octet character is never split."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return data
    parts, start, limit = [], 0, LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character: back off
            end -= 1
        parts.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1  # the leading space counts
    return b"\r\n ".join(parts)


def _utc(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(day):
    return day.strftime("%Y%m%d")


class DayCalendar:
    """A VCALENDAR of all-day, transparent events; ``to_ical()`` gives its bytes."""

    def __init__(self, *, prodid, name):
        self._lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{escape_text(prodid)}",
            f"X-WR-CALNAME:{escape_text(name)}",
        ]

    def add_event(self, *, uid, day, summary, description, url, stamp):
        """One all-day event on ``day``; ``stamp`` (a datetime) is when it last changed."""
        lines = [
            "BEGIN:VEVENT",
            f"SUMMARY:{escape_text(summary)}",
            f"DTSTART;VALUE=DATE:{_date(day)}",
        ]
        # The last day there is has no next day: without DTEND a date event lasts that day.
        if day < datetime.date.max:
            lines.append(f"DTEND;VALUE=DATE:{_date(day + datetime.timedelta(days=1))}")
        lines += [
            f"DTSTAMP:{_utc(stamp)}",
            f"UID:{escape_text(uid)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            f"URL:{url}",
            "END:VEVENT",
        ]
        self._lines += lines

    def to_ical(self):
        return b"\r\n".join(fold(line) for line in [*self._lines, "END:VCALENDAR"]) + b"\r\n"
