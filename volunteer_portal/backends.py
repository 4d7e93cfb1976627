import functools

import rules
from allauth.account.auth_backends import AuthenticationBackend
from django.apps import apps

from volunteer_portal.permissions import is_portal_admin


class AccountBackend(AuthenticationBackend):
    """Logs in by e-mail through allauth. Rights never come from Django's per-user permission
    tables: so asking a permission costs no query, and there is no second place where rights
    could be granted."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()


@functools.cache
def model_admin_permissions():
    """The names Django admin asks (``app.add_model``, ``app.view_model``, …) for every model."""
    return frozenset(
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in apps.get_models()
        for action in model._meta.default_permissions
    )


class RuleBackend:
    """Every right comes from a declared rule (django-rules), for administrators as for
    anyone. One exception keeps Django admin the administrators': a model permission that no
    rule declares (``initiatives.delete_milestone``) is theirs, and no one else's. Any other
    undeclared name, a misspelt one say, is refused to everyone."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        if rules.perm_exists(perm):
            return rules.has_perm(perm, user, obj)
        return perm in model_admin_permissions() and is_portal_admin(user)

    def has_module_perms(self, user, app_label):
        return is_portal_admin(user)
