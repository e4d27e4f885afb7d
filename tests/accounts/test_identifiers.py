from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from boucle.accounts import identifiers


def test_a_valid_siren_and_siret_pass() -> None:
    identifiers.validate_siren("732829320")
    identifiers.validate_siret("73282932000074")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("732829321", "wrong check digit"),
        ("73282932", "exactly 9 digits"),
        ("73282932A", "digits only"),
    ],
)
def test_a_wrong_siren_says_what_is_wrong(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        identifiers.validate_siren(value)


def test_a_wrong_siret_checksum_is_refused() -> None:
    with pytest.raises(ValidationError, match="SIRET has a wrong check digit"):
        identifiers.validate_siret("73282932000075")


@pytest.mark.parametrize("value", ["W123456789", "W751234567"])
def test_rna_numbers_are_w_and_nine_digits(value: str) -> None:
    identifiers.validate_rna(value)


@pytest.mark.parametrize("value", ["123456789", "W12345678", "W1234567890", "w123456789"])
def test_malformed_rna_numbers_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="letter W followed by 9 digits"):
        identifiers.validate_rna(value)


def test_naf_codes_come_from_the_shipped_nomenclature() -> None:
    assert len(identifiers.naf_codes()) == 732
    assert identifiers.naf_label("47.19B") == "Autres commerces de détail en magasin non spécialisé"
    identifiers.validate_naf_code("94.99Z")
    with pytest.raises(ValidationError, match=r"47\.19B"):
        identifiers.validate_naf_code("47.19")
