from allauth.account.auth_backends import AuthenticationBackend


class AccountBackend(AuthenticationBackend):
    """Logs in by e-mail through allauth. Rights come from the role rules (django-rules) and
    the admin role, never from Django's per-user permission tables: so asking a permission
    costs no query, and there is no second place where rights could be granted."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
