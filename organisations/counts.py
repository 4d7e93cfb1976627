"""The numbers of the staff overview (views/overview.py), each from one grouped query: never a
query per row, so the overview's cost does not grow with the organisations, activities or
referrals it counts."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from organisations.models import Activity, Area, Organisation, Referral, TargetGroup
from volunteer_portal.search import danish, danish_key


@dataclass
class CountRow:
    label: str
    count: int
    is_danish: bool = False  # a name typed by the municipality, not a translated label
    percent: int = 0  # of the largest count, for the bar drawn beside the table


@dataclass
class CountTable:
    rows: list

    @property
    def total(self):
        return sum(row.count for row in self.rows)


def with_bars(rows):
    """Give each row its bar's width: its share of the largest count, in whole percent."""
    largest = max((row.count for row in rows), default=0)
    for row in rows:
        row.percent = round(100 * row.count / largest) if largest else 0
    return rows


def public_activities():
    """The activities the directory shows: published, of an active organisation."""
    return Activity.objects.published().filter(organisation__is_active=True)


def organisations_by_kind():
    """Active organisations and units per kind, every kind listed (zero too), in the kinds'
    own order."""
    counts = dict(
        Organisation.objects.active()
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    rows = [CountRow(kind.label, counts.get(kind.value, 0)) for kind in Organisation.Kind]
    return CountTable(with_bars(rows))


def activities_by_target_group():
    """Published activities per target group. An activity may be for several groups, so the
    rows add up to more than the activities; those for no group in particular come last."""
    public = Q(activities__is_published=True, activities__organisation__is_active=True)
    # A grouped query leaves out Meta.ordering: the order is given again.
    groups = TargetGroup.objects.annotate(n=Count("activities", filter=public)).order_by(
        danish("name")
    )
    rows = [CountRow(group.name, group.n, is_danish=True) for group in groups]
    without = public_activities().filter(target_groups__isnull=True).count()
    rows.append(CountRow(_("No particular target group"), without))
    return CountTable(with_bars(rows))


def activities_by_area():
    """Published activities per area, those with no area given last."""
    counts = dict(
        public_activities()
        .order_by()
        .values("area")
        .annotate(n=Count("pk"))
        .values_list("area", "n")
    )
    rows = [
        CountRow(area.name, counts.get(area.pk, 0), is_danish=True) for area in Area.objects.all()
    ]
    rows.append(CountRow(_("No area given"), counts.get(None, 0)))
    return CountTable(with_bars(rows))


@dataclass
class MonthRow:
    name: str
    detail: str  # the activity's organisation, where two activities share a title
    counts: list = field(default_factory=lambda: [0] * 12)

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class MonthTable:
    rows: list

    @property
    def month_totals(self):
        return [sum(row.counts[m] for row in self.rows) for m in range(12)]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def month_bars(self):
        """The month totals as bars, January first."""
        totals = self.month_totals
        return with_bars([CountRow(capfirst(MONTHS[m + 1]), totals[m]) for m in range(12)])


# What a referral table is grouped by: the key, the name and the detail shown with the name.
GROUPINGS = {
    "activity": ("activity_id", "activity__title", "activity__organisation__name"),
    "unit": ("unit_id", "unit__name", "unit__parent__name"),
}


def referrals_by_month(year, grouping):
    """The referrals of ``year`` per activity or per unit (``grouping``) and month, in Danish
    alphabetical order of the name. Rows with no referral that year are not listed."""
    key, name, detail = GROUPINGS[grouping]
    counts = (
        Referral.objects.filter(referred_on__year=year)
        .annotate(month=ExtractMonth("referred_on"))
        .order_by()
        .values_list(key, name, detail, "month")
        .annotate(n=Count("pk"))
    )
    rows = {}
    for pk, row_name, row_detail, month, n in counts:
        row = rows.setdefault(pk, MonthRow(row_name, row_detail or ""))
        row.counts[month - 1] += n
    ordered = sorted(rows.values(), key=lambda row: (danish_key(row.name), row.detail))
    return MonthTable(ordered)


def referral_years(current):
    """The years that have referrals, and ``current``, newest first."""
    years = {d.year for d in Referral.objects.dates("referred_on", "year")}
    return sorted(years | {current}, reverse=True)
