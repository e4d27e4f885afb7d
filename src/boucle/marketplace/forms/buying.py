"""Forms of the buyer's pages: the search controls, where "near" is, and the order form.

The search page's filters are parsed by `boucle.marketplace.search.LotQuery.from_params`; this
module only turns what a person can pick on the page (one of their sites, a postcode) into the
`near="LAT,LON"` that the query reads, and renders the controls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boucle.accounts.forms import ServiceErrorMixin
from boucle.accounts.models import Site
from boucle.core.errors import ServiceError
from boucle.geo.selectors import communes_for_postcode
from boucle.marketplace.models import Fulfilment, Lot, OfferType
from boucle.marketplace.search import SORT_LABELS

RADIUS_CHOICES_KM = (5, 10, 25, 50, 100, 200)

SORT_CHOICES = list(SORT_LABELS.items())

# Parameters of the page that are not the query's own: they say where "near" is.
PLACE_PARAMS = ("site", "postcode")
# The query's own parameters (`LotQuery.from_params`), whose refusals name them.
QUERY_PARAMS = frozenset(
    (
        "q",
        "category",
        "condition",
        "price_min",
        "price_max",
        "free",
        "quantity",
        "seller_kind",
        "offer_type",
        "near",
        "radius_km",
        "sort",
        "page",
        "per_page",
    )
)


class SearchForm(forms.Form):
    """The search controls, bound to the query string only to show back what was chosen."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    site = forms.ChoiceField(label=gettext_lazy("Near my site"), required=False, choices=())
    postcode = forms.CharField(label=gettext_lazy("Near the postcode"), required=False)
    radius_km = forms.ChoiceField(label=gettext_lazy("Within"), required=False, choices=())
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data: QueryDict, *, sites: Sequence[Site]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["site"]).choices = [
            ("", "—"),
            *((str(s.pk), f"{s.name} ({s.commune.name})") for s in sites),
        ]
        cast(forms.ChoiceField, self.fields["radius_km"]).choices = [
            ("", _("any distance")),
            *((str(km), _("%(km)s km") % {"km": km}) for km in RADIUS_CHOICES_KM),
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "maxlength": "5", "autocomplete": "postal-code"}
        )

    def field_group(self, name: str) -> str:
        """`form[name].as_field_group()`, remembered per process for the lists (sort, distance,
        site): rendering a select's options through templates cost a few milliseconds a page.
        The key holds everything the HTML depends on: the language, the value, the choices,
        the errors; free text (the words, the postcode) is rendered each time."""
        bound = self[name]
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            return bound.as_field_group()
        key = (
            translation.get_language(),
            name,
            tuple(self.data.getlist(name)) if hasattr(self.data, "getlist") else (),
            tuple((str(v), str(label)) for v, label in cast(list[Any], field.choices)),
            tuple(str(e) for e in bound.errors),
        )
        html = _FIELD_GROUPS.get(key)
        if html is None:
            html = bound.as_field_group()
            if len(_FIELD_GROUPS) >= _FIELD_GROUPS_MAX:
                _FIELD_GROUPS.clear()  # rare: the lists have few values
            _FIELD_GROUPS[key] = html
        return html

    @property
    def field_groups(self) -> Mapping[str, str]:
        """For the template: `form.field_groups.sort`."""
        return _FieldGroups(self)


_FIELD_GROUPS: dict[tuple[Any, ...], str] = {}
_FIELD_GROUPS_MAX = 2000


class _FieldGroups(Mapping[str, str]):
    def __init__(self, form: SearchForm) -> None:
        self.form = form

    def __getitem__(self, name: str) -> str:
        if name not in self.form.fields:
            raise KeyError(name)
        return self.form.field_group(name)

    def __iter__(self) -> Any:
        return iter(self.form.fields)

    def __len__(self) -> int:
        return len(self.form.fields)


