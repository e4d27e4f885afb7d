"""The one API object, mounted at /api/v1/: it mounts each app's router."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Boucle API", version="1", urls_namespace="api")
