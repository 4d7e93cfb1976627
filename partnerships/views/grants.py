"""§ 18 grants, for municipal users: the pools with their budgets, a pool's grants, making a
grant, a grant's page (its payment and report), and the totals of a year; and the yearly
sums of an organisation's public grants, for its public page."""

from functools import cached_property

from django.contrib import messages
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView

from organisations.models import Organisation
from partnerships.forms.agreement import AgreementDocumentForm
from partnerships.forms.grants import (
    GrantFilter,
    GrantForm,
    GrantReportForm,
    PaidForm,
    PoolForm,
)
from partnerships.models import Agreement, Grant, GrantPool, GrantReport
from partnerships.services import grants as services
from partnerships.services.agreements import document_add
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.transitions import DomainError

VIEW_GRANTS = "partnerships.view_grants"
MAKE_GRANT = "partnerships.make_grant"
MANAGE_GRANT = "partnerships.manage_grant"
MANAGE_POOLS = "partnerships.manage_grant_pools"
ZERO = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))


def _sum(expression, **extra):
    return Coalesce(Sum(expression, **extra), ZERO)


def pools_with_totals():
    """The pools with what has been granted from them and what remains, in one query."""
    return (
        GrantPool.objects.annotate(granted=_sum("grants__amount"), grant_count=Count("grants"))
        .annotate(remaining=F("budget") - F("granted"))
        .order_by("-year", "name")
    )


def totals_by(grants, field, labels=None):
    """Sum and count of ``grants`` per value of ``field``, largest first, in one query; each
    row's ``label`` is its value, or its name in ``labels`` (a choices mapping)."""
    rows = grants.values(field).annotate(total=_sum("amount"), count=Count("pk"))
    return [
        {**row, "label": labels.get(row[field], "") if labels else row[field]}
        for row in rows.order_by("-total", field)
    ]


def totals_by_kind(grants):
    return totals_by(grants, "organisation__kind", dict(Organisation.Kind.choices))


def totals_by_target_group(grants):
    return totals_by(grants, "target_group__name")


def public_grants_by_year(organisation):
    """The yearly sums of ``organisation``'s grants marked public, newest year first: what
    its public page shows (nothing else about its grants is public)."""
    return list(
        Grant.objects.filter(organisation=organisation, is_public=True)
        .values(year=F("pool__year"))
        .annotate(total=_sum("amount"))
        .order_by("-year")
    )


class PoolListView(ObjectPermissionMixin, ForgivingPaginationMixin, ListView):
    permission_required = VIEW_GRANTS
    template_name = "partnerships/pool_list.html"
    context_object_name = "pools"
    paginate_by = 25

    def get_queryset(self):
        pools = pools_with_totals()
        year = self.request.GET.get("year", "")
        return pools.filter(year=year) if year.isdigit() and len(year) == 4 else pools

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_make_grant=user.has_perm(MAKE_GRANT),
            can_manage_pools=user.has_perm(MANAGE_POOLS),
            **kwargs,
        )


class PoolMixin(ObjectPermissionMixin):
    permission_required = VIEW_GRANTS

    @cached_property
    def pool(self):
        return get_object_or_404(pools_with_totals(), pk=self.kwargs["pool"])


class PoolDetailView(PoolMixin, ForgivingPaginationMixin, FilterView):
    """A pool's grants, filtered and paged, with its totals per volunteer type and per
    target group."""

    filterset_class = GrantFilter
    template_name = "partnerships/pool_detail.html"
    paginate_by = 25

    def get_queryset(self):
        return self.pool.grants.select_related("organisation", "target_group", "report")

    def get_context_data(self, **kwargs):
        grants = Grant.objects.filter(pool=self.pool)
        return super().get_context_data(
            pool=self.pool,
            pool_target_groups=self.pool.target_groups.all(),
            by_kind=totals_by_kind(grants),
            by_target_group=totals_by_target_group(grants),
            can_make_grant=self.request.user.has_perm(MAKE_GRANT),
            can_manage_pools=self.request.user.has_perm(MANAGE_POOLS),
            **kwargs,
        )


