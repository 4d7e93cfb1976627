"""Import and export of organisations and activities: who may, the preview (row errors, nothing
saved before confirming), the file checks, the exports' columns and the round trip."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
from organisations.models.activity import WEEKDAY_FIELDS
from organisations.services.transfer import (
    Action,
    ImportRefused,
    transfer_import,
    transfer_preview,
)
from organisations.transfer import (
    ACTIVITY_COLUMNS,
    ORGANISATION_COLUMNS,
    format_bool,
    format_decimal,
    parse_bool,
    parse_decimal,
    parse_time,
    read_table,
)
from organisations.transfer.cells import WEEKDAY_WORDS
from tests import sample_files
from tests.factories import ActivityFactory, AdministrationFactory, OrganisationFactory, UserFactory
from volunteer_portal.search import search

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("organisations:transfer-import")
PREVIEW_URL = reverse("organisations:transfer-preview")
VALID_CVR = "12345674"
ORG_HEADER = ["name", "kind", "cvr", "phone", "area", "is_non_profit"]


def export_url(kind, file_format):
    return reverse(
        "organisations:transfer-export", kwargs={"kind": kind, "file_format": file_format}
    )


def csv_bytes(rows, delimiter=";", bom=True):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(rows):
    workbook = Workbook()
    for cells in rows:
        workbook.active.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content, *, kind="organisations", name="fil.csv"):
    return client.post(IMPORT_URL, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def confirm(client):
    token = client.session["organisations_transfer"]["token"]
    return client.post(PREVIEW_URL, {"token": token})


def preview(kind, content):
    return transfer_preview(kind=kind, table=read_table(content))


def codes(plan):
    return {row.number: sorted(e.code for e in row.errors) for row in plan.rows if row.errors}


@pytest.fixture
def staff_client(client_for, staff_user):
    return client_for(staff_user)


@pytest.fixture
def lists(db):
    return {
        "area": Area.objects.create(name="Islev"),
        "elderly": TargetGroup.objects.create(name="Ældre"),
        "relatives": TargetGroup.objects.create(name="Pårørende"),
        "loneliness": Challenge.objects.create(name="Ensomhed"),
    }


# ---- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [IMPORT_URL, PREVIEW_URL, export_url("organisations", "csv")], ids=str
)
def test_visitors_are_sent_to_log_in(url, client):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("url", [IMPORT_URL, PREVIEW_URL, export_url("activities", "xlsx")])
@pytest.mark.parametrize("role", ["volunteer", "organisation_contact"])
def test_volunteers_and_organisation_contacts_are_refused(url, role, users_by_role, client_for):
    client = client_for(users_by_role[role])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("role", ["staff", "coordinator", "admin"])
def test_municipal_users_import_and_export(role, users_by_role, client_for):
    client = client_for(users_by_role[role])
    assert client.get(IMPORT_URL).status_code == 200
    for kind in ("organisations", "activities"):
        for file_format in ("csv", "xlsx", "json"):
            assert client.get(export_url(kind, file_format)).status_code == 200
    response = upload(client, csv_bytes([["name", "kind"], ["Ny forening", "community"]]))
    assert response.status_code == 302
    assert confirm(client).status_code == 302
    assert Organisation.objects.filter(name="Ny forening").exists()


@pytest.mark.parametrize(
    ("role", "sees_link"),
    [
        (None, False),
        ("volunteer", False),
        ("organisation_contact", False),
        ("staff", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_the_organisation_list_links_to_import_for_municipal_users_only(
    role, sees_link, users_by_role, client_for
):
    client = client_for(users_by_role[role] if role else None)
    page = client.get(reverse("organisations:organisation-list")).content.decode()
    assert (IMPORT_URL in page) is sees_link


@pytest.mark.parametrize("path", ["export/places.csv", "export/organisations.pdf"])
def test_an_unknown_export_is_404(path, staff_client):
    assert staff_client.get(f"/organisations/{path}").status_code == 404


# ---- Preview, then confirm ----------------------------------------------------------------


def test_semicolon_csv_with_bom_is_previewed_and_saved_only_on_confirm(staff_client, lists):
    content = csv_bytes(
        [
            ORG_HEADER,
            ["Ældre Sagen Islev", "humanitarian", "12 34 56 74", "36 37 70 00", "islev", "ja"],
        ]
    )
    response = upload(staff_client, content)
    assert response.status_code == 302
    assert response["Location"] == PREVIEW_URL
    assert not Organisation.objects.exists()
    page = staff_client.get(PREVIEW_URL)
    assert page.status_code == 200
    plan = page.context["plan"]
    assert [row.action for row in plan.rows] == [Action.CREATE]
    assert "Ældre Sagen Islev" in page.content.decode()
    assert not Organisation.objects.exists()
    response = confirm(staff_client)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.cvr == VALID_CVR
    assert organisation.area == lists["area"]
    assert organisation.is_non_profit is True
    assert list(search(Organisation.objects.all(), "aeldre sagen")) == [organisation]
    assert "organisations_transfer" not in staff_client.session


def test_comma_csv_without_bom_is_read_too(staff_client):
    content = csv_bytes([["name", "kind", "website"], ["Spejderne", "community", ""]], ",", False)
    upload(staff_client, content)
    confirm(staff_client)
    assert Organisation.objects.get().name == "Spejderne"


def test_kinds_are_understood_by_their_danish_or_english_name(staff_client):
    plan = preview(
        "organisations",
        csv_bytes([["name", "kind"], ["A", "Self-organised community"], ["B", "COMMUNITY"]]),
    )
    assert not plan.has_errors


def test_xlsx_activities_with_lists_times_price_and_weekdays(staff_client, lists):
    OrganisationFactory(name="Røde Kors", slug="roede-kors")
    content = xlsx_bytes(
        [
            [
                "organisation",
                "title",
                "target_groups",
                "challenges",
                "weekdays",
                "start_time",
                "end_time",
                "price_dkk",
                "is_published",
                "area",
                "last_confirmed",
            ],
            [
                "roede-kors",
                "Gåtur",
                "Ældre; pårørende",
                "Ensomhed",
                "mandag, Onsdag",
                datetime.time(10, 0),
                "11.30",
                "125,50",
                "Ja",
                "Islev",
                datetime.date(2026, 3, 1),
            ],
        ]
    )
    upload(staff_client, content, kind="activities", name="aktiviteter.xlsx")
    assert not Activity.objects.exists()
    assert confirm(staff_client).status_code == 302
    activity = Activity.objects.get()
    assert set(activity.target_groups.all()) == {lists["elderly"], lists["relatives"]}
    assert list(activity.challenges.all()) == [lists["loneliness"]]
    assert (activity.on_monday, activity.on_tuesday, activity.on_wednesday) == (True, False, True)
    assert (activity.start_time, activity.end_time) == (datetime.time(10), datetime.time(11, 30))
    assert activity.price_dkk == Decimal("125.50")
    assert activity.last_confirmed == datetime.date(2026, 3, 1)
    # The search text holds the lists, saved after the row (the m2m signal).
    assert list(search(Activity.objects.all(), "ensomhed")) == [activity]
    assert list(search(Activity.objects.all(), "pårørende gåtur")) == [activity]


def test_existing_rows_are_updated_matched_by_slug_or_name(staff_client):
    OrganisationFactory(name="Spejderne", slug="spejderne", phone="")
    OrganisationFactory(name="FDF Islev", slug="fdf")
    content = csv_bytes(
        [
            ["name", "slug", "kind", "phone"],
            ["Spejderne i Islev", "spejderne", "community", ""],
            ["fdf islev", "", "community", "36 37 70 00"],
            ["Helt ny", "", "community", ""],
        ]
    )
    plan = preview("organisations", content)
    assert [r.action for r in plan.rows] == [Action.UPDATE, Action.UPDATE, Action.CREATE]
    assert [c.name for c in plan.rows[0].changed] == ["name", "kind"]
    assert [c.name for c in plan.rows[1].changed] == ["name", "kind", "phone"]
    upload(staff_client, content)
    confirm(staff_client)
    assert Organisation.objects.get(slug="spejderne").name == "Spejderne i Islev"
    assert Organisation.objects.get(slug="fdf").phone == "36 37 70 00"
    assert Organisation.objects.count() == 3


def test_a_name_shared_by_two_organisations_asks_for_the_slug():
    OrganisationFactory(name="Seniorklubben")
    OrganisationFactory(name="Seniorklubben")
    plan = preview("organisations", csv_bytes([["name", "kind"], ["Seniorklubben", "community"]]))
    assert codes(plan) == {2: ["ambiguous_name"]}


def test_the_same_row_twice_is_an_error():
    plan = preview(
        "organisations",
        csv_bytes([["name", "kind"], ["Klubben", "community"], ["klubben", "community"]]),
    )
    assert codes(plan) == {3: ["repeated_row"]}


# ---- Row errors: nothing saved -------------------------------------------------------------


def test_bad_rows_give_row_errors_and_nothing_is_saved(staff_client, lists):
    content = csv_bytes(
        [
            ["name", "kind", "cvr", "phone", "area", "is_non_profit"],
            ["God forening", "community", VALID_CVR, "", "", "nej"],
            ["Forkert CVR", "community", "12345678", "", "", ""],
            ["Forkert telefon", "community", "", "1234", "", ""],
            ["Ukendt", "spaceship", "", "", "Mars", "måske"],
        ]
    )
    response = upload(staff_client, content)
    assert response.status_code == 302
    page = staff_client.get(PREVIEW_URL)
    plan = page.context["plan"]
    assert codes(plan) == {
        3: ["cvr_checksum"],
        4: ["invalid_phone"],
        5: ["invalid_boolean", "unknown_area", "unknown_kind"],
    }
    html = page.content.decode()
    assert 'name="token"' not in html  # no confirm button while a row has an error
    assert "table-danger" in html
    # Confirming anyway (a resubmitted old form) saves nothing.
    token = staff_client.session["organisations_transfer"]["token"]
    response = staff_client.post(PREVIEW_URL, {"token": token})
    assert response.status_code == 200
    assert response.context["plan"].has_errors
    assert not Organisation.objects.exists()


def test_activity_row_errors_name_the_value(lists):
    OrganisationFactory(slug="klubben")
    content = csv_bytes(
        [
            [
                "organisation",
                "title",
                "target_groups",
                "start_time",
                "end_time",
                "min_age",
                "max_age",
                "price_dkk",
                "welcome_phone",
                "weekdays",
            ],
            ["klubben", "Ok", "Ældre", "10:00", "11:00", "", "", "", "", ""],
            ["klubben", "Ukendt gruppe", "Ældre; Rumvæsner", "", "", "", "", "", "", ""],
            ["klubben", "Baglæns", "", "12:00", "11:00", "", "", "", "", ""],
            ["klubben", "Alder", "", "", "", "70", "60", "-5", "12", "blursdag"],
            ["ingen-slug", "Hvor", "", "25:00", "", "", "", "", "", ""],
        ]
    )
    plan = preview("activities", content)
    assert codes(plan) == {
        3: ["unknown_target_group"],
        4: ["ends_before_start"],
        5: ["ages_reversed", "invalid_decimal", "invalid_phone", "invalid_weekday"],
        6: ["invalid_time", "unknown_organisation"],
    }
    with translation.override("en"):
        messages = [e.message for e in plan.rows[1].errors]
        assert messages == ["There is no target group called “Rumvæsner”."]
        assert plan.rows[2].errors[0].message == "The end time must be after the start time."
        assert plan.rows[2].errors[0].label == "until"
    with pytest.raises(ImportRefused):
        transfer_import(kind="activities", table=read_table(content), by=UserFactory())
    assert not Activity.objects.exists()


def test_the_preview_with_errors_renders_in_danish_and_english(staff_client):
    upload(staff_client, csv_bytes([["name", "kind", "cvr"], ["X", "community", "12345678"]]))
    danish = staff_client.get(PREVIEW_URL)
    assert danish.status_code == 200
    assert 'lang="da"' in danish.content.decode()
    english = staff_client.get("/en" + PREVIEW_URL)
    assert english.status_code == 200
    assert "is not a valid CVR number" in english.content.decode()


def test_a_row_that_fails_on_saving_undoes_the_whole_import(monkeypatch, staff_user):
    content = csv_bytes([["name", "kind"], ["Første", "community"], ["Anden", "community"]])
    original = Organisation.save

    def save(self, *args, **kwargs):
        if self.name == "Anden":
            raise IntegrityError("clash")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Organisation, "save", save)
    with pytest.raises(ImportRefused) as refused:
        transfer_import(kind="organisations", table=read_table(content), by=staff_user)
    assert codes(refused.value.plan) == {3: ["integrity"]}
    assert not Organisation.objects.exists()


# ---- File problems: a clear error on the upload form ---------------------------------------


def upload_error_codes(client, content, name="fil.csv", kind="organisations"):
    response = upload(client, content, kind=kind, name=name)
    assert response.status_code == 200
    assert "organisations_transfer" not in client.session
    return [e.code for e in response.context["form"].errors.as_data()["file"]]


def test_an_unknown_or_missing_column_is_named(staff_client):
    content = csv_bytes([["name", "colour"], ["Klubben", "blå"]])
    assert upload_error_codes(staff_client, content) == ["unknown_column", "missing_column"]
    with translation.override("en"):
        page = upload(staff_client, content).content.decode()
    assert "colour" in page
    assert "kind" in page


def test_a_file_of_the_other_kind_says_so(staff_client):
    content = csv_bytes([["organisation", "title"], ["klubben", "Gåtur"]])
    assert upload_error_codes(staff_client, content) == ["wrong_kind", "missing_column"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("name;kind\nNæstved Ældreklub;community\n".encode("latin-1"), "wrong_encoding"),
        ("name;kind\nNæstved Ældreklub;community\n".encode("utf-16"), "wrong_encoding"),
        ("name;kind\nNæstved;community\n".encode("utf-16-le"), "wrong_encoding"),
        (sample_files.image("PNG"), "not_a_spreadsheet"),
        (sample_files.PDF, "not_a_spreadsheet"),
        (sample_files.EXE, "not_a_spreadsheet"),
        (sample_files.ooxml(), "bad_xlsx"),
        (b"PK\x03\x04 not really a zip", "bad_xlsx"),
        (b"", "empty"),  # Django's own check of an upload
        (b"\xef\xbb\xbf\r\n", "file_empty"),
        (b"name;kind\r\n", "file_without_rows"),
        (b"x" * (2 * 1024 * 1024 + 1), "file_too_large"),
    ],
    ids=[
        "latin-1",
        "utf-16",
        "utf-16-le",
        "png",
        "pdf",
        "exe",
        "docx",
        "broken-zip",
        "empty",
        "bom-only",
        "header-only",
        "too-large",
    ],
)
def test_a_file_that_is_not_a_csv_or_xlsx_gets_a_clear_error(content, code, staff_client):
    assert upload_error_codes(staff_client, content) == [code]
    assert not Organisation.objects.exists()


def test_the_encoding_error_says_how_to_save_the_file(staff_client):
    content = "name;kind\nÆblehaven;community\n".encode("latin-1")
    with translation.override("en"):
        html = upload(staff_client, content).content.decode()
    assert "CSV UTF-8" in html


# ---- Export and the round trip ------------------------------------------------------------


@pytest.fixture
def directory(lists):
    administration = AdministrationFactory(name="Social- og Sundhedsforvaltningen")
    unit = OrganisationFactory(name="Plejecenter Islev", kind="unit", parent=administration)
    club = OrganisationFactory(
        name="Klub =Ø",
        kind="community",
        cvr=VALID_CVR,
        phone="+45 36 37 70 00",
        area=lists["area"],
        description="Linje et\nLinje to; med semikolon, og komma",
        is_non_profit=True,
        staff_contact_email="kontakt@klub.dk",
    )
    activity = ActivityFactory(
        organisation=club,
        title="@Gåtur",
        price_dkk=Decimal("125.50"),
        start_time=datetime.time(10),
        end_time=datetime.time(11, 30),
        on_monday=True,
        on_sunday=True,
        min_age=60,
        area=lists["area"],
        welcome_phone="+45 12 34 56 78",
        last_confirmed=datetime.date(2026, 2, 1),
        rhythm="-hver anden uge",
    )
    activity.target_groups.set([lists["elderly"], lists["relatives"]])
    activity.challenges.set([lists["loneliness"]])
    ActivityFactory(organisation=unit, title="Højtlæsning", is_published=False)
    return {"club": club, "unit": unit, "activity": activity}


def header_of(file_format, content):
    if file_format == "csv":
        return content.decode("utf-8-sig").split("\r\n", 1)[0].split(";")
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return list(next(sheet.iter_rows(values_only=True)))
    return list(json.loads(content)[0])


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(
    ("kind", "columns"),
    [("organisations", ORGANISATION_COLUMNS), ("activities", ACTIVITY_COLUMNS)],
)
def test_every_export_has_the_import_columns(kind, columns, file_format, staff_client, directory):
    response = staff_client.get(export_url(kind, file_format))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert header_of(file_format, response.content) == [c.name for c in columns]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("kind", ["organisations", "activities"])
def test_an_export_imports_again_with_no_changes(kind, file_format, staff_client, directory):
    content = staff_client.get(export_url(kind, file_format)).content
    plan = preview(kind, content)
    assert codes(plan) == {}
    assert {row.action for row in plan.rows} == {Action.UNCHANGED}
    assert len(plan.rows) == (3 if kind == "organisations" else 2)


def test_changing_one_cell_of_an_export_is_one_update(staff_client, directory):
    content = staff_client.get(export_url("activities", "csv")).content.decode("utf-8-sig")
    changed = content.replace("125,50", "99,00")
    plan = preview("activities", changed.encode())
    assert [row.action for row in plan.rows].count(Action.UPDATE) == 1
    updated = next(row for row in plan.rows if row.action == Action.UPDATE)
    assert [c.name for c in updated.changed] == ["price_dkk"]
    transfer_import(kind="activities", table=read_table(changed.encode()), by=UserFactory())
    directory["activity"].refresh_from_db()
    assert directory["activity"].price_dkk == Decimal("99.00")
    assert directory["activity"].target_groups.count() == 2


def test_a_changed_list_is_an_update_of_that_list(staff_client, directory):
    content = staff_client.get(export_url("activities", "xlsx")).content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("target_groups") + 1, value="Ældre")
    out = io.BytesIO()
    workbook.save(out)
    plan = preview("activities", out.getvalue())
    changed = [[c.name for c in row.changed] for row in plan.rows if row.changed]
    assert changed == [["target_groups"]]


def test_cells_that_look_like_formulas_are_escaped(staff_client, directory):
    csv_text = staff_client.get(export_url("activities", "csv")).content.decode("utf-8-sig")
    assert "'@Gåtur" in csv_text
    assert "'-hver anden uge" in csv_text
    assert "'+45 12 34 56 78" in csv_text
    organisations = staff_client.get(export_url("organisations", "csv")).content.decode()
    assert "Klub =Ø" in organisations  # only a formula at the start counts
    content = staff_client.get(export_url("activities", "xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2)]
    formula_like = next(cell for cell in titles if cell.value == "@Gåtur")
    assert formula_like.data_type == "s"
    assert formula_like.quotePrefix


def test_the_export_holds_every_organisation_and_activity(staff_client, directory):
    data = json.loads(staff_client.get(export_url("activities", "json")).content)
    titles = {item["title"] for item in data}
    assert titles == {"@Gåtur", "Højtlæsning"}
    walk = next(item for item in data if item["title"] == "@Gåtur")
    assert walk["target_groups"] == ["Pårørende", "Ældre"]  # in Danish order
    assert walk["price_dkk"] == "125.50"
    assert walk["start_time"] == "10:00"
    assert walk["is_published"] is True
    assert walk["weekdays"] == ["mandag", "søndag"]


@pytest.mark.parametrize("kind", ["organisations", "activities"])
def test_export_queries_do_not_grow_with_rows(kind, staff_client, lists):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(export_url(kind, "csv")).status_code == 200
        return len(captured)

    activity = ActivityFactory()
    activity.target_groups.set([lists["elderly"]])
    one = queries()
    for _ in range(9):
        ActivityFactory().challenges.set([lists["loneliness"]])
    assert queries() == one


# ---- The session between preview and confirm ----------------------------------------------


def test_confirming_with_nothing_uploaded_is_handled(staff_client):
    response = staff_client.post(PREVIEW_URL, {"token": "whatever"})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    response = staff_client.get(PREVIEW_URL, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert not Organisation.objects.exists()


def test_confirming_an_older_preview_shows_the_new_one_first(staff_client):
    upload(staff_client, csv_bytes([["name", "kind"], ["Gammel", "community"]]))
    old_token = staff_client.session["organisations_transfer"]["token"]
    upload(staff_client, csv_bytes([["name", "kind"], ["Ny", "community"]]))
    response = staff_client.post(PREVIEW_URL, {"token": old_token})
    assert response.status_code == 302
    assert response["Location"] == PREVIEW_URL
    assert not Organisation.objects.exists()


def test_a_garbled_session_entry_counts_as_nothing_to_confirm(staff_client):
    session = staff_client.session
    session["organisations_transfer"] = {"kind": "organisations", "table": "junk"}
    session.save()
    assert staff_client.post(PREVIEW_URL, {"token": ""}).status_code == 302
    assert staff_client.get(PREVIEW_URL).status_code == 302


def test_the_upload_page_keeps_the_chosen_kind_on_an_error(staff_client):
    response = upload(staff_client, b"", kind="activities")
    assert response.context["form"]["kind"].value() == "activities"


# ---- Queries ------------------------------------------------------------------------------


def count_preview_queries(kind, content):
    with CaptureQueriesContext(connection) as captured:
        preview(kind, content)
    return len(captured)


def test_preview_queries_do_not_grow_with_rows(lists):
    organisation = OrganisationFactory(slug="klubben")
    for n in range(10):
        ActivityFactory(organisation=organisation, title=f"Aktivitet {n}")

    def activities(rows):
        header = ["organisation", "title", "target_groups", "challenges", "area"]
        cells = [["klubben", f"Aktivitet {n}", "Ældre", "Ensomhed", "Islev"] for n in range(rows)]
        return csv_bytes([header, *cells])

    def organisations(rows):
        return csv_bytes(
            [["name", "kind", "area"], *[[f"F{n}", "community", "Islev"] for n in range(rows)]]
        )

    assert count_preview_queries("activities", activities(1)) == count_preview_queries(
        "activities", activities(10)
    )
    assert count_preview_queries("organisations", organisations(1)) == count_preview_queries(
        "organisations", organisations(10)
    )


def test_the_preview_page_queries_do_not_grow_with_rows(staff_client):
    def page_queries(rows):
        upload(
            staff_client,
            csv_bytes([["name", "kind"], *[[f"F{n}", "community"] for n in range(rows)]]),
        )
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(PREVIEW_URL).status_code == 200
        return len(captured)

    assert page_queries(1) == page_queries(10)


# ---- Cells --------------------------------------------------------------------------------


@given(st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2))
def test_a_price_reads_back_as_written(amount):
    assert parse_decimal(format_decimal(amount)) == amount
    assert parse_decimal(f"{amount:.2f}") == amount


@given(st.booleans(), st.sampled_from(["lower", "upper", "title"]))
def test_yes_and_no_read_back_in_any_case(value, case):
    assert parse_bool(getattr(format_bool(value), case)()) is value


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("125,50", "125.50"),
        ("125.5", "125.5"),
        ("1.250,50", "1250.50"),
        ("1.250", "1250"),
        ("kr. 40", "40"),
        ("40 DKK", "40"),
        ("", None),
    ],
)
def test_danish_amounts(text, amount):
    assert parse_decimal(text) == (None if amount is None else Decimal(amount))


@pytest.mark.parametrize("word", ["ja", "JA", "Yes", "1", "true", "x"])
def test_yes_words(word):
    assert parse_bool(word) is True


@pytest.mark.parametrize("word", ["nej", "No", "0", "FALSE", ""])
def test_no_words(word):
    assert parse_bool(word) is False


def test_times_in_danish_and_iso_writing():
    assert parse_time("9.05") == datetime.time(9, 5)
    assert parse_time("14:30:00") == datetime.time(14, 30)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_the_demo_directory_round_trips(file_format, settings, staff_client):
    settings.DEBUG = True
    call_command("load_demo")
    for kind in ("organisations", "activities"):
        content = staff_client.get(export_url(kind, file_format)).content
        plan = preview(kind, content)
        assert codes(plan) == {}
        assert {row.action for row in plan.rows} == {Action.UNCHANGED}


def test_a_workbook_that_unpacks_to_too_much_text_is_refused(staff_client, settings):
    long_text = "x" * 30_000
    content = xlsx_bytes([["name", "kind", "description"]] + [["A", "community", long_text]] * 80)
    assert len(content) < 2 * 1024 * 1024
    assert upload_error_codes(staff_client, content, name="stor.xlsx") == ["file_too_large"]


def test_a_renamed_organisation_is_found_by_its_new_name_with_its_activities(staff_user):
    club = OrganisationFactory(name="Gammelt navn", slug="klubben", kind="community")
    activity = ActivityFactory(organisation=club, title="Strikkecafé")
    content = csv_bytes(
        [["slug", "name", "kind"], ["klubben", "Strikkeklubben Islev", "community"]]
    )
    plan = transfer_import(kind="organisations", table=read_table(content), by=staff_user)
    assert plan.rows[0].update_fields == ["name"]
    assert list(search(Organisation.objects.all(), "strikkeklubben")) == [club]
    assert list(search(Activity.objects.all(), "strikkeklubben islev")) == [activity]


def test_excels_sep_line_names_the_delimiter():
    plan = preview("organisations", b"sep=,\r\nname,kind\r\nKlubben,community\r\n")
    assert [row.action for row in plan.rows] == [Action.CREATE]
    assert plan.rows[0].number == 2


def test_every_weekday_of_the_model_has_its_words_in_the_file_format():
    assert list(WEEKDAY_WORDS) == [name for name, _label in WEEKDAY_FIELDS]
