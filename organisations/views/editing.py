"""Editing organisations and activities, by municipal staff and by an organisation's contact
person, and the yearly confirmation that the activities are current.

Whether someone reaches these pages at all depends on who they are (``use_editing``: a
volunteer gets 403); an organisation or activity they may not edit answers 404, as if it were
not there. Every change goes through organisations.services; a save that comes after someone
else's (an :class:`EditConflict`) is not made: the form comes back as typed, with a message
and the values now stored.
"""

import copy

from django.contrib import messages
from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, ListView
from django_filters.views import FilterView

from organisations.filters import ActivityCheckFilter
from organisations.forms.activity import ActivityForm
from organisations.forms.organisation import OrganisationForm, OrganisationPublicForm
from organisations.models import Activity, Membership, Organisation
from organisations.services import activities as activity_services
from organisations.services import organisations as organisation_services
from organisations.versions import EditConflict, merged_after_conflict
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.search import danish

USE_EDITING = "organisations.use_editing"
CREATE_ORGANISATION = "organisations.create_organisation"
EDIT_ORGANISATION = "organisations.edit_organisation"
EDIT_PUBLIC_DETAILS = "organisations.edit_public_details"
CREATE_ACTIVITY = "organisations.create_activity"
EDIT_ACTIVITY = "organisations.edit_activity"
CONFIRM_ACTIVITIES = "organisations.confirm_activities"


def _load(user, queryset, perm, **lookup):
    """The object, or 404 when it is not there or ``user`` may not take ``perm`` on it."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


class LoadFirst:
    """Sits under ObjectPermissionMixin: once the caller is known to be logged in and allowed
    to edit at all, load (and so check) what the page is about, before any handler runs."""

    def dispatch(self, request, *args, **kwargs):
        self.load()
        return super().dispatch(request, *args, **kwargs)


class EditFormMixin:
    """A create or edit page for one model form; an edit that comes after someone else's
    save is shown again, as typed, beside the values now stored."""

    template_name = "organisations/organisation_form.html"
    object = None  # the stored row (None on a create page): headings keep its name

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def get_form_kwargs(self):
        # The form edits a copy: headings and breadcrumbs keep the stored values on errors.
        instance = copy.copy(self.object) if self.object else self.new_instance()
        return {**super().get_form_kwargs(), "instance": instance}

    def render_conflict(self, form, conflict):
        """The form merged with what someone else saved meanwhile, beside the fields both
        changed (organisations.versions.merged_after_conflict)."""
        self.object = conflict.current
        fresh, stored = merged_after_conflict(self.get_form_class(), form, conflict)
        return self.render_to_response(self.get_context_data(form=fresh, stored=stored))


class OrganisationCreateView(ObjectPermissionMixin, EditFormMixin, FormView):
    """A new organisation, by municipal staff."""

    permission_required = CREATE_ORGANISATION
    form_class = OrganisationForm

    def new_instance(self):
        return Organisation()

    def form_valid(self, form):
        organisation = organisation_services.organisation_create(
            organisation=form.instance, by=self.request.user
        )
        messages.success(self.request, _("The organisation has been created."))
        return redirect(organisation)


class OrganisationUpdateView(ObjectPermissionMixin, LoadFirst, EditFormMixin, FormView):
    """All of an organisation for municipal staff; its public details for its contact."""

    permission_required = USE_EDITING

    def load(self):
        self.object = _load(
            self.request.user,
            Organisation.objects.with_list_data(),
            EDIT_PUBLIC_DETAILS,
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["public_only"] = isinstance(context["form"], OrganisationPublicForm)
        return context

    def get_form_class(self):
        if self.request.user.has_perm(EDIT_ORGANISATION, self.object):
            return OrganisationForm
        return OrganisationPublicForm

    def form_valid(self, form):
        try:
            organisation = organisation_services.organisation_update(
                organisation=form.instance,
                fields=form.model_fields(),
                loaded=form.cleaned_data["loaded"],
                by=self.request.user,
            )
        except EditConflict as conflict:
            return self.render_conflict(form, conflict)
        messages.success(self.request, _("The organisation has been saved."))
        return redirect(organisation)


class ActivityFormMixin(EditFormMixin):
    form_class = ActivityForm
    template_name = "organisations/activity_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class ActivityCreateView(ObjectPermissionMixin, LoadFirst, ActivityFormMixin, FormView):
    """A new activity of an organisation, by staff or by the organisation's contact."""

    permission_required = USE_EDITING

    def load(self):
        self.organisation = _load(
            self.request.user, Organisation.objects.all(), CREATE_ACTIVITY, slug=self.kwargs["slug"]
        )

    def new_instance(self):
        return Activity(organisation=self.organisation)

    def form_valid(self, form):
        activity = activity_services.activity_create(
            activity=form.instance, by=self.request.user, **form.m2m_values()
        )
        messages.success(self.request, _("The activity has been created."))
        return redirect("organisations:activity-preview", pk=activity.pk)


