from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
    _user_has_module_perms,
    _user_has_perm,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteer_portal.daily_runs import DailyRun  # noqa: F401  (a model of this app)
from volunteer_portal.municipality import Municipality  # noqa: F401  (a model of this app)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.VOLUNTEER)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["role"] = User.Role.ADMIN
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address.

    The role is the kind of account (what the person is to the portal); memberships
    (``organisations.Membership``) say which units or organisations they act for, and how.
    """

    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        STAFF = "staff", _("Municipal staff")
        COORDINATOR = "coordinator", _("Volunteer coordinator")
        ORGANISATION_CONTACT = "organisation_contact", _("Organisation contact")
        ADMIN = "admin", _("Administrator")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.VOLUNTEER)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Mail from the portal is written in this language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        # Django admin access and superuser rights follow the admin role, never set apart.
        self.is_superuser = self.role == self.Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_superuser"}
        super().save(*args, **kwargs)

    def has_perm(self, perm, obj=None):
        """No blanket yes for superusers: administrators get their rights from the rules,
        so a misspelt or undeclared permission is refused to them as to anyone."""
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label):
        return self.is_active and _user_has_module_perms(self, app_label)

    @property
    def memberships_index(self):
        """The person's memberships, loaded once for the life of this object (a request)."""
        from organisations.models import MembershipIndex

        if not hasattr(self, "_memberships_index"):
            self._memberships_index = MembershipIndex.load(self)
        return self._memberships_index

    def forget_memberships(self):
        """Drop the loaded memberships, after they changed."""
        self.__dict__.pop("_memberships_index", None)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]

    @property
    def is_staff(self):
        """Django admin access: administrators only."""
        return self.is_active and self.role == self.Role.ADMIN

    @property
    def is_municipal(self):
        """Municipal staff, coordinators and administrators work for the municipality."""
        return self.role in (self.Role.STAFF, self.Role.COORDINATOR, self.Role.ADMIN)

    @property
    def is_coordinator(self):
        """Coordinates at least one municipal unit (a membership, whatever the role)."""
        from organisations.models import Membership

        return self.memberships_index.holds(Membership.Capacity.COORDINATOR)

    @property
    def is_organisation_contact(self):
        """An account of a partner organisation's person: sees nothing municipal."""
        return self.role == self.Role.ORGANISATION_CONTACT

    @property
    def is_portal_admin(self):
        return self.role == self.Role.ADMIN


class RateLimitHit(models.Model):
    """How often an action was used by one key (a hashed address, account or e-mail address)
    in one fixed window of time: the rate limits' shared count (volunteer_portal.ratelimits).
    Rows of ended windows are deleted as new uses arrive."""

    action = models.CharField(_("action"), max_length=50)
    key = models.CharField(_("hashed key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    expires_at = models.DateTimeField(_("window end"), db_index=True)
    count = models.PositiveIntegerField(_("uses"), default=0)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")
        ordering = ["-window_start", "action"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "key", "window_start"], name="ratelimit_one_row_per_window"
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.key[:8]}… ×{self.count}"
