"""The municipality that runs the portal: its name, logo, contact details and statements,
shown in the header and footer of every page. There is exactly one row, edited in the admin."""

import hashlib
import io

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from volunteer_portal.validators import danish_phone_validator, plain_email_validator

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 2000  # per side; the header shows the logo a few dozen pixels high
# Image formats as Pillow names them. No SVG: it can carry script.
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}

# The pages ask for the municipality on every request, so it is cached rather than queried,
# in the "local" cache (CACHES in settings): the shared default cache is a database table,
# and reading it would cost the query saved. Local memory is one per process: saving clears
# only the cache of the process that saved, and other processes see the change when their copy
# expires. LOCAL_CACHE_URL may name a shared cache server so that a save reaches all at once.
CACHE_KEY = "volunteer_portal:municipality:v1"
CACHE_SECONDS = 10 * 60


def municipality_cache():
    """The cache that holds the municipality (one per process unless LOCAL_CACHE_URL says)."""
    return caches["local"]


https_validator = URLValidator(
    schemes=["https"], message=_("Enter a full address that begins with https://.")
)


def logo_size_check(size):
    """Refuse a logo of more than 1 MB."""
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: it may be at most %(limit)s."),
            code="logo_too_large",
            params={"limit": filesizeformat(LOGO_MAX_BYTES)},
        )


def logo_content_type(data):
    """The MIME type of a logo, judged by its content: a PNG, JPEG or WebP image of at most
    1 MB and 2000 pixels a side. Anything else raises a ValidationError that says why."""
    logo_size_check(len(data))
    not_an_image = ValidationError(
        _("The logo must be an image in PNG, JPEG or WebP format (SVG is not accepted)."),
        code="logo_not_an_image",
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Exception as error:  # Pillow raises many kinds of errors for broken or odd files
        raise not_an_image from error
    if kind not in LOGO_TYPES:
        raise not_an_image
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("The logo is %(width)s × %(height)s pixels; it may be at most %(limit)s a side."),
            code="logo_too_large",
            params={"width": width, "height": height, "limit": LOGO_MAX_PIXELS},
        )
    return LOGO_TYPES[kind]


class Municipality(models.Model):
    """The one municipality that runs this portal. Its texts are the municipality's own, in
    Danish; its logo is kept in the database so that every app server can serve it."""

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    name = models.CharField(_("name"), max_length=100, help_text=_("Such as Rødovre Kommune."))
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    logo_hash = models.CharField(max_length=16, blank=True, editable=False)
    logo_alt = models.CharField(
        _("text alternative for the logo"),
        max_length=200,
        blank=True,
        help_text=_(
            "What the logo shows, for those who cannot see it, such as Rødovre Kommunes byvåben."
        ),
    )
    address = models.TextField(
        _("address"), blank=True, help_text=_("As it should be written, one line each.")
    )
    phone = models.CharField(
        _("telephone"), max_length=20, blank=True, validators=[danish_phone_validator]
    )
    email = models.EmailField(_("e-mail address"), blank=True, validators=[plain_email_validator])
    website = models.URLField(_("website"), blank=True, validators=[https_validator])
    digital_post_url = models.URLField(
        _("Digital Post address"),
        blank=True,
        validators=[https_validator],
        help_text=_("Where citizens write secure Digital Post to the municipality."),
    )
    accessibility_statement_url = models.URLField(
        _("accessibility statement address"),
        blank=True,
        validators=[https_validator],
        help_text=_(
            "The statement made in Digitaliseringsstyrelsen's WAS-Tool. The footer links to "
            "it, and /was leads there."
        ),
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_("Shown on the portal's privacy page. A blank line starts a new paragraph."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipality")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="municipality_singleton"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.id = self.SINGLETON_ID
        # The hash is the logo's address, so a new logo gets a new address and browsers may
        # keep each one for a year.
        logo = bytes(self.logo or b"")
        self.logo_hash = hashlib.sha256(logo).hexdigest()[:16] if logo else ""
        # Judged again here, so that no caller can store bytes that are not a logo, and the
        # type served always fits the bytes.
        self.logo_content_type = logo_content_type(logo) if logo else ""
        super().save(*args, **kwargs)
        municipality_forget()
        # Once more after the commit: a request in between may have cached the old row.
        transaction.on_commit(municipality_forget)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        municipality_forget()
        return result

    delete.alters_data = True

    def clean(self):
        self.phone = " ".join(self.phone.split())
        if self.logo:
            try:
                logo_content_type(bytes(self.logo))
            except ValidationError as error:
                raise ValidationError({"logo": error}) from None
            if not self.logo_alt.strip():
                raise ValidationError(
                    {"logo_alt": _("Describe the logo in a few words for those who cannot see it.")}
                )

    @property
    def has_logo(self):
        return bool(self.logo_hash)

    @property
    def phone_uri(self):
        """The phone number as a tel: address, such as tel:+4536377000."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return f"tel:+45{digits[-8:]}" if digits else ""

    @property
    def meta_description(self):
        """The description of a page that gives none of its own, in the page's language."""
        if self.name:
            return gettext(
                "Frivilligportalen of %(name)s: the action plan for voluntary social work, "
                "the organisations the municipality cooperates with, and volunteer opportunities."
            ) % {"name": self.name}
        return gettext(
            "Frivilligportalen: the municipality's action plan for voluntary social work, the "
            "organisations it cooperates with, and volunteer opportunities."
        )


def municipality_get():
    """The municipality, from the cache when it can be, without its logo's bytes. An empty,
    unsaved one when none has been set up, so templates need not ask."""
    municipality = municipality_cache().get(CACHE_KEY)
    if municipality is None:
        municipality = (
            Municipality.objects.defer("logo").filter(id=Municipality.SINGLETON_ID).first()
            or Municipality()
        )
        municipality_cache().set(CACHE_KEY, municipality, CACHE_SECONDS)
    return municipality


def municipality_forget():
    """Drop the cached municipality, after it changed."""
    municipality_cache().delete(CACHE_KEY)