def search_params(data: QueryDict, *, sites: Sequence[Site]) -> tuple[QueryDict, str]:
    """The query's parameters, with the chosen site or postcode turned into `near`.

    Answers them with a label of the place ("" when no place was chosen). A site wins over a
    postcode; a `near` given as coordinates (a saved search's link) is kept as it is.
    Raises ServiceError naming `site` or `postcode` when neither can be placed.
    """
    params = data.copy()
    site_id = params.pop("site", [""])[-1].strip()
    postcode = params.pop("postcode", [""])[-1].strip()
    label = ""
    if site_id:
        site = next((s for s in sites if str(s.pk) == site_id), None)
        if site is None:
            raise ServiceError(_("Choose one of your organisation's sites."), field="site")
        params["near"] = f"{site.latitude},{site.longitude}"
        label = site.name
    elif postcode:
        communes = communes_for_postcode(postcode) if postcode.isdigit() else []
        if len(postcode) != 5 or not communes:
            raise ServiceError(
                _("No French commune has the postcode %(postcode)s.") % {"postcode": postcode},
                field="postcode",
            )
        # The largest commune of the postcode: the likeliest place a buyer means.
        commune = communes[0]
        params["near"] = f"{commune.latitude},{commune.longitude}"
        label = f"{postcode} {commune.name}"
    elif params.get("radius_km") and not params.get("near"):
        # The search function would name its `near` parameter; a person chose no place.
        message = (
            _("Choose one of your sites or give a postcode to search within a distance.")
            if sites
            else _("Give a postcode to search within a distance.")
        )
        raise ServiceError(message, field="postcode")
    return params, label


