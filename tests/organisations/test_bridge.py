"""Bridge-building for staff: the search with the citizen's filters and the contacts in view,
the slip to print or e-mail (the address is used once and kept nowhere), the actions on an
activity's page, and who may use them."""

import logging
import smtplib
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from organisations.models import Area, Challenge, Membership, TargetGroup
from tests.factories import ActivityFactory, OrganisationFactory, UserFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

BRIDGE = reverse("organisations:bridge")
ADDRESS = "borger.hansen@example.org"


def slip_url(activity, **query):
    url = reverse("organisations:activity-slip", kwargs={"pk": activity.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def partner_contact():
    user = UserFactory(role=User.Role.ORGANISATION_CONTACT)
    Membership.objects.create(user=user, organisation=OrganisationFactory(), capacity="contact")
    return user


@pytest.fixture
def walk():
    organisation = OrganisationFactory(
        name="Ældre Sagen Rødovre",
        address="Rødovrevej 10, 2610 Rødovre",
        staff_contact_name="Bente Bro",
        staff_contact_phone="36 36 36 36",
        staff_contact_email="bente@aeldresagen.example",
    )
    activity = ActivityFactory(
        organisation=organisation,
        title="Gå-gruppen i Kirkebyen",
        description="Vi går en tur og drikker kaffe bagefter.",
        area=Area.objects.create(name="Kirkebyen"),
        place="P-pladsen ved Rødovre Kirke",
        rhythm="Hver tirsdag",
        on_tuesday=True,
        price_dkk=Decimal("20"),
        referral_needed=True,
        welcome_name="Hanne Hansen",
        welcome_phone="40 40 40 40",
        welcome_email="hanne@aeldresagen.example",
        may_bring_companion=True,
        can_be_accompanied=True,
        accessibility="Ruten er uden trapper.",
    )
    activity.target_groups.add(TargetGroup.objects.create(name="Ældre"))
    return activity


# Who may use it.


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("volunteer", 403),
        ("contact", 403),
        ("staff", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_may_use_the_bridge_pages(role, status, client_for, users_by_role, partner_contact):
    activity = ActivityFactory()
    user = partner_contact if role == "contact" else users_by_role.get(role)
    client = client_for(user)
    for url in (BRIDGE, slip_url(activity)):
        response = client.get(url)
        assert response.status_code == status, url
        if role is None:
            assert response["Location"].startswith(reverse("account_login"))
    posted = client.post(slip_url(activity), {"email": ADDRESS})
    assert posted.status_code == (302 if status == 200 else status)
    assert len(mail.outbox) == (1 if status == 200 else 0)


def test_an_unpublished_activity_has_no_slip(client_for, staff_user):
    draft = ActivityFactory(is_published=False)
    assert client_for(staff_user).get(slip_url(draft)).status_code == 404


# The search.


def test_the_search_shows_facts_welcome_contact_staff_contact_and_actions(
    client_for, staff_user, walk
):
    page = client_for(staff_user).get(BRIDGE).content.decode()
    for fact in (
        "Gå-gruppen i Kirkebyen",
        "P-pladsen ved Rødovre Kirke, Kirkebyen",
        "Hver tirsdag",
        "Hanne Hansen",
        'href="tel:40404040"',
        "hanne@aeldresagen.example",
        "Bente Bro",
        'href="tel:36363636"',
        "bente@aeldresagen.example",
        escape(gettext("You may bring a companion.")),
        escape(gettext("Someone can go with you the first time.")),
    ):
        assert fact in page, fact
    assert slip_url(walk) in page
    assert reverse("organisations:referral-create", kwargs={"pk": walk.pk}) in page


def test_the_search_uses_the_directory_filters(client_for, staff_user, walk):
    other = ActivityFactory(title="Sprogcafé", on_monday=True)
    client = client_for(staff_user)
    by_group = client.get(BRIDGE, {"target_group": walk.target_groups.get().pk})
    assert list(by_group.context["object_list"]) == [walk]
    by_day = client.get(BRIDGE, {"weekday": "on_monday"})
    assert list(by_day.context["object_list"]) == [other]
    free = client.get(BRIDGE, {"free": "on"})
    assert list(free.context["object_list"]) == [other]


def test_the_search_lists_published_activities_of_active_organisations_only(client_for, staff_user):
    shown = ActivityFactory(title="Synlig")
    ActivityFactory(title="Kladde", is_published=False)
    ActivityFactory(title="Lukket", organisation=OrganisationFactory(is_active=False))
    response = client_for(staff_user).get(BRIDGE)
    assert list(response.context["object_list"]) == [shown]


def test_the_actions_carry_the_search_back(client_for, staff_user, walk):
    page = client_for(staff_user).get(BRIDGE, {"q": "gå", "page": "1"}).content.decode()
    assert "?next=/organisations/bridge/%3Fq%3Dg%25C3%25A5%26page%3D1" in page


def test_a_page_number_past_the_end_shows_the_last_page(client_for, staff_user):
    for n in range(12):
        ActivityFactory(title=f"Aktivitet {n:02}")
    response = client_for(staff_user).get(BRIDGE, {"page": "99"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


@pytest.mark.parametrize("rows", [1, 10])
def test_the_search_query_count_is_constant(
    rows, client_for, staff_user, django_assert_num_queries
):
    group, challenge = TargetGroup.objects.create(name="Ældre"), Challenge.objects.create(name="X")
    area = Area.objects.create(name="Islev")
    for n in range(rows):
        activity = ActivityFactory(
            title=f"Aktivitet {n}",
            area=area,
            organisation=OrganisationFactory(staff_contact_name=f"Kontakt {n}"),
        )
        activity.target_groups.add(group)
        activity.challenges.add(challenge)
    client = client_for(staff_user)
    client.get(BRIDGE, {"q": "aktivitet"})
    # session, user, memberships (menu); count, page, target groups, challenges; and the
    # filter form from the cache (its versions, the form), not its three lists
    with django_assert_num_queries(9):
        response = client.get(BRIDGE, {"q": "aktivitet"})
    assert len(response.context["object_list"]) == rows


# The slip.


def test_the_slip_holds_the_practical_facts(client_for, staff_user, walk):
    page = client_for(staff_user).get(slip_url(walk)).content.decode()
    for fact in (
        "<h1",
        "Gå-gruppen i Kirkebyen",
        "Ældre Sagen Rødovre",
        "Vi går en tur og drikker kaffe bagefter.",
        "P-pladsen ved Rødovre Kirke, Kirkebyen",
        "Hver tirsdag",
        "20",
        escape(gettext("Yes: the citizen must be referred")),
        "Hanne Hansen",
        "40 40 40 40",
        "hanne@aeldresagen.example",
        escape(gettext("You may bring a companion.")),
        "Ruten er uden trapper.",
        "http://testserver" + walk.get_absolute_url(),
        "js/print",
        "data-print",
    ):
        assert fact in page, fact
    # The slip is for the citizen: the staff-only contact is not on it.
    assert "Bente Bro" not in page


def test_the_slip_without_a_place_gives_the_organisations_address(client_for, staff_user):
    activity = ActivityFactory(organisation=OrganisationFactory(address="Nørrebrogade 1"))
    page = client_for(staff_user).get(slip_url(activity)).content.decode()
    assert "Nørrebrogade 1" in page


def test_the_slip_is_mailed_at_once_and_the_address_kept_nowhere(
    client_for, staff_user, walk, caplog
):
    client = client_for(staff_user)
    with caplog.at_level(logging.DEBUG):
        response = client.post(slip_url(walk, next=BRIDGE), {"email": ADDRESS}, follow=True)
    assert response.redirect_chain == [(slip_url(walk, next=BRIDGE), 302)]
    assert escape(gettext("The slip has been sent by e-mail.")) in response.content.decode()
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "Gå-gruppen i Kirkebyen" in message.subject
    assert "Hanne Hansen" in message.body
    assert "P-pladsen ved Rødovre Kirke" in message.body
    html = message.alternatives[0][0]
    assert "Hanne Hansen" in html and 'lang="da"' in html
    # Not queued (the task table would keep the address), not logged, not audited, not in
    # any row of the portal's own tables or in the session.
    assert not DBTaskResult.objects.exists()
    assert ADDRESS not in caplog.text
    assert not any(ADDRESS in str(e.changes) for e in LogEntry.objects.all())
    for model in apps.get_models():
        if model._meta.app_label in {"organisations", "volunteer_portal"}:
            for row in model.objects.values_list():
                assert ADDRESS not in str(row), model
    for session in Session.objects.all():
        assert ADDRESS not in str(session.get_decoded())


def test_the_slip_is_mailed_in_the_current_language(client_for, staff_user, walk):
    client_for(staff_user).post("/en" + slip_url(walk), {"email": ADDRESS})
    [message] = mail.outbox
    assert message.subject.startswith("Frivilligportalen: Your slip")
    assert "Welcome contact" in message.body


def test_a_bad_address_is_a_form_error_with_the_text_kept(client_for, staff_user, walk):
    response = client_for(staff_user).post(slip_url(walk), {"email": "borger@@example"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    page = response.content.decode()
    assert 'value="borger@@example"' in page
    assert "data-error-summary" in page
    assert mail.outbox == []


def test_a_mail_server_failure_says_so_and_suggests_printing(
    client_for, staff_user, walk, monkeypatch, caplog
):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"No such user " + ADDRESS.encode())})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with caplog.at_level(logging.DEBUG):
        response = client_for(staff_user).post(slip_url(walk), {"email": ADDRESS})
    assert response.status_code == 200
    page = response.content.decode()
    failed = gettext(
        "The slip could not be sent just now. Print it instead, or try again in a little while."
    )
    assert escape(failed) in page
    assert f'value="{ADDRESS}"' in page  # kept on the page to try again
    assert "could not be sent" in caplog.text
    assert ADDRESS not in caplog.text


def test_an_error_report_of_the_slip_page_hides_the_address(rf, staff_user, walk, monkeypatch):
    """Should the page fail, Django's error report (mail to the admins) leaves the address out."""
    from django.views.debug import SafeExceptionReporterFilter

    from organisations.views.bridge import ActivitySlipView

    def fail(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("organisations.views.bridge.send_slip", fail)
    request = rf.post(slip_url(walk), {"email": ADDRESS})
    request.user = staff_user
    with pytest.raises(RuntimeError):
        ActivitySlipView.as_view()(request, pk=walk.pk)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleansed["email"] != ADDRESS


# The actions on an activity's own page.


@pytest.mark.parametrize(
    ("role", "shown"),
    [(None, False), ("volunteer", False), ("staff", True), ("coordinator", True), ("admin", True)],
)
def test_the_activity_page_links_to_slip_and_referral_for_staff_only(
    role, shown, client_for, users_by_role, walk
):
    page = client_for(users_by_role.get(role)).get(walk.get_absolute_url()).content.decode()
    assert (slip_url(walk) in page) is shown
    assert (reverse("organisations:referral-create", kwargs={"pk": walk.pk}) in page) is shown


def test_the_activity_page_hides_the_links_from_an_organisation_contact(
    client_for, partner_contact, walk
):
    page = client_for(partner_contact).get(walk.get_absolute_url()).content.decode()
    assert slip_url(walk) not in page


def test_the_menu_offers_bridge_building_and_the_overview_to_staff_only(
    client_for, staff_user, volunteer
):
    overview = reverse("organisations:overview")
    staff_page = client_for(staff_user).get("/").content.decode()
    assert BRIDGE in staff_page and overview in staff_page
    volunteer_page = client_for(volunteer).get("/").content.decode()
    assert BRIDGE not in volunteer_page and overview not in volunteer_page


def test_the_slip_and_referral_pages_mark_the_bridge_building_entry(staff_user):
    from django.utils import translation

    from volunteer_portal.menu import menu_for

    for view_name in ("organisations:activity-slip", "organisations:referral-create"):
        with translation.override("en"):
            entries = menu_for(staff_user, "/organisations/activities/1/slip/", view_name)
            current = [str(e["label"]) for e in entries if e["is_current"]]
        assert current == ["Bridge-building"]


def test_without_a_welcome_contact_the_slip_gives_the_organisations_contact(client_for, staff_user):
    from tests.factories import ActivityFactory, OrganisationFactory

    organisation = OrganisationFactory(name="Kræftens Bekæmpelse", phone="33 33 33 33")
    activity = ActivityFactory(organisation=organisation, title="Kræftlinjen", is_by_phone=True)
    url = reverse("organisations:activity-slip", kwargs={"pk": activity.pk})
    page = client_for(staff_user).get(url).content.decode()
    assert 'href="tel:33333333"' in page
