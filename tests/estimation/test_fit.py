"""fit_model against published log-linear capture–recapture results, to the reported precision.

Sources (counts in descending binary order of histories, 11…1 first, as the papers tabulate them):
- Diabetes in Casale Monferrato, four lists (Bruno, LaPorte, Merletti et al. 1994, "National
  diabetes programmes: application of capture-recapture to 'count' diabetes?", Diabetes Care
  17(6):548–556), analysed by Rivest (2011), "A lower bound model for multiple record systems
  estimation with heterogeneous catchability", Int. J. Biostatistics 7(1), art. 23. The figures
  below are Rivest's, as also reproduced by Rcapture's test suite (Baillargeon & Rivest 2007,
  J. Stat. Software 19(5); inst/tests/testPapersResults.R).
- The R3 census data of Darroch, Fienberg, Glonek & Junker (1993), JASA 88:1137–1148, three lists,
  again with Rivest's (2011) figures.
- Industrial-injury deaths, three lists (Cormack, Chang & Smith 2000, "Estimating deaths from
  industrial injury by capture–recapture: a cautionary tale", Int. J. Epidemiol. 29:1053–1059,
  Table 3b).
"""

import math

from athar.estimation import CaptureHistories, LogLinearModel, fit_model

DIABETES = CaptureHistories.from_table(
    "ABCD", [58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10])
DARROCH_R3 = CaptureHistories.from_table("ABC", [72, 155, 7, 71, 13, 53, 43])
INJURY_DEATHS = CaptureHistories.from_table("ABC", [72, 5, 29, 54, 24, 3, 14])

A, B, C, D = range(4)


def test_it_reproduces_bruno_et_al_model_on_the_diabetes_data():
    # Bruno et al.'s model: every pairwise interaction but A×D. Rivest (2011): N = 2771, SE 145,
    # deviance 7.62 on 5 degrees of freedom.
    fit = fit_model(DIABETES, LogLinearModel(tuple("ABCD"), ((A, B), (A, C), (B, C), (B, D), (C, D))))
    assert DIABETES.observed == 2069
    assert round(fit.estimate) == 2771
    assert round(fit.standard_error) == 145
    assert round(fit.deviance, 2) == 7.62
    assert fit.degrees_of_freedom == 5


def test_it_reproduces_rivests_chosen_interactions_on_the_diabetes_data():
    # Rivest (2011), no heterogeneity, interactions A×C, B×D, C×D: 2472, SE 53, deviance 21.97, df 7.
    fit = fit_model(DIABETES, LogLinearModel(tuple("ABCD"), ((A, C), (B, D), (C, D))))
    assert round(fit.estimate) == 2472
    assert round(fit.standard_error) == 53
    assert round(fit.deviance, 2) == 21.97
    assert fit.degrees_of_freedom == 7


def test_it_reproduces_the_r3_census_estimates():
    # Rivest (2011): all three pairwise interactions 1240 (SE 451); without A×C 850 (SE 186),
    # deviance 3.8 on 1 degree of freedom.
    saturated = fit_model(DARROCH_R3, LogLinearModel(tuple("ABC"), ((A, B), (A, C), (B, C))))
    assert (round(saturated.estimate), round(saturated.standard_error)) == (1240, 451)
    assert saturated.degrees_of_freedom == 0
    reduced = fit_model(DARROCH_R3, LogLinearModel(tuple("ABC"), ((A, B), (B, C))))
    assert (round(reduced.estimate), round(reduced.standard_error)) == (850, 186)
    assert round(reduced.deviance, 1) == 3.8
    assert reduced.degrees_of_freedom == 1


def test_it_reproduces_the_injury_deaths_independence_model():
    # Cormack et al. (2000), Table 3b, independence (Mt): N = 209, deviance 75.1 on 3 df.
    fit = fit_model(INJURY_DEATHS, LogLinearModel(tuple("ABC")))
    assert round(fit.estimate) == 209
    assert round(fit.deviance, 1) == 75.1
    assert fit.degrees_of_freedom == 3


def test_it_refuses_an_interaction_between_lists_nobody_is_on_together():
    histories = CaptureHistories.from_rows("ABC", [(1, 0, 0)] * 20 + [(0, 1, 0)] * 10 + [(0, 0, 1)] * 10
                                           + [(1, 0, 1)] * 5 + [(0, 1, 1)] * 4)
    fit = fit_model(histories, LogLinearModel(tuple("ABC"), ((A, B),)))
    assert not fit.is_estimable
    assert fit.problem == "nobody is on both A and B"
    assert math.isinf(fit.estimate)


def test_the_model_reads_in_words():
    model = LogLinearModel(tuple("ABCD"), ((C, D), (A, B)))
    assert model.formula() == "A + B + C + D + A:B + C:D"
    assert model.describe() == "lists A, B, C, D; dependence between A with B, C with D"
    assert LogLinearModel(tuple("ABC")).describe() == "lists A, B, C independent of each other"
