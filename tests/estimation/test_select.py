from athar.estimation import CaptureHistories, select_model
from athar.estimation.simulate import StratumDesign, simulate_strata

DIABETES = CaptureHistories.from_table(
    "ABCD", [58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10])


def test_aic_chooses_the_published_model_for_the_diabetes_data():
    # Bruno et al. (1994) kept every pairwise interaction but A×D (see test_fit.py for the source).
    selection = select_model(DIABETES, criterion="aic")
    assert selection.search == "all models"
    assert len(selection.candidates) == 64
    assert selection.chosen.model.interactions == ((0, 1), (0, 2), (1, 2), (1, 3), (2, 3))
    assert round(selection.chosen.estimate) == 2771
    assert round(selection.weight(selection.chosen), 2) == 0.60


def test_bic_prefers_fewer_terms_than_aic():
    aic = select_model(DIABETES, criterion="aic").chosen
    bic = select_model(DIABETES, criterion="bic").chosen
    assert len(bic.model.interactions) <= len(aic.model.interactions)


def test_five_lists_are_searched_stepwise_and_find_the_true_dependence():
    strata = (StratumDesign("all", 20000, (-1.0, -1.2, -1.5, -1.1, -1.3)),)
    observed, _ = simulate_strata(3, strata, {(0, 1): 1.2, (3, 4): 0.9}, lists=tuple("ABCDE"))
    selection = select_model(observed["all"], criterion="bic")
    assert selection.search == "stepwise"
    assert {(0, 1), (3, 4)} <= set(selection.chosen.model.interactions)
    assert len(selection.candidates) < 2 ** 10
