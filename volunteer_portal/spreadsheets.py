"""Spreadsheets the portal writes (CSV for Danish Excel, XLSX): cells that a spreadsheet would
run as a formula are neutralised, text stays text, dates are dates."""

import csv
import datetime

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Cells that a spreadsheet would run as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Excel's built-in date format 14: Excel and LibreOffice show it in the reader's own short
# date format (31-12-2021 in Danish), where a written-out format would impose one.
XLSX_DATE_FORMAT = "mm-dd-yy"
XLSX_WRAP = Alignment(wrap_text=True, vertical="top")
XLSX_TOP = Alignment(vertical="top")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text, never evaluates as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return spreadsheet_safe(value)


def sheet_title(title):
    """Excel refuses some characters in sheet names and more than 31 of them."""
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31]


def write_table(sheet, columns, rows):
    """A header row in bold that stays in view, the rows, and a filter on every column."""
    for column, (heading, width) in enumerate(columns, start=1):
        put_cell(sheet.cell(row=1, column=column), str(heading)).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    last_row = 1
    for last_row, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            put_cell(sheet.cell(row=last_row, column=column), value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"


def put_cell(cell, value):
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not text:
            return cell
        cell.value = text
        cell.data_type = "s"  # never a formula or an error code ("#N/A")
        cell.quotePrefix = text.startswith(FORMULA_PREFIXES)
        cell.alignment = XLSX_WRAP if "\n" in text or len(text) > 40 else XLSX_TOP
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = XLSX_DATE_FORMAT
        cell.alignment = XLSX_TOP
    elif value is not None:
        cell.value = value
        cell.alignment = XLSX_TOP
    return cell


def csv_response(columns, rows, filename):
    """A CSV download for Danish Excel: UTF-8 with BOM, ``;`` between cells."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(heading) for heading, _width in columns])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response


def xlsx_response(title, columns, rows, filename):
    """An XLSX download of one sheet with ``columns`` and ``rows``."""
    workbook = Workbook()
    workbook.properties.title = str(title)
    workbook.properties.creator = "Frivilligportalen"
    sheet = workbook.active
    sheet.title = sheet_title(title)
    write_table(sheet, columns, rows)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response
