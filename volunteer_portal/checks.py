"""The portal's own system checks (registered in ``PortalConfig.ready``)."""

from django.conf import settings
from django.core import checks

# Backends that send nothing: they print the mail (its links too) or keep it in memory.
NOT_SENDING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "writes each mail into the log",
    "django.core.mail.backends.filebased.EmailBackend": "writes each mail into a file",
    "django.core.mail.backends.locmem.EmailBackend": "keeps each mail in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws each mail away",
}


@checks.register(checks.Tags.security)
def check_mail_is_sent_in_production(app_configs, **kwargs):
    """With DEBUG off, mail must really be sent: without EMAIL_URL the console backend would
    write working password-reset and confirmation links into the server's log, where anyone
    who reads the log can take over an account, and no volunteer would get their mail."""
    if settings.DEBUG:
        return []
    backend = settings.EMAIL_BACKEND
    if backend not in NOT_SENDING_BACKENDS:
        return []
    return [
        checks.Error(
            f"EMAIL_BACKEND is {backend}, which {NOT_SENDING_BACKENDS[backend]}, while DEBUG "
            "is off: a production instance without EMAIL_URL writes working password-reset "
            "links into its log and sends no mail.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.dk:587.",
            id="volunteer_portal.E002",
        )
    ]
