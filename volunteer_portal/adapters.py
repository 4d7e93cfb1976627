from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Self sign-up opens with the volunteer flow; until then accounts are made by admins."""
        return settings.ACCOUNT_ALLOW_SIGNUP
