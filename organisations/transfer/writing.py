"""Writing organisations and activities in the columns of the import: CSV for Danish Excel,
XLSX and JSON. Pure functions over loaded objects: nothing here queries the database."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from initiatives.exports import FORMULA_PREFIXES, spreadsheet_safe
from organisations.models.activity import WEEKDAY_FIELDS
from organisations.transfer.cells import (
    WEEKDAY_WORDS,
    format_bool,
    format_decimal,
    format_list,
    format_time,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
