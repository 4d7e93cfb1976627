"""Importing organisations and activities from a spreadsheet (organisations.transfer reads
the file): the preview says what each row would do and what is wrong with it, and the import
saves every row or none.

Each row goes through the model's own validation (``full_clean``: the CVR check, Danish phone
numbers, times in order, ages, choices) and the names it gives are looked up among what the
database holds: a kind, an area, a target group, a challenge, an organisation. The preview
loads those lists once, however many rows the file has, and validates in memory; the checks
that need the database row by row (unique short names, foreign keys, constraints) run again
on import, inside the one transaction.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
from organisations.models.activity import WEEKDAY_FIELDS
from organisations.transfer import (
    Column,
    TransferKind,
    check_headers,
    clean_cell,
    columns_of,
    key,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_time,
    parse_weekdays,
    split_list,
)
from volunteer_portal.audit import records_actor

WEEKDAY_NAMES = tuple(name for name, _label in WEEKDAY_FIELDS)
PARSERS = {
    "bool": parse_bool,
    "int": parse_int,
    "decimal": parse_decimal,
    "time": parse_time,
    "date": parse_date,
}


class Action(models.TextChoices):
    CREATE = "create", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("No change")


@dataclass
class RowError:
    """One problem of a row: ``column`` names the column (empty for the row as a whole). The
    message is rendered when shown, in the reader's language."""

    column: str
    label: str
    error: ValidationError

    @property
    def code(self):
        return self.error.code

    @property
    def message(self):
        return " ".join(self.error.messages)


@dataclass
class PlannedRow:
    """What a row of the file would do: its number in the spreadsheet, its cells by column,
    the object it creates or updates (unsaved), and its lists (target groups, challenges)."""

    number: int
    cells: dict
    instance: models.Model | None = None
    lists: dict = field(default_factory=dict)
    action: str = ""
    changed: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    shown: list = field(default_factory=list)  # the cells in the preview's column order
    update_fields: list = field(default_factory=list)  # the model fields the file changes

    def add_error(self, column, error):
        label = column.label if column else ""
        for single in error.error_list:
            self.errors.append(RowError(column.name if column else "", label, single))

    @property
    def action_label(self):
        return Action(self.action).label if self.action else ""


@dataclass
class ImportPlan:
    kind: str
    columns: list
    rows: list

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def counts(self):
        return {action: self.count(action) for action in Action}


class ImportRefused(Exception):
    """The import saved nothing: ``plan`` holds the rows' errors."""

    def __init__(self, plan):
        super().__init__("import refused")
        self.plan = plan


def transfer_preview(*, kind, table):
    """What importing ``table`` (an organisations.transfer.Table) as ``kind`` would do, row by
    row, with each row's errors. Saves nothing; the lookups are loaded once."""
    kind = TransferKind(kind)
    header_columns = check_headers(kind, table)
    rows_class = OrganisationRows if kind == TransferKind.ORGANISATIONS else ActivityRows
    lookups = rows_class(table, header_columns)
    rows = [lookups.plan(number, cells) for number, cells in table.rows]
    present = [c for c in columns_of(kind) if c in header_columns]
    for row in rows:
        row.shown = [row.cells[c.name] for c in present]
        row.update_fields = [f for c in row.changed for f in lookups.model_fields(c.name)]
    return ImportPlan(kind, present, rows)


@records_actor
def transfer_import(*, kind, table, by):
    """Import ``table`` as ``kind``: validate every row again and save them all in one
    transaction, or raise ImportRefused (with the rows' errors) and save nothing."""
    with transaction.atomic():
        plan = transfer_preview(kind=kind, table=table)
        if not plan.has_errors:
            for row in plan.rows:
                if row.action != Action.UNCHANGED:
                    _save_row(row)
        if plan.has_errors:
            transaction.set_rollback(True)
    if plan.has_errors:
        raise ImportRefused(plan)
    return plan


