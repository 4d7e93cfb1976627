"""The cached fragments of the public pages are never shown stale (volunteer_portal.caching):
every change to what a fragment shows rebuilds it at once, a rolled-back change does not, each
language has its own copy, and the cached page costs fewer queries than the uncached."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Initiative, InitiativeActor, Milestone
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)
from volunteer_portal import caching

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(staff_user):
    """A published plan with a goal and two initiatives, the first with an organisation and
    a named actor, a milestone and a progress note; and the staff member who edits them."""
    plan = ActionPlanFactory(title="Handleplan for fællesskab", start_year=2024, end_year=2030)
    goal = StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    first = InitiativeFactory(
        plan=plan, number=1, title="Besøgsvenner", start_year=2024, end_year=2026
    )
    second = InitiativeFactory(
        plan=plan, number=2, title="Fritidsjob", start_year=2024, end_year=2026
    )
    first.goals.set([goal])
    first.related.set([second])
    organisation = OrganisationFactory(name="Frivilligcenter Nord")
    InitiativeActor.objects.create(initiative=first, organisation=organisation)
    InitiativeActor.objects.create(initiative=first, name="Lokale foreninger")
    Milestone.objects.create(initiative=first, date=datetime.date(2025, 3, 1), title="Kickoff")
    services.progress_note_add(initiative=first, text="Godt i gang.", progress=10, by=staff_user)
    return {
        "plan": plan,
        "goal": goal,
        "first": first,
        "second": second,
        "organisation": organisation,
        "staff": staff_user,
    }


def _main(client, url):
    """The page's <main> (the header's language switch carries a fresh CSRF token)."""
    text = client.get(url).text
    return text[text.index("<main") : text.index("</main>")]


def _committed(change, capture):
    """Run ``change`` as a transaction that commits (the test's own never does)."""
    with capture(execute=True):
        return change()


def _rename_initiative(c):
    first = Initiative.objects.get(pk=c["first"].pk)
    first.title = "Besøgsvenner i hele kommunen"
    services.initiative_save(
        initiative=first,
        version=first.version,
        by=c["staff"],
        goals=[c["goal"]],
        related=[c["second"]],
    )
    return "Besøgsvenner i hele kommunen"


def _change_status(c):
    services.initiative_set_status(initiative=c["first"], status="in_progress", by=c["staff"])
    return "status-in_progress"


def _add_progress_note(c):
    services.progress_note_add(initiative=c["first"], text="Halvvejs.", progress=55, by=c["staff"])
    return "pct-55"


def _rename_organisation(c):
    organisation = c["organisation"]
    organisation.name = "Frivilligcenter Syd"
    organisation.save()
    return "Frivilligcenter Syd"


def _rename_actor(c):
    actor = InitiativeActor.objects.get(name="Lokale foreninger")
    actor.name = "Idrætsforeningerne"
    actor.save()
    return "Idrætsforeningerne"


def _add_actor(c):
    InitiativeActor.objects.create(initiative=c["first"], name="Biblioteket")
    return "Biblioteket"


def _rename_milestone(c):
    milestone = Milestone.objects.get(title="Kickoff")
    milestone.title = "Første møde"
    milestone.save()
    return "Første møde"


def _rename_goal(c):
    goal = c["goal"]
    goal.title = "Stærke fællesskaber"
    goal.save()
    return "Stærke fællesskaber"


def _rename_plan(c):
    plan = c["plan"]
    plan.title = "Den nye handleplan"
    plan.save()
    return "Den nye handleplan"


def _rename_related(c):
    second = c["second"]
    second.title = "Sommerjob for unge"
    second.save()
    return "Sommerjob for unge"


def _add_initiative(c):
    InitiativeFactory(plan=c["plan"], number=3, title="Lektiecafé")
    return "Lektiecafé"


PLAN_PAGE_CHANGES = [
    _rename_initiative,
    _change_status,
    _add_progress_note,
    _rename_organisation,
    _rename_actor,
    _add_actor,
    _rename_milestone,
    _rename_goal,
    _rename_plan,
    _add_initiative,
]
INITIATIVE_PAGE_CHANGES = [
    _rename_initiative,
    _change_status,
    _add_progress_note,
    _rename_organisation,
    _rename_actor,
    _add_actor,
    _rename_milestone,
    _rename_goal,
    _rename_plan,
    _rename_related,
]


@pytest.mark.parametrize("change", PLAN_PAGE_CHANGES, ids=lambda f: f.__name__)
def test_the_public_plan_page_shows_a_change_at_once(
    change, cast, client, django_capture_on_commit_callbacks
):
    url = cast["plan"].get_absolute_url()
    before = _main(client, url)
    assert _main(client, url) == before  # served from the cache now
    expected = _committed(lambda: change(cast), django_capture_on_commit_callbacks)
    assert expected not in before
    assert expected in _main(client, url)


@pytest.mark.parametrize("change", INITIATIVE_PAGE_CHANGES, ids=lambda f: f.__name__)
def test_the_public_initiative_page_shows_a_change_at_once(
    change, cast, client, django_capture_on_commit_callbacks
):
    url = cast["first"].get_absolute_url()
    before = _main(client, url)
    assert _main(client, url) == before
    expected = _committed(lambda: change(cast), django_capture_on_commit_callbacks)
    assert expected not in before
    assert expected in _main(client, url)


def test_the_initiative_edit_view_rebuilds_the_plan_page(
    cast, client_for, django_capture_on_commit_callbacks
):
    staff_client = client_for(cast["staff"])
    plan_url = cast["plan"].get_absolute_url()
    assert "status-in_progress" not in staff_client.get(plan_url).text
    edit_url = reverse(
        "initiatives:initiative-status", kwargs={"slug": cast["plan"].slug, "number": 1}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(edit_url, {"status": "in_progress", "comment": "Nu"})
    assert response.status_code == 302
    assert "status-in_progress" in staff_client.get(plan_url).text


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["plan", "initiative"])
def test_a_cached_page_costs_fewer_queries_than_an_uncached_one(page, cast, client):
    url = cast[{"plan": "plan", "initiative": "first"}[page]].get_absolute_url()
    uncached = _queries(client, url)
    cached = _queries(client, url)
    assert cached <= uncached - 7  # the cache's writes, and rows of the body not asked for


def test_a_rolled_back_change_bumps_no_version(cast, client):
    url = cast["plan"].get_absolute_url()
    scopes = [caching.plan_scope(cast["plan"].pk), caching.INITIATIVES]
    key = caching.fragment_key("plan-body", scopes)
    client.get(url)
    cached = _queries(client, url)
    with pytest.raises(RuntimeError), transaction.atomic():
        _rename_initiative(cast)
        assert caching.fragment_key("plan-body", scopes) != key  # seen inside the transaction
        raise RuntimeError("roll back")
    assert caching.fragment_key("plan-body", scopes) == key
    assert _queries(client, url) == cached
    assert "Besøgsvenner i hele kommunen" not in client.get(url).text


def test_danish_and_english_are_cached_apart(cast, client):
    url = cast["plan"].get_absolute_url()
    danish = client.get(url).text
    with translation.override("en"):
        english_url = cast["plan"].get_absolute_url()
    english = client.get(english_url).text
    assert english_url != url
    assert "Strategimål" in danish and "Strategic goals" not in danish
    assert "Strategic goals" in english and "Strategimål" not in english
    assert "Strategimål" in client.get(url).text


def test_a_cached_fragment_holds_no_token_nonce_or_viewer(cast, client_for, volunteer):
    client = client_for(volunteer)
    client.get(cast["plan"].get_absolute_url())
    client.get(cast["first"].get_absolute_url())
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM portal_cache")
        rows = cursor.fetchall()
    fragments = [cache.get(key.split(":", 2)[-1]) for key, _value in rows if "fragment" in key]
    assert len(fragments) >= 2
    for fragment in fragments:
        html = fragment["html"] if isinstance(fragment, dict) else fragment
        assert "csrfmiddlewaretoken" not in html
        assert "nonce" not in html
        assert volunteer.get_short_name() not in html
