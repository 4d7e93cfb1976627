"""The lists' indexes (issue #13) serve the queries the views make: the plan of each list's
first page names its index. The test tables are tiny, so sequential scans are turned off:
what is checked is that the index matches the query (the same expression, the same
condition), which the large scale data then chooses (README, Caching and performance)."""

import pytest
from django.db import connection
from django.test import RequestFactory

from initiatives.models import Milestone, ProgressNote, StatusChange
from organisations.models import Activity
from organisations.views.directory import OrganisationListView, public_activities
from partnerships.models import Agreement, Interest, Opportunity, VolunteerAgreement
from partnerships.views.inbox import agreements_in_hand
from tests.conftest import IN_CI

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql" and not IN_CI, reason="the plans are PostgreSQL's"
    ),
]


def directory_page():
    view = OrganisationListView()
    view.setup(RequestFactory().get("/organisations/"))
    return view.get_queryset()[:25]


QUERIES = {
    "organisation_active_name_da": directory_page,
    "activity_published_title_da": lambda: public_activities()[:20],
    "activity_published_confirmed": lambda: (
        Activity.objects.published().possibly_outdated().order_by("last_confirmed")[:25]
    ),
    "opportunity_published_title_da": lambda: Opportunity.objects.published()[:20],
    "agreement_list_order": lambda: Agreement.objects.all()[:25],
    "agreement_by_title_order": lambda: Agreement.objects.order_by("title")[:25],
    "agreement_by_end_order": lambda: Agreement.objects.order_by("-end_date")[:25],
    "interest_open_oldest_first": lambda: Interest.objects.open().order_by("created_at", "pk")[:25],
    "volunteer_agreement_in_hand": lambda: agreements_in_hand_of_everyone()[:50],
    "milestone_in_order": lambda: Milestone.objects.filter(initiative_id__in=[1, 2]),
    "progress_note_newest_first": lambda: ProgressNote.objects.filter(initiative_id__in=[1, 2]),
    "status_change_newest_first": lambda: StatusChange.objects.filter(initiative_id__in=[1, 2]),
}


def agreements_in_hand_of_everyone():
    class Administrator:
        is_authenticated = is_municipal = is_portal_admin = True

    return agreements_in_hand(Administrator())


@pytest.mark.parametrize("index", QUERIES)
def test_the_list_query_can_use_its_index(index):
    assert connection.vendor == "postgresql", "CI runs on PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        try:
            plan = QUERIES[index]().explain()
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_sort")
    assert index in plan, plan


# The count's index-only scan: on an empty table every index of published activities is as
# cheap, so only the large data shows the planner's choice (README).
COUNTS_ONLY = {"activity_published_org"}


def test_every_list_index_is_checked():
    names = {
        index.name
        for model in (Activity, Opportunity, Agreement, Interest, VolunteerAgreement)
        for index in model._meta.indexes
        if index.name.endswith(("_da", "_org", "_confirmed", "_order", "_first", "_in_hand"))
    }
    assert names - COUNTS_ONLY <= set(QUERIES), names - COUNTS_ONLY - set(QUERIES)
