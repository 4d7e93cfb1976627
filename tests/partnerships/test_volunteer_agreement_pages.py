"""The volunteer agreement's pages: the coordinator drafts it from an interest and edits the
draft; the page shows the whole agreement to the volunteer, the contact person and the unit's
coordinators only (anyone else 404); offer, confirm, approve, the certificate's assessment and
ending it, each for its own side; the agreement and the certificate of work as PDFs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnerships.models import Interest, VolunteerAgreement
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
    staff_member,
)
from tests.worker import run_worker
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

CREATE = reverse("volunteering:agreement-create")


@pytest.fixture
def contact(unit):
    return staff_member(unit, email="kontakt@test.dk")


@pytest.fixture
def opportunity(unit):
    return OpportunityFactory(organisation=unit, rhythm="Hver tirsdag")


@pytest.fixture
def interest(volunteer, opportunity):
    return InterestFactory(volunteer=volunteer, opportunity=opportunity)


@pytest.fixture
def make_agreement(volunteer, unit, contact, opportunity):
    def make(**fields):
        fields = {
            "volunteer": volunteer,
            "unit": unit,
            "contact_person": contact,
            "opportunity": opportunity,
            **fields,
        }
        if fields.get("status") == "offered":
            fields.setdefault("answer_by", timezone.now() + datetime.timedelta(days=7))
        return VolunteerAgreementFactory(**fields)

    return make


def form_data(unit, contact, **overrides):
    return {
        "unit": unit.pk,
        "contact_person": contact.pk,
        "tasks": "Besøgsven en gang om ugen.",
        "expectations": "Vi mødes hver anden måned.",
        "task_boundary": "Ingen personlig pleje.",
        "rhythm": "Tirsdag eftermiddag",
        "start_date": "2027-02-01",
        "end_date": "",
        "meetings": "Hver sjette måned",
        "insurance": "municipality",
        **overrides,
    }


def create_url(interest):
    return f"{CREATE}?interest={interest.pk}"


def action(agreement, name):
    return reverse("volunteering:agreement-action", kwargs={"pk": agreement.pk, "action": name})


def page(agreement, name="agreement-detail"):
    return reverse(f"volunteering:{name}", kwargs={"pk": agreement.pk})


# Creating from an interest.


def test_coordinator_makes_a_draft_from_an_interest(
    coordinator, unit, contact, interest, client_for
):
    client = client_for(coordinator)
    response = client.get(create_url(interest))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["unit"] == unit.pk
    assert form.initial["rhythm"] == "Hver tirsdag"
    response = client.post(create_url(interest), form_data(unit, contact, status="active"))
    agreement = VolunteerAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.status == "draft"  # a status in the POST is ignored
    assert (agreement.volunteer, agreement.opportunity) == (
        interest.volunteer,
        interest.opportunity,
    )
    interest.refresh_from_db()
    assert interest.status == "dialogue"


def test_certificate_required_is_preset_from_the_opportunity(
    coordinator, unit, volunteer, client_for
):
    interest = InterestFactory(
        volunteer=volunteer,
        opportunity=OpportunityFactory(organisation=unit, works_with_children=True),
    )
    response = client_for(coordinator).get(create_url(interest))
    assert response.context["form"].initial["child_certificate_required"] is True


@pytest.mark.parametrize(("role", "status"), [("volunteer", 403), ("staff", 403)])
def test_create_is_for_coordinators(role, status, users_by_role, interest, client_for):
    assert client_for(users_by_role[role]).get(create_url(interest)).status_code == status


def test_create_for_another_units_interest_or_without_one_is_404(
    coordinator, other_unit, client_for
):
    other = InterestFactory(opportunity=OpportunityFactory(organisation=other_unit))
    client = client_for(coordinator)
    assert client.get(create_url(other)).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert client.get(f"{CREATE}?interest=x").status_code == 404


def test_create_sends_a_visitor_to_log_in(client, interest):
    response = client.get(create_url(interest))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_contact_person_from_another_unit_is_refused(
    coordinator, unit, other_unit, interest, client_for
):
    # A coordinator of both units, so that both units and their staff are choices.
    coordinator.memberships.create(organisation=other_unit, capacity="coordinator")
    stranger = staff_member(other_unit)
    with translation.override("da"):
        response = client_for(coordinator).post(create_url(interest), form_data(unit, stranger))
        assert response.status_code == 200
        assert response.context["form"].errors["contact_person"] == [
            gettext("The contact person must be a staff member of the home unit.")
        ]
    assert not VolunteerAgreement.objects.exists()
    assert "Besøgsven en gang om ugen." in response.content.decode()  # nothing lost


def test_an_end_before_the_start_is_refused(coordinator, unit, contact, interest, client_for):
    with translation.override("da"):
        response = client_for(coordinator).post(
            create_url(interest), form_data(unit, contact, end_date="2027-01-01")
        )
        assert response.context["form"].errors["end_date"] == [
            gettext("The end date cannot be before the start date.")
        ]
    assert not VolunteerAgreement.objects.exists()


def test_a_tampered_unit_of_another_coordinator_is_refused(
    coordinator, unit, other_unit, contact, interest, client_for
):
    other_contact = staff_member(other_unit)
    response = client_for(coordinator).post(
        create_url(interest), form_data(other_unit, other_contact)
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not VolunteerAgreement.objects.exists()


def test_a_cpr_number_in_the_tasks_is_refused(coordinator, unit, contact, interest, client_for):
    response = client_for(coordinator).post(
        create_url(interest), form_data(unit, contact, tasks="CPR 010203-1234")
    )
    assert "tasks" in response.context["form"].errors
    assert not VolunteerAgreement.objects.exists()


def test_an_agreement_from_a_declined_interest_is_refused_calmly(
    coordinator, unit, contact, volunteer, opportunity, client_for
):
    declined = InterestFactory(volunteer=volunteer, opportunity=opportunity, status="declined")
    response = client_for(coordinator).post(create_url(declined), form_data(unit, contact))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not VolunteerAgreement.objects.exists()


# Editing the draft.


def test_edit_saves_a_draft(coordinator, unit, contact, make_agreement, client_for):
    agreement = make_agreement()
    client = client_for(coordinator)
    form = client.get(page(agreement, "agreement-edit")).context["form"]
    data = form_data(unit, contact, loaded=form["loaded"].value(), base=form["base"].value())
    response = client.post(page(agreement, "agreement-edit"), data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.rhythm == "Tirsdag eftermiddag"


def test_edit_conflict_shows_the_merged_form_and_keeps_the_other_change(
    coordinator, unit, contact, make_agreement, client_for
):
    agreement = make_agreement(meetings="Hvert år")
    client = client_for(coordinator)
    form = client.get(page(agreement, "agreement-edit")).context["form"]
    loaded, base = form["loaded"].value(), form["base"].value()
    # Someone else saves the meetings meanwhile.
    VolunteerAgreement.objects.filter(pk=agreement.pk).update(
        meetings="Hver måned", updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    data = form_data(unit, contact, meetings="Hvert år", loaded=loaded, base=base)
    data["start_date"] = agreement.start_date.isoformat()
    data["tasks"] = "Nye opgaver."
    response = client.post(page(agreement, "agreement-edit"), data)
    assert response.status_code == 200
    fresh = response.context["form"]
    assert fresh.non_field_errors()
    assert fresh["meetings"].value() == "Hver måned"
    assert fresh["tasks"].value() == "Nye opgaver."
    agreement.refresh_from_db()
    assert agreement.tasks != "Nye opgaver."


def test_only_a_draft_is_edited(coordinator, make_agreement, client_for):
    agreement = make_agreement(status="offered")
    response = client_for(coordinator).get(page(agreement, "agreement-edit"))
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()


def test_edit_of_another_units_agreement_is_404(coordinator, other_unit, client_for):
    agreement = VolunteerAgreementFactory(unit=other_unit)
    assert client_for(coordinator).get(page(agreement, "agreement-edit")).status_code == 404


# The page and who sees it.


@pytest.mark.parametrize("who", ["volunteer", "coordinator", "contact", "admin"])
def test_the_agreement_page_is_for_its_parties(
    who, volunteer, coordinator, contact, portal_admin, make_agreement, client_for
):
    user = {"volunteer": volunteer, "coordinator": coordinator, "contact": contact}.get(
        who, portal_admin
    )
    agreement = make_agreement(tasks="Læse højt for beboerne.")
    response = client_for(user).get(agreement.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Læse højt for beboerne." in content
    assert contact.email in content


@pytest.mark.parametrize("who", ["another_volunteer", "staff", "other_coordinator", "contact"])
def test_anyone_else_gets_404_for_the_page_the_pdf_and_the_actions(
    who, other_unit, make_agreement, client_for, users_by_role
):
    agreement = make_agreement(status="offered")
    user = {
        "another_volunteer": UserFactory(),
        "staff": users_by_role["staff"],
        "other_coordinator": UserFactory(role=User.Role.COORDINATOR, units=[other_unit]),
        "contact": users_by_role["organisation_contact"],
    }[who]
    client = client_for(user)
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert client.get(page(agreement, "agreement-pdf")).status_code == 404
    for name in ("offer", "confirm", "approve"):
        assert client.post(action(agreement, name)).status_code == 404
    assert client.get(page(agreement, "agreement-end")).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == "offered"


def test_the_page_sends_a_visitor_to_log_in(client, make_agreement):
    response = client.get(make_agreement().get_absolute_url())
    assert response.status_code == 302


def test_the_certificate_section_is_for_the_coordinators_and_the_volunteer_only(
    volunteer, coordinator, contact, make_agreement, client_for
):
    agreement = make_agreement(child_certificate_required=True)
    with translation.override("da"):
        heading = gettext("Child-protection certificate")
        for user, shown in [(volunteer, True), (coordinator, True), (contact, False)]:
            content = client_for(user).get(agreement.get_absolute_url()).content.decode()
            assert (heading in content) is shown
            assert ('id="certificate"' in content) is shown


# Moving it on.


def test_offer_by_the_coordinator_mails_the_volunteer_once(
    coordinator,
    volunteer,
    make_agreement,
    interest,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    agreement = make_agreement(interest=interest)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(action(agreement, "offer"))
    run_worker()
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "offered"
    assert agreement.answer_by is not None
    assert [m.to for m in mailoutbox] == [[volunteer.email]]


def test_a_double_click_on_offer_is_a_calm_message(coordinator, make_agreement, client_for):
    agreement = make_agreement()
    client = client_for(coordinator)
    client.post(action(agreement, "offer"), follow=True)
    response = client.post(action(agreement, "offer"), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    agreement.refresh_from_db()
    assert agreement.status == "offered"


@pytest.mark.parametrize("who", ["volunteer", "contact"])
def test_the_volunteer_and_the_contact_person_may_not_offer_or_approve(
    who, volunteer, contact, make_agreement, client_for
):
    client = client_for({"volunteer": volunteer, "contact": contact}[who])
    draft = make_agreement()
    assert client.post(action(draft, "offer")).status_code == 403
    confirmed = make_agreement(status="confirmed")
    assert client.post(action(confirmed, "approve")).status_code == 403
    draft.refresh_from_db()
    confirmed.refresh_from_db()
    assert (draft.status, confirmed.status) == ("draft", "confirmed")


def test_the_volunteer_confirms_and_the_municipal_side_is_mailed(
    volunteer,
    coordinator,
    contact,
    make_agreement,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    agreement = make_agreement(status="offered")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(volunteer).post(action(agreement, "confirm"))
    run_worker()
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "confirmed"
    assert sorted(m.to[0] for m in mailoutbox) == sorted([contact.email, coordinator.email])


@pytest.mark.parametrize("who", ["coordinator", "contact"])
def test_only_the_volunteer_confirms(who, coordinator, contact, make_agreement, client_for):
    agreement = make_agreement(status="offered")
    user = {"coordinator": coordinator, "contact": contact}[who]
    assert client_for(user).post(action(agreement, "confirm")).status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == "offered"


def test_the_volunteer_sees_the_confirm_button_only_while_the_offer_is_open(
    volunteer, make_agreement, client_for
):
    agreement = make_agreement(status="offered")
    with translation.override("da"):
        label = gettext("I have read the agreement and confirm it")
        client = client_for(volunteer)
        assert label in client.get(agreement.get_absolute_url()).content.decode()
        VolunteerAgreement.objects.filter(pk=agreement.pk).update(
            answer_by=timezone.now() - datetime.timedelta(hours=1)
        )
        assert label not in client.get(agreement.get_absolute_url()).content.decode()


def test_approve_is_refused_until_the_certificate_is_recorded(
    coordinator,
    volunteer,
    make_agreement,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    agreement = make_agreement(status="confirmed", child_certificate_required=True)
    client = client_for(coordinator)
    with translation.override("da"):
        content = client.get(agreement.get_absolute_url()).content.decode()
        assert (
            gettext(
                "It cannot be approved yet: the child-protection certificate is required and its "
                "assessment has not been recorded."
            )
            in content
        )
        response = client.post(action(agreement, "approve"), follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            gettext(
                "The agreement cannot be approved before the child-protection certificate "
                "has been assessed and recorded."
            )
        ]
    agreement.refresh_from_db()
    assert agreement.status == "confirmed"

    response = client.post(
        page(agreement, "agreement-child-certificate"),
        {"assessed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action(agreement, "approve"))
    run_worker()
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert agreement.approved_by == coordinator
    assert [m.to for m in mailoutbox] == [[volunteer.email]]


def test_the_certificate_is_recorded_by_the_coordinators_only(
    volunteer, contact, make_agreement, client_for
):
    agreement = make_agreement(child_certificate_required=True)
    for user in (volunteer, contact):
        response = client_for(user).post(
            page(agreement, "agreement-child-certificate"),
            {"assessed_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.child_certificate_assessed_on is None


def test_the_certificate_date_cannot_be_in_the_future(coordinator, make_agreement, client_for):
    agreement = make_agreement(child_certificate_required=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("da"):
        response = client_for(coordinator).post(
            page(agreement, "agreement-child-certificate"), {"assessed_on": tomorrow.isoformat()}
        )
        assert response.context["form"].errors["assessed_on"] == [
            gettext("The date of the assessment cannot be in the future.")
        ]


def test_actions_are_post_only_and_unknown_ones_404(coordinator, make_agreement, client_for):
    agreement = make_agreement()
    client = client_for(coordinator)
    assert client.get(action(agreement, "offer")).status_code == 405
    assert client.post(action(agreement, "activate")).status_code == 404


# Ending it.


@pytest.mark.parametrize("who", ["volunteer", "coordinator"])
def test_either_side_ends_it_with_a_date_and_a_reason(
    who, volunteer, coordinator, make_agreement, client_for
):
    agreement = make_agreement(status="active", start_date=datetime.date(2026, 1, 5))
    client = client_for({"volunteer": volunteer, "coordinator": coordinator}[who])
    response = client.get(page(agreement, "agreement-end"))
    assert response.context["form"]["ended_on"].value() == timezone.localdate()
    with translation.override("da"):
        response = client.post(page(agreement, "agreement-end"), {"ended_on": "", "reason": ""})
        errors = response.context["form"].errors
        assert errors["reason"] == [gettext("Give the reason the agreement ends.")]
        assert errors["ended_on"] == [gettext("Give the date the agreement ends.")]
    response = client.post(
        page(agreement, "agreement-end"), {"ended_on": "2026-06-30", "reason": "Flytter."}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on, agreement.ended_reason) == (
        "ended",
        datetime.date(2026, 6, 30),
        "Flytter.",
    )
    # Once more: ended already, told calmly.
    response = client.post(
        page(agreement, "agreement-end"), {"ended_on": "2026-06-30", "reason": "Igen."}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_contact_person_may_read_but_not_end_it(contact, make_agreement, client_for):
    agreement = make_agreement(status="active")
    assert client_for(contact).get(page(agreement, "agreement-end")).status_code == 403


def test_no_mail_of_the_flow_mentions_the_certificate(
    coordinator,
    volunteer,
    make_agreement,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    agreement = make_agreement(
        child_certificate_required=True,
        start_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(action(agreement, "offer"))
        client_for(volunteer).post(action(agreement, "confirm"))
        client_for(coordinator).post(
            page(agreement, "agreement-child-certificate"),
            {"assessed_on": timezone.localdate().isoformat()},
        )
        client_for(coordinator).post(action(agreement, "approve"))
        client_for(volunteer).post(
            page(agreement, "agreement-end"),
            {"ended_on": timezone.localdate().isoformat(), "reason": "Tak for nu."},
        )
    run_worker()
    agreement.refresh_from_db()
    assert agreement.status == "ended"
    assert len(mailoutbox) >= 4
    for message in mailoutbox:
        text = (message.subject + message.body).lower()
        assert "børneattest" not in text
        assert "child-protection" not in text
        assert "certificate" not in text


# The PDFs.


def test_the_agreement_pdf_is_for_those_who_see_the_page(
    volunteer, contact, make_agreement, client_for
):
    agreement = make_agreement()
    for user in (volunteer, contact):
        response = client_for(user).get(page(agreement, "agreement-pdf"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content.startswith(b"%PDF")


def test_the_agreement_pdf_leaves_out_the_certificate_for_the_contact_person(
    volunteer, contact, make_agreement, rf
):
    from django.template.loader import render_to_string

    agreement = make_agreement(child_certificate_required=True)
    with translation.override("en"):
        html = render_to_string(
            "partnerships/volunteering/pdf/agreement.html",
            {"agreement": agreement, "can_view_certificate": False},
        )
        assert "Child-protection certificate" not in html
        html = render_to_string(
            "partnerships/volunteering/pdf/agreement.html",
            {"agreement": agreement, "can_view_certificate": True},
        )
        assert "Child-protection certificate" in html


def test_the_work_certificate_only_once_the_agreement_is_or_was_active(
    volunteer, coordinator, contact, make_agreement, client_for
):
    draft = make_agreement()
    assert client_for(volunteer).get(page(draft, "work-certificate")).status_code == 404
    ended_unapproved = make_agreement(status="ended", ended_on=timezone.localdate())
    assert client_for(volunteer).get(page(ended_unapproved, "work-certificate")).status_code == 404
    active = make_agreement(status="active", approved_at=timezone.now())
    for user in (volunteer, coordinator):
        response = client_for(user).get(page(active, "work-certificate"))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert "attachment;" in response["Content-Disposition"]
    assert client_for(contact).get(page(active, "work-certificate")).status_code == 404
    assert client_for(UserFactory()).get(page(active, "work-certificate")).status_code == 404
    ended = make_agreement(
        status="ended", approved_at=timezone.now(), ended_on=timezone.localdate()
    )
    assert client_for(volunteer).get(page(ended, "work-certificate")).status_code == 200


def test_interest_gets_agreement_offered_when_the_agreement_is_offered(
    coordinator, make_agreement, interest, client_for
):
    agreement = make_agreement(interest=interest)
    Interest.objects.filter(pk=interest.pk).update(status="dialogue")
    client_for(coordinator).post(action(agreement, "offer"))
    interest.refresh_from_db()
    assert interest.status == "agreement_offered"


def test_a_whole_history_renders_in_english_on_the_page_and_in_the_pdfs(
    volunteer, coordinator, make_agreement, client_for
):
    agreement = make_agreement(
        status="ended",
        child_certificate_required=True,
        child_certificate_assessed_on=datetime.date(2026, 12, 1),
        child_certificate_assessed_by=coordinator,
        child_certificate_renew_by=datetime.date(2028, 12, 1),
        answer_by=timezone.now(),
        confirmed_at=timezone.now(),
        approved_at=timezone.now(),
        approved_by=coordinator,
        ended_on=datetime.date(2027, 6, 30),
        ended_by=volunteer,
        ended_reason="Flytter.",
        end_date=datetime.date(2027, 12, 31),
    )
    with translation.override("en"):
        content = client_for(coordinator).get(agreement.get_absolute_url()).content.decode()
        for name in ("agreement-pdf", "work-certificate"):
            response = client_for(volunteer).get(page(agreement, name))
            assert response.content.startswith(b"%PDF")
    for text in [
        "Approved on",
        "Ended on 30. June 2027",
        "Flytter.",
        "Due again on",
        "Duty of confidentiality",
        "Duty to report concern for a child",
    ]:
        assert text in content


def test_the_create_form_sent_twice_makes_one_agreement(
    coordinator, unit, contact, interest, client_for
):
    client = client_for(coordinator)
    client.post(create_url(interest), form_data(unit, contact), follow=True)
    response = client.post(create_url(interest), form_data(unit, contact), follow=True)
    agreement = VolunteerAgreement.objects.get()
    assert response.redirect_chain == [(agreement.get_absolute_url(), 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_volunteer_declines_an_offer_and_the_municipal_side_is_told(
    volunteer,
    coordinator,
    contact,
    make_agreement,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    agreement = make_agreement(status="offered")
    client = client_for(volunteer)
    with translation.override("da"):
        response = client.get(page(agreement, "agreement-end"))
        assert gettext("Decline the volunteer agreement") in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page(agreement, "agreement-end"),
            {"ended_on": timezone.localdate().isoformat(), "reason": "Har fået arbejde."},
        )
    run_worker()
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_by) == ("ended", volunteer)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([contact.email, coordinator.email])


def test_the_agreement_page_marks_the_menu_entry_of_the_person_reading_it(coordinator, volunteer):
    from volunteer_portal.menu import menu_for

    path, view = "/volunteering/agreements/1/", "volunteering:agreement-detail"
    with translation.override("en"):
        marked = {
            who: [str(e["label"]) for e in menu_for(user, path, view) if e["is_current"]]
            for who, user in (("coordinator", coordinator), ("volunteer", volunteer))
        }
    assert marked == {"coordinator": ["Volunteer inbox"], "volunteer": ["My volunteering"]}
