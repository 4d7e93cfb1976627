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
    # Compresses the pages, above every middleware that reads or changes the body (Django's
    # advice); below WhiteNoise, which answers static files itself, already compressed at
    # collectstatic. Since Django 4.2 it pads each compressed answer with random bytes in the
    # gzip header's filename field, which mitigates BREACH.
    "django.middleware.gzip.GZipMiddleware",
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
# Persistent connections: a new one per request costs about 2 ms, and a fresh backend plans
# its queries several times slower. Health checks drop a connection the server has closed
# before a request uses it, instead of failing that request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


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

# The cache: by default a table in the database (`manage.py createcachetable`), so one host
# needs no cache server and every app server sharing the database shares the cache too;
# CACHE_URL may name a shared cache server instead (redis://…, pymemcache://…). What is cached
# and how it is invalidated: volunteer_portal/caching.py.
# "local" holds what every request reads and may lag behind a change a little (the
# municipality's contact details): one per process, in memory, unless LOCAL_CACHE_URL says.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://portal_cache"),
    "local": env.cache("LOCAL_CACHE_URL", default="locmemcache://portal-local"),
}
# Whole pages are cached (every opportunity's, every filter of the directory): Django's default
# of 300 entries would cull them long before they expire. Only the caches that cull read it.
if CACHES["default"]["BACKEND"].endswith(("DatabaseCache", "LocMemCache", "FileBasedCache")):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=10_000)
    )

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
# How many proxies of our own stand in front of the portal, each appending to X-Forwarded-For.
# 0 (the default): the header is ignored and the connection's address is the client's, since
# any client can write the header. Login throttling, rate limits, the sessions list and the
# audit log all take the client's address from volunteer_portal.ratelimits.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth's own reading (sessions list)

# Login throttling (django-axes), counted in the database so that every worker process and app
# server sees the same count: LOGIN_FAILURE_LIMIT failed log-ins for one e-mail address, or from
# one address, lock that account or address out for LOGIN_LOCKOUT_MINUTES, the right password
# included. Each attempt while locked starts the wait again. Unknown addresses are counted like
# known ones. It covers the portal's log-in (allauth) and Django admin's: both authenticate().
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
INSTALLED_APPS.append("axes")
# Axes' backend goes first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
# Axes' middleware turns a lockout into its answer; its documentation puts it last.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = False  # a log-in of one's own must not wipe an attacker's count
AXES_USERNAME_CALLABLE = "volunteer_portal.login_throttling.login_name"
AXES_CLIENT_IP_CALLABLE = "volunteer_portal.ratelimits.client_ip"
AXES_LOCKOUT_CALLABLE = "volunteer_portal.login_throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# Sessions end after this long without a request: shorter for municipal users (staff,
# coordinators, administrators), who see citizens' data. volunteer_portal.sessions' middleware
# needs the logged-in user and the messages, so it follows the message middleware.
SESSION_IDLE_SECONDS_MUNICIPAL = env.int("SESSION_IDLE_SECONDS_MUNICIPAL", default=30 * 60)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "volunteer_portal.sessions.IdleSessionMiddleware",
)
# "Log out everywhere" (allauth.usersessions, /accounts/sessions/): each log-in is recorded;
# tracking every request's time as well would cost writes on every page, so it is off.
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.usersessions")
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
    "allauth.usersessions.middleware.UserSessionsMiddleware",
)
USERSESSIONS_TRACK_ACTIVITY = env.bool("USERSESSIONS_TRACK_ACTIVITY", default=False)

