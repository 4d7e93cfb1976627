"""Spreadsheets of organisations and activities: the columns, reading an uploaded file into
rows of text, the values of a cell, and writing the same columns out again (CSV, XLSX, JSON).

The file format is the same both ways, so an export imports again with no changes:

- The header row holds the columns' machine names, the model fields' own names (``name``,
  ``kind``, ``cvr``, …), in any order; only the required ones must be there. A missing column
  leaves the field as it is (or at its default, for a new row).
- An activity names its organisation by the organisation's short name (``slug``), the one
  stable, unique name it has; organisations are matched by ``slug``, or by ``name`` when no
  short name is given; activities by organisation and ``title``.
- Yes/no as ``ja``/``nej`` (also yes/no, 1/0, true/false, x); prices with a decimal comma
  (``125,50``) or point; times ``HH:MM``; dates ``YYYY-MM-DD`` (also ``31-12-2025``);
  target groups, challenges and weekdays as lists separated by ``;``.
- CSV as Danish Excel writes it: UTF-8 (with or without a byte-order mark), ``;`` or ``,``
  between cells (read from the header row). The export writes UTF-8 with a byte-order mark
  and ``;``, and puts an apostrophe before a cell that a spreadsheet would run as a formula;
  the import takes that apostrophe off again.

These words (``ja``, ``nej``, ``mandag``…) belong to the file format, like the ISO dates: an
export is the same whatever language the person exporting reads the portal in.

Nothing here queries the database: ``organisations.services.transfer`` looks up the names
and validates the rows.
"""

import csv
import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import puremagic
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from initiatives.exports import FORMULA_PREFIXES, spreadsheet_safe
from organisations.models import Activity, Organisation
from organisations.models.activity import WEEKDAY_FIELDS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TransferKind(models.TextChoices):
    """What a file holds."""

    ORGANISATIONS = "organisations", _("Organisations")
    ACTIVITIES = "activities", _("Activities")


class Format(models.TextChoices):
    CSV = "csv", _("CSV (for Excel)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    JSON = "json", _("JSON")


@dataclass(frozen=True)
class Column:
    """A column of the file: ``name`` is its header (the model field's name), ``kind`` how its
    cells read (text, bool, int, decimal, time, date, list, lookup), ``required`` whether the
    header must have it."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    hint: str = ""


def _label(model, name):
    return model._meta.get_field(name).verbose_name


def _columns(model, specs):
    return tuple(
        Column(
            name,
            label or _label(model, name),
            kind=kind,
            required=required,
            hint=hint,
        )
        for name, kind, required, label, hint in specs
    )


YES_NO = _("ja or nej")
LIST_HINT = _("names separated by ;")

ORGANISATION_COLUMNS = _columns(
    Organisation,
    [
        ("name", "text", True, None, ""),
        ("slug", "text", False, None, _("matched on; made from the name when empty")),
        ("kind", "choice", True, None, _("the code or the name of the kind")),
        ("parent", "lookup", False, None, _("the short name of an existing organisation")),
        ("description", "text", False, None, ""),
        ("address", "text", False, None, ""),
        ("area", "lookup", False, None, _("the name of an area")),
        ("website", "text", False, None, ""),
        ("cvr", "text", False, None, _("8 digits")),
        ("is_non_profit", "bool", False, None, YES_NO),
        ("contact_name", "text", False, None, ""),
        ("email", "text", False, None, ""),
        ("phone", "text", False, None, ""),
        ("staff_contact_name", "text", False, None, ""),
        ("staff_contact_email", "text", False, None, ""),
        ("staff_contact_phone", "text", False, None, ""),
        ("is_active", "bool", False, None, YES_NO),
    ],
)

ACTIVITY_COLUMNS = _columns(
    Activity,
    [
        ("organisation", "lookup", True, None, _("the organisation's short name (slug)")),
        ("title", "text", True, None, _("matched on, with the organisation")),
        ("description", "text", False, None, ""),
        ("target_groups", "list", False, None, LIST_HINT),
        ("challenges", "list", False, None, LIST_HINT),
        ("min_age", "int", False, None, ""),
        ("max_age", "int", False, None, ""),
        ("area", "lookup", False, None, _("the name of an area")),
        ("place", "text", False, None, ""),
        ("is_by_phone", "bool", False, None, YES_NO),
        ("is_online", "bool", False, None, YES_NO),
        ("rhythm", "text", False, None, ""),
        ("weekdays", "list", False, _("weekdays"), _("mandag; tirsdag; …")),
        ("start_time", "time", False, None, _("HH:MM")),
        ("end_time", "time", False, None, _("HH:MM")),
        ("price_dkk", "decimal", False, None, _("such as 125,50; empty when free")),
        ("referral_needed", "bool", False, None, YES_NO),
        ("welcome_name", "text", False, None, ""),
        ("welcome_phone", "text", False, None, ""),
        ("welcome_email", "text", False, None, ""),
        ("may_bring_companion", "bool", False, None, YES_NO),
        ("can_be_accompanied", "bool", False, None, YES_NO),
        ("accessibility", "text", False, None, ""),
        ("is_published", "bool", False, None, YES_NO),
        ("last_confirmed", "date", False, None, _("YYYY-MM-DD")),
    ],
)

COLUMNS = {
    TransferKind.ORGANISATIONS: ORGANISATION_COLUMNS,
    TransferKind.ACTIVITIES: ACTIVITY_COLUMNS,
}


def columns_of(kind):
    return COLUMNS[TransferKind(kind)]


# ---- Cells -------------------------------------------------------------------------------

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
assert set(WEEKDAY_WORDS) == {name for name, _label in WEEKDAY_FIELDS}

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


def format_weekdays(activity):
    return f"{LIST_SEPARATOR} ".join(
        WEEKDAY_WORDS[name][0] for name, _label in WEEKDAY_FIELDS if getattr(activity, name)
    )


def format_list(names):
    return f"{LIST_SEPARATOR} ".join(names)


# ---- Reading a file ----------------------------------------------------------------------


@dataclass
class Table:
    """A file read into text: its header as typed and its rows, each with its number in the
    spreadsheet (the header is row 1) and one cell per header column."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def as_data(self):
        """For the session: plain lists and strings."""
        return {"headers": self.headers, "rows": [[n, cells] for n, cells in self.rows]}

    @classmethod
    def from_data(cls, data):
        return cls(
            [str(h) for h in data["headers"]],
            [(int(n), [str(c) for c in cells]) for n, cells in data["rows"]],
        )


SAVE_AS_UTF8 = _(
    "In Excel choose File › Save as › “CSV UTF-8 (comma delimited) (*.csv)”, or save the "
    "file as an Excel workbook (.xlsx), and upload it again."
)


def _file_error(message, code, **params):
    return ValidationError(message, code=code, params={"help": SAVE_AS_UTF8, **params})


ZIP_START = b"PK\x03\x04"
OLE2_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_size(size):
    """Refuse a file larger than :data:`MAX_BYTES` (before reading it)."""
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
        )


