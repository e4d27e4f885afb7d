"""Background work of the territory app: thin wrappers that load by id and call a service."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from boucle.territory import services


@task()
def study_compute(*, study_id: int, revision: int, language: str) -> None:
    """Computes a study whose inputs were too large to compute in the request."""
    with translation.override(language):
        services.study_compute(study_id=study_id, revision=revision)
