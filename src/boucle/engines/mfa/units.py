"""Mass units of the accounts, and the one function that converts them to tonnes.

Accounts may mix `t`, `kt` and `Mt`, even within one series: every value is converted to tonnes
as it is read, so a unit is never "mixed" in a way that changes a result. What the validation
calls mixed units is a value whose unit is not a mass unit it knows (`kg`, `m3`, `tep`, ...)::

    >>> to_tonnes(28.1, "Mt")
    28100000.0
"""

from __future__ import annotations

from types import MappingProxyType

TONNES_PER_UNIT = MappingProxyType({"t": 1.0, "kt": 1e3, "Mt": 1e6})
UNITS: tuple[str, ...] = tuple(TONNES_PER_UNIT)


def normalise_unit(unit: str) -> str | None:
    """The unit as the accounts write it (`kt`), whatever its case (`KT`), or None."""
    cleaned = unit.strip()
    for known in UNITS:
        if cleaned.lower() == known.lower():
            return known
    return None


def to_tonnes(value: float, unit: str) -> float:
    return value * TONNES_PER_UNIT[unit]
