"""The analysts' dashboard, its CSV tables and charts. Thin: `queries` builds suppressed tables,
`charts` draws them; every view needs VIEW_AGGREGATES and is audited (table key only)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from athar.accounts.permissions import require_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.estimation import Estimate, NoEstimableModel, estimate_stratified, estimate_total
from athar.registry.models import Source
from athar.stats.charts import FORMATS, bar_chart
from athar.stats.forms import EstimateForm
from athar.stats.labels import assumptions, category_label
from athar.stats.mse import registry_histories, registry_strata
from athar.stats.queries import person_tables
from athar.stats.suppression import Published, Suppressed, suppress, suppress_groups

TITLES = {
    "fate": _("Persons by fate claimed"),
    "governorate": _("Persons by governorate"),
    "facility": _("Persons by place of detention"),
    "arrest_year": _("Persons by year of arrest (trend)"),
    "sex": _("Persons by sex"),
    "age_group": _("Persons by age group"),
    "source_overlap": _("Persons by the combination of sources that list them"),
}


@require_capability(Capability.VIEW_AGGREGATES)
def dashboard(request: HttpRequest) -> HttpResponse:
    tables = person_tables()
    record_event(actor=request.user, action=Action.VIEW, target_type="statistics", target_id="dashboard",
                 request=request)
    sections = [{"key": key, "title": TITLES[key],
                 "rows": [(category, category_label(key, category), _shown(count))
                          for category, count in tables[key].rows]}
                for key in TITLES]
    return render(request, "stats/dashboard.html", {"sections": sections})


def _shown(count: Published) -> int | str:
    """A cell as the page shows it."""
    if count is Suppressed.SMALL:
        return gettext("fewer than 5")
    if count is Suppressed.WITHHELD:
        return gettext("withheld (5 or more)")
    return count


def _published_rows(result: Estimate, observed: dict[str, int]) -> dict[str, Any]:
    """The estimate as the page shows it: persons observed per stratum suppressed like every table
    of the dashboard (`suppress_groups`: a pooled stratum is the sum of the strata pooled into it),
    and a hidden stratum's estimate and interval hidden with it (the interval's lower end can be
    its observed count). The total observed is shown unless it is itself under 5."""
    published = suppress_groups(observed, [s.pooled_from or (s.label,) for s in result.strata])
    total: Published = result.observed if suppress(result.observed) is not None else Suppressed.SMALL
    rows = [{"label": s.label, "observed": _shown(count), "shown": isinstance(count, int),
             "estimate": s.estimate, "lower": s.lower, "upper": s.upper, "formula": s.formula}
            for s, count in zip(result.strata, published, strict=True)]
    return {"observed": _shown(total), "shown": isinstance(total, int), "strata": rows}


def _table_or_404(key: str):  # type: ignore[no-untyped-def]
    if key not in TITLES:
        raise Http404
    return person_tables()[key]


@require_capability(Capability.VIEW_AGGREGATES)
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    table = _table_or_404(key)
    record_event(actor=request.user, action=Action.EXPORT, target_type="statistics", target_id=key,
                 request=request, details={"format": "csv"})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([key, "persons"])
    for category, count in table.rows:
        writer.writerow([category, str(count)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="athar-{key}.csv"'
    return response


@require_capability(Capability.VIEW_AGGREGATES)
def chart(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    table = _table_or_404(key)
    drawn = bar_chart(table, str(TITLES[key]), fmt,
                      labels=[category_label(key, category) for category, _ in table.rows],
                      axis_label=gettext("persons (linked clusters); cells under 5 suppressed"),
                      withheld_mark=gettext("withheld"))
    response = HttpResponse(drawn, content_type=FORMATS[fmt])
    if request.GET.get("download"):
        # A download is audited; a chart shown inside the dashboard is covered by the dashboard's own
        # audit row (the same tables), so a page view does not write seven rows at once.
        record_event(actor=request.user, action=Action.EXPORT, target_type="statistics", target_id=key,
                     request=request, details={"format": fmt})
        response["Content-Disposition"] = f'attachment; filename="athar-{key}.{fmt}"'
    return response


@require_capability(Capability.VIEW_AGGREGATES)
def estimate(request: HttpRequest) -> HttpResponse:
    """Multiple systems estimation of the registry's persons: as linked, and at a stricter threshold,
    side by side (the difference is the linkage's share of the uncertainty)."""
    sources = list(Source.objects.order_by("name").values_list("name", flat=True))
    form = EstimateForm(request.POST or None, sources=sources)
    results = []
    error = ""
    if request.method == "POST" and form.is_valid():
        lists = form.cleaned_data["lists"]
        strict = form.cleaned_data["strict_threshold"]
        record_event(actor=request.user, action=Action.VIEW, target_type="statistics", target_id="mse",
                     request=request, details={"lists": len(lists), "strict_threshold": strict,
                                               "stratum": form.cleaned_data["stratum"]})
        try:
            stratum = form.cleaned_data["stratum"]
            criterion = form.cleaned_data["criterion"]
            for label, threshold in ((_("As linked"), None), (_("Stricter linkage"), strict)):
                if stratum:
                    strata = registry_strata(lists, stratum, threshold=threshold)
                    result = estimate_stratified(strata, criterion=criterion)
                else:
                    strata = {"": registry_histories(lists, threshold=threshold)}
                    result = estimate_total(strata[""], criterion=criterion)
                results.append({"label": label, "threshold": threshold, "result": result,
                                **_published_rows(result, {k: v.observed for k, v in strata.items()})})
        except NoEstimableModel:
            results = []
            error = gettext("No model can be fitted: the lists overlap too little. "
                            "Group the sources differently.")
    return render(request, "stats/estimate.html", {"form": form, "results": results, "error": error,
                                                   "assumptions": assumptions()})
