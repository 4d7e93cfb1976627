"""The one place that answers "may this user do this to this object".

Rules are declared with django-rules in each app's ``permissions.py`` and asked through
``user.has_perm(name, obj)``. Views use :class:`ObjectPermissionMixin`, :func:`get_object_for`
or a loader of one entity (:func:`get_plan_for`): an object the user may not see answers 404,
an action the user may not take answers 403, and an anonymous caller of a login-only view is
sent to log in.
"""

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


@rules.predicate
def is_municipal(user):
    """Municipal staff, coordinators and administrators."""
    return bool(user and user.is_authenticated and user.is_municipal)


@rules.predicate
def is_coordinator(user):
    return bool(user and user.is_authenticated and user.is_coordinator)


@rules.predicate
def is_portal_admin(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_portal_admin)


@rules.predicate
def is_logged_in(user):
    return bool(user and user.is_authenticated)


def check_object(user, obj, *, view_perm=None, action_perm=None):
    """Raise Http404 when ``user`` may not see ``obj``, PermissionDenied when they may not act."""
    if view_perm and not user.has_perm(view_perm, obj):
        raise Http404
    if action_perm and not user.has_perm(action_perm, obj):
        raise PermissionDenied
    return obj


def get_object_for(user, queryset, *, view_perm=None, action_perm=None, **lookup):
    """Load one object and apply :func:`check_object` to it."""
    obj = get_object_or_404(queryset, **lookup)
    return check_object(user, obj, view_perm=view_perm, action_perm=action_perm)


# Loaders of one entity, for views, feeds and exports alike. They import the models when
# called: every app's rules import the predicates above, so an app's models imported here at
# load time would make this shared module and the apps import each other.


def get_plan_for(user, slug, *, action=None):
    """The action plan ``slug``: 404 unless ``user`` may read it (drafts: municipal users
    only), 403 if they may read it but not take ``action``."""
    from initiatives.models import ActionPlan

    return get_object_for(
        user,
        ActionPlan.objects.all(),
        view_perm="initiatives.view_plan",
        action_perm=action,
        slug=slug,
    )


def get_initiative_for(user, slug, number, *, action=None, queryset=None):
    """Initiative ``number`` of the plan ``slug``, checked like :func:`get_plan_for`.
    ``queryset`` says what to load with it (by default its plan)."""
    from initiatives.models import Initiative

    if queryset is None:
        queryset = Initiative.objects.select_related("plan")
    return get_object_for(
        user,
        queryset,
        view_perm="initiatives.view_initiative",
        action_perm=action,
        plan__slug=slug,
        number=number,
    )


class ObjectPermissionMixin:
    """For class-based views: ``permission_required`` for the view as a whole (checked with no
    object), ``view_permission`` and ``action_permission`` for the object it loads."""

    login_required = False
    permission_required = None
    view_permission = None
    action_permission = None

    def dispatch(self, request, *args, **kwargs):
        needs_login = self.login_required or self.permission_required or self.action_permission
        if needs_login and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.permission_required and not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        return check_object(
            self.request.user,
            obj,
            view_perm=self.view_permission,
            action_perm=self.action_permission,
        )
