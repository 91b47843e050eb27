"""Words for the coded categories on the page (the CSV keeps the codes, which do not change with the
reader's language). Categories that are data — a governorate or facility as a source wrote it, a
year, a combination of source names — are shown as they are."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

_CODED = {
    "fate": {"alive": _("alive"), "detained": _("detained"), "released": _("released"),
             "deceased": _("deceased"), "unknown": _("no fate claimed")},
    "sex": {"M": _("male"), "F": _("female")},
}


def category_label(key: str, category: str) -> str:
    label = _CODED.get(key, {}).get(category)
    if label is not None:
        return str(label)
    return str(_("unknown")) if category == "unknown" else category


# athar.estimation.ASSUMPTIONS, marked for translation here (the pure package has no Django);
# tests/stats/test_translations.py fails when the two drift apart.
ASSUMPTIONS_FOR_TRANSLATION = (
    gettext_noop("The estimate is of the persons who belong to the population the lists cover (the same "
                 "places, period and kind of event); it says nothing about anyone outside it."),
    gettext_noop("It is a minimum, not a census: persons whom no list could ever record (for example whole "
                 "families who never spoke to anyone) are not counted by this or any model of these lists."),
    gettext_noop("Every person is linked correctly across lists: a missed link makes one person two and "
                 "pushes the estimate up; a false link makes two persons one and pushes it down (compare "
                 "two match thresholds)."),
    gettext_noop("Within a stratum, the lists' dependence on each other is captured by the chosen pairwise "
                 "interactions; persons who are much easier to record than others in ways the model cannot "
                 "see (heterogeneity) lead to an underestimate."),
    gettext_noop("The interval is 95 %: it covers the sampling uncertainty and the uncertainty of choosing "
                 "among the plausible models (the choice is repeated on a thousand simulated copies of the "
                 "data), not errors of linkage nor models outside the space searched."),
)


def assumptions() -> list[str]:
    """The assumptions in the reader's language."""
    from athar.estimation import ASSUMPTIONS

    return [gettext(line) for line in ASSUMPTIONS]