def _save_row(row):
    """The full check, now with the database (unique short names, the organisation still
    there, the constraints), then the row and its lists, in a savepoint of their own."""
    try:
        with transaction.atomic():
            row.instance.full_clean()
            if row.action == Action.UPDATE:
                # Only what the file changes: a field someone edited meanwhile stays theirs.
                row.instance.save(update_fields=[*row.update_fields, "updated_at"])
            else:
                row.instance.save()
            for name, objects in row.lists.items():
                getattr(row.instance, name).set(objects)
    except ValidationError as error:
        for message in error.messages:
            row.add_error(None, ValidationError(message, code="invalid_on_save"))
    except IntegrityError:
        row.add_error(
            None,
            ValidationError(
                _("The row could not be saved: it clashes with a change made meanwhile."),
                code="integrity",
            ),
        )


class RowsBase:
    """Validates the rows of one file against the lists loaded in ``__init__``."""

    model = None
    # Foreign keys looked up here: kept out of clean_fields, which would query for each.
    looked_up = ()

    def __init__(self, table, header_columns):
        self.header_columns = header_columns
        self.width = len(table.headers)
        self.seen = {}
        self.areas = {key(a.name): a for a in Area.objects.all()}

    def plan(self, number, cells):
        row = PlannedRow(number, {})
        for index, column in enumerate(self.header_columns):
            if column is not None:
                row.cells[column.name] = clean_cell(cells[index])
        if len(cells) > self.width:
            row.add_error(
                None,
                ValidationError(
                    _("The row has more cells than the header row has columns."),
                    code="extra_cells",
                ),
            )
        existing = self.find(row)
        row.instance = existing or self.new()
        before = self.snapshot(row.instance)
        skip = {*self.looked_up, *self.apply(row)}
        try:
            row.instance.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.add_model_errors(row, error)
        if existing is None:
            row.action = Action.CREATE
        else:
            after = self.snapshot(row.instance)
            row.changed = [self.column(n) for n in self.columns_present() if before[n] != after[n]]
            row.action = Action.UPDATE if row.changed else Action.UNCHANGED
        return row

    def model_fields(self, column_name):
        """The model fields a column sets (none for a list: it is not a column of the row)."""
        if column_name == "weekdays":
            return list(WEEKDAY_NAMES)
        return [] if column_name in ("target_groups", "challenges") else [column_name]

    def columns_present(self):
        return [c.name for c in self.header_columns if c is not None]

    def claim(self, row, identity, column):
        """Two rows of a file may not be the same organisation or activity."""
        if identity in self.seen:
            row.add_error(
                column,
                ValidationError(
                    _("Row %(row)s is about the same one: each may be in the file only once."),
                    code="repeated_row",
                    params={"row": self.seen[identity]},
                ),
            )
        else:
            self.seen[identity] = row.number

    def column(self, name):
        return next((c for c in self.header_columns if c is not None and c.name == name), None)

    def parse(self, row, name, text, parser):
        """The value of a typed cell, or the cell's error and None."""
        try:
            return True, parser(text)
        except ValidationError as error:
            row.add_error(self.column(name), error)
            return False, None

    def apply_plain(self, row, names):
        """Text and typed cells straight onto the object; returns the fields that failed."""
        failed = set()
        for name in names:
            column = self.column(name)
            if column is None or column.kind in ("lookup", "list", "choice"):
                continue
            text = row.cells[name]
            parser = PARSERS.get(column.kind)
            if parser is None:
                setattr(row.instance, name, text)
                continue
            ok, value = self.parse(row, name, text, parser)
            if ok:
                setattr(row.instance, name, value)
            else:
                failed.add(name)
        return failed

    def lookup_area(self, row):
        text = row.cells.get("area")
        if text is None:
            return set()
        if not text:
            row.instance.area = None
            return set()
        area = self.areas.get(key(text))
        if area is None:
            row.add_error(
                self.column("area"),
                ValidationError(
                    _("There is no area called “%(value)s”."),
                    code="unknown_area",
                    params={"value": text},
                ),
            )
            return {"area"}
        row.instance.area = area
        return set()

    def add_model_errors(self, row, error):
        for name, errors in error.error_dict.items():
            column_name = "weekdays" if name in WEEKDAY_NAMES else name
            column = self.column(column_name)
            if column is None and name != NON_FIELD_ERRORS:
                column = Column(name, self.model._meta.get_field(name).verbose_name)
            row.add_error(column, ValidationError(errors))


