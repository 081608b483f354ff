"""Polish registry numbers: NIP and REGON by their check digits, KRS by its length."""

import pytest
from django.core.exceptions import ValidationError

from members.validators import (
    format_nip,
    nip_with_check_digit,
    normalise_digits,
    validate_krs,
    validate_nip,
    validate_regon,
)

# From the seeds: the coordinator of the METALIKA metal cluster in Szczecin.
METALIKA_NIP = "8513141744"


@pytest.mark.parametrize(
    "value", [METALIKA_NIP, "851-31-41-744", "851-314-17-44", "PL 851 314 17 44", "pl8513141744"]
)
def test_a_valid_nip_passes_however_it_is_typed(value):
    validate_nip(value)


def test_a_nip_with_a_wrong_check_digit_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_nip("8513141745")

    assert error.value.code == "nip_checksum"


@pytest.mark.parametrize("value", ["851314174", "85131417444"])
def test_a_nip_of_the_wrong_length_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_nip(value)

    assert error.value.code == "nip_length"


def test_a_nip_with_letters_is_rejected():
    with pytest.raises(ValidationError):
        validate_nip("85131417AB")


def test_nine_digits_are_completed_to_a_valid_nip():
    assert nip_with_check_digit("851314174") == METALIKA_NIP


def test_nine_digits_whose_check_digit_would_be_ten_make_no_nip():
    assert nip_with_check_digit("100000016") is None


@pytest.mark.parametrize("value", ["192132340", "19213234000018", "192-132-340"])
def test_a_valid_regon_of_nine_or_fourteen_digits_passes(value):
    validate_regon(value)


@pytest.mark.parametrize("value", ["192132341", "19213234000019"])
def test_a_regon_with_a_wrong_check_digit_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_regon(value)

    assert error.value.code == "regon_checksum"


@pytest.mark.parametrize("value", ["1921323", "1921323400001"])
def test_a_regon_of_the_wrong_length_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_regon(value)

    assert error.value.code == "regon_length"


@pytest.mark.parametrize("value", ["0000123456", "0000-123-456", " 0000123456 "])
def test_a_krs_number_of_ten_digits_passes(value):
    validate_krs(value)


@pytest.mark.parametrize("value", ["123456", "00001234567", "00001234AB"])
def test_a_krs_number_that_is_not_ten_digits_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_krs(value)

    assert error.value.code == "krs_format"


def test_separators_and_the_country_prefix_are_dropped():
    assert normalise_digits(" PL 851-314.17 44 ") == METALIKA_NIP
    assert normalise_digits(None) == ""


def test_a_nip_is_shown_with_dashes():
    assert format_nip(METALIKA_NIP) == "851-314-17-44"
    assert format_nip("") == ""
