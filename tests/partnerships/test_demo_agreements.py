"""The demo's agreements fill every cell of Furesø's matrix and show each thing the overview
points at: agreements expiring, a review overdue, a grant report outstanding."""

import pytest
from django.core.management import call_command

from partnerships import overview
from partnerships.models import Agreement, GrantPool

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_every_cell_of_the_matrix_has_an_agreement(demo):
    matrix = overview.matrix(Agreement.objects.current())
    empty = [
        (key, str(involvement))
        for key, _label, cells, _total in matrix["rows"][:4]  # the four volunteer types
        for involvement, count in cells
        if not count
    ]
    assert empty == []


def test_the_overview_has_something_to_point_at(demo):
    attention = overview.attention()
    assert attention["expiring"].count() >= 2
    assert attention["reviews_overdue"].exists()
    assert attention["reports_outstanding"].count() == 1


def test_the_volunteer_centre_chain_reads_back_to_2020(demo):
    current = Agreement.objects.filter(
        title="Samarbejdsaftale med Rødovre Frivilligcenter", renewal__isnull=True
    ).get()
    chain = [current]
    while chain[-1].renewal_of:
        chain.append(chain[-1].renewal_of)
    assert chain[-1].start_date.year == 2020
    assert current.is_current
    assert {a.status for a in chain[1:]} == {"expired"}
    assert GrantPool.objects.count() == 2