class OrganisationRows(RowsBase):
    model = Organisation
    looked_up = ("parent", "area")

    def __init__(self, table, header_columns):
        super().__init__(table, header_columns)
        organisations = list(Organisation.objects.all())
        self.by_slug = {o.slug.lower(): o for o in organisations}
        self.by_name = defaultdict(list)
        for organisation in organisations:
            self.by_name[key(organisation.name)].append(organisation)
        self.by_id = {o.pk: o for o in organisations}
        for organisation in organisations:  # the parents' kinds, for clean(), without queries
            if organisation.parent_id in self.by_id:
                organisation.parent = self.by_id[organisation.parent_id]
        self.kinds = {}
        for language in ("en", "da"):
            with translation.override(language):
                self.kinds.update({key(label): value for value, label in Organisation.Kind.choices})
        self.kinds.update({key(value): value for value in Organisation.Kind.values})

    def new(self):
        return Organisation()

    def find(self, row):
        slug = row.cells.get("slug", "").lower()
        name = row.cells.get("name", "")
        if slug:
            self.claim(row, ("slug", slug), self.column("slug"))
            return self.by_slug.get(slug)
        matches = self.by_name.get(key(name), [])
        if len(matches) > 1:
            row.add_error(
                self.column("name"),
                ValidationError(
                    _(
                        "Several organisations are called “%(value)s”: give the short name "
                        "(slug) of the one meant."
                    ),
                    code="ambiguous_name",
                    params={"value": name},
                ),
            )
            return None
        found = matches[0] if matches else None
        identity = ("slug", found.slug.lower()) if found else ("name", key(name))
        self.claim(row, identity, self.column("name"))
        return found

    def apply(self, row):
        organisation, cells = row.instance, row.cells
        names = [n for n in cells if n != "slug"]
        failed = self.apply_plain(row, names)
        if organisation.pk is None and cells.get("slug"):
            organisation.slug = cells["slug"].lower()
        if "kind" in cells:
            value = self.kinds.get(key(cells["kind"]))
            if value is None:
                failed.add("kind")
                row.add_error(
                    self.column("kind"),
                    ValidationError(
                        _("“%(value)s” is not a kind of organisation."),
                        code="unknown_kind",
                        params={"value": cells["kind"]},
                    ),
                )
            else:
                organisation.kind = value
        failed |= self.lookup_area(row)
        failed |= self.lookup_parent(row)
        return failed

    def lookup_parent(self, row):
        text = row.cells.get("parent")
        if text is None:
            return set()
        if not text:
            row.instance.parent = None
            return set()
        parent = self.by_slug.get(text.lower())
        if parent is None:
            row.add_error(
                self.column("parent"),
                ValidationError(
                    _(
                        "There is no organisation with the short name “%(value)s” (a new "
                        "organisation can be a parent once it has been imported)."
                    ),
                    code="unknown_parent",
                    params={"value": text},
                ),
            )
            return {"parent"}
        row.instance.parent = parent
        return set()

    def snapshot(self, organisation):
        attnames = {"parent": "parent_id", "area": "area_id"}
        return {
            name: getattr(organisation, attnames.get(name, name)) for name in self.columns_present()
        }


