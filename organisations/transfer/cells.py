"""The values of a cell as the file writes them, and how they read: yes/no, amounts, times,
dates, weekdays and lists."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from initiatives.exports import FORMULA_PREFIXES

TRUE_WORD, FALSE_WORD = "ja", "nej"
TRUE_WORDS = {"ja", "j", "yes", "y", "1", "true", "sand", "x"}
FALSE_WORDS = {"nej", "n", "no", "0", "false", "falsk", ""}
LIST_SEPARATOR = ";"
# The weekdays as the file writes them, and the other names it accepts for them.
WEEKDAY_WORDS = {
    "on_monday": ("mandag", "monday", "man", "mon", "ma"),
    "on_tuesday": ("tirsdag", "tuesday", "tir", "tue", "ti"),
    "on_wednesday": ("onsdag", "wednesday", "ons", "wed", "on"),
    "on_thursday": ("torsdag", "thursday", "tor", "thu", "to"),
    "on_friday": ("fredag", "friday", "fre", "fri", "fr"),
    "on_saturday": ("lørdag", "saturday", "lør", "sat", "lø", "loerdag"),
    "on_sunday": ("søndag", "sunday", "søn", "sun", "sø", "soendag"),
}
WEEKDAY_BY_WORD = {word: name for name, words in WEEKDAY_WORDS.items() for word in words}

PLAIN_NUMBER = re.compile(r"\A\d+(?:[.,]\d{1,2})?\Z")
DANISH_THOUSANDS = re.compile(r"\A\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?\Z")
TIME = re.compile(r"\A(\d{1,2})[:.](\d{2})(?::(\d{2}))?\Z")
DAY_FIRST_DATE = re.compile(r"\A(\d{1,2})[-./](\d{1,2})[-./](\d{4})\Z")


def key(text):
    """How names are compared: case and runs of spaces do not matter."""
    return " ".join(str(text).split()).casefold()


def clean_cell(text):
    """A cell's text as meant: without the apostrophe an export puts before a formula-like
    value, nor the spaces around it."""
    text = str(text).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def parse_bool(text):
    word = key(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(
        _("“%(value)s” is not yes or no: write ja or nej."),
        code="invalid_boolean",
        params={"value": text},
    )


def parse_decimal(text):
    """'125,50', '125.50', '1.250,50' or '125' (with 'kr.' or 'DKK' around it); empty: None."""
    compact = re.sub(r"(?i)\s|kr\.?|dkk", "", text)
    if not compact:
        return None
    if DANISH_THOUSANDS.match(compact):
        compact = compact.replace(".", "")
    elif not PLAIN_NUMBER.match(compact):
        raise ValidationError(
            _("“%(value)s” is not an amount: write it like 125,50."),
            code="invalid_decimal",
            params={"value": text},
        )
    return Decimal(compact.replace(",", "."))


def parse_int(text):
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise ValidationError(
            _("“%(value)s” is not a whole number."), code="invalid_int", params={"value": text}
        )
    return int(text)


def parse_time(text):
    """'14:30' (also '14.30', '9:05' and '14:30:00'); empty: None."""
    if not text:
        return None
    match = TIME.match(text)
    try:
        if not match:
            raise ValueError
        hour, minute, second = (int(part or 0) for part in match.groups())
        return datetime.time(hour, minute, second)
    except ValueError as error:
        raise ValidationError(
            _("“%(value)s” is not a time: write it like 14:30."),
            code="invalid_time",
            params={"value": text},
        ) from error


def parse_date(text):
    """'2025-12-31' (also the Danish '31-12-2025' and '31.12.2025'); empty: None."""
    if not text:
        return None
    try:
        match = DAY_FIRST_DATE.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text[:10] if len(text) > 10 else text)
    except ValueError as error:
        raise ValidationError(
            _("“%(value)s” is not a date: write it like 2025-12-31."),
            code="invalid_date",
            params={"value": text},
        ) from error


def split_list(text):
    """The names in a list cell, in order, separated by ';' (or by ',' where no name has one:
    the service tries each part whole first)."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def parse_weekdays(text):
    """The weekday fields a cell names ('mandag; onsdag' → on_monday, on_wednesday)."""
    names = set()
    for part in re.split(r"[;,]", text):
        word = key(part).rstrip(".")
        if not word:
            continue
        if word not in WEEKDAY_BY_WORD:
            raise ValidationError(
                _("“%(value)s” is not a weekday: write mandag, tirsdag, onsdag and so on."),
                code="invalid_weekday",
                params={"value": part.strip()},
            )
        names.add(WEEKDAY_BY_WORD[word])
    return names


def format_bool(value):
    return TRUE_WORD if value else FALSE_WORD


def format_decimal(value):
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def format_time(value):
    return "" if value is None else value.strftime("%H:%M")


def format_list(names):
    return f"{LIST_SEPARATOR} ".join(names)
