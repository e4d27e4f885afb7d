"""Files and studies for the material flow pages, and a private media folder per test.

The accounts below are a worked example small enough to check by hand (Côte-d'Or, 2010):

    DE  = 1 250 kt crops + 0.9 Mt timber + 3 000 kt sand and gravel  = 5 150 000 t
    IMP = 2 100 kt fossil (other countries) + 400 kt other products (rest of the country)
        = 2 500 000 t
    EXP = 1 800 kt biomass (other countries) + 300 kt minerals (rest of the country)
        = 2 100 000 t
    DMC = DE + IMP - EXP = 5 550 000 t, or 11.10 t per inhabitant for 500 000 inhabitants
    DPO = 3 900 kt to air + 100 kt landfilled = 4 000 000 t
    NAS = DE + IMP - DPO - EXP = 1 550 000 t
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from boucle.accounts.models import Organisation, User
from boucle.territory import services
from boucle.territory.models import MaterialFlowStudy

ACCOUNTS = """territory,year,flow,category,value,unit
DEP:21,2010,DE,MF11,1250,kt
DEP:21,2010,DE,MF131,0.9,Mt
DEP:21,2010,DE,MF38,3000,kt
DEP:21,2010,IMP_INT,MF4,2100,kt
DEP:21,2010,IMP_DOM,MF5,400,kt
DEP:21,2010,EXP_INT,MF1,1800,kt
DEP:21,2010,EXP_DOM,MF3,300,kt
DEP:21,2010,DPO_AIR,TOTAL,3900,kt
DEP:21,2010,DPO_LANDFILL,TOTAL,100,kt
"""
POPULATION = "territory,year,population\nDEP:21,2010,500000\n"
DMC_TONNES = 5_550_000
DMC_PER_INHABITANT = 11.1
NAS_TONNES = 1_550_000

# Three problems, each on its own line and column, and a sound line between them.
BAD_ACCOUNTS = """territory,year,flow,category,value,unit
DEP:21,2010,DE,MF99,1250,kt
DEP:21,2010,DE,MF131,0.9,Mt
DEP:21,2010,EXP_INT,MF1,-5,kt
DEP:21,2010,DE,MF11,12,m3
"""
BAD_PROBLEMS = [(2, "category"), (4, "value"), (5, "unit")]

DEMO_DATA = Path(__file__).resolve().parents[2] / "src/boucle/territory/data/demo"


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def demo_files() -> dict[str, SimpleUploadedFile]:
    return {
        kind: upload(f"{kind}.csv", (DEMO_DATA / f"{kind}.csv").read_bytes())
        for kind in ("accounts", "population", "gdp", "trade", "hierarchy")
    }


def study_for(user: User, organisation: Organisation, **values: Any) -> MaterialFlowStudy:
    """A study created through the service, from the worked example unless told otherwise."""
    values.setdefault("name", "Côte-d'Or 2010")
    values.setdefault(
        "files",
        {"accounts": upload("comptes.csv", ACCOUNTS), "population": upload("pop.csv", POPULATION)},
    )
    return services.study_create(actor=user, organisation=organisation, **values)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT  # type: ignore[no-any-return]


@pytest.fixture
def study(owner: User, company: Organisation) -> MaterialFlowStudy:
    return study_for(owner, company)
