"""Grants under Serviceloven § 18: granting from a pool, paying, and the association's report.

An association reports on a grant before it gets the next one. The rule kept here is the
simplest that says so: while any other grant of the organisation has no report, a new grant
needs a staff member's override with a reason, which is stored on the grant. (A report that
is still missing required accounts counts as a report; the grant's page says what is missing.)

A grant over the pool's remaining budget is a warning, not a refusal: the service refuses it
unless the caller confirms (``allow_over_budget``), and checks the budget with the pool's row
locked so that two grants made at once cannot both pass a check they would fail together.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation
from partnerships.models import Grant, GrantPool, GrantReport
from partnerships.models.grant import report_due_for
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import DomainError

ZERO = Decimal("0")


class ReportOutstanding(DomainError):
    """The organisation has a grant without a report, and no override reason was given."""


class OverBudget(DomainError):
    """The grant exceeds the pool's remaining budget and the caller has not confirmed it."""

    def __init__(self, message, *, remaining):
        super().__init__(message)
        self.remaining = remaining


def _kroner(amount):
    """An amount as the page's language writes it, with grouping: "12.500,50"."""
    return formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def granted_from(pool):
    """The sum of the grants made from ``pool`` so far."""
    return Grant.objects.filter(pool=pool).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def outstanding_reports(organisation, *, exclude=None):
    """The grants of ``organisation`` that have no report yet (besides ``exclude``)."""
    grants = Grant.objects.filter(organisation=organisation, report__isnull=True)
    if exclude is not None and exclude.pk:
        grants = grants.exclude(pk=exclude.pk)
    return grants.select_related("pool").order_by("pool__year", "pk")


def _check_amount(amount):
    if amount is None or amount <= 0:
        raise DomainError(_("The amount must be more than 0 kr."))


@records_actor
def save_pool(pool, *, target_groups, by):
    """Create or change a yearly pool; its target groups become ``target_groups``."""
    if pool.budget is None or pool.budget < 0:
        raise DomainError(_("The budget cannot be negative."))
    with transaction.atomic():
        pool.save()
        pool.target_groups.set(target_groups)
    return pool


@records_actor
def create_grant(grant, *, by, override_reason="", allow_over_budget=False):
    """Save a new grant from its pool. Refused (ReportOutstanding) while another grant of the
    organisation has no report, unless ``override_reason`` says why; refused (OverBudget)
    when it exceeds the pool's remaining budget, unless ``allow_over_budget``. The report is
    due by the pool year's default date unless the grant names another."""
    _check_amount(grant.amount)
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        # The locks make grants from one pool, or to one organisation, wait for each other,
        # so that each sees the others' amounts and grants once it holds them (always the
        # pool first, then the organisation, so that two grants never wait on each other).
        pool = GrantPool.objects.select_for_update().get(pk=grant.pool_id)
        Organisation.objects.select_for_update().filter(pk=grant.organisation_id).exists()
        if outstanding_reports(grant.organisation).exists() and not override_reason:
            raise ReportOutstanding(
                _(
                    "%(organisation)s has not yet reported on an earlier grant. Give the "
                    "reason for granting anyway."
                )
                % {"organisation": grant.organisation}
            )
        remaining = pool.budget - granted_from(pool)
        if grant.amount > remaining and not allow_over_budget:
            raise OverBudget(
                _(
                    "The grant is more than the pool's remaining budget of %(remaining)s kr. "
                    "Confirm that you want to grant it anyway."
                )
                % {"remaining": _kroner(remaining)},
                remaining=remaining,
            )
        grant.pool = pool
        grant.override_reason = override_reason
        if grant.report_due is None:
            grant.report_due = report_due_for(pool.year)
        grant.save()
    return grant


@records_actor
def mark_paid(grant, paid_on, *, by):
    """Record the day the grant was paid out (today or earlier)."""
    if paid_on is None:
        raise DomainError(_("Give the date the grant was paid."))
    if paid_on > timezone.localdate():
        raise DomainError(_("The date of payment cannot be in the future."))
    grant.paid_on = paid_on
    grant.save(update_fields=["paid_on"])
    return grant


def _check_report(report, amount):
    if report.unused_amount is None or report.unused_amount < 0:
        raise DomainError(_("The unused amount cannot be negative."))
    if report.unused_amount > amount:
        raise DomainError(
            _("The unused amount cannot be more than the grant of %(amount)s kr.")
            % {"amount": _kroner(amount)}
        )
    if report.unused_amount > 0 and report.unused_handling == GrantReport.Unused.NONE:
        raise DomainError(_("Say whether the unused amount is repaid or carried over."))
    if report.received_on and report.received_on > timezone.localdate():
        raise DomainError(_("The date the report was received cannot be in the future."))


@records_actor
def record_report(report, *, by):
    """Save the association's report on a grant (a new one, or changes to the one there is):
    what it was used for, the unused amount and what happens to it (repaid or carried over,
    required when anything is unused), and which accounts came with it."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=report.grant_id)
        _check_report(report, grant.amount)
        if report.unused_amount == 0:
            report.unused_handling = GrantReport.Unused.NONE
        existing = GrantReport.objects.filter(grant=grant).values_list("pk", flat=True).first()
        if existing and not report.pk:
            report.pk = existing
            report._state.adding = False
        report.grant = grant
        report.save()
    return report
