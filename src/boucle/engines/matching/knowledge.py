"""The resource knowledge base, loaded once from the CSV files shipped in `data/`.

- `ewc.csv`: the European List of Waste (chapters, sub-chapters, entries, hazardous marked);
- `nace.csv`: NACE rev. 2 sections, divisions, groups and classes;
- `resources.csv`: the taxonomy of resources (ids such as `material.mineral.gypsum`, each a
  family of what may be offered or needed), with French and English names and synonyms and the
  EWC codes that name it;
- `substitutions.csv`: which offered resources can replace which needed ones, with a strength
  in [0, 1] and the rationale and source of the rule;
- `sector_uses.csv`: which sectors (NACE prefixes) use or produce which resources;
- `hazardous_receivers.csv`: which sectors are, by their trade, licensed receivers of the
  hazardous waste of which families (a cement kiln of spent solvents, a lead smelter of
  batteries), with the installation category or recovery operation that says so.

A rule's `offer`, `need` and `resource` are resource ids standing for themselves and every
resource below them. Usage::

    from boucle.engines.matching.knowledge import load_knowledge

    knowledge = load_knowledge()                  # the shipped data, cached
    knowledge.resources["material.mineral.gypsum"].name_en
    knowledge.compatibility("material.mineral.gypsum.fgd", "material.mineral.gypsum")
    # (0.95, "substitution: FGD gypsum has the purity of natural gypsum ... (Eurogypsum)")

`compat` is the same relation as a dense array over resource indexes, for vectorised scoring.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from boucle.engines.matching.messages import in_sentence, language
from boucle.engines.matching.text import PhraseIndex

__all__ = [
    "DATA_DIR",
    "HazardousReceiver",
    "Knowledge",
    "Resource",
    "SectorUse",
    "Substitution",
    "load_knowledge",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

# Strength of a relation that comes from the taxonomy itself, not a written rule.
SAME = 1.0
OFFER_MORE_SPECIFIC = 0.9  # an offer of FGD gypsum for a need of gypsum
NEED_MORE_SPECIFIC = 0.55  # an offer of "gypsum" for a need of FGD gypsum: maybe
SIBLINGS = 0.3  # two kinds of the same family (sawdust and wood chips)
# A written rule this weak says the offered resource may not serve the need: "category 1
# material may never enter feed or pet food", "untreated wastewater cannot serve a water need
# until it has been treated". Such a link is refused (`refused`), not merely weak: the pair is
# never proposed, not even as a neighbour sharing words (`score`).
REFUSAL = 0.1
# Refusals of these offered families say where the resource may go, whatever the receiver asks
# for: Regulation (EC) No 1069/2009 (Art. 12-14) lists the routes of each category of animal
# by-products. Such a refusal also holds for what a need says its resource is for
# (`Resolution.use`: "fish by-products for our pet food" refuses category 1 fish waste). Other
# refusals say what a resource is not ("a pallet is no drum", "untreated wastewater is no
# water") and hold only for the need's family the link serves: "pallets to store our drums"
# still wants pallets.
ROUTED = ("material.organic.animal_by_products",)
# An offer below a kind's root, for a need that names only the root ("transport", "energy",
# "water"): the root of services and flows is narrow enough to be a fair match...
ROOT_NEED = 0.6
# ... but "materials" or "waste" says too little to be a match on its own.
MATERIAL_ROOT = "material"
MATERIAL_ROOT_NEED = 0.2


@dataclass(frozen=True)
class Resource:
    id: str
    parent: str | None
    kind: str
    name_en: str
    name_fr: str
    synonyms_en: tuple[str, ...] = ()
    synonyms_fr: tuple[str, ...] = ()
    ewc: tuple[str, ...] = ()

    @property
    def depth(self) -> int:
        return self.id.count(".")


@dataclass(frozen=True)
class Substitution:
    offer: str
    need: str
    strength: float
    rationale: str
    source: str
    rationale_fr: str = ""  # the rationale in French; explanations fall back to English


@dataclass(frozen=True)
class SectorUse:
    nace: str
    resource: str
    direction: str  # uses | produces
    strength: float
    rationale: str
    source: str
    rationale_fr: str = ""


@dataclass(frozen=True)
class HazardousReceiver:
    """A sector that receives, by its trade and the permits that trade holds, the hazardous
    waste of a family and every family below it."""

    nace: str
    resource: str
    rationale: str
    source: str
    rationale_fr: str = ""


@dataclass(frozen=True)
class Trade:
    """A trade as people name it ("brasseurs", "bakeries") and the NACE class it works in."""

    nace: str
    names_en: tuple[str, ...]
    names_fr: tuple[str, ...]
    source: str


def within(resource_id: str, prefix: str) -> bool:
    """Whether a resource is `prefix` or below it in the taxonomy."""
    return resource_id == prefix or resource_id.startswith(prefix + ".")


ANCESTOR_SHARE = 0.55  # a used family's strength lent to its ancestors
# A sector use this weak says the sector does not take the family (a regulation forbids it),
# below a broader family it does take: it sets the use to nothing, where a stronger rule adds.
EXCLUDED_USE = 0.1


def nace_within(code: str, prefix: str) -> bool:
    """Whether NACE `code` (`23.62`) falls under `prefix` (`23`, `23.6`, `23.62`)."""
    return code == prefix or (code.startswith(prefix) and prefix.count(".") <= code.count("."))


@dataclass(eq=False)  # identity: hashable, so resolutions can be cached per base
class Knowledge:
    """Resources, codes and rules, with the indexes the engine looks them up by."""

    resources: dict[str, Resource]
    ewc_labels: dict[str, tuple[str, str]]  # code -> (English, French)
    ewc_hazardous: frozenset[str]
    nace_labels: dict[str, tuple[str, str]]
    substitutions: list[Substitution]
    sector_uses: list[SectorUse]
    trades: list[Trade] = field(default_factory=list)
    hazardous_receivers: list[HazardousReceiver] = field(default_factory=list)
    ids: list[str] = field(init=False)
    index: dict[str, int] = field(init=False)
    phrases: PhraseIndex = field(init=False)
    trade_phrases: PhraseIndex = field(init=False)  # trade names, each naming its NACE code
    compat: npt.NDArray[np.float32] = field(init=False)  # [offer family, need family]
    refused: npt.NDArray[np.bool_] = field(init=False)  # set by a rule of at most REFUSAL
    refused_use: npt.NDArray[np.bool_] = field(init=False)  # those of ROUTED offers
    hazardous_family: npt.NDArray[np.bool_] = field(init=False)
    _by_ewc: dict[str, list[str]] = field(init=False)
    _rules: dict[tuple[int, int], Substitution] = field(init=False)
    _sector_rows: dict[str, npt.NDArray[np.float32]] = field(init=False, default_factory=dict)
    _received: dict[str, npt.NDArray[np.bool_]] = field(init=False, default_factory=dict)
    _below: dict[str, npt.NDArray[np.int64]] = field(init=False, default_factory=dict)
    _sector_rules: dict[tuple[str, str, str], SectorUse | None] = field(
        init=False, default_factory=dict
    )
    _rules_by_code: dict[tuple[str, str], list[int]] | None = field(init=False, default=None)
    _subtree_layout: (
        tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]] | None
    ) = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.ids = sorted(self.resources)
        self.index = {rid: i for i, rid in enumerate(self.ids)}
        phrases: list[tuple[str, str, str]] = []
        for resource in self.resources.values():
            phrases.append((resource.name_en, "en", resource.id))
            phrases.append((resource.name_fr, "fr", resource.id))
            phrases += [(s, "en", resource.id) for s in resource.synonyms_en]
            phrases += [(s, "fr", resource.id) for s in resource.synonyms_fr]
        self.phrases = PhraseIndex(p for p in phrases if p[0])
        self.trade_phrases = PhraseIndex(
            [(name, "en", t.nace) for t in self.trades for name in t.names_en]
            + [(name, "fr", t.nace) for t in self.trades for name in t.names_fr]
        )
        self._by_ewc = {}
        for resource in self.resources.values():
            for code in resource.ewc:
                self._by_ewc.setdefault(code, []).append(resource.id)
        self._build_compat()
        self.hazardous_family = np.array(
            [
                bool(r.ewc) and all(self.is_hazardous_ewc(c) for c in r.ewc)
                for r in (self.resources[i] for i in self.ids)
            ],
            dtype=np.bool_,
        )

    # codes

    def is_hazardous_ewc(self, code: str) -> bool:
        return code in self.ewc_hazardous

    def lists_ewc(self, code: str) -> bool:
        """Whether some resource names this very code (not only its chapter)."""
        return code in self._by_ewc

    def resources_for_ewc(self, code: str) -> list[str]:
        """Resources that name this code, or failing that its sub-chapter or chapter."""
        for prefix in (code, code[:4], code[:2]):
            if prefix in self._by_ewc:
                return self._by_ewc[prefix]
        return []

    def ewc_label(self, code: str, language: str = "en") -> str:
        labels = self.ewc_labels.get(code)
        if labels is None:
            return ""
        return labels[0] if language == "en" else labels[1] or labels[0]

    def name(self, resource_id: str) -> str:
        resource = self.resources.get(resource_id)
        return resource.name_en if resource else resource_id

    # relations

    def _build_compat(self) -> None:
        count = len(self.ids)
        compat = np.zeros((count, count), dtype=np.float32)
        rules: dict[tuple[int, int], Substitution] = {}
        parents = np.array(
            [self.index.get(self.resources[i].parent or "", -1) for i in self.ids], dtype=np.int64
        )
        depth = np.array([self.resources[i].depth for i in self.ids])
        compat[np.arange(count), np.arange(count)] = SAME
        for o, offer_id in enumerate(self.ids):
            for ancestor in self._ancestors(offer_id):
                n = self.index[ancestor]
                if depth[n] >= 1:
                    offered = OFFER_MORE_SPECIFIC
                else:
                    offered = MATERIAL_ROOT_NEED if ancestor == MATERIAL_ROOT else ROOT_NEED
                compat[o, n] = max(compat[o, n], offered)
                compat[n, o] = max(compat[n, o], NEED_MORE_SPECIFIC if depth[n] >= 2 else 0.15)
        for o in range(count):
            if parents[o] < 0 or depth[o] < 2:
                continue
            siblings = np.flatnonzero((parents == parents[o]) & (np.arange(count) != o))
            compat[o, siblings] = np.maximum(compat[o, siblings], SIBLINGS)

        # A written rule says more than the taxonomy: it sets the strength, even lower (recycled
        # plasterboard is a kind of gypsum but replaces only part of it). A rule on narrower
        # families states the exception to a broader one ("steam serves any heat need" but
        # "steam for a fish farm wastes its grade"); between rules as narrow, the strongest wins.
        def narrowness(rule: Substitution) -> tuple[int, float]:
            return rule.offer.count(".") + rule.need.count("."), rule.strength

        refused = np.zeros((count, count), dtype=np.bool_)
        refused_use = np.zeros((count, count), dtype=np.bool_)
        for rule in sorted(self.substitutions, key=narrowness):
            offers, needs = self.below(rule.offer), self.below(rule.need)
            compat[np.ix_(offers, needs)] = rule.strength
            refused[np.ix_(offers, needs)] = rule.strength <= REFUSAL
            routed = any(within(rule.offer, family) for family in ROUTED)
            refused_use[np.ix_(offers, needs)] = routed and rule.strength <= REFUSAL
            for o in offers.tolist():
                for n in needs.tolist():
                    rules[(o, n)] = rule
        self.compat = compat
        self.refused = refused
        self.refused_use = refused_use
        self._rules = rules

    def _ancestors(self, resource_id: str) -> Iterator[str]:
        parent = self.resources[resource_id].parent
        while parent and parent in self.resources:
            yield parent
            parent = self.resources[parent].parent

    def compatibility(self, offer_id: str, need_id: str) -> tuple[float, str]:
        """How well an offered resource serves a needed one, and why, in words."""
        o, n = self.index[offer_id], self.index[need_id]
        return float(self.compat[o, n]), self.relation(o, n)

    def relation(self, o: int, n: int, lang: str = "en") -> str:
        """The reason for compat[o, n], in words, in language `lang`."""
        say = language(lang).say
        offer_id, need_id = self.ids[o], self.ids[n]
        offer = in_sentence(self.name_in(offer_id, lang))
        need = in_sentence(self.name_in(need_id, lang))
        if o == n:
            if need_id == MATERIAL_ROOT:  # both read only as "materials, waste and by-products"
                return say("relation.under_root", offer=offer, need=need)
            return say("relation.same", offer=offer)
        rule = self._rules.get((o, n))
        if rule is not None:
            rationale = in_sentence(_localised(lang, rule.rationale, rule.rationale_fr))
            said = say(
                "rule.sourced" if rule.source else "rule", rationale=rationale, source=rule.source
            )
            if within(offer_id, need_id):
                return say("relation.narrower_rule", offer=offer, need=need, rule=said)
            return say("relation.substitute", offer=offer, need=need, rule=said)
        if within(offer_id, need_id):
            # A need read only as "materials, waste and by-products" said nothing a family
            # could share: "same resource family" would mislead (the roots of flows and
            # services are narrow enough to be one: ROOT_NEED).
            if need_id == MATERIAL_ROOT:
                return say("relation.under_root", offer=offer, need=need)
            return say("relation.narrower", offer=offer, need=need)
        if within(need_id, offer_id):
            return say("relation.broader", offer=offer, need=need)
        family = in_sentence(self.name_in(self.resources[offer_id].parent or "", lang))
        return say("relation.siblings", offer=offer, need=need, family=family)

    def name_in(self, resource_id: str, lang: str) -> str:
        """A resource's name in `lang` (English when it has none in that language)."""
        resource = self.resources.get(resource_id)
        if resource is None:
            return resource_id
        return _localised(lang, resource.name_en, resource.name_fr)

    def sector_row(self, nace: str | None, direction: str = "uses") -> npt.NDArray[np.float32]:
        """Strength with which a sector uses (or produces) each resource, by resource index.

        A sector that uses a family takes every kind of it; one that produces a family gives
        that family, not each kind below it (a quarry's aggregates are not recycled concrete)."""
        key = f"{direction}:{nace}"
        row = self._sector_rows.get(key)
        if row is None:
            row = np.zeros(len(self.ids), dtype=np.float32)
            rules = self._sector_rules_of(nace, direction)
            for rule in rules:
                if direction == "produces":
                    if rule.resource in self.index:
                        i = self.index[rule.resource]
                        row[i] = max(row[i], rule.strength)
                    continue
                below = self.below(rule.resource)
                row[below] = np.maximum(row[below], rule.strength)
            # A use as weak as an exclusion states the exception to a broader use: pet food
            # makers use animal by-products, but not those of category 1 or 2.
            for rule in rules:
                if direction == "uses" and rule.strength <= EXCLUDED_USE:
                    row[self.below(rule.resource)] = 0
            if direction == "uses":
                # An offer named only by a broader family ("verre" for a cullet user) may be
                # what the sector takes, as a broader offer may meet a need (compatibility).
                # (Every family below one sorts after it, so each takes its share of values
                # none of which is a share: all at once, one reduction over the subtrees.)
                families, subtrees, starts = self._subtrees()
                shares = ANCESTOR_SHARE * np.maximum.reduceat(row[subtrees], starts).astype(
                    np.float64
                )
                unset = row[families] == 0
                row[families[unset]] = shares[unset]
            self._sector_rows[key] = row
        return row

    def receives_hazardous(self, nace: str | None) -> npt.NDArray[np.bool_]:
        """By resource index, whether sector `nace` is a licensed receiver of the family's
        hazardous waste (`hazardous_receivers.csv`, rules of the sector and of the groups and
        divisions it falls under)."""
        key = nace or ""
        row = self._received.get(key)
        if row is None:
            row = np.zeros(len(self.ids), dtype=np.bool_)
            for rule in self.hazardous_receivers:
                if nace and nace_within(nace, rule.nace) and rule.resource in self.index:
                    row[self.below(rule.resource)] = True
            self._received[key] = row
        return row

    def _sector_rules_of(self, nace: str | None, direction: str) -> list[SectorUse]:
        """The rules of a sector and of the groups and divisions it falls under, in their
        order: those whose code is a beginning of `nace` (`nace_within`)."""
        if nace is None:
            return []
        if self._rules_by_code is None:
            self._rules_by_code = {}
            for position, rule in enumerate(self.sector_uses):
                key = (rule.direction, rule.nace)
                self._rules_by_code.setdefault(key, []).append(position)
        positions = sorted(
            position
            for end in range(len(nace) + 1)
            for position in self._rules_by_code.get((direction, nace[:end]), ())
        )
        return [self.sector_uses[position] for position in positions]

    def _subtrees(
        self,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The families below a root, and each one's subtree (`below`) laid end to end with
        where each starts: what a reduction over every subtree at once reads."""
        if self._subtree_layout is None:
            families = [i for i, rid in enumerate(self.ids) if "." in rid]
            subtrees = [self.below(self.ids[i]) for i in families]
            starts = np.cumsum([0, *map(len, subtrees)])[:-1]
            self._subtree_layout = (
                np.array(families, dtype=np.int64),
                np.concatenate(subtrees) if subtrees else np.zeros(0, dtype=np.int64),
                starts.astype(np.int64),
            )
        return self._subtree_layout

    def below(self, resource_id: str) -> npt.NDArray[np.int64]:
        """The indexes of a resource and of every resource below it (remembered)."""
        found = self._below.get(resource_id)
        if found is None:
            found = np.array(
                [i for i, rid in enumerate(self.ids) if within(rid, resource_id)], dtype=np.int64
            )
            self._below[resource_id] = found
        return found

    def _sector_rule(self, nace: str, resource_id: str, direction: str) -> SectorUse | None:
        """The strongest rule saying sector `nace` uses (produces) the resource, remembered:
        explanations ask again for every candidate, and the rules number a thousand."""
        key = (nace, resource_id, direction)
        if key not in self._sector_rules:
            best: SectorUse | None = None
            for rule in self.sector_uses:
                if rule.direction != direction or not nace_within(nace, rule.nace):
                    continue
                if within(resource_id, rule.resource) and (
                    best is None or rule.strength > best.strength
                ):
                    best = rule
            if best is None and direction == "uses":
                # An offer of a broader family counts by the sector's use of its kinds
                # (ANCESTOR_SHARE): the reason names the kind the sector uses.
                for rule in self.sector_uses:
                    if rule.direction != direction or not nace_within(nace, rule.nace):
                        continue
                    if (
                        within(rule.resource, resource_id)
                        and "." in resource_id
                        and (best is None or rule.strength > best.strength)
                    ):
                        best = rule
            self._sector_rules[key] = best
        return self._sector_rules[key]

    def sector_reason(
        self, nace: str, resource_id: str, direction: str = "uses", lang: str = "en"
    ) -> str:
        """Why sector `nace` uses (or produces) the resource, in `lang`; "" if no rule says."""
        best = self._sector_rule(nace, resource_id, direction)
        if best is None:
            return ""
        say = language(lang).say
        rationale = in_sentence(_localised(lang, best.rationale, best.rationale_fr))
        key = f"sector.{direction}" + (".sourced" if best.source else "")
        return say(
            key,
            sector=self.sector_name(nace, lang),
            nace=nace,
            resource=in_sentence(self.name_in(best.resource, lang)),
            rationale=rationale,
            source=best.source,
        )

    def sector_name(self, nace: str, lang: str = "en") -> str:
        """A NACE code's label as it reads inside a sentence, in `lang` ("NACE 99.99" when the
        code is not in the list)."""
        label = _localised(lang, *self.nace_labels.get(nace, ("", "")))
        return in_sentence(label) or language(lang).say("sector.unnamed", nace=nace)


def _localised(lang: str, english: str, french: str) -> str:
    """The French text of data that carry both, for `fr`; English otherwise or when empty."""
    return (french if lang == "fr" else "") or english


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def _ewc_code(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@lru_cache(maxsize=8)
def load_knowledge(directory: str | Path | None = None) -> Knowledge:
    """The knowledge base from `directory` (default: the data shipped with the engine).

    Missing files count as empty, so the engine still runs (less well) on a partial base."""
    folder = Path(directory) if directory is not None else DATA_DIR

    def rows(name: str) -> Iterator[dict[str, str]]:
        path = folder / name
        return _rows(path) if path.exists() else iter(())

    resources: dict[str, Resource] = {}
    for row in rows("resources.csv"):
        if not row.get("id"):
            continue
        resources[row["id"]] = Resource(
            id=row["id"],
            parent=row.get("parent") or None,
            kind=row.get("kind", ""),
            name_en=row.get("name_en", ""),
            name_fr=row.get("name_fr", ""),
            synonyms_en=_split(row.get("synonyms_en", "")),
            synonyms_fr=_split(row.get("synonyms_fr", "")),
            ewc=tuple(_ewc_code(c) for c in _split(row.get("ewc", "")) if _ewc_code(c)),
        )
    ewc_labels: dict[str, tuple[str, str]] = {}
    hazardous: set[str] = set()
    for row in rows("ewc.csv"):
        code = _ewc_code(row.get("code", ""))
        ewc_labels[code] = (row.get("label_en", ""), row.get("label_fr", ""))
        if row.get("hazardous", "").lower() in ("true", "1", "yes", "*"):
            hazardous.add(code)
    nace_labels = {
        row["code"]: (row.get("label_en", ""), row.get("label_fr", ""))
        for row in rows("nace.csv")
        if row.get("code")
    }
    substitutions = [
        Substitution(
            row["offer"],
            row["need"],
            _strength(row),
            row.get("rationale", ""),
            row.get("source", ""),
            row.get("rationale_fr", ""),
        )
        for row in rows("substitutions.csv")
        if row.get("offer") and row.get("need")
    ]
    sector_uses = [
        SectorUse(
            row["nace"],
            row["resource"],
            row.get("direction", "uses") or "uses",
            _strength(row),
            row.get("rationale", ""),
            row.get("source", ""),
            row.get("rationale_fr", ""),
        )
        for row in rows("sector_uses.csv")
        if row.get("nace") and row.get("resource")
    ]
    trades = [
        Trade(
            row["nace"],
            _split(row.get("names_en", "")),
            _split(row.get("names_fr", "")),
            row.get("source", ""),
        )
        for row in rows("trades.csv")
        if row.get("nace")
    ]
    receivers = [
        HazardousReceiver(
            row["nace"],
            row["resource"],
            row.get("rationale", ""),
            row.get("source", ""),
            row.get("rationale_fr", ""),
        )
        for row in rows("hazardous_receivers.csv")
        if row.get("nace") and row.get("resource")
    ]
    return Knowledge(
        resources,
        ewc_labels,
        frozenset(hazardous),
        nace_labels,
        substitutions,
        sector_uses,
        trades,
        receivers,
    )


def _strength(row: dict[str, str]) -> float:
    try:
        return min(1.0, max(0.0, float(row.get("strength") or 0.8)))
    except ValueError:
        return 0.8
