"""The volunteer's pages: the profile, interest in an opportunity (full → the waiting list,
closed, twice, a CPR number) or in general, withdrawing, and their own page; each for every
role, and another volunteer's objects answering 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from organisations.models import Area
from partnerships.models import Interest, VolunteerProfile
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

CPR = "Mit CPR-nummer er 010190-1234."


def da(message):
    with translation.override("da"):
        return gettext(message)


CPR_ERROR = (
    "The text looks like it holds a CPR number (ddmmyy-xxxx). Leave it out: the portal does not "
    "keep CPR numbers."
)


def text_of(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def interest_url(opportunity):
    return reverse("volunteering:interest-create", kwargs={"pk": opportunity.pk})


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# The profile ------------------------------------------------------------------------------


class TestProfile:
    url = reverse("volunteering:profile")

    def test_shows_the_current_profile_and_links_to_the_account(self, client_for, volunteer):
        VolunteerProfile.objects.create(user=volunteer, phone="12345678", languages="dansk")
        response = client_for(volunteer).get(self.url)
        assert response.status_code == 200
        main = text_of(response)
        assert 'value="12345678"' in main
        assert f'value="{volunteer.full_name}"' in main
        assert f'href="{reverse("profile")}"' in main

    def test_saves_name_phone_kinds_areas_availability_languages_and_reminders(
        self, client_for, volunteer
    ):
        islev, valhoj = Area.objects.create(name="Islev"), Area.objects.create(name="Valhøj")
        response = client_for(volunteer).post(
            self.url,
            {
                "full_name": "Karen Nyt Navn",
                "phone": "87654321",
                "kinds": ["company", "escort"],
                "areas": [islev.pk],
                "availability": ["weekend"],
                "languages": "dansk, arabisk",
                "presentation": "Jeg kan lide at gå ture.",
                # reminders_enabled left out: turned off
                "status": "admin",
                "consent_given_at": "2000-01-01",
            },
        )
        assert response.status_code == 302
        volunteer.refresh_from_db()
        profile = VolunteerProfile.objects.get(user=volunteer)
        assert volunteer.full_name == "Karen Nyt Navn"
        assert volunteer.role == User.Role.VOLUNTEER
        assert profile.phone == "87654321"
        assert profile.kinds == ["company", "escort"]
        assert list(profile.areas.all()) == [islev]
        assert valhoj not in profile.areas.all()
        assert profile.availability == ["weekend"]
        assert profile.language_list() == ["dansk", "arabisk"]
        assert profile.reminders_enabled is False
        assert profile.consent_given_at is None

    def test_a_cpr_number_is_a_danish_error_and_nothing_is_lost(self, client_for, volunteer):
        response = client_for(volunteer).post(
            self.url,
            {"full_name": "Karen", "phone": "87654321", "presentation": CPR, "languages": "fransk"},
        )
        assert response.status_code == 200
        main = text_of(response)
        assert da(CPR_ERROR) in main
        assert 'value="fransk"' in main
        assert "010190-1234" in main  # kept in the field to correct it
        assert VolunteerProfile.objects.get(user=volunteer).languages == ""

    def test_a_bad_phone_number_is_refused(self, client_for, volunteer):
        response = client_for(volunteer).post(self.url, {"full_name": "Karen", "phone": "abc"})
        assert response.status_code == 200
        assert "phone" in response.context["form"].errors

    @pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
    def test_other_roles_are_refused(self, client_for, users_by_role, role):
        assert client_for(users_by_role[role]).get(self.url).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, client):
        assert is_login_redirect(client.get(self.url))


# Interest in an opportunity ---------------------------------------------------------------


class TestInterest:
    def test_the_page_shows_the_opportunity_and_a_message_field(self, client_for, volunteer):
        opportunity = OpportunityFactory(title="Besøgsven på Testparken")
        response = client_for(volunteer).get(interest_url(opportunity))
        assert response.status_code == 200
        main = text_of(response)
        assert "Besøgsven på Testparken" in main
        assert 'name="message"' in main
        assert 'name="join_waiting_list"' not in main

    def test_registering_makes_one_new_interest_and_leads_to_my_page(
        self, client_for, volunteer, coordinator, unit, mailoutbox
    ):
        opportunity = OpportunityFactory(organisation=unit)
        client = client_for(volunteer)
        response = client.post(
            interest_url(opportunity),
            {"message": "Jeg har tid om tirsdagen.", "status": "agreement_offered"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("volunteering:me")
        [interest] = Interest.objects.all()
        assert interest.volunteer == volunteer
        assert interest.status == Interest.Status.NEW
        assert interest.message == "Jeg har tid om tirsdagen."
        assert opportunity.title in text_of(response)

    def test_a_full_opportunity_offers_the_waiting_list_and_keeps_the_message(
        self, client_for, volunteer
    ):
        opportunity = OpportunityFactory(volunteers_wanted=1)
        InterestFactory(opportunity=opportunity)
        client = client_for(volunteer)
        page = text_of(client.get(interest_url(opportunity)))
        assert 'name="join_waiting_list"' in page

        response = client.post(interest_url(opportunity), {"message": "Gerne i weekenden."})
        assert response.status_code == 200
        main = text_of(response)
        assert 'name="join_waiting_list"' in main
        assert "Gerne i weekenden." in main
        assert not Interest.objects.filter(volunteer=volunteer).exists()

        response = client.post(
            interest_url(opportunity),
            {"message": "Gerne i weekenden.", "join_waiting_list": "on"},
            follow=True,
        )
        interest = Interest.objects.get(volunteer=volunteer)
        assert interest.status == Interest.Status.WAITING
        assert interest.waiting_position() == 1
        with translation.override("da"):
            expected = gettext(
                "You are on the waiting list for “%(title)s”, as number %(position)s. We "
                "e-mail you when a place frees."
            ) % {"title": opportunity.title, "position": 1}
        assert expected in text_of(response)

    def test_a_closed_opportunity_says_so_and_takes_no_interest(self, client_for, volunteer):
        opportunity = OpportunityFactory(status="closed", title="Lukket opgave")
        client = client_for(volunteer)
        page = text_of(client.get(interest_url(opportunity)))
        assert 'name="message"' not in page
        response = client.post(interest_url(opportunity), {"message": "Hej med jer"})
        assert response.status_code == 200
        main = text_of(response)
        with translation.override("da"):
            expected = gettext("“%(title)s” is closed for interest.") % {"title": "Lukket opgave"}
        assert expected in main
        assert "Hej med jer" in main
        assert not Interest.objects.exists()

    def test_twice_is_one_interest_and_a_calm_message(self, client_for, volunteer):
        opportunity = OpportunityFactory(title="Fællesspisning")
        client = client_for(volunteer)
        client.post(interest_url(opportunity), {"message": "Første gang"})
        response = client.post(interest_url(opportunity), {"message": "Anden gang"})
        assert response.status_code == 200
        with translation.override("da"):
            expected = gettext("You have already registered interest in “%(title)s”.") % {
                "title": "Fællesspisning"
            }
        main = text_of(response)
        assert expected in main
        assert "Anden gang" in main
        assert Interest.objects.count() == 1

    def test_a_cpr_number_is_a_danish_field_error(self, client_for, volunteer):
        opportunity = OpportunityFactory()
        response = client_for(volunteer).post(interest_url(opportunity), {"message": CPR})
        assert response.status_code == 200
        assert da(CPR_ERROR) in text_of(response)
        assert "message" in response.context["form"].errors
        assert not Interest.objects.exists()

    def test_a_draft_answers_404(self, client_for, volunteer):
        opportunity = OpportunityFactory(status="draft")
        client = client_for(volunteer)
        assert client.get(interest_url(opportunity)).status_code == 404
        assert client.post(interest_url(opportunity), {"message": ""}).status_code == 404
        assert not Interest.objects.exists()

    def test_an_unknown_opportunity_answers_404(self, client_for, volunteer):
        response = client_for(volunteer).get(
            reverse("volunteering:interest-create", kwargs={"pk": 999999})
        )
        assert response.status_code == 404

    @pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
    def test_only_volunteer_accounts_register_interest(self, client_for, users_by_role, role):
        opportunity = OpportunityFactory()
        client = client_for(users_by_role[role])
        assert client.get(interest_url(opportunity)).status_code == 403
        assert client.post(interest_url(opportunity), {"message": "x"}).status_code == 403
        assert not Interest.objects.exists()

    def test_anonymous_is_sent_to_log_in_and_back(self, client):
        opportunity = OpportunityFactory()
        response = client.get(interest_url(opportunity))
        assert is_login_redirect(response)
        assert interest_url(opportunity) in response["Location"]


# A general interest -----------------------------------------------------------------------


class TestGeneralInterest:
    url = reverse("volunteering:general-interest")

    def test_offers_active_municipal_units_and_the_volunteer_centre_only(
        self, client_for, volunteer
    ):
        unit = UnitFactory(name="Biblioteket")
        centre = OrganisationFactory(name="Frivilligcenter Test", kind="volunteer_centre")
        OrganisationFactory(name="Røde Kors Test", kind="humanitarian")
        UnitFactory(name="Nedlagt Enhed", is_active=False)
        response = client_for(volunteer).get(self.url)
        assert response.status_code == 200
        choices = list(response.context["form"].fields["organisation"].queryset)
        assert unit in choices and centre in choices
        names = {o.name for o in choices}
        assert "Røde Kors Test" not in names and "Nedlagt Enhed" not in names

    def test_registers_a_general_interest(self, client_for, volunteer):
        centre = OrganisationFactory(kind="volunteer_centre")
        response = client_for(volunteer).post(
            self.url, {"organisation": centre.pk, "message": "Jeg vil gerne hjælpe."}
        )
        assert response.status_code == 302
        interest = Interest.objects.get()
        assert interest.opportunity is None
        assert interest.organisation == centre
        assert interest.volunteer == volunteer

    def test_a_tampered_organisation_is_refused(self, client_for, volunteer):
        association = OrganisationFactory(kind="humanitarian")
        response = client_for(volunteer).post(
            self.url, {"organisation": association.pk, "message": "Hej"}
        )
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors
        assert not Interest.objects.exists()

    def test_a_second_open_general_interest_is_a_calm_error(self, client_for, volunteer):
        unit = UnitFactory()
        client = client_for(volunteer)
        client.post(self.url, {"organisation": unit.pk, "message": "1"})
        response = client.post(self.url, {"organisation": unit.pk, "message": "2"})
        assert response.status_code == 200
        assert da("You have already registered interest with this unit.") in text_of(response)
        assert Interest.objects.count() == 1

    def test_a_cpr_number_is_refused(self, client_for, volunteer):
        unit = UnitFactory()
        response = client_for(volunteer).post(self.url, {"organisation": unit.pk, "message": CPR})
        assert da(CPR_ERROR) in text_of(response)
        assert not Interest.objects.exists()

    @pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
    def test_other_roles_are_refused(self, client_for, users_by_role, role):
        assert client_for(users_by_role[role]).get(self.url).status_code == 403


# Withdrawing -------------------------------------------------------------------------------


class TestWithdraw:
    def url(self, interest):
        return reverse("volunteering:interest-withdraw", kwargs={"pk": interest.pk})

    def test_withdraws_an_own_open_interest_once(self, client_for, volunteer):
        interest = InterestFactory(volunteer=volunteer)
        client = client_for(volunteer)
        response = client.post(self.url(interest))
        assert response.status_code == 302
        assert response["Location"] == reverse("volunteering:me")
        interest.refresh_from_db()
        assert interest.status == Interest.Status.WITHDRAWN
        response = client.post(self.url(interest), follow=True)  # the double click
        assert response.status_code == 200
        assert da("This interest is no longer open; nothing was changed.") in text_of(response)

    def test_leaving_a_waiting_list_frees_nothing_but_the_line(self, client_for, volunteer):
        opportunity = OpportunityFactory(volunteers_wanted=1)
        InterestFactory(opportunity=opportunity)
        interest = InterestFactory(volunteer=volunteer, opportunity=opportunity, status="waiting")
        client_for(volunteer).post(self.url(interest))
        interest.refresh_from_db()
        assert interest.status == Interest.Status.WITHDRAWN

    def test_another_volunteers_interest_answers_404(self, client_for, volunteer):
        other = InterestFactory()
        assert client_for(volunteer).post(self.url(other)).status_code == 404
        other.refresh_from_db()
        assert other.status == Interest.Status.NEW

    @pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
    def test_staff_cannot_withdraw_for_the_volunteer(self, client_for, users_by_role, role):
        interest = InterestFactory()
        assert client_for(users_by_role[role]).post(self.url(interest)).status_code == 404
        interest.refresh_from_db()
        assert interest.status == Interest.Status.NEW

    def test_get_is_not_allowed(self, client_for, volunteer):
        interest = InterestFactory(volunteer=volunteer)
        assert client_for(volunteer).get(self.url(interest)).status_code == 405
        interest.refresh_from_db()
        assert interest.status == Interest.Status.NEW

    def test_anonymous_is_sent_to_log_in(self, client):
        interest = InterestFactory()
        assert is_login_redirect(client.post(self.url(interest)))


# The volunteer's own page -----------------------------------------------------------------


class TestHome:
    url = reverse("volunteering:me")

    def test_lists_own_interests_and_agreements_with_the_contact_person(
        self, client_for, volunteer
    ):
        mine = InterestFactory(volunteer=volunteer, opportunity__title="Min opgave")
        declined = InterestFactory(
            volunteer=volunteer,
            opportunity__title="Afvist opgave",
            status="declined",
            declined_reason="Holdet er fuldt i år.",
        )
        general = InterestFactory(
            volunteer=volunteer,
            opportunity=None,
            organisation=OrganisationFactory(name="Frivilligcentret", kind="volunteer_centre"),
        )
        InterestFactory(opportunity__title="Andens opgave")
        agreement = VolunteerAgreementFactory(
            volunteer=volunteer, status="active", unit__name="Plejehjemmet Solgården"
        )
        VolunteerAgreementFactory(volunteer=volunteer, status="draft", unit__name="Kladdehjemmet")
        response = client_for(volunteer).get(self.url)
        assert response.status_code == 200
        main = text_of(response)
        assert "Min opgave" in main and "Afvist opgave" in main and "Frivilligcentret" in main
        assert "Holdet er fuldt i år." in main
        assert "Andens opgave" not in main
        assert "Plejehjemmet Solgården" in main
        assert "Kladdehjemmet" not in main
        assert agreement.contact_person.email in main
        assert reverse("volunteering:agreement-detail", kwargs={"pk": agreement.pk}) in main
        for interest in (mine, general):
            assert reverse("volunteering:interest-withdraw", kwargs={"pk": interest.pk}) in main
        assert reverse("volunteering:interest-withdraw", kwargs={"pk": declined.pk}) not in main
        assert reverse("volunteering:profile") in main
        assert reverse("volunteering:calendar") in main

    def test_shows_the_waiting_position_and_an_offered_place(self, client_for, volunteer):
        opportunity = OpportunityFactory(volunteers_wanted=1)
        InterestFactory(opportunity=opportunity)
        InterestFactory(opportunity=opportunity, status="waiting")
        mine = InterestFactory(volunteer=volunteer, opportunity=opportunity, status="waiting")
        main = text_of(client_for(volunteer).get(self.url))
        with translation.override("da"):
            assert gettext("Number %(position)s in line") % {"position": 2} in main
        until = timezone.now() + datetime.timedelta(hours=24)
        offered = InterestFactory(volunteer=volunteer, status="waiting", place_offered_until=until)
        main = text_of(client_for(volunteer).get(self.url))
        assert "/volunteering/waiting/" in main
        assert mine.waiting_position() == 2
        assert offered.place_offer_open()

    def test_the_number_of_queries_does_not_grow_with_the_rows(
        self, client_for, volunteer, django_assert_num_queries
    ):
        def add(count):
            for _ in range(count):
                InterestFactory(volunteer=volunteer, status="waiting")
                VolunteerAgreementFactory(volunteer=volunteer, status="active")

        client = client_for(volunteer)
        add(2)
        client.get(self.url)  # warm the session
        # The session, the user, their memberships (the menu), the interests with their place
        # in line, the agreements: the same five whatever the number of rows.
        with django_assert_num_queries(5):
            client.get(self.url)
        add(6)
        with django_assert_num_queries(5):
            response = client.get(self.url)
        assert len(response.context["interests"]) == 8

    @pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
    def test_other_roles_are_refused(self, client_for, users_by_role, role):
        assert client_for(users_by_role[role]).get(self.url).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, client):
        assert is_login_redirect(client.get(self.url))

    def test_another_volunteers_agreement_answers_404(self, client_for, volunteer):
        other = VolunteerAgreementFactory(status="active", volunteer=UserFactory())
        url = reverse("volunteering:agreement-detail", kwargs={"pk": other.pk})
        assert client_for(volunteer).get(url).status_code == 404


@pytest.mark.parametrize(("role", "linked"), [("volunteer", True), ("staff", False)])
def test_the_account_page_links_to_the_volunteer_profile(client_for, users_by_role, role, linked):
    page = text_of(client_for(users_by_role[role]).get(reverse("profile")))
    assert (reverse("volunteering:profile") in page) is linked
