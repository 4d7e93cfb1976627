"""Reading an uploaded file into rows of text: an XLSX workbook's first sheet, a CSV in UTF-8
or a JSON export. A file that is none of these, or too large, gets an error saying what to
do."""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field

import puremagic
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from organisations.transfer.cells import format_bool, format_list, format_time

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60


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
