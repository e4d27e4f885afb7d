"""The demo data: organisations of every kind, mostly around Lyon, and people to log in as.

Usage::

    from boucle.demo import demo_load, format_logins

    logins = demo_load()          # idempotent: a second run creates nothing
    print(format_logins(logins))

Everything is created through the services, as a person would through the site, except the
operator (a Django superuser for /admin/) and the password `demo`, which the password validators
would refuse. Every organisation is verified but one association, left pending so that the
verification flow can be seen. Identifiers are fictitious but valid: SIRENs and SIRETs pass the
Luhn check, RNA numbers have the W + 9 digits form, NAF codes come from the NAF rev. 2 list and
sites sit in real communes with their real postcodes. E-mail domains end in `.example`.

The Région Auvergne-Rhône-Alpes has a material flow study of its départements, computed from the
illustrative files of `boucle/territory/data/demo/` (made up, not official statistics: their
README says how).

The marketplace holds a few hundred lots of seven sellers across France (Lyon, Grenoble,
Marseille, Toulouse, Tours, Lille, Rouen) with photos drawn locally, and orders at every stage
(`boucle.marketplace.demo`).

Only what is missing is created: people are looked up by e-mail, organisations by name and the
study by its name in its organisation, and what exists is left as the demo's users changed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from boucle.accounts import services
from boucle.accounts.models import (
    Organisation,
    OrganisationKind,
    PublicBodyLevel,
    Role,
    SiteKind,
    TaxReceiptBasis,
    User,
)
from boucle.cli import format_table
from boucle.marketplace.demo import DEMO_LOTS_PER_SELLER, catalogue, marketplace_demo_load
from boucle.territory import services as territory_services
from boucle.territory.models import InputKind, MaterialFlowStudy

__all__ = [
    "DEMO_ORGANISATIONS",
    "DEMO_PASSWORD",
    "DEMO_STUDY",
    "OPERATOR_EMAIL",
    "DemoLogin",
    "demo_load",
    "demo_logins",
    "format_logins",
]

DEMO_PASSWORD = "demo"
OPERATOR_EMAIL = "operateur@boucle.example"
OPERATOR_NAME = "Opératrice Boucle"
OPERATOR_ROLE = "operator (/admin/)"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    organisation: str  # empty for the operator, who belongs to none
    role: str


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role


@dataclass(frozen=True)
class DemoSite:
    name: str
    kind: SiteKind
    address: str
    postcode: str
    commune_insee: str
    siret: str = ""


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    people: tuple[DemoPerson, ...]  # the first is the owner who creates the organisation
    fields: dict[str, Any] = field(default_factory=dict)
    sites: tuple[DemoSite, ...] = ()
    verified: bool = True


DEMO_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        name="Maison Lumière",
        kind=OrganisationKind.COMPANY,
        fields={
            "siren": "812345676",
            "naf_code": "47.59B",
            "description": "Chaîne de magasins de décoration et de luminaires.",
        },
        people=(
            DemoPerson("claire.martin@maison-lumiere.example", "Claire Martin", Role.OWNER),
            DemoPerson("hugo.bernard@maison-lumiere.example", "Hugo Bernard", Role.ADMIN),
            DemoPerson("lea.petit@maison-lumiere.example", "Léa Petit", Role.MEMBER),
        ),
        sites=(
            DemoSite(
                "Siège",
                SiteKind.HEAD_OFFICE,
                "12 rue de la République",
                "69002",
                "69382",
                "81234567600017",
            ),
            DemoSite(
                "Magasin Lyon Part-Dieu",
                SiteKind.STORE,
                "17 rue du Docteur Bouchut",
                "69003",
                "69383",
                "81234567600025",
            ),
            DemoSite(
                "Magasin Villeurbanne",
                SiteKind.STORE,
                "45 cours Émile Zola",
                "69100",
                "69266",
                "81234567600033",
            ),
            DemoSite(
                "Magasin Grenoble",
                SiteKind.STORE,
                "8 rue Félix Poulat",
                "38000",
                "38185",
                "81234567600041",
            ),
        ),
    ),
    DemoOrganisation(
        name="Plasturgie Rhodanienne",
        kind=OrganisationKind.COMPANY,
        fields={
            "siren": "823456785",
            "naf_code": "22.29A",
            "description": "Pièces techniques injectées en polypropylène et en ABS.",
        },
        people=(
            DemoPerson("karim.haddad@plasturgie-rhodanienne.example", "Karim Haddad", Role.OWNER),
        ),
        sites=(
            DemoSite(
                "Usine de Vénissieux",
                SiteKind.PLANT,
                "30 boulevard Irène Joliot-Curie",
                "69200",
                "69259",
                "82345678500018",
            ),
        ),
    ),
    DemoOrganisation(
        name="Sport Horizon",
        kind=OrganisationKind.COMPANY,
        fields={
            "siren": "878123454",
            "naf_code": "47.64Z",
            "description": "Magasins d'articles de sport du Sud de la France.",
        },
        people=(DemoPerson("marc.olivier@sport-horizon.example", "Marc Olivier", Role.OWNER),),
        sites=(
            DemoSite(
                "Magasin Marseille Canebière",
                SiteKind.STORE,
                "52 La Canebière",
                "13001",
                "13201",
                "87812345400018",
            ),
            DemoSite(
                "Entrepôt de Toulouse",
                SiteKind.WAREHOUSE,
                "14 chemin de la Glacière",
                "31200",
                "31555",
                "87812345400026",
            ),
        ),
    ),
    DemoOrganisation(
        name="Belle Pousse Cosmétiques",
        kind=OrganisationKind.COMPANY,
        fields={
            "siren": "889234563",
            "naf_code": "20.42Z",
            "description": "Fabricant de cosmétiques bio, atelier et entrepôt en Touraine.",
        },
        people=(DemoPerson("ines.garnier@belle-pousse.example", "Inès Garnier", Role.OWNER),),
        sites=(
            DemoSite(
                "Atelier de Tours",
                SiteKind.PLANT,
                "7 rue Édouard Vaillant",
                "37000",
                "37261",
                "88923456300019",
            ),
        ),
    ),
    DemoOrganisation(
        name="Bati Nord Matériaux",
        kind=OrganisationKind.COMPANY,
        fields={
            "siren": "890345671",
            "naf_code": "46.73A",
            "description": "Négoce de matériaux de construction et de bricolage.",
        },
        people=(DemoPerson("paul.lefebvre@bati-nord.example", "Paul Lefebvre", Role.OWNER),),
        sites=(
            DemoSite(
                "Dépôt de Lille",
                SiteKind.WAREHOUSE,
                "120 rue de Wazemmes",
                "59000",
                "59350",
                "89034567100014",
            ),
            DemoSite(
                "Dépôt de Rouen",
                SiteKind.WAREHOUSE,
                "3 quai du Havre",
                "76000",
                "76540",
                "89034567100022",
            ),
        ),
    ),
    DemoOrganisation(
        name="Confluence Conseil",
        kind=OrganisationKind.COMPANY,
        fields={
            "siren": "834567893",
            "naf_code": "70.22Z",
            "description": "Cabinet de conseil en organisation, 40 salariés.",
        },
        people=(
            DemoPerson("sophie.laurent@confluence-conseil.example", "Sophie Laurent", Role.OWNER),
        ),
        sites=(
            DemoSite(
                "Bureaux de la Confluence", SiteKind.OFFICE, "5 quai Rambaud", "69002", "69382"
            ),
        ),
    ),
    DemoOrganisation(
        name="Les Ateliers du Réemploi",
        kind=OrganisationKind.ASSOCIATION,
        fields={
            "rna": "W691234567",
            "naf_code": "94.99Z",
            "tax_receipt_basis": TaxReceiptBasis.GENERAL_INTEREST,
            "description": "Association d'intérêt général : collecte, réemploi et insertion.",
        },
        people=(DemoPerson("nadia.benali@ateliers-reemploi.example", "Nadia Benali", Role.OWNER),),
        sites=(
            DemoSite(
                "Dépôt de Villeurbanne",
                SiteKind.WAREHOUSE,
                "3 rue Francis de Pressensé",
                "69100",
                "69266",
            ),
        ),
    ),
    DemoOrganisation(
        name="Repair Café de la Croix-Rousse",
        kind=OrganisationKind.ASSOCIATION,
        fields={
            "rna": "W691000123",
            "naf_code": "94.99Z",
            "description": "Des bénévoles réparent avec vous petit électroménager et vélos.",
        },
        people=(
            DemoPerson(
                "julien.moreau@repair-cafe-croix-rousse.example", "Julien Moreau", Role.OWNER
            ),
        ),
        sites=(
            DemoSite(
                "Local de la Croix-Rousse", SiteKind.OTHER, "10 rue d'Austerlitz", "69004", "69384"
            ),
        ),
        verified=False,
    ),
    DemoOrganisation(
        name="Synergies Rhône",
        kind=OrganisationKind.FACILITATOR,
        fields={
            "siren": "856789011",
            "naf_code": "82.99Z",
            "description": "Anime l'écologie industrielle de la vallée du Rhône.",
        },
        people=(DemoPerson("camille.roux@synergies-rhone.example", "Camille Roux", Role.OWNER),),
    ),
    DemoOrganisation(
        name="Fondation Territoires Circulaires",
        kind=OrganisationKind.FUNDER,
        fields={
            "siren": "867890121",
            "naf_code": "94.99Z",
            "description": "Finance les démarches d'écologie industrielle et territoriale.",
        },
        people=(
            DemoPerson(
                "thomas.girard@territoires-circulaires.example", "Thomas Girard", Role.OWNER
            ),
        ),
    ),
    DemoOrganisation(
        name="Région Auvergne-Rhône-Alpes",
        kind=OrganisationKind.PUBLIC_BODY,
        fields={"public_body_level": PublicBodyLevel.REGION, "naf_code": "84.11Z"},
        people=(DemoPerson("elise.fabre@region-aura.example", "Élise Fabre", Role.OWNER),),
        sites=(
            DemoSite(
                "Hôtel de Région",
                SiteKind.OFFICE,
                "1 esplanade François Mitterrand",
                "69002",
                "69382",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoStudy:
    name: str
    organisation: str
    author: str  # the e-mail of the member who creates it
    fields: dict[str, Any]
    files: dict[str, str]  # input kind -> file of boucle/territory/data/demo/


DEMO_STUDY = DemoStudy(
    name="Flux de matières Auvergne-Rhône-Alpes 2016-2020 (démonstration)",
    organisation="Région Auvergne-Rhône-Alpes",
    author="elise.fabre@region-aura.example",
    fields={
        "description": (
            "Comptes de flux de matières des douze départements de la région, agrégés à la "
            "région avec les échanges entre départements déduits, comparés à la France. "
            "Chiffres illustratifs, inventés pour la démonstration : ce ne sont pas des "
            "statistiques officielles."
        ),
        "territory_scope": "Auvergne-Rhône-Alpes et ses 12 départements, 2016 à 2020",
        "reference_territory": "FR",
        "insee_hierarchy": True,
        "respiration": False,
    },
    files={
        InputKind.ACCOUNTS: "accounts.csv",
        InputKind.POPULATION: "population.csv",
        InputKind.GDP: "gdp.csv",
        InputKind.TRADE: "trade.csv",
        InputKind.HIERARCHY: "hierarchy.csv",
    },
)


def demo_logins() -> list[DemoLogin]:
    """The logins the demo data offers, read from the definitions above (no database)."""
    logins = [DemoLogin(OPERATOR_EMAIL, DEMO_PASSWORD, "", OPERATOR_ROLE)]
    for spec in DEMO_ORGANISATIONS:
        logins += [
            DemoLogin(person.email, DEMO_PASSWORD, spec.name, str(person.role.value))
            for person in spec.people
        ]
    return logins


@transaction.atomic
def demo_load(*, lots_per_seller: int = DEMO_LOTS_PER_SELLER) -> list[DemoLogin]:
    """Creates what is missing of the demo data; returns the logins."""
    operator = _person_ensure(OPERATOR_EMAIL, OPERATOR_NAME, superuser=True)
    for spec in DEMO_ORGANISATIONS:
        people = [_person_ensure(person.email, person.full_name) for person in spec.people]
        if Organisation.objects.filter(name=spec.name).exists():
            continue
        _organisation_create(spec, people, operator)
    _study_ensure(DEMO_STUDY)
    _marketplace_ensure(lots_per_seller)
    return demo_logins()


def _marketplace_ensure(lots_per_seller: int) -> None:
    """Lots of every organisation with a catalogue, and orders from the others on them."""
    members: list[tuple[Organisation, User]] = []
    for spec in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec.name).first()
        owner = User.objects.filter(email=spec.people[0].email).first()
        if organisation is not None and owner is not None:
            members.append((organisation, owner))
    sellers = [(o, u) for o, u in members if o.name in catalogue() and o.is_verified]
    buyers = [(o, u) for o, u in members if o.is_verified]
    marketplace_demo_load(sellers, buyers, lots_per_seller=lots_per_seller)


def _study_ensure(spec: DemoStudy) -> None:
    organisation = Organisation.objects.filter(name=spec.organisation).first()
    author = User.objects.filter(email=spec.author).first()
    if organisation is None or author is None:
        return  # the demo's users deleted them
    if MaterialFlowStudy.objects.filter(organisation=organisation, name=spec.name).exists():
        return
    data = resources.files("boucle.territory").joinpath("data/demo")
    files = {
        kind: SimpleUploadedFile(name, data.joinpath(name).read_bytes(), "text/csv")
        for kind, name in spec.files.items()
    }
    territory_services.study_create(
        actor=author, organisation=organisation, name=spec.name, files=files, **spec.fields
    )


def _person_ensure(email: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    if not superuser:
        # The service stores the password as given: the validators, which would refuse `demo`,
        # belong to the sign-up form.
        return services.user_create(
            email=email, password=DEMO_PASSWORD, full_name=full_name, verified=True
        )
    user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def _organisation_create(
    spec: DemoOrganisation, people: list[User], operator: User
) -> Organisation:
    owner = people[0]
    organisation = services.organisation_create(
        user=owner, name=spec.name, kind=spec.kind, **spec.fields
    )
    for person, user in zip(spec.people[1:], people[1:], strict=True):
        services.membership_add(
            organisation=organisation, user=user, role=person.role.value, actor=user
        )
    for site in spec.sites:
        services.site_create(
            actor=owner,
            organisation=organisation,
            name=site.name,
            kind=site.kind,
            address=site.address,
            postcode=site.postcode,
            commune_insee=site.commune_insee,
            siret=site.siret,
        )
    if spec.verified:
        services.organisation_verify(organisation=organisation, operator=operator)
    return organisation


def format_logins(logins: list[DemoLogin]) -> str:
    """The logins as a table to print in a terminal."""
    rows = [("e-mail", "password", "organisation", "role")]
    rows += [(x.email, x.password, x.organisation or "—", x.role) for x in logins]
    return "Demo logins:\n" + format_table(rows)
