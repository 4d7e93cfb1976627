"""The demo action plan: Rødovre 2020-2022, complete, and the same on every load."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from initiatives.models import ActionPlan, InitiativeActor, StatusChange

pytestmark = pytest.mark.django_db


def test_demo_has_the_roedovre_plan_with_seven_initiatives(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    plan = ActionPlan.objects.get(slug="roedovre-2020-2022")
    assert plan.is_published and plan.period == "2020-2022"
    assert "§ 18" in plan.legal_basis
    assert list(plan.goals.values_list("number", flat=True)) == [1, 2]
    initiatives = {i.number: i for i in plan.initiatives.all()}
    assert sorted(initiatives) == [1, 2, 3, 4, 5, 6, 7]
    assert all(i.purpose and i.description for i in initiatives.values())
    assert set(initiatives[4].goals.values_list("number", flat=True)) == {1, 2}
    owner = initiatives[4].actors.get(role="owner")
    assert owner.organisation.slug == "kultur-og-fritidsforvaltningen"
    assert list(initiatives[4].related.all()) == [initiatives[7]]
    assert initiatives[4].actors.filter(name="Borgere og lokale foreninger").exists()
    assert len({i.status for i in initiatives.values()}) >= 4
    # Each status other than "planned" was reached through recorded changes.
    for initiative in initiatives.values():
        changes = list(initiative.status_changes.order_by("changed_at"))
        if initiative.status != "planned":
            assert changes[-1].to_status == initiative.status
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(initiatives[7].get_absolute_url()).status_code == 200


# True to the source: Rødovre's "Handleplan for frivilligt socialt arbejde 2020-2022"

SECRETARIAT = "Social- og Sundhedsforvaltningens ledelsessekretariat"
CENTRE = "Rødovre Frivilligcenter"

SOURCE_TITLES = {
    1: "Vi vil have flere med i foreningerne",
    2: "Alle har brug for et fællesskab",
    3: "Bedre overgange til civilsamfundet",
    4: "Udvikling af et medborgerhus som del af Islev Bibliotek/Trekanten",
    5: "Netværksfamilier til udsatte familier",
    6: "Samspil med ’Vores Sunde Hverdag’",
    7: "’Sammen med Borgeren’ i Islev",
}

# Each initiative's "Aktører", in the document's order and words.
SOURCE_ACTORS = {
    1: [SECRETARIAT, CENTRE, "Lokale foreninger"],
    2: [SECRETARIAT, "Borgere og medarbejdere i socialpsykiatrien", CENTRE, "Lokale foreninger"],
    3: [SECRETARIAT, CENTRE, "Lokale foreninger", "Udsatterådet", "Handicaprådet"],
    4: [
        "Kultur- og Fritidsforvaltningen",
        SECRETARIAT,
        "Projekt ’Vores Sunde Hverdag’",
        CENTRE,
        "Borgere og lokale foreninger",
    ],
    5: [SECRETARIAT, "Jobcentret", "Sammen om Familien", CENTRE, "Borgere og foreninger i Rødovre"],
    6: [SECRETARIAT, "Udvalgte sociale foreninger"],
    7: [
        SECRETARIAT,
        "Arbejdsgruppen ’Sammen med Borgeren’ i Islev",
        "Projekt ’Vores Sunde Hverdag’",
    ],
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    plan = ActionPlan.objects.get(slug="roedovre-2020-2022")
    return plan, {i.number: i for i in plan.initiatives.all()}


def test_demo_titles_are_the_source_documents_own(demo):
    _plan, initiatives = demo
    assert {number: i.title for number, i in initiatives.items()} == SOURCE_TITLES


def test_demo_actors_are_named_as_in_the_source_document(demo):
    _plan, initiatives = demo
    for number, initiative in initiatives.items():
        names = [actor.display_name for actor in initiative.actors.all()]
        assert names == SOURCE_ACTORS[number], number


def test_demo_initiative_4_is_owned_by_culture_and_leisure_with_the_secretariat_taking_part(demo):
    _plan, initiatives = demo
    roles = {a.display_name: a.role for a in initiatives[4].actors.all()}
    assert roles["Kultur- og Fritidsforvaltningen"] == "owner"  # "er projektejer"
    assert roles[SECRETARIAT] == "participant"  # "deltager i udviklingsarbejdet"


def test_demo_texts_speak_in_the_source_documents_voice(demo):
    plan, initiatives = demo
    assert initiatives[1].description.startswith("Vi vil have flere med i foreningerne.")
    assert initiatives[3].purpose.startswith("Formålet er at etablere bedre overgange")
    assert "budgetresolution" in initiatives[4].description
    assert "Kommunalbestyrelsen skal samarbejde med frivillige sociale" in plan.legal_basis
    assert [goal.title for goal in plan.goals.all()] == [
        "Gode rammer for den frivillige, sociale indsats",
        "Synlighed og netværk på området",
    ]


def test_demo_initiative_3_is_carried_over_from_the_previous_plan(demo, client):
    plan, initiatives = demo
    previous = plan.previous_plan
    assert previous.slug == "roedovre-2017-2019" and previous.is_published
    assert previous.period == "2017-2019"
    origin = initiatives[3].carried_over_from
    assert origin.title == "Bedre adgang til de frivillige sociale foreninger"
    assert origin.plan == previous
    assert [i.is_carried_over for i in initiatives.values()].count(True) == 1
    # As when the portal starts a plan from another: the history starts with the carry-over.
    first_change = initiatives[3].status_changes.order_by("changed_at").first()
    assert first_change.is_carry_over
    assert origin.get_absolute_url() in client.get(initiatives[3].get_absolute_url()).text
    assert initiatives[3].get_absolute_url() in client.get(origin.get_absolute_url()).text


def test_demo_contributing_actor_is_a_partner_not_a_donor(demo, client):
    _plan, initiatives = demo
    html = client.get(initiatives[4].get_absolute_url()).text
    assert "Samarbejdspartner" in html or "samarbejdspartner" in html
    assert "idragyder" not in html


def test_demo_reload_removes_actors_and_status_changes_the_source_does_not_have(demo, settings):
    _plan, initiatives = demo
    first = initiatives[1]
    InitiativeActor.objects.create(initiative=first, name="Hjemmeplejen", position=9)
    StatusChange.objects.create(
        initiative=first,
        from_status="planned",
        to_status="cancelled",
        changed_at=timezone.now(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert [a.display_name for a in first.actors.all()] == SOURCE_ACTORS[1]
    assert not first.status_changes.filter(to_status="cancelled").exists()
