"""The columns of the import and export files: their machine names (the model fields' own),
labels and kinds, and the check of a file's header row."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Activity, Organisation


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
