"""Validators shared by the apps: Danish phone numbers, plain e-mail addresses and CVR numbers.

Each gives a clear message (Danish through the catalogue) and a code that tests can ask for."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

danish_phone_validator = RegexValidator(
    r"\A(?:\+45)?(?: *\d){8}\Z",
    _("Enter a Danish phone number: 8 digits, optionally after +45, such as 36 37 70 00."),
    code="invalid_phone",
)

# Stricter than Django's EmailValidator, which accepts quotes, braces and the like in the
# local part: the address is shown to every visitor and used in a mailto: link.
plain_email_validator = RegexValidator(
    r"\A(?!.*\.\.)[A-Za-z0-9](?:[A-Za-z0-9._+-]*[A-Za-z0-9])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\Z",
    _(
        "Enter an e-mail address of letters a–z, digits and the characters . _ + - only, "
        "such as kommunen@rk.dk."
    ),
    code="invalid_email",
)

# The weights of the CVR register's modulus-11 check: the weighted sum of the eight digits
# of a valid number is divisible by 11.
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_digits(value):
    """'12 34 56 78' → '12345678': people type numbers in groups; we store the digits."""
    return "".join(value.split())


def is_valid_cvr(value):
    digits = normalise_digits(value)
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS, strict=True)) % 11 == 0


@deconstructible
class CvrValidator:
    """A Danish CVR number: eight digits that pass the register's modulus-11 check."""

    def __call__(self, value):
        digits = normalise_digits(value or "")
        if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
            raise ValidationError(
                _("A CVR number is 8 digits, such as 12345674."), code="cvr_format"
            )
        if not is_valid_cvr(digits):
            raise ValidationError(
                _("%(value)s is not a valid CVR number: check the digits."),
                params={"value": digits},
                code="cvr_checksum",
            )

    def __eq__(self, other):
        return isinstance(other, CvrValidator)


cvr_validator = CvrValidator()


# Six digits that read as a date (ddmmyy), then four more, with or without a dash or space
# between them: what a CPR number looks like. Free-text notes about citizens must not hold one.
CPR_LIKE = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[ -]?\d{4}(?!\d)")


def no_cpr_number_validator(value):
    if CPR_LIKE.search(value or ""):
        raise ValidationError(
            _(
                "The text looks like it holds a CPR number. Leave out the citizen's CPR "
                "number, name and anything else that identifies them."
            ),
            code="cpr_number",
        )


def no_cpr_number(value):
    """For any free text a person writes (about themselves or a task): no CPR-like number."""
    if CPR_LIKE.search(value or ""):
        raise ValidationError(
            _(
                "The text looks like it holds a CPR number (ddmmyy-xxxx). Leave it out: the "
                "portal does not keep CPR numbers."
            ),
            code="cpr_number",
        )


# The longest free text a form takes (a few pages); anything longer belongs in a document.
TEXT_MAX = 10_000
