"""Numbers as analysts type them, and the rounding they carry.

`parse_number("1 234,5")` gives (1234.5, 0.05): the value, and half a unit of its last digit,
the room its rounding leaves. Decimal commas (French spreadsheets) and spaces between thousands
are accepted; a number that has both a comma and a point takes the last one as the decimal mark.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^[+-]?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\t'")


def parse_number(text: str) -> tuple[float, float] | None:
    """(value, half a unit of the last digit written), or None if `text` is not a number."""
    cleaned = text.translate(_SPACES)
    if "," in cleaned:
        if "." in cleaned:
            decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
        elif cleaned.count(",") == 1:
            cleaned = cleaned.replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    match = _NUMBER.match(cleaned)
    if match is None or (match.group(1) is None and not match.group(2)):
        return None
    value = float(cleaned)
    if not math.isfinite(value):
        return None
    decimals = len(match.group(2) or "")
    exponent = int(match.group(3) or 0)
    return value, 0.5 * 10.0 ** (exponent - decimals)


def format_tonnes(tonnes: float) -> str:
    """1234567.8 gives '1,234,568 t'; small values keep three significant digits."""
    if abs(tonnes) >= 100:
        return f"{tonnes:,.0f} t"
    return f"{tonnes:.3g} t"
