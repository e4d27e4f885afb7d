"""The naive matcher the synergy engine is measured against (issue 4, item 5).

Character n-gram TF-IDF (3 to 5 characters inside word boundaries) over the free-text
descriptions, cosine similarity between each need and each offer, times a distance decay
exp(-d / 50 km). It knows nothing of codes, sectors, quantities or hazard: it finds partners by
shared spelling and by proximity, which is already a lot on an industrial estate.

    >>> offers = read_csv(Path("benchmarks/data/matching/offers.csv"))
    >>> needs = read_csv(Path("benchmarks/data/matching/needs.csv"))
    >>> ranking = rank(offers, needs)  # need id -> [(offer id, score), ...] best first
"""

from __future__ import annotations

import contextlib
import csv
import math
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

DECAY_KM = 50.0
EARTH_RADIUS_KM = 6371.0


def read_csv(path: Path) -> list[dict[str, str]]:
    """The declarations of one file (offers or needs), as the columns of issue 4."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _coordinates(rows: list[dict[str, str]]) -> np.ndarray:
    """Latitude and longitude in radians, NaN where a row has none."""
    points = np.full((len(rows), 2), np.nan)
    for i, row in enumerate(rows):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            points[i] = math.radians(float(row["lat"])), math.radians(float(row["lon"]))
    return points


def distances_km(needs: list[dict[str, str]], offers: list[dict[str, str]]) -> np.ndarray:
    """Great-circle distance between every need (rows) and offer (columns), NaN if unknown."""
    a, b = _coordinates(needs), _coordinates(offers)
    lat1, lon1 = a[:, 0:1], a[:, 1:2]
    lat2, lon2 = b[None, :, 0], b[None, :, 1]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def scores(offers: list[dict[str, str]], needs: list[dict[str, str]]) -> np.ndarray:
    """Score of every need (rows) against every offer (columns), in [0, 1]."""
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    vectorizer.fit([row["description"] for row in offers + needs])
    need_vectors = vectorizer.transform([row["description"] for row in needs])
    offer_vectors = vectorizer.transform([row["description"] for row in offers])
    similarity = (need_vectors @ offer_vectors.T).toarray()  # rows are L2-normalised: cosine
    decay = np.exp(-distances_km(needs, offers) / DECAY_KM)
    decay = np.where(np.isnan(decay), 1.0, decay)  # no coordinates: no penalty, no bonus
    return similarity * decay


def rank(
    offers: list[dict[str, str]], needs: list[dict[str, str]], *, top: int | None = None
) -> dict[str, list[tuple[str, float]]]:
    """For each need id, the offers (id, score) best first; all of them unless `top` is given."""
    matrix = scores(offers, needs)
    offer_ids = [row["id"] for row in offers]
    ranking: dict[str, list[tuple[str, float]]] = {}
    for i, need in enumerate(needs):
        # stable sort on the negated score: ties keep the file's order
        order = np.argsort(-matrix[i], kind="stable")[:top]
        ranking[need["id"]] = [(offer_ids[j], float(matrix[i, j])) for j in order]
    return ranking
