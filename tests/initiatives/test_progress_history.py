"""The progress history on the initiative page: notes and status changes by the local day."""

import datetime

import pytest

from initiatives.models import StatusChange
from initiatives.views.initiatives import progress_history
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_status_change_late_in_the_evening_shows_under_the_local_day(client):
    initiative = InitiativeFactory()
    # 23:30 UTC on 1 March is 00:30 on 2 March in Copenhagen.
    StatusChange.objects.create(
        initiative=initiative,
        from_status="planned",
        to_status="in_progress",
        changed_at=datetime.datetime(2021, 3, 1, 23, 30, tzinfo=datetime.UTC),
    )
    entry = progress_history(initiative)[0]
    assert entry["date"] == datetime.date(2021, 3, 2)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert '<time datetime="2021-03-02">' in html