def search_refusal(refusal: ServiceError, params: Mapping[str, Any]) -> str:
    """A refusal of the search parser in the page's words.

    `LotQuery.from_params` speaks to API clients and names its parameters ("radius_km must
    be…"); a person on the page picked from controls and never saw those names.
    """
    field = refusal.field or ""
    if field not in QUERY_PARAMS:
        return refusal.message  # not about a parameter (or one of ours): already plain words
    if (field == "sort" and params.get("sort") == "distance") or field == "near":
        return _("Choose one of your sites or give a postcode to sort or search by distance.")
    messages = {
        "q": _("Search with fewer words: at most 200 characters."),
        "price_min": _("Give the lowest price as an amount in euros, 0 or more."),
        "price_max": _("Give the highest price as an amount in euros, not below the lowest price."),
        "quantity": _("Give the quantity you need as a whole number, 1 or more."),
        "radius_km": _("Choose a distance from the list."),
        "page": _("This page of results does not exist."),
    }
    return messages.get(field, _("Some of the search filters are not valid: choose them again."))


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class OrderPlaceForm(ServiceErrorMixin, forms.Form):
    """A buyer's order of a sale lot; `order_place` decides whether it can be placed."""

    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1)
    fulfilment = forms.ChoiceField(label=gettext_lazy("Fulfilment"), choices=Fulfilment.choices)
    pickup_at = forms.DateTimeField(
        label=gettext_lazy("Pickup slot you would like"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=gettext_lazy("The seller confirms the slot when accepting the order."),
    )
    delivery_address = forms.CharField(
        label=gettext_lazy("Delivery address"), required=False, max_length=300
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the seller"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: QueryDict | None = None, *, lot: Lot) -> None:
        super().__init__(data, initial={"quantity": lot.min_order_quantity})
        offered = [
            (value, label)
            for value, label in Fulfilment.choices
            if (value == Fulfilment.PICKUP and lot.pickup)
            or (value == Fulfilment.DELIVERY and lot.delivery)
        ]
        fulfilment = cast(forms.ChoiceField, self.fields["fulfilment"])
        fulfilment.choices = offered
        fulfilment.initial = offered[0][0] if offered else Fulfilment.PICKUP
        self.fields["quantity"].widget.attrs.update(
            {"min": lot.min_order_quantity, "max": max(lot.quantity_available, 1)}
        )
        if not lot.pickup:
            del self.fields["pickup_at"]
        if not lot.delivery:
            del self.fields["delivery_address"]


# The facets the page shows, in this order, with their titles; each value is a link that sets
# (or, for repeatable ones, toggles) its parameter and keeps every other.
FACET_TITLES = {
    "category": gettext_lazy("Category"),
    "offer_type": gettext_lazy("Sale or hire"),
    "condition": gettext_lazy("Condition"),
    "price": gettext_lazy("Price per unit excl. VAT"),
    "quantity": gettext_lazy("Minimum order"),
    "seller_kind": gettext_lazy("Seller"),
}
# The query parameter of a facet, where it is not named after it.
FACET_PARAMS = {"quantity": "min_order"}
REPEATABLE_FACETS = ("condition",)
# Parameters a price band stands for.
PRICE_PARAMS = ("price_min", "price_max", "free")
# Parameters the search form shows as controls; the others are carried as hidden inputs.
CONTROL_PARAMS = ("q", "site", "postcode", "radius_km", "sort")


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int | None  # None where the search does not count this facet
    url: str
    selected: bool
    level: int = 0


@dataclass(frozen=True)
class FacetGroup:
    key: str
    title: str
    links: list[FacetLink]
    clear_url: str
    active: bool
    selected_labels: list[str]


def _url(params: QueryDict) -> str:
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def without_page(data: QueryDict) -> QueryDict:
    """The search's parameters without the page: a new choice starts again at the first."""
    # A plain copy: QueryDict.copy() deep-copies, and each facet link makes one.
    params = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        if key != "page":
            params.setlist(key, list(values))
    return params


def price_band_params(value: str) -> dict[str, str]:
    """The parameters of a price band facet value: "free", "LOW-HIGH", "LOW-" or "-HIGH"."""
    if value == "free":
        return {"free": "1"}
    low, _sep, high = value.partition("-")
    return {k: v for k, v in (("price_min", low), ("price_max", high)) if v}


def _facet_link(data: QueryDict, key: str, value: str) -> tuple[str, bool]:
    """The link that chooses (or, when chosen, drops) a facet's value; whether it is chosen."""
    params = without_page(data)
    param = FACET_PARAMS.get(key, key)
    if key in REPEATABLE_FACETS:
        chosen = params.getlist(param)
        selected = value in chosen
        params.setlist(param, [v for v in chosen if v != value] if selected else [*chosen, value])
    elif key == "price":
        band = price_band_params(value)
        selected = all(params.get(k, "") == band.get(k, "") for k in PRICE_PARAMS)
        for k in PRICE_PARAMS:
            params.pop(k, None)
        if not selected:
            params.update(band)
    else:
        selected = params.get(param, "") == value
        params.pop(param, None)
        if not selected:
            params[param] = value
    return _url(params), selected


def facet_groups(data: QueryDict, facets: Mapping[str, Sequence[Any]]) -> list[FacetGroup]:
    """The facets as groups of links in the page's order, each keeping every other parameter.

    `facets` are the search's counts (`FacetCount`: value, label, count, and `level` and
    `selected` where the search gives them). Sale or hire, which the search does not count,
    is offered as two plain choices.
    """
    counted: dict[str, Sequence[Any]] = {
        **facets,
        "offer_type": facets.get("offer_type")
        or [_Choice(value, label) for value, label in OfferType.choices],
    }
    groups = []
    for key in [*FACET_TITLES, *(k for k in counted if k not in FACET_TITLES)]:
        links = []
        for facet in counted.get(key) or ():
            url, selected = _facet_link(data, key, str(facet.value))
            links.append(
                FacetLink(
                    label=str(facet.label),
                    count=facet.count,
                    url=url,
                    selected=getattr(facet, "selected", None) or selected,
                    level=getattr(facet, "level", 0),
                )
            )
        if not links:
            continue
        clear = without_page(data)
        for k in PRICE_PARAMS if key == "price" else (FACET_PARAMS.get(key, key),):
            clear.pop(k, None)
        groups.append(
            FacetGroup(
                key=key,
                title=str(FACET_TITLES.get(key, key)),
                links=links,
                clear_url=_url(clear),
                active=any(link.selected for link in links),
                selected_labels=[link.label for link in links if link.selected],
            )
        )
    return groups


@dataclass(frozen=True)
class _Choice:
    value: str
    label: Any  # a lazy translation
    count: int | None = None


def hidden_params(data: QueryDict) -> list[tuple[str, str]]:
    """The chosen filters that the form carries as hidden inputs (the facets' choices)."""
    return [
        (key, value)
        for key, values in data.lists()
        if key not in CONTROL_PARAMS and key != "page"
        for value in values
    ]


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…") between distant pages
    url: str = ""
    current: bool = False


def page_links(data: QueryDict, page: int, pages: int) -> list[PageLink]:
    """Links to the first, last and neighbouring pages, keeping every search parameter."""
    if pages <= 1:
        return []
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[PageLink] = []
    previous = 0
    for number in shown:
        if number > previous + 1:
            links.append(PageLink(None))
        params = without_page(data)
        if number > 1:
            params["page"] = str(number)
        links.append(PageLink(number, _url(params), number == page))
        previous = number
    return links
