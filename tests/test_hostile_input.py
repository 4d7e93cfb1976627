"""Hostile input to every form and filter (issue #12, "Bad input").

Each form of the portal (``FORMS``: the page that shows it, who fills it in) is read from its
page as a browser would, every field it has (text, select, hidden, checkbox) is filled with one
hostile value, and the form is sent. Every filter (``FILTERS``) gets the hostile value in each of
its parameters. Whatever comes back is an answer, never a 500: a form error or a 404/403, or a
save that shows the text escaped; a NUL byte and an overlong text are never stored; script never
comes back raw. Forged CSRF is refused with 403; another person's ids in a form are refused and
store nothing; a ``next`` pointing off the site is never followed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.test_url_access import build_world

pytestmark = pytest.mark.django_db

MARK = "Zqx7"  # in every payload, to find what was stored
SCRIPT = "<script>alert(1)</script>"
PAYLOADS = {
    "overlong": MARK + "x" * 100_000,
    "nul": MARK + "nul\x00byte",
    "script": MARK + SCRIPT + '"><img src=x onerror=alert(1)>',
    "sql": MARK + "' OR 1=1 --",
    "confusable": MARK + "Frivilligcentеr Rødovrе",  # two Cyrillic е (U+0435)
    "impossible date": "2026-02-30",
    "huge number": "1e9999",
    "negative": "-1",
    "letters for a number": "abc",
}
LONGEST_STORED = 20_000  # no free text of the portal is longer than this when stored


@dataclass(frozen=True)
class Form:
    page: str  # the URL name of the page that shows the form
    caller: str  # "anonymous" or a key of users_by_role
    kwargs: Callable = field(default=lambda w: {})
    action: str = ""  # the URL name the form posts to, where it is not the page itself
    action_kwargs: Callable = None
    query: Callable = None  # the page's query string, from the objects


def w_plan(w):
    return {"slug": w.plan.slug}


def w_initiative(w):
    return {"slug": w.plan.slug, "number": w.initiative.number}


def w_organisation(w):
    return {"slug": w.organisation.slug}


def w_activity(w):
    return {"pk": w.activity.pk}


def w_agreement(w):
    return {"pk": w.agreement.pk}


def w_pool(w):
    return {"pool": w.pool.pk}


def w_grant(w):
    return {"pool": w.pool.pk, "pk": w.grant.pk}


def w_opportunity(w):
    return {"pk": w.opportunity.pk}


def w_interest(w):
    return {"pk": w.interest.pk}


def w_volunteer_agreement(w):
    return {"pk": w.volunteer_agreement.pk}


FORMS = {
    "log in": Form("account_login", "anonymous"),
    "sign up": Form("account_signup", "anonymous"),
    "password reset": Form("account_reset_password", "anonymous"),
    "password change": Form("account_change_password", "volunteer"),
    "add an e-mail address": Form("account_email", "volunteer"),
    "my account": Form("profile", "volunteer"),
    "new organisation": Form("organisations:organisation-create", "staff"),
    "edit own organisation": Form(
        "organisations:organisation-edit", "organisation_contact", w_organisation
    ),
    "new activity": Form("organisations:activity-create", "organisation_contact", w_organisation),
    "edit activity": Form("organisations:activity-edit", "staff", w_activity),
    "slip by mail": Form("organisations:activity-slip", "staff", w_activity),
    "referral": Form("organisations:referral-create", "staff", w_activity),
    "new agreement": Form("partnerships:agreement-create", "staff"),
    "edit agreement": Form("partnerships:agreement-edit", "staff", w_agreement),
    "end agreement early": Form("partnerships:agreement-end", "staff", w_agreement),
    "new pool": Form("partnerships:pool-create", "staff"),
    "edit pool": Form("partnerships:pool-edit", "staff", w_pool),
    "new grant": Form("partnerships:grant-create", "staff"),
    "grant paid": Form(
        "partnerships:grant-detail", "staff", w_grant, "partnerships:grant-paid", w_grant
    ),
    "grant report": Form(
        "partnerships:grant-detail", "staff", w_grant, "partnerships:grant-report", w_grant
    ),
    "review meeting": Form("partnerships:review-create", "staff", w_agreement),
    "new opportunity": Form("volunteering:opportunity-create", "coordinator"),
    "edit opportunity": Form("volunteering:opportunity-edit", "coordinator", w_opportunity),
    "interest": Form("volunteering:interest-create", "volunteer", w_opportunity),
    "general interest": Form("volunteering:general-interest", "volunteer"),
    "volunteer profile": Form("volunteering:profile", "volunteer"),
    "decline an interest": Form(
        "volunteering:interest-detail",
        "coordinator",
        w_interest,
        "volunteering:interest-action",
        lambda w: {"pk": w.interest.pk, "action": "decline"},
    ),
    "new volunteer agreement": Form(
        "volunteering:agreement-create",
        "coordinator",
        query=lambda w: {"interest": w.fresh_interest.pk},
    ),
    "edit volunteer agreement": Form(
        "volunteering:agreement-edit", "coordinator", lambda w: {"pk": w.draft_agreement.pk}
    ),
    "child certificate": Form(
        "volunteering:agreement-child-certificate", "coordinator", w_volunteer_agreement
    ),
    "end volunteer agreement": Form(
        "volunteering:agreement-end", "volunteer", w_volunteer_agreement
    ),
    "new plan": Form("initiatives:plan-create", "staff"),
    "edit plan": Form("initiatives:plan-update", "staff", w_plan),
    "start a new plan": Form("initiatives:plan-start-from", "staff", w_plan),
    "renumber": Form("initiatives:plan-renumber", "staff", w_plan),
    "new initiative": Form("initiatives:initiative-create", "staff", w_plan),
    "edit initiative": Form("initiatives:initiative-update", "staff", w_initiative),
    "initiative status": Form(
        "initiatives:initiative-detail",
        "staff",
        w_initiative,
        "initiatives:initiative-status",
        w_initiative,
    ),
    "progress note": Form("initiatives:progress-note-create", "staff", w_initiative),
}

# Pages with a filter (a GET form) and who reads them; the exports take the same filters.
FILTERS = {
    "organisations": ("organisations:organisation-list", "anonymous", lambda w: {}),
    "activities": ("organisations:activity-list", "anonymous", lambda w: {}),
    "bridge-building": ("organisations:bridge", "staff", lambda w: {}),
    "activities to check": ("organisations:activities-to-check", "staff", lambda w: {}),
    "agreements": ("partnerships:agreement-list", "staff", lambda w: {}),
    "grants of a pool": ("partnerships:pool-detail", "staff", w_pool),
    "grant totals": ("partnerships:grant-totals", "staff", lambda w: {}),
    "opportunities": ("volunteering:opportunity-list", "anonymous", lambda w: {}),
    "inbox": ("volunteering:inbox", "coordinator", lambda w: {}),
    "volunteer overview": ("volunteering:overview", "coordinator", lambda w: {}),
    "plan overview": ("initiatives:overview", "staff", w_plan),
    "plan history": ("initiatives:plan-history", "staff", w_plan),
    "initiative history": ("initiatives:initiative-history", "staff", w_initiative),
    "organisations overview": ("organisations:overview", "staff", lambda w: {}),
    "agreements overview": ("partnerships:overview", "staff", lambda w: {}),
}
# Addresses that take a filter's parameters without a form of their own.
FILTERED_EXPORTS = {
    "agreements as CSV": ("partnerships:agreement-export-csv", "agreements"),
    "agreements as XLSX": ("partnerships:agreement-export-xlsx", "agreements"),
    "plan overview as CSV": ("initiatives:overview-csv", "plan overview"),
    "plan overview as XLSX": ("initiatives:overview-xlsx", "plan overview"),
}


# --- Reading a page's forms -------------------------------------------------------------------


class FormsParser(HTMLParser):
    """The forms of a page: method, action and fields (name → value), as a browser sends them
    (a checkbox only when checked, a select its selected or first option)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                    "files": [],
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "file":
                form["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form["fields"].setdefault(name, attrs.get("value", "on"))
                else:
                    form["fields"].setdefault(name, None)
            else:
                form["fields"][name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["selected"] = value

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self.forms:
            chosen = self._select["selected"] or self._select["first"] or ""
            self.forms[-1]["fields"][self._select["name"]] = chosen
            self._select = None


def forms_of(response):
    parser = FormsParser()
    parser.feed(response.content.decode())
    return parser.forms


def the_form(response, page_url, action_url, method="post"):
    """The form of the page that is sent to ``action_url`` (the header's language and log-out
    forms are other forms)."""
    wanted = urlsplit(action_url).path
    found = [
        form
        for form in forms_of(response)
        if form["method"] == method and urlsplit(form["action"] or page_url).path == wanted
    ]
    assert found, f"no {method} form to {wanted} on {page_url}"
    return max(found, key=lambda form: len(form["fields"]))


def filled(form, value):
    """Every field of ``form`` holding ``value``, the CSRF token kept."""
    data = {}
    for name, current in form["fields"].items():
        if name == "csrfmiddlewaretoken":
            data[name] = current
        else:
            data[name] = value
    return data


def as_sent(form):
    return {name: value for name, value in form["fields"].items() if value is not None}


# --- What may not come back or be stored -----------------------------------------------------


def text_fields():
    for model in apps.get_models():
        for field_ in model._meta.get_fields():
            if isinstance(field_, models.CharField | models.TextField) and field_.concrete:
                yield model, field_.name


def stored_with_mark():
    """Every stored text that holds the payloads' mark."""
    found = []
    for model, name in text_fields():
        for value in model._default_manager.filter(**{f"{name}__contains": MARK}).values_list(
            name, flat=True
        ):
            found.append((f"{model._meta.label}.{name}", value))
    return found


def assert_escaped(response):
    body = response.content.decode(errors="replace")
    assert SCRIPT not in body, "script came back raw"
    assert "<img src=x onerror" not in body, "an attribute was broken out of"


def assert_an_answer(response):
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code


@pytest.fixture
def world(users_by_role, unit, other_unit, settings, tmp_path, queued_mail):
    settings.PRIVATE_FILES_ROOT = tmp_path
    return build_world(users_by_role, unit, other_unit)


@pytest.fixture
def client_of(users_by_role, client_for):
    def make(caller, **options):
        user = None if caller == "anonymous" else users_by_role[caller]
        client = client_for(user)
        if options.get("enforce_csrf_checks"):
            client.handler.enforce_csrf_checks = True
        return client

    return make


def open_form(client, spec, w):
    page_url = reverse(spec.page, kwargs=spec.kwargs(w))
    if spec.query:
        page_url += "?" + urlencode(spec.query(w))
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    action_url = reverse(spec.action, kwargs=spec.action_kwargs(w)) if spec.action else page_url
    return page, page_url, action_url, the_form(page, page_url, action_url)


# --- The tests --------------------------------------------------------------------------------


def attempt(problems, payload, check, *args):
    """Run one check; what goes wrong (an assertion, an error that would be a 500) is noted
    with the payload, so that one test reports every payload that fails."""
    try:
        check(*args)
    except Exception as error:  # noqa: BLE001 - reported below, with the payload's name
        problems.append(f"{payload}: {type(error).__name__}: {str(error)[:300]}")


def send_hostile_form(client, action_url, form, payload):
    response = client.post(action_url, filled(form, PAYLOADS[payload]))
    assert_an_answer(response)
    assert_escaped(response)
    if response.status_code == 302:
        target = response["Location"]
        assert not urlsplit(target).netloc, target
        assert_escaped(client.get(target))
    if payload in ("nul", "overlong"):
        for where, stored in stored_with_mark():
            assert "\x00" not in stored, f"a NUL byte was stored in {where}"
            assert len(stored) <= LONGEST_STORED, f"{len(stored)} characters stored in {where}"


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_a_form_answers_hostile_input_without_error_and_stores_nothing_bad(
    form_name, world, client_of
):
    spec = FORMS[form_name]
    client = client_of(spec.caller)
    _page, _page_url, action_url, form = open_form(client, spec, world)
    problems = []
    for payload in PAYLOADS:
        attempt(problems, payload, send_hostile_form, client, action_url, form, payload)
    assert not problems, f"{form_name} ({action_url}):\n" + "\n".join(problems)


def send_hostile_filter(client, url, params, payload):
    response = client.get(url, dict.fromkeys(params, PAYLOADS[payload]))
    assert_an_answer(response)
    assert_escaped(response)


@pytest.mark.parametrize("filter_name", sorted(FILTERS))
def test_a_filter_answers_hostile_input_without_error(filter_name, world, client_of):
    name, caller, kwargs = FILTERS[filter_name]
    client = client_of(caller)
    url = reverse(name, kwargs=kwargs(world))
    page = client.get(url)
    assert page.status_code == 200
    params = {p for form in forms_of(page) if form["method"] == "get" for p in form["fields"]}
    params |= {"page", "sort", "o"}
    problems = []
    for payload in PAYLOADS:
        attempt(problems, payload, send_hostile_filter, client, url, params, payload)
    assert not problems, f"{filter_name} ({url}):\n" + "\n".join(problems)


@pytest.mark.parametrize("export_name", sorted(FILTERED_EXPORTS))
def test_a_filtered_export_answers_hostile_input_without_error(export_name, world, client_of):
    name, filter_name = FILTERED_EXPORTS[export_name]
    page_name, caller, kwargs = FILTERS[filter_name]
    client = client_of(caller)
    page = client.get(reverse(page_name, kwargs=kwargs(world)))
    params = {p for form in forms_of(page) if form["method"] == "get" for p in form["fields"]}
    assert params
    url = reverse(name, kwargs=kwargs(world))
    for value in PAYLOADS.values():
        response = client.get(url, dict.fromkeys(params, value))
        assert response.status_code in (200, 400, 404), (value[:20], response.status_code)


# Forms that come filled in (edit pages): each text field attacked alone, the others as the
# page sent them, so that a save goes through wherever the field takes the text.
FILLED_FORMS = [
    "edit own organisation",
    "edit activity",
    "edit agreement",
    "edit pool",
    "edit opportunity",
    "volunteer profile",
    "my account",
    "edit plan",
    "edit initiative",
    "edit volunteer agreement",
]
FIELD_PAYLOADS = ("nul", "overlong", "script")
# Free-text columns without a max_length: every text a person types is bounded (TEXT_MAX and
# the CharFields' lengths); only the folded copies the search keeps of those texts are not.
# A field not listed fails.
UNBOUNDED_TEXT = {
    "organisations.Organisation.search_text",
    "organisations.Activity.search_text",
    "partnerships.Opportunity.search_text",
}


class TextFieldsParser(FormsParser):
    """The names of the fields a person types into (text inputs and text areas)."""

    def __init__(self):
        super().__init__()
        self.text = set()

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        attrs = dict(attrs)
        kind = (attrs.get("type") or "text").lower()
        if attrs.get("name") and (
            tag == "textarea" or (tag == "input" and kind in ("text", "email", "url", "tel"))
        ):
            self.text.add(attrs["name"])


def send_one_field(client, action_url, form, name, payload, unbounded):
    before = set(stored_with_mark())
    data = {**as_sent(form), name: PAYLOADS[payload]}
    response = client.post(action_url, data)
    assert_an_answer(response)
    assert_escaped(response)
    if payload == "nul":
        assert response.status_code == 200, "a NUL byte was taken"
    if response.status_code == 302:
        assert_escaped(client.get(response["Location"]))
    for where, stored in set(stored_with_mark()) - before:
        assert "\x00" not in stored, f"a NUL byte was stored in {where}"
        if len(stored) > LONGEST_STORED:
            unbounded.add(where)


@pytest.mark.parametrize("form_name", FILLED_FORMS)
def test_each_text_field_refuses_nul_and_overlong_text_and_escapes_script(
    form_name, world, client_of
):
    spec = FORMS[form_name]
    client = client_of(spec.caller)
    page, page_url, action_url, form = open_form(client, spec, world)
    parser = TextFieldsParser()
    parser.feed(page.content.decode())
    names = sorted(parser.text & set(form["fields"]))
    assert names, f"no text fields on {page_url}"
    problems, unbounded = [], set()
    for name in names:
        for payload in FIELD_PAYLOADS:
            label = f"{name} = {payload}"
            # The page again each time: after a save, its version is the stored one.
            world.plan.refresh_from_db()
            _page, _url, action_url, form = open_form(client, spec, world)
            attempt(
                problems, label, send_one_field, client, action_url, form, name, payload, unbounded
            )
    assert not problems, f"{form_name} ({action_url}):\n" + "\n".join(problems)
    new = unbounded - UNBOUNDED_TEXT
    assert not new, f"{form_name}: text of any length stored in {sorted(new)}"


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_a_form_without_its_csrf_token_is_refused(form_name, world, client_of):
    spec = FORMS[form_name]
    client = client_of(spec.caller, enforce_csrf_checks=True)
    _page, _page_url, action_url, form = open_form(client, spec, world)
    data = as_sent(form)
    data.pop("csrfmiddlewaretoken", None)
    before = stored_rows()
    response = client.post(action_url, data)
    assert response.status_code == 403
    assert stored_rows() == before


@pytest.mark.parametrize("form_name", ["sign up", "interest", "new opportunity", "referral"])
def test_a_forged_csrf_token_is_refused(form_name, world, client_of):
    spec = FORMS[form_name]
    client = client_of(spec.caller, enforce_csrf_checks=True)
    _page, _page_url, action_url, form = open_form(client, spec, world)
    data = as_sent(form)
    data["csrfmiddlewaretoken"] = "x" * 64
    assert client.post(action_url, data).status_code == 403


def stored_rows():
    from initiatives.models import ActionPlan, Initiative
    from organisations.models import Activity, Organisation, Referral
    from partnerships.models import Agreement, Interest, Opportunity, VolunteerAgreement

    return [
        model.objects.count()
        for model in (
            Agreement,
            Interest,
            Opportunity,
            VolunteerAgreement,
            Activity,
            Organisation,
            Referral,
            ActionPlan,
            Initiative,
        )
    ]


# --- Another person's ids ---------------------------------------------------------------------


def post_form_with(client, spec, w, **changes):
    _page, _page_url, action_url, form = open_form(client, spec, w)
    data = as_sent(form)
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(action_url, data)


def test_an_opportunity_cannot_be_made_for_another_unit(world, client_of, other_unit):
    from partnerships.models import Opportunity

    before = Opportunity.objects.filter(organisation=other_unit).count()
    response = post_form_with(
        client_of("coordinator"),
        FORMS["new opportunity"],
        world,
        organisation=other_unit.pk,
        title="Frivillig i en anden enhed",
        description="Noget",
        volunteers_wanted=1,
    )
    assert response.status_code in (200, 403, 404)
    assert Opportunity.objects.filter(organisation=other_unit).count() == before


def test_a_volunteer_agreement_cannot_be_made_from_another_units_interest(world, client_of):
    from partnerships.models import VolunteerAgreement

    client = client_of("coordinator")
    before = VolunteerAgreement.objects.count()
    _page, page_url, _action_url, form = open_form(client, FORMS["new volunteer agreement"], world)
    data = as_sent(form)
    tampered = page_url.split("?")[0] + "?" + urlencode({"interest": world.other_interest.pk})
    assert client.post(tampered, data).status_code == 404
    # Their own interest, another unit chosen: refused by the form.
    response = client.post(page_url, {**data, "unit": world.other_opportunity.organisation_id})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert VolunteerAgreement.objects.count() == before


def test_a_contact_cannot_add_an_activity_to_another_organisation(world, client_of):
    from organisations.models import Activity

    before = Activity.objects.filter(organisation=world.other_organisation).count()
    response = post_form_with(
        client_of("organisation_contact"),
        FORMS["new activity"],
        world,
        organisation=world.other_organisation.pk,
        title="Snigaktivitet",
    )
    assert response.status_code in (200, 302, 403, 404)
    assert Activity.objects.filter(organisation=world.other_organisation).count() == before


def test_a_volunteer_cannot_end_another_volunteers_agreement_by_its_id(world, client_of):
    other = world.other_volunteer_agreement
    response = client_of("volunteer").post(
        reverse("volunteering:agreement-end", kwargs={"pk": other.pk}),
        {"end_date": "2027-02-01", "reason": "Ikke min"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "offered"


# --- next off the site ------------------------------------------------------------------------

OFF_SITE = ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example"]


def assert_stays_on_site(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        parts = urlsplit(location)
        assert not parts.netloc or parts.netloc == "testserver", location
        assert not location.startswith(("//", "/\\", "\\")), location


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_follows_next_off_the_site(target, client, volunteer):
    url = reverse("account_login") + "?" + urlencode({"next": target})
    assert client.get(url).status_code == 200
    response = client.post(url, {"login": volunteer.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert_stays_on_site(response)
    response = client.post(
        reverse("account_login"),
        {"login": volunteer.email, "password": TEST_PASSWORD, "next": target},
    )
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_up_never_follows_next_off_the_site(target, client, queued_mail):
    response = client.post(
        reverse("account_signup") + "?" + urlencode({"next": target}),
        {
            "email": "ny.frivillig@example.dk",
            "password1": "et-langt-kodeord-2026",
            "password2": "et-langt-kodeord-2026",
            "full_name": "Ny Frivillig",
            "consent": "on",
            "next": target,
        },
    )
    assert response.status_code in (200, 302)
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_set_language_never_follows_next_off_the_site(target, client, volunteer, client_for):
    for caller in (client, client_for(volunteer)):
        response = caller.post(reverse("set_language"), {"language": "en", "next": target})
        assert_stays_on_site(response)
        response = caller.post(
            reverse("set_language") + "?" + urlencode({"next": target}), {"language": "da"}
        )
        assert_stays_on_site(response)
        response = caller.post(
            reverse("set_language"),
            {"language": "en", "next": "/"},
            HTTP_REFERER=target,
        )
        assert_stays_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_log_out_never_follows_next_off_the_site(target, volunteer, client_for):
    response = client_for(volunteer).post(reverse("account_logout"), {"next": target})
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_bridge_building_never_returns_off_the_site(target, world, client_of):
    client = client_of("staff")
    url = reverse("organisations:referral-create", kwargs={"pk": world.activity.pk})
    response = client.post(url + "?" + urlencode({"next": target}), {"next": target})
    assert_an_answer(response)
    assert_stays_on_site(response)
