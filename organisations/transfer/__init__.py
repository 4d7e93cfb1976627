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

Nothing in this package queries the database: ``organisations.services.transfer`` looks up the names
and validates the rows.
"""

from organisations.transfer.cells import (
    clean_cell,
    format_bool,
    format_decimal,
    key,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_time,
    parse_weekdays,
    split_list,
)
from organisations.transfer.columns import (
    ACTIVITY_COLUMNS,
    COLUMNS,
    ORGANISATION_COLUMNS,
    Column,
    Format,
    TransferKind,
    check_headers,
    columns_of,
)
from organisations.transfer.reading import MAX_BYTES, Table, check_size, read_table
from organisations.transfer.writing import (
    XLSX_TYPE,
    activity_values,
    organisation_values,
    write_csv,
    write_json,
    write_xlsx,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "COLUMNS",
    "MAX_BYTES",
    "ORGANISATION_COLUMNS",
    "XLSX_TYPE",
    "Column",
    "Format",
    "Table",
    "TransferKind",
    "activity_values",
    "check_headers",
    "check_size",
    "clean_cell",
    "columns_of",
    "format_bool",
    "format_decimal",
    "key",
    "organisation_values",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "parse_time",
    "parse_weekdays",
    "read_table",
    "split_list",
    "write_csv",
    "write_json",
    "write_xlsx",
]
