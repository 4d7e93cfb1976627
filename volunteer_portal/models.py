from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    """A person who logs in with an e-mail address. The role decides the menu and the rights."""

    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        STAFF = "staff", _("Municipal staff")
        COORDINATOR = "coordinator", _("Volunteer coordinator")
        ADMIN = "admin", _("Administrator")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.VOLUNTEER)
    units = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("municipal units"),
        blank=True,
        related_name="coordinators",
        limit_choices_to={"kind__in": ("administration", "centre", "unit")},
        help_text=_("The municipal units a coordinator acts for."),
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
        return self.role == self.Role.COORDINATOR

    @property
    def is_portal_admin(self):
        return self.role == self.Role.ADMIN
