"""Furesø's overview of all collaborations: volunteer type × degree of municipal involvement,
and what needs attention (agreements expiring, reviews overdue, grant reports outstanding).
Aggregate queries only: the numbers do not cost a query per agreement."""

import datetime

from django.db.models import Count
from django.utils import timezone

from organisations.models import Organisation
from partnerships.models import Agreement, Grant

# The four volunteer types of the Furesø case first, then the other kinds of partner.
MATRIX_KINDS = [
    Organisation.Kind.ADULT_EDUCATION,
    Organisation.Kind.HUMANITARIAN,
    Organisation.Kind.COMMUNITY,
    Organisation.Kind.INDIVIDUAL,
    Organisation.Kind.VOLUNTEER_CENTRE,
    Organisation.Kind.COUNCIL,
    Organisation.Kind.PROJECT,
    Organisation.Kind.NETWORK,
]


def matrix(agreements):
    """Rows (kind, label, [(involvement, count)…], total) and column totals, counting each
    agreement once per kind of partner it has."""
    counts = {
        (row["partners__kind"], row["involvement"]): row["n"]
        for row in agreements.order_by()
        .values("partners__kind", "involvement")
        .annotate(n=Count("pk", distinct=True))
    }
    involvements = list(Agreement.Involvement)
    rows = []
    for kind in MATRIX_KINDS:
        cells = [(involvement, counts.get((kind, involvement), 0)) for involvement in involvements]
        rows.append((kind, kind.label, cells, sum(n for _i, n in cells)))
    totals = [
        (involvement, sum(counts.get((k, involvement), 0) for k in MATRIX_KINDS))
        for involvement in involvements
    ]
    return {"involvements": involvements, "rows": rows, "totals": totals}


def attention(today=None):
    """What needs a staff member's attention now."""
    today = today or timezone.localdate()
    current = Agreement.objects.current().select_related("responsible_unit")
    expiring = current.filter(
        end_date__isnull=False, end_date__lte=today + datetime.timedelta(days=90)
    ).order_by("end_date")
    reviews_overdue = current.filter(next_review_date__lt=today).order_by("next_review_date")
    reports_outstanding = (
        Grant.objects.filter(report__isnull=True, report_due__lt=today)
        .select_related("organisation", "pool")
        .order_by("report_due")
    )
    return {
        "expiring": expiring,
        "reviews_overdue": reviews_overdue,
        "reports_outstanding": reports_outstanding,
    }
