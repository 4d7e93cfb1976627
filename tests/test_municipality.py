"""The municipality's own frame: its settings and their checks, the admin's single page, the
logo, /was, the privacy page, the header and footer, the meta description, and the Danish
content of English pages (WCAG 3.1.2)."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    ActionPlanFactory,
    MunicipalityFactory,
    image_bytes,
)
from volunteer_portal.models import Municipality
from volunteer_portal.municipality import LOGO_MAX_BYTES, municipality_cache, municipality_get

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("admin:volunteer_portal_municipality_change", args=[1])
ADD_URL = reverse("admin:volunteer_portal_municipality_add")
NOTE = "The content of this page is written by the municipality in Danish."


def codes(error):
    return {e.code for errors in error.error_dict.values() for e in errors}


def full_clean(**fields):
    municipality = Municipality(name="Testrup Kommune", **fields)
    municipality.full_clean()
    return municipality


# The model's checks


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
def test_logo_in_png_jpeg_or_webp_is_accepted_with_its_type(kind, content_type):
    municipality = full_clean(logo=image_bytes(kind), logo_alt="Byvåben")
    municipality.save()
    assert municipality.logo_content_type == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a not really",
        b"%PDF-1.7 a document",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        image_bytes("GIF"),
        image_bytes("PNG")[:60],  # cut off
    ],
    ids=["text", "pdf", "svg", "gif", "broken-png"],
)
def test_logo_that_is_not_a_png_jpeg_or_webp_image_is_refused(data):
    with pytest.raises(ValidationError) as error:
        full_clean(logo=data, logo_alt="Byvåben")
    assert "logo" in error.value.error_dict
    assert codes(error.value) == {"logo_not_an_image"}


def test_logo_over_one_megabyte_is_refused():
    with pytest.raises(ValidationError) as error:
        full_clean(logo=b"\x89PNG" + b"0" * LOGO_MAX_BYTES, logo_alt="Byvåben")
    assert codes(error.value) == {"logo_too_large"}


def test_logo_of_huge_dimensions_is_refused():
    with pytest.raises(ValidationError) as error:
        full_clean(logo=image_bytes("PNG", size=(3000, 10)), logo_alt="Byvåben")
    assert codes(error.value) == {"logo_too_large"}


def test_logo_needs_a_text_alternative():
    with pytest.raises(ValidationError) as error:
        full_clean(logo=image_bytes())
    assert list(error.value.error_dict) == ["logo_alt"]


@pytest.mark.parametrize(
    "email",
    [
        'kom"munen@rk.dk',
        "kom munen@rk.dk",
        "{kommunen}@rk.dk",
        "kommunen!@rk.dk",
        "kommunen@rk.dk<script>",
        "kom..munen@rk.dk",
        "kømmunen@rk.dk",
        "kommunen@rk",
        ".kommunen@rk.dk",
    ],
)
def test_email_with_odd_characters_is_refused(email):
    with pytest.raises(ValidationError) as error:
        full_clean(email=email)
    assert list(error.value.error_dict) == ["email"]


@pytest.mark.parametrize("email", ["kommunen@rk.dk", "frivillig.center+post@sub.rk-x.dk"])
def test_plain_email_is_accepted(email):
    assert full_clean(email=email).email == email


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("36 37 70 00", "tel:+4536377000"),
        ("36377000", "tel:+4536377000"),
        ("+45 36 37 70 00", "tel:+4536377000"),
        ("+4536377000", "tel:+4536377000"),
        ("3637  7000", "tel:+4536377000"),
    ],
)
def test_danish_phone_number_is_accepted_and_dialled_with_45(phone, uri):
    municipality = full_clean(phone=phone)
    assert municipality.phone_uri == uri
    assert "  " not in municipality.phone


@pytest.mark.parametrize(
    "phone", ["3637700", "363770001", "+46 36377000", "36-37-70-00", "tlf. 36377000", "0045363"]
)
def test_phone_that_is_not_a_danish_number_is_refused(phone):
    with pytest.raises(ValidationError) as error:
        full_clean(phone=phone)
    assert list(error.value.error_dict) == ["phone"]


@pytest.mark.parametrize("url", ["http://www.was.digst.dk/rk-dk", "javascript:alert(1)", "rk.dk"])
def test_addresses_must_be_https(url):
    with pytest.raises(ValidationError) as error:
        full_clean(accessibility_statement_url=url, digital_post_url=url, website=url)
    assert set(error.value.error_dict) == {
        "accessibility_statement_url",
        "digital_post_url",
        "website",
    }


def test_there_is_only_ever_one_municipality():
    Municipality(name="Første Kommune").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality(name="Anden Kommune").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.bulk_create([Municipality(id=2, name="Anden Kommune")])
    assert list(Municipality.objects.values_list("id", "name")) == [(1, "Første Kommune")]


def test_saving_bytes_that_are_no_logo_is_refused_whoever_saves():
    with pytest.raises(ValidationError):
        Municipality(name="Testrup Kommune", logo=b"<svg></svg>").save()
    assert not Municipality.objects.exists()


# The cached lookup


def test_a_cold_cache_costs_one_query_and_a_warm_one_none(django_assert_num_queries):
    MunicipalityFactory()
    municipality_cache().clear()
    with django_assert_num_queries(1):
        assert municipality_get().name == "Testrup Kommune"
    with django_assert_num_queries(0):
        assert municipality_get().name == "Testrup Kommune"


def _municipality_queries(queries):
    return [q for q in queries.captured_queries if "volunteer_portal_municipality" in q["sql"]]


def test_pages_ask_for_the_municipality_once_until_it_changes(client):
    municipality = MunicipalityFactory()
    municipality_cache().clear()
    # Counted on the municipality's table alone: the page cache has queries of its own.
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(_municipality_queries(queries)) == 1
    with CaptureQueriesContext(connection) as queries:
        assert "Testrup Kommune" in client.get("/").text
    assert _municipality_queries(queries) == []
    municipality.name = "Nyrup Kommune"
    municipality.save()
    assert "Nyrup Kommune" in client.get("/").text


def test_the_cached_municipality_leaves_the_logos_bytes_behind(django_assert_num_queries):
    MunicipalityFactory(logo=image_bytes())
    assert "logo" in municipality_get().get_deferred_fields()


# The admin's single settings page


def test_admin_list_leads_to_filling_in_the_settings_the_first_time(client_for, portal_admin):
    response = client_for(portal_admin).get(
        reverse("admin:volunteer_portal_municipality_changelist")
    )
    assert response.status_code == 302
    assert response["Location"] == ADD_URL


def test_admin_list_leads_straight_to_the_one_change_page(client_for, portal_admin):
    MunicipalityFactory()
    client = client_for(portal_admin)
    response = client.get(reverse("admin:volunteer_portal_municipality_changelist"))
    assert response["Location"] == CHANGE_URL
    assert client.get(CHANGE_URL).status_code == 200


def test_admin_may_neither_add_a_second_nor_delete(client_for, portal_admin):
    MunicipalityFactory()
    client = client_for(portal_admin)
    assert client.get(ADD_URL).status_code == 403
    delete_url = reverse("admin:volunteer_portal_municipality_delete", args=[1])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Municipality.objects.exists()


@pytest.mark.parametrize("role", ["volunteer", "staff", "coordinator"])
def test_only_administrators_reach_the_settings(role, users_by_role, client_for):
    MunicipalityFactory()
    assert client_for(users_by_role[role]).get(CHANGE_URL).status_code == 302


def admin_data(**overrides):
    data = {
        "name": "Rødovre Kommune",
        "logo_alt": "Rødovre Kommunes byvåben",
        "address": "Rødovre Parkvej 150\n2610 Rødovre",
        "phone": "36 37 70 00",
        "email": "kommunen@rk.dk",
        "website": "https://www.rk.dk",
        "digital_post_url": "https://post.borger.dk",
        "accessibility_statement_url": "https://www.was.digst.dk/rk-dk",
        "privacy_notice": "Rødovre Kommune er dataansvarlig.",
    }
    return data | overrides


def test_admin_saves_the_settings_and_an_uploaded_logo(client_for, portal_admin):
    logo = SimpleUploadedFile("vaaben.png", image_bytes(), content_type="image/png")
    response = client_for(portal_admin).post(ADD_URL, admin_data(logo=logo))
    assert response.status_code == 302
    municipality = Municipality.objects.get()
    assert bytes(municipality.logo) == image_bytes()
    assert municipality.logo_content_type == "image/png"
    assert len(municipality.logo_hash) == 16


def test_admin_replaces_and_removes_the_logo(client_for, portal_admin):
    MunicipalityFactory(logo=image_bytes())
    client = client_for(portal_admin)
    old_hash = Municipality.objects.get().logo_hash
    new = SimpleUploadedFile("ny.webp", image_bytes("WEBP"), content_type="image/webp")
    client.post(CHANGE_URL, admin_data(logo=new))
    municipality = Municipality.objects.get()
    assert municipality.logo_content_type == "image/webp"
    assert municipality.logo_hash != old_hash
    client.post(CHANGE_URL, admin_data(remove_logo="on"))
    municipality = Municipality.objects.get()
    assert not municipality.logo and not municipality.has_logo


def test_admin_keeps_the_logo_when_no_new_file_comes(client_for, portal_admin):
    MunicipalityFactory(logo=image_bytes())
    client_for(portal_admin).post(CHANGE_URL, admin_data(name="Rødovre Kommune"))
    assert bytes(Municipality.objects.get().logo) == image_bytes()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("logo.svg", b"<svg></svg>", "image/svg+xml"), "logo_not_an_image"),
        (SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * LOGO_MAX_BYTES), "logo_too_large"),
    ],
    ids=["svg", "too-large"],
)
def test_admin_refuses_a_bad_logo_on_the_logo_field(upload, code, client_for, portal_admin):
    response = client_for(portal_admin).post(ADD_URL, admin_data(logo=upload))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [e.code for e in errors["logo"]] == [code]
    assert not Municipality.objects.exists()


def test_admin_refuses_an_odd_email_and_a_foreign_phone(client_for, portal_admin):
    data = admin_data(email="kommunen<x>@rk.dk", phone="+46 701234567")
    response = client_for(portal_admin).post(ADD_URL, data)
    assert set(response.context["adminform"].form.errors) == {"email", "phone"}


# The logo, /was and the privacy page


def test_logo_is_served_with_long_cache_and_nosniff(client):
    municipality = MunicipalityFactory(logo=image_bytes("JPEG"))
    response = client.get(reverse("municipality-logo", args=[municipality.logo_hash]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response.content == image_bytes("JPEG")


def test_an_old_or_unknown_logo_address_is_404(client):
    MunicipalityFactory(logo=image_bytes())
    assert client.get(reverse("municipality-logo", args=["0123456789abcdef"])).status_code == 404


def test_no_logo_is_404(client):
    MunicipalityFactory()
    assert client.get("/municipality/logo/").status_code == 404
    assert client.get(reverse("municipality-logo", args=["x"])).status_code == 404


def test_was_redirects_to_the_accessibility_statement(client):
    MunicipalityFactory()
    response = client.get("/was")
    assert response.status_code == 302
    assert response["Location"] == "https://www.was.digst.dk/testrup-dk"


def test_was_is_404_when_no_statement_is_configured(client):
    assert client.get("/was").status_code == 404
    MunicipalityFactory(accessibility_statement_url="")
    assert client.get("/was").status_code == 404


def test_privacy_page_shows_the_notice_in_danish(client):
    MunicipalityFactory()
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert '<div class="privacy-notice" lang="da"><p>Testrup Kommune er dataansvarlig.</p>' in (
        response.text
    )
    assert NOTE not in response.text


def test_english_privacy_page_says_that_the_notice_is_in_danish(client):
    MunicipalityFactory()
    response = client.get("/en/privacy/")
    assert "<h1>Privacy notice</h1>" in response.text
    assert NOTE in response.text


def test_privacy_page_says_so_when_there_is_no_notice(client):
    MunicipalityFactory(privacy_notice="")
    with translation.override("en"):
        response = client.get("/en/privacy/")
    assert response.status_code == 200
    assert "has not published its privacy notice" in response.text
    assert reverse("privacy") not in response.text.split("<footer")[1]


# Header, footer and meta description


def footer(response):
    return response.text.split('<footer class="site-footer')[1]


def test_header_and_footer_carry_the_municipalitys_name_and_contact_details(client):
    municipality = MunicipalityFactory(logo=image_bytes())
    response = client.get("/en/")
    header = response.text.split("</header>")[0]
    logo_url = reverse("municipality-logo", args=[municipality.logo_hash])
    assert f'<img class="municipality-logo" src="{logo_url}" alt="Testrup Kommunes byvåben">' in (
        header
    )
    assert '<a class="municipality-name" href="https://www.testrup.dk">Testrup Kommune</a>' in (
        header
    )
    text = footer(response)
    assert '<address class="mb-2" lang="da"><strong>Testrup Kommune</strong><br>' in text
    assert "Rådhuspladsen 1<br>2600 Testrup</address>" in text
    assert '<a href="tel:+4536377000">36 37 70 00</a>' in text
    assert '<a href="mailto:kommunen@testrup.dk">kommunen@testrup.dk</a>' in text
    assert (
        '<a href="https://post.borger.dk">Write secure Digital Post to '
        '<span lang="da">Testrup Kommune</span></a>'
    ) in text
    assert '<a href="/en/privacy/">Privacy notice</a>' in text
    assert (
        '<a href="https://www.was.digst.dk/testrup-dk" hreflang="da">Accessibility statement</a>'
    ) in text


def test_footer_links_the_statement_and_privacy_page_on_every_kind_of_page(client, portal_admin):
    MunicipalityFactory()
    plan = ActionPlanFactory()
    for url in ["/", "/plans/", plan.get_absolute_url(), "/organisations/", "/nowhere/"]:
        text = footer(client.get(url))
        assert 'href="https://www.was.digst.dk/testrup-dk"' in text, url
        assert f'href="{reverse("privacy")}"' in text, url


def test_without_a_municipality_the_frame_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "municipality-name" not in response.text
    assert "https://www.was" not in response.text


def meta_descriptions(response_or_html):
    html = getattr(response_or_html, "text", response_or_html)
    return re.findall(r'<meta name="description" content="([^"]*)">', html)


def test_every_page_has_one_meta_description_naming_the_municipality_by_default(client):
    MunicipalityFactory()
    for url in ["/", "/en/", "/plans/", "/organisations/", "/privacy/", "/accounts/login/"]:
        descriptions = meta_descriptions(client.get(url))
        assert len(descriptions) == 1, url
        assert "Testrup Kommune" in descriptions[0], url


def test_the_error_page_rendered_without_context_has_a_description_too():
    from django.template import loader

    (description,) = meta_descriptions(loader.render_to_string("500.html"))
    assert description.startswith("Frivilligportalen")


def test_the_demo_sets_rodovre_kommunes_own_facts(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    municipality = Municipality.objects.get()
    municipality.full_clean()  # the demo passes the checks an administrator's input meets
    assert municipality.name == "Rødovre Kommune"
    assert municipality.address.splitlines()[-2:] == ["Rødovre Parkvej 150", "2610 Rødovre"]
    assert municipality.phone_uri == "tel:+4536377000"
    assert municipality.email == "kommunen@rk.dk"
    assert municipality.accessibility_statement_url.startswith("https://www.was.digst.dk/")
    assert municipality.privacy_notice.startswith("Rødovre Kommune er dataansvarlig")
