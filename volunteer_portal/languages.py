"""A user's preferred language: the one their mail is written in."""

from django.conf import settings


def user_remember_language(*, user, language):
    """Store the language a user uses the portal in as their preferred language.

    Called when they log in and when they switch language. Writes only when it changes, so
    an ordinary login costs no extra query; anonymous visitors and unknown codes are ignored.
    """
    if not user.is_authenticated or language not in dict(settings.LANGUAGES):
        return
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