class ActivityRows(RowsBase):
    model = Activity
    looked_up = ("organisation", "area")
    lists = {"target_groups": TargetGroup, "challenges": Challenge}

    def __init__(self, table, header_columns):
        super().__init__(table, header_columns)
        self.organisations = {o.slug.lower(): o for o in Organisation.objects.all()}
        self.choices = {
            "target_groups": {key(g.name): g for g in TargetGroup.objects.all()},
            "challenges": {key(c.name): c for c in Challenge.objects.all()},
        }
        index = self.header_columns.index(self.column("organisation"))
        slugs = {cells[index].strip().lower() for _n, cells in table.rows}
        organisation_ids = [o.pk for s, o in self.organisations.items() if s in slugs]
        self.activities = defaultdict(list)
        existing = Activity.objects.filter(organisation_id__in=organisation_ids).prefetch_related(
            "target_groups", "challenges"
        )
        for activity in existing:
            activity.organisation = self.by_id_organisation(activity.organisation_id)
            self.activities[(activity.organisation_id, key(activity.title))].append(activity)

    def by_id_organisation(self, pk):
        if not hasattr(self, "_organisations_by_id"):
            self._organisations_by_id = {o.pk: o for o in self.organisations.values()}
        return self._organisations_by_id[pk]

    def new(self):
        return Activity()

    def find(self, row):
        text, title = row.cells.get("organisation", ""), row.cells.get("title", "")
        organisation = self.organisations.get(text.lower())
        row.organisation = organisation
        if organisation is None:
            message = (
                _("There is no organisation with the short name “%(value)s”.")
                if text
                else _("Give the short name (slug) of the activity's organisation.")
            )
            code = "unknown_organisation" if text else "organisation_missing"
            error = ValidationError(message, code=code, params={"value": text})
            row.add_error(self.column("organisation"), error)
            return None
        self.claim(row, (organisation.pk, key(title)), self.column("title"))
        matches = self.activities.get((organisation.pk, key(title)), [])
        if len(matches) > 1:
            row.add_error(
                self.column("title"),
                ValidationError(
                    _(
                        "The organisation has several activities called “%(value)s”: give "
                        "them different titles in the portal first."
                    ),
                    code="ambiguous_title",
                    params={"value": title},
                ),
            )
        return matches[0] if matches else None

    def apply(self, row):
        activity, cells = row.instance, row.cells
        activity.organisation = row.organisation
        failed = self.apply_plain(row, [n for n in cells if n != "weekdays"])
        failed |= self.lookup_area(row)
        if "weekdays" in cells:
            ok, days = self.parse(row, "weekdays", cells["weekdays"], parse_weekdays)
            if ok:
                for name in WEEKDAY_NAMES:
                    setattr(activity, name, name in days)
            else:
                failed |= set(WEEKDAY_NAMES)
        for name in self.lists:
            if name in cells:
                row.lists[name] = self.lookup_list(row, name, cells[name])
        return failed

    def lookup_list(self, row, name, text):
        """The target groups or challenges a cell names. A part that is no name is tried as a
        list separated by commas, as people also write them."""
        choices, found = self.choices[name], []
        for part in split_list(text):
            if key(part) in choices:
                found.append(choices[key(part)])
                continue
            pieces = [p.strip() for p in part.split(",") if p.strip()]
            for piece in pieces:
                if key(piece) in choices:
                    found.append(choices[key(piece)])
                else:
                    row.add_error(self.column(name), self.unknown(name, piece))
        return list(dict.fromkeys(found))

    def unknown(self, name, value):
        if name == "target_groups":
            message, code = (
                _("There is no target group called “%(value)s”."),
                "unknown_target_group",
            )
        else:
            message, code = _("There is no challenge called “%(value)s”."), "unknown_challenge"
        return ValidationError(message, code=code, params={"value": value})

    def snapshot(self, activity):
        values = {}
        for name in self.columns_present():
            if name == "weekdays":
                values[name] = tuple(getattr(activity, n) for n in WEEKDAY_NAMES)
            elif name in self.lists:
                values[name] = None  # compared below, from the loaded lists
            else:
                values[name] = getattr(
                    activity, {"organisation": "organisation_id", "area": "area_id"}.get(name, name)
                )
        return values

    def plan(self, number, cells):
        row = super().plan(number, cells)
        if row.action in (Action.UNCHANGED, Action.UPDATE):
            activity = row.instance
            for name in self.lists:
                if name in row.lists:
                    before = {o.pk for o in getattr(activity, name).all()}
                    if before != {o.pk for o in row.lists[name]}:
                        row.changed.append(self.column(name))
            row.action = Action.UPDATE if row.changed else Action.UNCHANGED
        return row
