"""The coordinators' overview of the volunteers of their units, and the export of them.

Everything is scoped to the units the user coordinates (and the units below them); an
administrator sees every unit. The status of a child-protection certificate is shown only for
the units the user coordinates (an administrator without a coordinator membership does not see
it), and it is never exported.
"""

import datetime

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from organisations.models import Membership
from partnerships.models import Interest, Opportunity, VolunteerAgreement
from partnerships.services.places import with_places_left
from volunteer_portal.audit_log import log_export
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.spreadsheets import csv_response, xlsx_response

Status = VolunteerAgreement.Status

# Agreements ending within this many days, and certificates due within this many.
ENDING_DAYS = 30
CERTIFICATE_DAYS = 60


def coordinated_units(user):
    """The ids of the units ``user`` coordinates, and those below them."""
    return user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)


def _in_scope(queryset, user, field):
    """``queryset`` limited to the units the user coordinates; an administrator: all."""
    if user.is_portal_admin:
        return queryset
    return queryset.filter(**{f"{field}__in": coordinated_units(user)})


def certificates_due(user, today):
    """The agreements of the units ``user`` coordinates whose child-protection certificate is
    due for renewal (within CERTIFICATE_DAYS, or past), or required and not yet recorded."""
    due = today + datetime.timedelta(days=CERTIFICATE_DAYS)
    agreements = (
        VolunteerAgreement.objects.filter(unit_id__in=coordinated_units(user))
        .filter(
            Q(status=Status.ACTIVE, child_certificate_renew_by__lte=due)
            | Q(child_certificate_required=True, child_certificate_assessed_on__isnull=True)
        )
        .exclude(status=Status.ENDED)
        .with_list_data()
        .order_by(F("child_certificate_renew_by").asc(nulls_first=True), "start_date", "pk")
    )
    return [a for a in agreements if user.has_perm("partnerships.view_child_certificate", a)]


class OverviewView(ObjectPermissionMixin, TemplateView):
    permission_required = "partnerships.view_volunteer_overview"
    template_name = "partnerships/volunteering/overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        now = timezone.now()
        goal_days = settings.VOLUNTEER_SERVICE_GOAL_DAYS
        agreements = _in_scope(VolunteerAgreement.objects.all(), user, "unit_id")
        active = agreements.filter(status=Status.ACTIVE).order_by()
        per_unit = (
            active.values("unit_id", "unit__name")
            .annotate(volunteers=Count("volunteer", distinct=True))
            .order_by("unit__name", "unit_id")
        )
        per_opportunity = (
            active.filter(opportunity__isnull=False)
            .values("opportunity_id", "opportunity__title", "unit__name")
            .annotate(volunteers=Count("volunteer", distinct=True))
            .order_by("opportunity__title", "opportunity_id")
        )
        opportunities = with_places_left(
            _in_scope(Opportunity.objects.published(), user, "organisation_id")
            .select_related("organisation")
            .order_by("title", "pk"),
            now=now,
        )
        overdue = (
            _in_scope(Interest.objects.all(), user, "organisation_id")
            .filter(
                status=Interest.Status.NEW,
                created_at__lt=now - datetime.timedelta(days=goal_days),
            )
            .with_list_data()
            .order_by("created_at", "pk")
        )
        ending = (
            active.filter(end_date__lte=today + datetime.timedelta(days=ENDING_DAYS))
            .with_list_data()
            .order_by("end_date", "pk")
        )
        return super().get_context_data(
            today=today,
            goal_days=goal_days,
            ending_days=ENDING_DAYS,
            certificate_days=CERTIFICATE_DAYS,
            per_unit=list(per_unit),
            per_opportunity=list(per_opportunity),
            opportunities=list(opportunities),
            overdue=list(overdue),
            ending=list(ending),
            shows_certificates=user.is_coordinator,
            certificates=certificates_due(user, today) if user.is_coordinator else [],
            can_export=user.has_perm("partnerships.export_volunteers"),
            **kwargs,
        )


def export_columns():
    return [
        (_("Volunteer"), 30),
        (_("E-mail"), 30),
        (_("Home unit"), 30),
        (_("Volunteer opportunity"), 40),
        (_("Contact person"), 30),
        (_("Status"), 24),
        (_("Start"), 12),
        (_("End"), 12),
    ]


EXPORT_FIELDS = (
    "pk",
    "volunteer_id",
    "volunteer__full_name",
    "volunteer__email",
    "unit__name",
    "opportunity__title",
    "contact_person__full_name",
    "contact_person__email",
    "status",
    "start_date",
    "ended_on",
    "end_date",
)


def export_rows(rows):
    """One row per agreement, from the ``values_list`` of EXPORT_FIELDS (no model instance
    per row; the status labels translated once). The child-protection certificate is left
    out on purpose."""
    statuses = {value: str(label) for value, label in VolunteerAgreement.Status.choices}
    for (
        _pk,
        _volunteer_id,
        name,
        email,
        unit,
        opportunity,
        contact_name,
        contact_email,
        status,
        start,
        ended_on,
        end,
    ) in rows:
        yield [
            name or email,
            email,
            unit,
            opportunity or "",
            contact_name or contact_email,
            statuses.get(status, status),
            start,
            # An ended agreement ended on the day it was ended, whatever was agreed.
            ended_on or end,
        ]


class _Exported:
    # What log_export reads of each agreement.
    __slots__ = ("pk", "volunteer_id")

    def __init__(self, pk, volunteer_id):
        self.pk, self.volunteer_id = pk, volunteer_id


class VolunteerExportView(ObjectPermissionMixin, View):
    """The volunteer agreements of the units the coordinator coordinates, as CSV or XLSX
    (administrators too export only the units they coordinate)."""

    permission_required = "partnerships.export_volunteers"
    http_method_names = ["get", "head", "options"]
    file_format = "csv"

    def get(self, request):
        agreements = (
            VolunteerAgreement.objects.filter(unit_id__in=coordinated_units(request.user))
            .order_by("unit__name", "volunteer__full_name", "start_date", "pk")
            .values_list(*EXPORT_FIELDS)
        )
        agreements = list(agreements)
        log_export(
            request.user, [_Exported(*row[:2]) for row in agreements], file_format=self.file_format
        )
        filename = f"frivillige-{timezone.localdate():%Y-%m-%d}"
        if self.file_format == "xlsx":
            return xlsx_response(
                _("Volunteers"), export_columns(), export_rows(agreements), filename
            )
        return csv_response(export_columns(), export_rows(agreements), filename)