class ActivityUpdateView(ObjectPermissionMixin, LoadFirst, ActivityFormMixin, FormView):
    """An activity, by staff or by its organisation's contact. Saving confirms it."""

    permission_required = USE_EDITING

    def load(self):
        self.object = _load(
            self.request.user,
            Activity.objects.select_related("organisation"),
            EDIT_ACTIVITY,
            pk=self.kwargs["pk"],
        )
        self.organisation = self.object.organisation

    def form_valid(self, form):
        try:
            activity = activity_services.activity_update(
                activity=form.instance,
                fields=form.model_fields(),
                loaded=form.cleaned_data["loaded"],
                by=self.request.user,
                **form.m2m_values(),
            )
        except EditConflict as conflict:
            return self.render_conflict(form, conflict)
        messages.success(self.request, _("The activity has been saved and confirmed as current."))
        return redirect("organisations:activity-preview", pk=activity.pk)


class ActivityPreviewView(ObjectPermissionMixin, DetailView):
    """An activity as its editors see it, published or not (the public page shows only
    published ones)."""

    permission_required = USE_EDITING
    template_name = "organisations/activity_preview.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        return _load(
            self.request.user,
            Activity.objects.select_related("organisation").with_detail_data(),
            EDIT_ACTIVITY,
            pk=self.kwargs["pk"],
        )


class OrganisationConfirmView(ObjectPermissionMixin, DetailView):
    """The yearly confirmation: the organisation's activities with when each was last
    confirmed, an edit link each, and one button that confirms them all as current."""

    permission_required = USE_EDITING
    template_name = "organisations/organisation_confirm.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = _load(
                self.request.user,
                Organisation.objects.all(),
                CONFIRM_ACTIVITIES,
                slug=self.kwargs["slug"],
            )
        return self._object

    def get_context_data(self, **kwargs):
        activities = self.object.activities.select_related("area")
        return super().get_context_data(activities=activities, **kwargs)

    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        count = activity_services.activities_confirm(organisation=organisation, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s activity has been confirmed as current.",
                "%(count)s activities have been confirmed as current.",
                count,
            )
            % {"count": count},
        )
        return redirect("organisations:organisation-confirm", slug=organisation.slug)


class ActivitiesToCheckView(ObjectPermissionMixin, ForgivingPaginationMixin, FilterView):
    """For staff: published activities not confirmed for 15 months, oldest first, with
    whether their organisation has a contact person to ask and when it was last asked."""

    permission_required = "organisations.view_activities_to_check"
    filterset_class = ActivityCheckFilter
    template_name = "organisations/activities_to_check.html"
    paginate_by = 25

    def get_queryset(self):
        contacts = Membership.objects.filter(
            organisation=OuterRef("organisation"), capacity=Membership.Capacity.CONTACT
        )
        return (
            Activity.objects.published()
            .possibly_outdated()
            .filter(organisation__is_active=True)
            .select_related("organisation", "area")
            .annotate(has_contact=Exists(contacts))
            # Never confirmed first, then the oldest; alike on PostgreSQL and SQLite.
            .order_by(
                F("last_confirmed").asc(nulls_first=True),
                danish("organisation__name"),
                danish("title"),
                "pk",
            )
        )


class MyOrganisationsView(ObjectPermissionMixin, ListView):
    """An organisation contact's own organisations, with their activities (published or not)
    and the ways to edit them."""

    permission_required = "organisations.view_own_organisations"
    template_name = "organisations/my_organisations.html"
    context_object_name = "organisations"

    def get_queryset(self):
        ids = self.request.user.memberships_index.organisation_ids(
            Membership.Capacity.CONTACT, below=False
        )
        return (
            Organisation.objects.filter(pk__in=ids, is_active=True)
            .with_list_data()
            .prefetch_related("activities")
        )