def read_table(data):
    """The rows of an uploaded file (its bytes): an XLSX workbook's first sheet, a JSON list
    as an export writes it, or a CSV text in UTF-8. Anything else, or a file too large, is a
    ValidationError that says what to do."""
    check_size(len(data))
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ValidationError(_("The file is empty."), code="file_empty")
    if data.startswith(ZIP_START):
        return _read_xlsx(data)
    if data.startswith(OLE2_START):
        raise _file_error(
            _("This is an old Excel 97-2003 workbook (.xls). %(help)s"), code="old_excel"
        )
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:4096]:
        if data.startswith(UTF16_BOMS) or (not _recognised_kind(data) and _is_utf16(data)):
            raise _file_error(
                _("The file is saved as Unicode text (UTF-16), not as CSV UTF-8. %(help)s"),
                code="wrong_encoding",
            )
        raise _not_a_spreadsheet(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _recognised_kind(data):
            raise _not_a_spreadsheet(data) from error
        raise _file_error(
            _(
                "The file is not in UTF-8: letters such as æ, ø and å would come out wrong "
                "(it is probably saved as “CSV (semicolon delimited)” in an older format). "
                "%(help)s"
            ),
            code="wrong_encoding",
        ) from error
    if text.lstrip().startswith("["):
        return _read_json(text)
    return _read_csv(text)


def _is_utf16(data):
    """Text saved as UTF-16 without a byte-order mark ("Unicode text" in Excel)."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and sum(ch.isprintable() or ch in "\t\r\n" for ch in text) > 0.95 * len(text):
            return True
    return False


def _recognised_kind(data):
    try:
        matches = [m for m in puremagic.magic_string(data[:8192]) if m.offset == 0]
    except (puremagic.PureError, ValueError):
        return ""
    return matches[0].name if matches else ""


def _not_a_spreadsheet(data):
    kind = _recognised_kind(data) or _("not recognised")
    return _file_error(
        _("This file is not a spreadsheet (its content is %(kind)s). %(help)s"),
        code="not_a_spreadsheet",
        kind=kind,
    )


def _sniff_delimiter(text):
    """';' (Danish Excel), ',' or a tab: whichever the header row has most of (the machine
    names of the columns hold none of them)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(text):
    first, _newline, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        # Excel's own hint line ("sep=;") names the delimiter.
        delimiter, text = first.strip()[4], rest
    else:
        delimiter = _sniff_delimiter(text)
    try:
        records = list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as error:
        raise _file_error(
            _("The CSV file could not be read (%(problem)s). %(help)s"),
            code="bad_csv",
            problem=str(error),
        ) from error
    return _table(records)


def _limited(records):
    for number, record in enumerate(records, start=1):
        if number > MAX_ROWS + 1:
            raise ValidationError(
                _("The file has more than %(limit)s rows: split it into smaller files."),
                code="too_many_rows",
                params={"limit": MAX_ROWS},
            )
        yield record


def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
        if "xl/workbook.xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
            raise ValueError("not a plain workbook")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            records, size = [], 0
            for row in _limited(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
                records.append([_xlsx_text(value) for value in row])
                # A small workbook can unpack to much more text than it holds: it is kept in
                # the session until confirmed, so the text has the file's limit too.
                size += sum(len(cell) for cell in records[-1])
                if size > MAX_BYTES:
                    raise ValidationError(
                        _("The workbook holds more than %(limit)s of text: split it up."),
                        code="file_too_large",
                        params={"limit": filesizeformat(MAX_BYTES)},
                    )
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        raise _file_error(
            _("The file is not an Excel workbook that can be read. %(help)s"),
            code="bad_xlsx",
        ) from error
    return _table(records)


def _xlsx_text(value):
    """A workbook cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return format_bool(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.time):
        return format_time(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 2))
    return str(value)


def _read_json(text):
    """A list of objects with the columns as keys, as the JSON export writes it."""
    try:
        items = json.loads(text)
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError("not a list of objects")
    except ValueError as error:
        raise _file_error(
            _("The file is not a JSON list of rows. %(help)s"), code="bad_json"
        ) from error
    headers = list(dict.fromkeys(k for item in items for k in item))
    records = [headers, *([_json_text(item.get(h)) for h in headers] for item in items)]
    return _table(list(_limited(records)))


def _json_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return format_bool(value)
    if isinstance(value, list):
        return format_list(str(v) for v in value)
    return str(value)


def _table(records):
    records = [[str(c) for c in r] for r in records]
    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise ValidationError(_("The file is empty."), code="file_empty")
    headers = [h.strip() for h in records[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = []
    for number, record in enumerate(records[header_index + 1 :], start=header_index + 2):
        if not any(c.strip() for c in record):
            continue
        cells = [*record[:width], *[""] * (width - len(record))]
        extra = [c for c in record[width:] if c.strip()]
        rows.append((number, cells + extra))
    if not rows:
        raise ValidationError(
            _("The file has a header row but no rows below it."), code="file_without_rows"
        )
    return Table(headers, rows)


def header_key(text):
    """A header as its column's machine name: 'Target groups' → 'target_groups'."""
    return re.sub(r"[\s-]+", "_", str(text).strip().lstrip("\ufeff").casefold())


def check_headers(kind, table):
    """The column under each header of ``table`` (None for a column without a name and
    without content, which is ignored). Raises a ValidationError per problem: an unknown
    column, one given twice, a required one missing, a nameless column with content."""
    columns = {c.name: c for c in columns_of(kind)}
    found, errors, unknown = [], [], []
    for index, header in enumerate(table.headers):
        name = header_key(header)
        if not name:
            if any(index < len(cells) and cells[index].strip() for _n, cells in table.rows):
                errors.append(
                    ValidationError(
                        _("Column %(number)s has no name in the header row."),
                        code="unnamed_column",
                        params={"number": index + 1},
                    )
                )
            found.append(None)
        elif name not in columns:
            unknown.append(header.strip())
            found.append(None)
        elif columns[name] in found:
            errors.append(
                ValidationError(
                    _("The column “%(column)s” is there twice."),
                    code="repeated_column",
                    params={"column": name},
                )
            )
            found.append(None)
        else:
            found.append(columns[name])
    if unknown:
        errors.append(_unknown_columns_error(kind, unknown, table.headers))
    missing = [c.name for c in columns.values() if c.required and c not in found]
    if missing:
        errors.append(
            ValidationError(
                _("The file lacks the required column(s): %(columns)s."),
                code="missing_column",
                params={"columns": ", ".join(missing)},
            )
        )
    if errors:
        raise ValidationError(errors)
    return found


def _unknown_columns_error(kind, unknown, headers):
    other = next(k for k in TransferKind if k != kind)
    other_names = {c.name for c in columns_of(other)}
    if all(header_key(h) in other_names for h in headers if header_key(h)):
        return ValidationError(
            _("These are the columns of a file of %(other)s: choose %(other)s above."),
            code="wrong_kind",
            params={"other": other.label.lower()},
        )
    return ValidationError(
        _("Unknown column(s): %(columns)s. The columns are: %(known)s."),
        code="unknown_column",
        params={
            "columns": ", ".join(unknown),
            "known": ", ".join(c.name for c in columns_of(kind)),
        },
    )


# ---- Writing -----------------------------------------------------------------------------


def organisation_values(organisation, parents):
    """One organisation as the cells of :data:`ORGANISATION_COLUMNS`, in the file's words.
    ``parents`` maps an id to its slug (loaded with the rows, so that nothing queries here)."""
    o = organisation
    return {
        "name": o.name,
        "slug": o.slug,
        "kind": o.kind,
        "parent": parents.get(o.parent_id, ""),
        "description": o.description,
        "address": o.address,
        "area": o.area.name if o.area_id else "",
        "website": o.website,
        "cvr": o.cvr,
        "is_non_profit": o.is_non_profit,
        "contact_name": o.contact_name,
        "email": o.email,
        "phone": o.phone,
        "staff_contact_name": o.staff_contact_name,
        "staff_contact_email": o.staff_contact_email,
        "staff_contact_phone": o.staff_contact_phone,
        "is_active": o.is_active,
    }


def activity_values(activity):
    """One activity as the cells of :data:`ACTIVITY_COLUMNS` (its organisation, area and lists
    loaded with it)."""
    a = activity
    return {
        "organisation": a.organisation.slug,
        "title": a.title,
        "description": a.description,
        "target_groups": [g.name for g in a.target_groups.all()],
        "challenges": [c.name for c in a.challenges.all()],
        "min_age": a.min_age,
        "max_age": a.max_age,
        "area": a.area.name if a.area_id else "",
        "place": a.place,
        "is_by_phone": a.is_by_phone,
        "is_online": a.is_online,
        "rhythm": a.rhythm,
        "weekdays": [WEEKDAY_WORDS[n][0] for n, _label in WEEKDAY_FIELDS if getattr(a, n)],
        "start_time": a.start_time,
        "end_time": a.end_time,
        "price_dkk": a.price_dkk,
        "referral_needed": a.referral_needed,
        "welcome_name": a.welcome_name,
        "welcome_phone": a.welcome_phone,
        "welcome_email": a.welcome_email,
        "may_bring_companion": a.may_bring_companion,
        "can_be_accompanied": a.can_be_accompanied,
        "accessibility": a.accessibility,
        "is_published": a.is_published,
        "last_confirmed": a.last_confirmed,
    }


def _text(value):
    """A value as a CSV cell's text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return format_bool(value)
    if isinstance(value, list):
        return format_list(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime.time):
        return format_time(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(columns, records):
    """UTF-8 with a byte-order mark (so Excel reads æ, ø and å right) and ';' between cells,
    as Danish Excel expects; formula-like cells get an apostrophe first."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for values in records:
        writer.writerow([spreadsheet_safe(_text(values[c.name])) for c in columns])
    return out.getvalue().encode("utf-8")


def write_xlsx(columns, records, title):
    """One sheet: the header in bold and frozen, a filter on every column. Text stays text
    (never a formula), prices and ages are numbers and the confirmation date a date."""
    workbook = Workbook()
    workbook.properties.creator = "Frivilligportalen"
    sheet = workbook.active
    sheet.title = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
    for number, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=number, value=column.name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = max(12, len(column.name) + 2)
    last = 1
    for last, values in enumerate(records, start=2):
        for number, column in enumerate(columns, start=1):
            _put(sheet.cell(row=last, column=number), values[column.name], column)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _put(cell, value, column):
    if column.kind in ("int", "decimal") and value is not None:
        cell.value = value
        if column.kind == "decimal":
            cell.number_format = "0.00"
    elif column.kind == "date" and value is not None:
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", _text(value))
        if text:
            cell.value = text
            cell.data_type = "s"  # never a formula or an error code
            cell.quotePrefix = text.startswith(FORMULA_PREFIXES)


def write_json(columns, records):
    """A list of objects with the columns as keys: yes/no as true/false, lists as lists,
    prices as text with a decimal point ("125.50"), times "HH:MM", dates ISO."""

    def value(column, raw):
        if column.kind == "time":
            return format_time(raw) or None
        if column.kind == "decimal":
            return None if raw is None else f"{raw:.2f}"
        if column.kind in ("text", "choice", "lookup"):
            return raw or ""
        return raw

    data = [{c.name: value(c, values[c.name]) for c in columns} for values in records]
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
