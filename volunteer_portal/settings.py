"""Settings for Frivilligportalen, read from the environment.

SQLite is the zero-setup default; DATABASE_URL switches to PostgreSQL.
"""

from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's own address, for links in mail sent outside a request (the daily commands).
PORTAL_URL = env.str(
    "PORTAL_URL",
    default=(CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000" if DEBUG else ""])[0],
).rstrip("/")

INSTALLED_APPS = [
    "volunteer_portal",
    "organisations",
    "initiatives",
    "partnerships",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rules",
    "auditlog",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "volunteer_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "volunteer_portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "volunteer_portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# libpq writes a Unix-socket folder as a percent-encoded host (postgres://u@%2Ftmp%2Fpg/db).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))


def sqlite_options():
    """SQLite set up for a small real site where several people save at once.

    A transaction that has read and then writes while another connection writes fails at once
    with "database is locked": SQLite does not wait there, it would deadlock. IMMEDIATE takes
    the write lock at BEGIN, so such transactions queue for up to ``timeout`` seconds instead.
    WAL lets pages be read while someone saves; synchronous=NORMAL is safe with WAL (a power
    cut may lose the last commits, never corrupt the file).
    """
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Options given in DATABASE_URL (?timeout=5) win over these.
    DATABASES["default"]["OPTIONS"] = {
        **sqlite_options(),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "volunteer_portal.User"
AUTHENTICATION_BACKENDS = [
    "volunteer_portal.backends.RuleBackend",
    "volunteer_portal.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; citizens sign up as volunteers.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The confirmation link logs in the citizen who has just signed up in the same browser (allauth
# asks the session for them) and leads on to the page they came from (?next= at sign-up).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "volunteer_portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "volunteer_portal.account_forms.LoginForm",
    "reset_password": "volunteer_portal.account_forms.ResetPasswordForm",
    "reset_password_from_key": "volunteer_portal.account_forms.ResetPasswordKeyForm",
    "change_password": "volunteer_portal.account_forms.ChangePasswordForm",
    "add_email": "volunteer_portal.account_forms.AddEmailForm",
    "signup": "volunteer_portal.account_forms.SignupForm",
}
ACCOUNT_SIGNUP_FORM_CLASS = "partnerships.forms.signup.VolunteerSignupForm"
ACCOUNT_ALLOW_SIGNUP = env.bool("ACCOUNT_ALLOW_SIGNUP", default=True)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Frivilligportalen: "  # the portal's own mail too
# An unknown address asking for a password reset gets no mail (allauth's default would tell it
# to sign up); sign-up with a known address mails its owner and shows the stranger the same
# "check your mail" page as a new sign-up, so neither reveals who has an account.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PREVENT_ENUMERATION = True

# The volunteer flow (partnerships: opportunities, interest, volunteer agreements).
# The municipality's service goal: an answer to a new interest within this many days.
VOLUNTEER_SERVICE_GOAL_DAYS = env.int("VOLUNTEER_SERVICE_GOAL_DAYS", default=14)
# A place offered from the waiting list is held this long for an answer, then passes on.
VOLUNTEER_PLACE_OFFER_HOURS = env.int("VOLUNTEER_PLACE_OFFER_HOURS", default=72)
# An offered volunteer agreement holds its place this long for the volunteer's answer.
VOLUNTEER_AGREEMENT_ANSWER_DAYS = env.int("VOLUNTEER_AGREEMENT_ANSWER_DAYS", default=14)
# When an assessed child-protection certificate is due again (the law sets no interval;
# practice is one to three years).
CHILD_CERTIFICATE_RENEWAL_MONTHS = env.int("CHILD_CERTIFICATE_RENEWAL_MONTHS", default=24)
# Reminders to volunteers this many days before an agreement or a one-off task starts.
VOLUNTEER_REMINDER_DAYS = env.int("VOLUNTEER_REMINDER_DAYS", default=2)
# How long a change that takes a place waits for a lock before answering "try again".
PLACE_LOCK_TIMEOUT_SECONDS = env.int("PLACE_LOCK_TIMEOUT_SECONDS", default=3)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Documents that are not public (a plan's attachments, signed agreements) live outside the
# static and media folders and leave only through a view that checks the permission
# (volunteer_portal/private_files.py). The web server's upload limit should allow the maximum.
PRIVATE_FILES_ROOT = Path(env.str("PRIVATE_FILES_ROOT", default=str(BASE_DIR / "private_files")))
PRIVATE_FILE_MAX_BYTES = env.int("PRIVATE_FILE_MAX_BYTES", default=20 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="frivilligportalen@example.dk")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Every mail goes through a task queue in the database, enqueued after the transaction commits
# and sent by `manage.py db_worker`. A failed send is tried again after MAIL_RETRY_DELAY seconds,
# doubled each time, until MAIL_MAX_ATTEMPTS; each failed attempt stays visible in the admin.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=8)
MAIL_RETRY_DELAY = env.int("MAIL_RETRY_DELAY", default=60)

# Security: strict CSP (no inline code anywhere) and safe defaults behind TLS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Issue #12, privacy and security. Each part keeps to its own section below (INSTALLED_APPS,
# MIDDLEWARE and AUTHENTICATION_BACKENDS are extended there, in place, with a comment saying why).

# --- Login throttling, sessions, rate limits (part A) ---

# --- Two-factor authentication (part B) ---

# --- Headers and our own checks (part C) ---

# --- Audit, the volunteer's rights, retention (parts D and E) ---

# Retention (part E): how long personal data is kept before ``manage.py apply_retention``
# anonymises it (partnerships.services.retention); the record of processing shows these numbers.
# Declined, withdrawn and lapsed interests: their texts, months after the last change of status.
RETENTION_CLOSED_INTEREST_MONTHS = env.int("RETENTION_CLOSED_INTEREST_MONTHS", default=12)
# Ended volunteer agreements: their free texts and certificate note, years after they ended.
VOLUNTEER_AGREEMENT_RETENTION_YEARS = env.int("VOLUNTEER_AGREEMENT_RETENTION_YEARS", default=5)
# Volunteer sign-ups never confirmed and never used: deleted this many days after sign-up.
RETENTION_UNCONFIRMED_SIGNUP_DAYS = env.int("RETENTION_UNCONFIRMED_SIGNUP_DAYS", default=7)
# Staff referrals (bridge-building): the note, months after the day of the referral.
RETENTION_REFERRAL_NOTE_MONTHS = env.int("RETENTION_REFERRAL_NOTE_MONTHS", default=12)
# A volunteer is warned by mail this many days before their data is anonymised.
RETENTION_WARNING_DAYS = env.int("RETENTION_WARNING_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

if len(SECRET_KEY) < 50 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
