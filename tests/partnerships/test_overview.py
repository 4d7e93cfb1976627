"""The Furesø overview: volunteer type × involvement, each cell counting agreements in force
and linking to the list that shows them; what needs attention; the filtered list as CSV and
XLSX with formula-like cells neutralised."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from partnerships.models import ChildCertificateDeclaration, Grant, GrantPool
from tests.factories import AgreementFactory, InitiativeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("partnerships:overview")
LIST = reverse("partnerships:agreement-list")
TODAY = datetime.date.today()


def agreement(partner_kinds, involvement="medium", status="active", **fields):
    fields.setdefault("start_date", TODAY - datetime.timedelta(days=100))
    fields.setdefault("end_date", TODAY + datetime.timedelta(days=300))
    made = AgreementFactory(involvement=involvement, status=status, **fields)
    for kind in partner_kinds:
        made.partners.add(OrganisationFactory(kind=kind))
    return made


def cell(response, kind, involvement):
    matrix = response.context["matrix"]
    row = next(cells for k, _label, cells, _total in matrix["rows"] if k == kind)
    return dict(row)[involvement]


def test_each_cell_counts_agreements_in_force(client_for, staff_user):
    agreement(["humanitarian"], "high")
    agreement(["humanitarian"], "high")
    agreement(["humanitarian", "community"], "low")
    agreement(["humanitarian"], "high", status="draft")
    agreement(["humanitarian"], "high", status="ended")
    response = client_for(staff_user).get(OVERVIEW)
    assert cell(response, "humanitarian", "high") == 2
    assert cell(response, "humanitarian", "low") == 1
    assert cell(response, "community", "low") == 1
    assert cell(response, "adult_education", "medium") == 0
    link = f"{LIST}?status=current&amp;partner_kind=humanitarian&amp;involvement=high"
    assert link in response.content.decode()


def test_a_cells_link_lists_the_agreements_it_counts(client_for, staff_user):
    counted = agreement(["humanitarian"], "high")
    agreement(["humanitarian"], "low")
    agreement(["humanitarian"], "high", status="expired")
    response = client_for(staff_user).get(
        LIST, {"status": "current", "partner_kind": "humanitarian", "involvement": "high"}
    )
    assert list(response.context["object_list"]) == [counted]


def test_needs_attention(client_for, staff_user):
    soon = agreement(["humanitarian"], end_date=TODAY + datetime.timedelta(days=20))
    late_review = agreement(["community"], next_review_date=TODAY - datetime.timedelta(days=3))
    pool = GrantPool.objects.create(year=TODAY.year - 1, budget=100000)
    overdue = Grant.objects.create(
        pool=pool,
        organisation=OrganisationFactory(name="Forsinket Forening"),
        amount=5000,
        report_due=TODAY - datetime.timedelta(days=1),
    )
    response = client_for(staff_user).get(OVERVIEW)
    assert soon in response.context["expiring"]
    assert list(response.context["reviews_overdue"]) == [late_review]
    assert list(response.context["reports_outstanding"]) == [overdue]


def test_declarations_of_partners_in_force(client_for, staff_user):
    made = agreement(["adult_education", "community"])
    declared, missing = made.partners.order_by("pk")
    ChildCertificateDeclaration.objects.create(
        organisation=declared, year=TODAY.year, received_on=TODAY
    )
    response = client_for(staff_user).get(OVERVIEW)
    rows = {name: received for _url, name, received in response.context["declarations"]}
    assert rows == {declared.name: True, missing.name: False}
    page = response.content.decode()
    assert f'<a href="{declared.get_absolute_url()}">' in page
    assert f'<td lang="da"><a href="{missing.get_absolute_url()}">' in page


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("volunteer", 403), ("organisation_contact", 403), ("coordinator", 200)],
)
def test_the_overview_is_for_municipal_users(users_by_role, client_for, role, status):
    assert client_for(users_by_role.get(role)).get(OVERVIEW).status_code == status


@pytest.mark.parametrize("rows", [1, 8])
def test_overview_queries_do_not_grow(rows, client_for, staff_user, django_assert_num_queries):
    for _ in range(rows):
        agreement(["humanitarian", "community"], next_review_date=TODAY)
    client = client_for(staff_user)
    client.get(OVERVIEW)
    # session, user, memberships, matrix, expiring, reviews, reports, partners, declarations
    with django_assert_num_queries(9):
        client.get(OVERVIEW)


def test_list_filters_by_initiative_year_and_sorts(client_for, staff_user):
    initiative = InitiativeFactory()
    served = agreement(["humanitarian"], title="B-aftale")
    served.initiatives.add(initiative)
    old = agreement(["humanitarian"], title="A-aftale")
    old.start_date, old.end_date = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
    old.save()
    client = client_for(staff_user)
    titles = lambda r: [a.title for a in r.context["object_list"]]  # noqa: E731
    assert titles(client.get(LIST, {"initiative": initiative.pk})) == ["B-aftale"]
    assert titles(client.get(LIST, {"year": 2019})) == ["A-aftale"]
    assert titles(client.get(LIST, {"order": "title"})) == ["A-aftale", "B-aftale"]
    assert titles(client.get(LIST, {"order": "-title"})) == ["B-aftale", "A-aftale"]
    assert client.get(LIST, {"year": "abc", "order": "nonsense"}).status_code == 200


@pytest.mark.parametrize("dangerous", ["=1+1", "+45 1234", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_exports_neutralise_formulas(client_for, staff_user, dangerous):
    agreement(["humanitarian"], title=dangerous + " aftale", purpose=dangerous)
    client = client_for(staff_user)
    text = client.get(reverse("partnerships:agreement-export-csv")).content.decode("utf-8-sig")
    assert f"'{dangerous} aftale" in text
    response = client.get(reverse("partnerships:agreement-export-xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    title = sheet.cell(row=2, column=1)
    # (the workbook's XML turns a carriage return into a line feed)
    assert title.value.replace("\n", "\r").endswith(dangerous[1:] + " aftale")
    assert (title.data_type, title.quotePrefix) == ("s", True)


def test_exports_hold_just_the_filtered_list(client_for, staff_user):
    agreement(["humanitarian"], title="Humanitær aftale")
    agreement(["community"], title="Fællesskabsaftale")
    text = (
        client_for(staff_user)
        .get(reverse("partnerships:agreement-export-csv"), {"partner_kind": "community"})
        .content.decode("utf-8-sig")
    )
    assert "Fællesskabsaftale" in text and "Humanitær aftale" not in text
    assert client_for(None).get(reverse("partnerships:agreement-export-csv")).status_code == 302


def test_an_export_row_holds_its_partners_and_labels_in_constant_queries(
    client_for, staff_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = agreement([], title="Aftale med to", kind="partnership", involvement="high")
    made.partners.add(
        OrganisationFactory(name="Ørnens Venner", kind="humanitarian"),
        OrganisationFactory(name="Bådklubben", kind="community"),
    )
    client = client_for(staff_user)
    url = reverse("partnerships:agreement-export-csv")
    with CaptureQueriesContext(connection) as one:
        text = client.get(url).content.decode("utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith("Aftale med to;"))
    cells = row.split(";")
    assert cells[2] == "Bådklubben, Ørnens Venner"  # Danish order: ø after z
    assert cells[1] == str(made.get_kind_display())
    assert cells[3] == ", ".join(sorted(str(p.get_kind_display()) for p in made.partners.all()))
    assert cells[4] == made.responsible_unit.name
    assert cells[5] == str(made.get_involvement_display())
    for _ in range(4):
        agreement(["community", "humanitarian"])
    with django_assert_max_num_queries(len(one)):
        text = client.get(url).content.decode("utf-8-sig")
    assert len(text.splitlines()) == 6


def test_other_partners_share_one_row_and_the_totals_count_each_agreement_once(
    client_for, staff_user
):
    agreement(["council"], "high")
    agreement(["project", "humanitarian"], "high")
    response = client_for(staff_user).get(OVERVIEW)
    assert cell(response, "other", "high") == 2
    assert cell(response, "humanitarian", "high") == 1
    assert dict(response.context["matrix"]["totals"])["high"] == 2
    listed = client_for(staff_user).get(LIST, {"partner_kind": "other"})
    assert len(listed.context["object_list"]) == 2
