"""Polish registry numbers, checked with python-stdnum and stored as plain digits."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon


def normalise_digits(value):
    """Drop the separators people type (dashes, spaces, a PL prefix), keep the digits."""
    value = (value or "").strip().upper()
    if value.startswith("PL"):
        value = value[2:]
    return "".join(char for char in value if char not in " -.")


def validate_nip(value):
    try:
        stdnum_nip.validate(normalise_digits(value))
    except (stdnum_errors.InvalidLength, stdnum_errors.InvalidFormat) as error:
        raise ValidationError(_("A NIP has 10 digits."), code="nip_length") from error
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            _("This is not a valid NIP: its check digit does not match."), code="nip_checksum"
        ) from error


def validate_regon(value):
    try:
        stdnum_regon.validate(normalise_digits(value))
    except (stdnum_errors.InvalidLength, stdnum_errors.InvalidFormat) as error:
        raise ValidationError(_("A REGON has 9 or 14 digits."), code="regon_length") from error
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            _("This is not a valid REGON: its check digit does not match."),
            code="regon_checksum",
        ) from error


def validate_krs(value):
    # KRS numbers carry no check digit: ten digits is all the registry promises.
    digits = normalise_digits(value)
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError(_("A KRS number has 10 digits."), code="krs_format")


validate_postal_code = RegexValidator(
    r"^\d{2}-\d{3}$", _("Enter the postal code as 00-000."), code="postal_code"
)


def format_nip(value):
    return stdnum_nip.format(value) if value else ""


NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip_with_check_digit(first_nine):
    """Complete nine digits to a valid NIP, or return None when the check digit would be 10."""
    check = (
        sum(int(digit) * weight for digit, weight in zip(first_nine, NIP_WEIGHTS, strict=True)) % 11
    )
    return None if check == 10 else f"{first_nine}{check}"


# Free keywords of an organisation's profile: each one short, all of them within the field.
KEYWORD_MAX_LENGTH = 40
KEYWORDS_MAX_LENGTH = 300
KEYWORD_SEPARATORS = ",;\n\r\t"


def normalise_keywords(value):
    """Return keywords as "one, two, three": trimmed, blanks inside collapsed, empty ones dropped
    and a repeated keyword kept once, whatever its case (the first spelling wins)."""
    text = value or ""
    for separator in KEYWORD_SEPARATORS[1:]:
        text = text.replace(separator, ",")
    seen, keywords = set(), []
    for part in text.split(","):
        keyword = " ".join(part.split())
        if keyword and keyword.casefold() not in seen:
            seen.add(keyword.casefold())
            keywords.append(keyword)
    return ", ".join(keywords)


def keywords_list(value):
    """Return the normalised keywords of `value` as a list."""
    text = normalise_keywords(value)
    return text.split(", ") if text else []


def validate_keywords(value):
    """Refuse a keyword longer than KEYWORD_MAX_LENGTH and a list longer than the field."""
    for keyword in keywords_list(value):
        if len(keyword) > KEYWORD_MAX_LENGTH:
            raise ValidationError(
                _("“%(keyword)s” is too long: a keyword has at most %(limit)s characters."),
                params={"keyword": keyword[:KEYWORD_MAX_LENGTH] + "…", "limit": KEYWORD_MAX_LENGTH},
                code="keyword_too_long",
            )
    if len(normalise_keywords(value)) > KEYWORDS_MAX_LENGTH:
        raise ValidationError(
            _("The keywords take at most %(limit)s characters together; remove some."),
            params={"limit": KEYWORDS_MAX_LENGTH},
            code="keywords_too_long",
        )
