"""Furesø's overview of all collaborations: volunteer type × degree of municipal involvement,
and what needs attention (agreements expiring, reviews overdue, grant reports outstanding).
One query for the matrix (a row per agreement and partner kind), not one per agreement."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from partnerships.models import Agreement, Grant

# The rows: the four volunteer types of the Furesø case, then all other partners in one.
VOLUNTEER_TYPES = [
    Organisation.Kind.ADULT_EDUCATION,
    Organisation.Kind.HUMANITARIAN,
    Organisation.Kind.COMMUNITY,
    Organisation.Kind.INDIVIDUAL,
]
OTHER = "other"
OTHER_KINDS = [
    Organisation.Kind.VOLUNTEER_CENTRE,
    Organisation.Kind.COUNCIL,
    Organisation.Kind.PROJECT,
    Organisation.Kind.NETWORK,
]


def matrix(agreements):
    """Rows (key, label, [(involvement, count)…], total) and the column totals. An agreement
    is counted once in each row that one of its partners belongs to; the totals count each
    agreement once."""
    by_row = {kind: kind for kind in VOLUNTEER_TYPES} | dict.fromkeys(OTHER_KINDS, OTHER)
    pairs = (
        agreements.order_by()
        .filter(partners__kind__in=by_row)
        .values_list("pk", "partners__kind", "involvement")
        .distinct()
    )
    cells, columns = {}, {}
    for pk, kind, involvement in pairs:
        cells.setdefault((by_row[kind], involvement), set()).add(pk)
        columns.setdefault(involvement, set()).add(pk)
    involvements = list(Agreement.Involvement)
    keys = [(kind, kind.label) for kind in VOLUNTEER_TYPES] + [(OTHER, _("Other partners"))]
    rows = []
    for key, label in keys:
        counts = [(i, len(cells.get((key, i), ()))) for i in involvements]
        in_row = set().union(*(cells.get((key, i), set()) for i in involvements))
        rows.append((key, label, counts, len(in_row)))
    totals = [(i, len(columns.get(i, ()))) for i in involvements]
    return {"involvements": involvements, "rows": rows, "totals": totals}


def attention(today=None):
    """What needs a staff member's attention now."""
    today = today or timezone.localdate()
    # Only what the lists show: a few hundred rows each at a large municipality, where whole
    # agreements, units and organisations took 24 ms of the overview's 50.
    current = Agreement.objects.current().only("pk", "title", "end_date", "next_review_date")
    expiring = current.filter(
        end_date__isnull=False, end_date__lte=today + datetime.timedelta(days=90)
    ).order_by("end_date")
    reviews_overdue = current.filter(next_review_date__lt=today).order_by("next_review_date")
    reports_outstanding = (
        Grant.objects.filter(report__isnull=True, report_due__lt=today)
        .select_related("organisation", "pool")
        .only("pk", "report_due", "organisation__name", "pool__year")
        .order_by("report_due")
    )
    return {
        "expiring": expiring,
        "reviews_overdue": reviews_overdue,
        "reports_outstanding": reports_outstanding,
    }
