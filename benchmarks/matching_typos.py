"""The evaluation set as people in a hurry would type it: a copy of its files with typing
errors in the descriptions, for `python -m benchmarks.matching_quality --typos RATE`.

Each word of five letters or more is mistyped with probability RATE, by one slip of a finger
drawn at random: two neighbouring letters swapped, a letter left out, a letter typed twice, or
the key beside the right one hit instead (on a QWERTY keyboard). The draw is seeded: the same
rate gives the same files. Only descriptions change; the codes, sectors, quantities and sites,
and the truth, are copied as they are.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
from pathlib import Path

SEED = 20261129
_WORD = re.compile(r"[^\W\d_]{5,}")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _beside(letter: str) -> str:
    for keys in _ROWS:
        at = keys.find(letter)
        if at >= 0:
            return keys[max(at - 1, 0) : at] + keys[at + 1 : at + 2]
    return ""


def mistyped(word: str, draw: random.Random) -> str:
    """`word` with one slip of a finger (a word of five letters or more)."""
    at = draw.randrange(1, len(word) - 1)
    slip = draw.randrange(4)
    if slip == 0:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if slip == 1:
        return word[:at] + word[at + 1 :]
    if slip == 2:
        return word[:at] + word[at] + word[at:]
    keys = _beside(word[at].lower())
    if not keys:  # an accented letter or a capital's neighbours: swap instead
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + draw.choice(keys) + word[at + 1 :]


def with_typos(data: Path, rate: float, folder: Path) -> Path:
    """A copy of the evaluation files of `data` in `folder`, its descriptions mistyped at
    `rate`; returns `folder`."""
    draw = random.Random(SEED)  # noqa: S311 - a reproducible draw, not a secret
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("truth.csv", "cases.csv"):
        if (data / name).exists():
            shutil.copyfile(data / name, folder / name)
    for name in ("offers.csv", "needs.csv"):
        with (data / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            row["description"] = _WORD.sub(
                lambda found: (
                    mistyped(found.group(), draw) if draw.random() < rate else found.group()
                ),
                row["description"],
            )
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder
