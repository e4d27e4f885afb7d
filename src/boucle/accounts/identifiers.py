"""Legal identifiers of French organisations: SIREN, SIRET, RNA and NAF rev. 2 codes.

Each validator raises a `ValidationError` whose message names what is wrong, so a form shows
it beside the field. SIREN and SIRET checksums come from python-stdnum.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

_RNA = re.compile(r"^W\d{9}$")
_NAF_FILE = Path(__file__).parent / "data" / "naf_rev2.csv"


def compact_siren(value: str) -> str:
    return stdnum_siren.compact(value)


def compact_siret(value: str) -> str:
    return stdnum_siret.compact(value)


def _stdnum_message(exc: StdnumError, what: str, digits: int) -> str:
    if isinstance(exc, InvalidLength):
        return _("A %(what)s has exactly %(digits)d digits.") % {"what": what, "digits": digits}
    if isinstance(exc, InvalidFormat):
        return _("A %(what)s is made of digits only.") % {"what": what}
    if isinstance(exc, InvalidChecksum):
        return _("This %(what)s has a wrong check digit: check for a typing mistake.") % {
            "what": what
        }
    return _("This is not a valid %(what)s.") % {"what": what}


def validate_siren(value: str) -> None:
    try:
        stdnum_siren.validate(value)
    except StdnumError as exc:
        raise ValidationError(_stdnum_message(exc, "SIREN", 9), code="invalid_siren") from None


def validate_siret(value: str) -> None:
    try:
        stdnum_siret.validate(value)
    except StdnumError as exc:
        raise ValidationError(_stdnum_message(exc, "SIRET", 14), code="invalid_siret") from None


def validate_rna(value: str) -> None:
    if not _RNA.match(value):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits, such as W751234567."),
            code="invalid_rna",
        )


@cache
def naf_codes() -> dict[str, str]:
    """NAF rev. 2 sub-class code → French label, in code order."""
    with _NAF_FILE.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["label"] for row in csv.DictReader(fh)}


def naf_label(code: str) -> str:
    return naf_codes().get(code, "")


def naf_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {label}") for code, label in naf_codes().items()]


def validate_naf_code(value: str) -> None:
    if value not in naf_codes():
        raise ValidationError(
            _("%(code)s is not a NAF rev. 2 code: it looks like 47.19B.") % {"code": value},
            code="invalid_naf",
        )