class PoolFormMixin(ObjectPermissionMixin):
    permission_required = MANAGE_POOLS
    form_class = PoolForm
    template_name = "partnerships/pool_form.html"

    def form_valid(self, form):
        try:
            pool = services.save_pool(
                form.instance,
                target_groups=form.cleaned_data["target_groups"],
                by=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The pool has been saved."))
        return HttpResponseRedirect(reverse("partnerships:pool-detail", args=[pool.pk]))


class PoolCreateView(PoolFormMixin, CreateView):
    pass


class PoolUpdateView(PoolFormMixin, UpdateView):
    pk_url_kwarg = "pool"
    queryset = GrantPool.objects.all()


class GrantMixin(ObjectPermissionMixin):
    """The grant ``pk`` of the pool ``pool``; a grant of another pool answers 404."""

    permission_required = VIEW_GRANTS

    def get_queryset(self):
        return Grant.objects.filter(pool_id=self.kwargs["pool"]).select_related(
            "pool", "organisation", "agreement", "target_group", "report"
        )


class GrantDetailView(GrantMixin, DetailView):
    template_name = "partnerships/grant_detail.html"
    context_object_name = "grant"

    def get_context_data(self, **kwargs):
        grant = self.object
        report = getattr(grant, "report", None)
        context = {
            "can_manage": self.request.user.has_perm(MANAGE_GRANT, grant),
            "report": report if report and report.pk else None,
            "others_outstanding": services.outstanding_reports(grant.organisation, exclude=grant),
        }
        if context["can_manage"]:
            if "paid_form" not in kwargs:
                context["paid_form"] = PaidForm()
            if "report_form" not in kwargs:
                instance = context["report"] or GrantReport(grant=grant)
                context["report_form"] = GrantReportForm(instance=instance)
            if "document_form" not in kwargs:
                context["document_form"] = AgreementDocumentForm()
        if context["report"]:
            context["report_documents"] = list(context["report"].documents.all())
        return super().get_context_data(**context, **kwargs)


class GrantActionView(GrantDetailView):
    """A form of the grant's page, posted to its own address; a GET there (a reload after
    an error) goes back to the page."""

    action_permission = MANAGE_GRANT

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(grant_url(self.get_object()))


class GrantPaidView(GrantActionView):
    """Record the grant's payment."""

    def post(self, request, *args, **kwargs):
        self.object = grant = self.get_object()
        form = PaidForm(request.POST)
        if form.is_valid():
            try:
                services.mark_paid(grant, form.cleaned_data["paid_on"], by=request.user)
            except DomainError as error:
                form.add_error("paid_on", str(error))
            else:
                messages.success(request, _("The payment has been recorded."))
                return HttpResponseRedirect(grant_url(grant))
        return self.render_to_response(self.get_context_data(paid_form=form))


class GrantReportView(GrantActionView):
    """Record or change the association's report on the grant."""

    def post(self, request, *args, **kwargs):
        self.object = grant = self.get_object()
        report = getattr(grant, "report", None) or GrantReport(grant=grant)
        form = GrantReportForm(request.POST, instance=report)
        if form.is_valid():
            try:
                services.record_report(form.instance, by=request.user)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The report has been saved."))
                return HttpResponseRedirect(grant_url(grant))
        return self.render_to_response(self.get_context_data(report_form=form))


class GrantReportDocumentView(GrantActionView):
    """Add a file (the accounts, say) to the grant's report; judged by its content."""

    def post(self, request, *args, **kwargs):
        self.object = grant = self.get_object()
        report = getattr(grant, "report", None)
        if report is None or not report.pk:
            messages.error(request, _("Record the report before you add its documents."))
            return HttpResponseRedirect(grant_url(grant))
        form = AgreementDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            form.instance.grant_report = report
            document_add(form.instance, by=request.user)
            messages.success(request, _("The document has been added."))
            return HttpResponseRedirect(grant_url(grant))
        return self.render_to_response(self.get_context_data(document_form=form))


def grant_url(grant):
    return reverse("partnerships:grant-detail", args=[grant.pool_id, grant.pk])


class GrantCreateView(ObjectPermissionMixin, CreateView):
    """A new grant; ``?agreement=`` or ``?organisation=`` chooses them beforehand. The
    service's refusals (a report outstanding, the budget exceeded) come back on the form
    with the field that answers them: the reason, or the confirmation."""

    permission_required = MAKE_GRANT
    form_class = GrantForm
    template_name = "partnerships/grant_form.html"

    def get_initial(self):
        return dict(self.chosen)

    @cached_property
    def chosen(self):
        """The pool of this year, and the agreement or organisation the address names."""
        pool_pk = self.request.GET.get("pool", "")
        pools = GrantPool.objects.all()
        if pool_pk.isdigit():
            initial = {"pool": get_object_or_404(pools, pk=pool_pk)}
        else:
            initial = {"pool": pools.filter(year=timezone.localdate().year).first()}
        agreement_pk = self.request.GET.get("agreement", "")
        organisation_pk = self.request.GET.get("organisation", "")
        if agreement_pk.isdigit():
            agreement = get_object_or_404(Agreement, pk=agreement_pk)
            initial["agreement"] = agreement
            partners = list(agreement.partners.all()[:2])
            if len(partners) == 1:
                initial["organisation"] = partners[0]
        elif organisation_pk.isdigit():
            initial["organisation"] = get_object_or_404(Organisation, pk=organisation_pk)
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        organisation = None if form.is_bound else self.chosen.get("organisation")
        if organisation is not None:
            form.needs_override = services.outstanding_reports(organisation).exists()
        return form

    def form_valid(self, form):
        try:
            grant = services.create_grant(
                form.instance,
                by=self.request.user,
                override_reason=form.cleaned_data["override_reason"],
                allow_over_budget=form.cleaned_data["confirm_over_budget"],
            )
        except services.ReportOutstanding as error:
            form.needs_override = True
            form.add_error("override_reason", str(error))
            return self.form_invalid(form)
        except services.OverBudget as error:
            form.needs_confirm = True
            form.add_error("confirm_over_budget", str(error))
            return self.form_invalid(form)
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The grant has been saved."))
        return HttpResponseRedirect(grant_url(grant))


def totals_per_year():
    """Every year's pool budgets, granted sum and number of grants, newest first: two
    queries."""
    granted = {row["pool__year"]: row for row in totals_by(Grant.objects.all(), "pool__year")}
    budgets = GrantPool.objects.values("year").annotate(budget=Sum("budget")).order_by("-year")
    return [
        {
            "year": row["year"],
            "budget": row["budget"],
            "total": granted.get(row["year"], {}).get("total", 0),
            "count": granted.get(row["year"], {}).get("count", 0),
        }
        for row in budgets
    ]


class GrantTotalsView(ObjectPermissionMixin, TemplateView):
    """The totals of a year (``?year=``, by default this year, or the latest with pools): per
    pool with its remaining budget, per volunteer type and per target group; and every year's
    sums. A fixed number of aggregate queries, however many grants."""

    permission_required = VIEW_GRANTS
    template_name = "partnerships/grant_totals.html"

    def get_context_data(self, **kwargs):
        per_year = totals_per_year()
        years = [row["year"] for row in per_year]
        year = self._year(years)
        grants = Grant.objects.filter(pool__year=year)
        unpaid = grants.aggregate(total=_sum("amount", filter=Q(paid_on__isnull=True)))["total"]
        return super().get_context_data(
            year=year,
            years=sorted({*years, year}, reverse=True),
            per_year=per_year,
            pools=pools_with_totals().filter(year=year).order_by("name"),
            by_kind=totals_by_kind(grants),
            by_target_group=totals_by_target_group(grants),
            unpaid=unpaid,
            **kwargs,
        )

    def _year(self, years):
        asked = self.request.GET.get("year", "")
        if asked.isdigit() and len(asked) == 4:
            return int(asked)
        this_year = timezone.localdate().year
        return this_year if this_year in years or not years else years[0]
