"""The lists' filter forms come from the cache ({% filter_form %}) and are never stale: a new or
renamed choice shows at once, each reader gets their own choices where they differ, and the
values submitted (and their errors) are the ones shown."""

import pytest
from django.urls import reverse

from organisations.models import Membership, TargetGroup
from partnerships.models import GrantPool
from tests.factories import (
    AgreementFactory,
    InitiativeFactory,
    OpportunityFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)
from tests.queries import get_counting
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("partnerships:agreement-list")
INBOX = reverse("volunteering:inbox")
BRIDGE = reverse("organisations:bridge")


def form_of(response):
    html = response.content.decode()
    start = html.index('<form method="get"')
    return html[start : html.index("</form>", start)]


@pytest.fixture
def partner():
    organisation = OrganisationFactory(name="Islev Sorggruppe", kind="association")
    AgreementFactory(title="Sorgstøtte").partners.add(organisation)
    return organisation


def test_a_second_visit_reads_the_form_from_the_cache(partner, staff_user, client_for):
    client = client_for(staff_user)
    first, cold = get_counting(client, AGREEMENTS)
    second, warm = get_counting(client, AGREEMENTS)
    assert form_of(second) == form_of(first)
    assert "Islev Sorggruppe" in form_of(second)
    assert warm < cold


def test_the_agreement_filters_show_every_change_at_once(partner, staff_user, client_for):
    # Everything made first, so that each step below changes one thing only.
    newcomer = OrganisationFactory(name="Vanløse Besøgsvenner", kind="association")
    agreement = AgreementFactory()
    initiative = InitiativeFactory(title="Nattevandring")
    client = client_for(staff_user)

    def form():
        return form_of(client.get(AGREEMENTS))

    assert "Vanløse Besøgsvenner" not in form()  # not a partner of any agreement yet
    agreement.partners.add(newcomer)
    assert "Vanløse Besøgsvenner" in form()
    GrantPool.objects.create(year=2031, name="Vinterpuljen", budget=100_000)
    assert "Vinterpuljen" in form()
    agreement.delete()  # its partner rows go without an m2m signal
    assert "Vanløse Besøgsvenner" not in form()
    partner.name = "Islev Sorg- og Krisegruppe"
    partner.save()
    assert "Islev Sorg- og Krisegruppe" in form()
    initiative.title = "Natteravne"
    initiative.save()
    assert "Natteravne" in form()


def test_the_values_submitted_and_their_errors_are_the_ones_shown(partner, staff_user, client_for):
    client = client_for(staff_user)
    client.get(AGREEMENTS)
    chosen = form_of(client.get(AGREEMENTS, {"partner": partner.pk}))
    assert f'<option value="{partner.pk}" selected>' in chosen
    assert 'value="2100"' not in chosen
    wrong = form_of(client.get(AGREEMENTS, {"year": "1999"}))
    assert "is-invalid" in wrong and 'value="1999"' in wrong
    assert "is-invalid" not in form_of(client.get(AGREEMENTS))
    assert " selected>" not in form_of(client.get(AGREEMENTS)).replace('value="" selected>', "")


def test_each_coordinator_gets_the_opportunities_they_handle(unit, other_unit, client_for):
    OpportunityFactory(organisation=unit, title="Højtlæsning i Testparken")
    OpportunityFactory(organisation=other_unit, title="Havearbejde i Andet Plejecenter")
    first = UserFactory(role=User.Role.COORDINATOR, units=[unit])
    second = UserFactory(role=User.Role.COORDINATOR, units=[other_unit])
    form = form_of(client_for(first).get(INBOX))
    assert "Højtlæsning i Testparken" in form and "Havearbejde" not in form
    form = form_of(client_for(second).get(INBOX))
    assert "Havearbejde i Andet Plejecenter" in form and "Højtlæsning" not in form
    # A new unit to coordinate, or an opportunity that names them, shows at once.
    Membership.objects.create(user=first, organisation=other_unit, capacity="coordinator")
    named = OpportunityFactory(organisation=UnitFactory(), title="Kor på Bibliotek Nord")
    form = form_of(client_for(first).get(INBOX))
    assert "Havearbejde i Andet Plejecenter" in form and "Kor på" not in form
    named.coordinators.add(first)
    assert "Kor på Bibliotek Nord" in form_of(client_for(first).get(INBOX))


def test_the_bridge_search_shows_a_new_target_group_at_once(staff_user, client_for):
    client = client_for(staff_user)
    client.get(BRIDGE)
    TargetGroup.objects.create(name="Pårørende til demente")
    assert "Pårørende til demente" in form_of(client.get(BRIDGE))