# Rate limits in the database (volunteer_portal.ratelimits), for the same reason as the login
# throttling: allauth's own live in the per-process cache, so they are off. (Wrong second-factor
# codes, which allauth counted there too, are counted in the database by volunteer_portal.mfa.)
# Each limit: per kind of key ("ip" the client's address, "account" the logged-in person,
# "email" the address typed) (uses, per seconds).
ACCOUNT_RATE_LIMITS = False
HOUR = 60 * 60
PORTAL_RATE_LIMITS = {
    "signup": {"ip": (env.int("RATE_LIMIT_SIGNUP_PER_ADDRESS", default=5), HOUR)},
    "password_reset": {
        "ip": (env.int("RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS", default=5), HOUR),
        "email": (env.int("RATE_LIMIT_PASSWORD_RESET_PER_EMAIL", default=3), HOUR),
    },
    "add_email": {
        "account": (env.int("RATE_LIMIT_ADD_EMAIL_PER_ACCOUNT", default=5), HOUR),
        "ip": (env.int("RATE_LIMIT_ADD_EMAIL_PER_ADDRESS", default=10), HOUR),
    },
    "interest": {"account": (env.int("RATE_LIMIT_INTEREST_PER_ACCOUNT", default=20), HOUR)},
    "slip_email": {"account": (env.int("RATE_LIMIT_SLIP_EMAIL_PER_ACCOUNT", default=30), HOUR)},
    # A confirmation mail, sent again at each log-in of an unconfirmed account: one per address
    # in this many seconds (allauth's own cooldown, which lived in the cache).
    "confirm_email": {"email": (1, env.int("EMAIL_CONFIRMATION_COOLDOWN_SECONDS", default=180))},
}

# --- Two-factor authentication (part B) ---
# django-allauth's MFA: a TOTP app with recovery codes. Municipal users (staff, coordinators,
# administrators) must use it; allauth cannot require it, so volunteer_portal.mfa's middleware
# does, right after allauth's own (it needs the logged-in user and allauth's request context).
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.mfa")
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
    "volunteer_portal.mfa.RequireSecondFactorMiddleware",
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Frivilligportalen"
MFA_ADAPTER = "volunteer_portal.mfa.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "volunteer_portal.mfa.PortalActivateTOTPForm",
    "authenticate": "volunteer_portal.mfa.PortalAuthenticateForm",
    "reauthenticate": "volunteer_portal.mfa.PortalReauthenticateForm",
}
# Allow one period either side, for phones whose clock is a few seconds off.
MFA_TOTP_TOLERANCE = 1
# Codes typed per account (log-in, re-authentication, set-up) in this many seconds, counted in
# the database like the other limits: allauth's own limit lives in each process's cache, and a
# six-digit code must not be guessable by spreading the tries over the workers.
MFA_CODE_ATTEMPTS = (env.int("MFA_CODE_ATTEMPTS_PER_ACCOUNT", default=10), 15 * 60)

# --- Headers and our own checks (part C) ---
# Cookies: the language cookie is kept like the session's and the CSRF cookie: sent over TLS
# only when DEBUG is off (SESSION_/CSRF_COOKIE_SECURE above), never readable by scripts, and
# not sent along with requests other sites start, except top-level links ("Lax"). No script of
# ours reads the CSRF cookie (forms carry the token), so it is HttpOnly as well.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
# A page opened from another site's window cannot reach back into ours (Django's default,
# stated so that it stays).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy: Django has no setting for it; volunteer_portal.headers adds it, right
# inside SecurityMiddleware so that every response, static files included, carries it. The
# features denied are volunteer_portal.headers.DEFAULT_PERMISSIONS_POLICY.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "volunteer_portal.headers.PermissionsPolicyMiddleware",
)
# volunteer_portal.checks (registered in PortalConfig.ready) refuses, with DEBUG off, an e-mail
# backend that sends nothing (the console's without EMAIL_URL writes reset links into the log).

# --- Audit, the volunteer's rights, retention (parts D and E) ---

# The audit log records the caller's address only as far as TRUSTED_PROXY_COUNT (part A) says
# the proxies in front can be trusted: auditlog's own middleware takes the leftmost
# X-Forwarded-For entry, which any client can forge, so ours takes its place.
MIDDLEWARE[MIDDLEWARE.index("auditlog.middleware.AuditlogMiddleware")] = (
    "volunteer_portal.audit_log.TrustedProxyAuditlogMiddleware"
)
# Audit-log entries age out after this many days (`manage.py prune_audit_log`, daily); until
# then no one deletes them, not even an administrator.
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=1826)

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
