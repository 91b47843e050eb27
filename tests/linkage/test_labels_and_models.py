"""Review labels and saved models: round trips and refusals."""

from __future__ import annotations

import json

import pytest

from athar.errors import InputError
from athar.linkage.labels import Judgement, Label, cannot_links, must_links, read_labels, write_labels
from athar.linkage.model_store import StoredModel, load_model, save_model


def test_labels_round_trip_and_the_last_judgement_wins(tmp_path):
    a, b = ("s1", "1"), ("s2", "9")
    labels = [Label(a, b, Judgement.POSITIVE), Label(b, a, Judgement.NEGATIVE), Label(a, ("s3", "2"), Judgement.UNSURE)]
    path = tmp_path / "labels.csv"
    write_labels(path, labels)
    back = read_labels(path)
    assert back == labels
    assert cannot_links(back) == {(a, b)}
    assert must_links(back) == set()


def test_bad_labels_are_located(write_csv):
    path = write_csv("labels.csv", [["source_l", "record_id_l", "source_r", "record_id_r", "judgement"],
                                    ["s1", "1", "s2", "2", "maybe"]])
    with pytest.raises(InputError) as err:
        read_labels(path)
    assert (err.value.row, err.value.column) == (2, "judgement")


def test_model_round_trip(tmp_path):
    model = StoredModel(splink_settings={"link_type": "dedupe_only", "comparisons": []}, training={"n": 3})
    path = save_model(model, tmp_path / "model.json")
    back = load_model(path)
    assert back.splink_settings == model.splink_settings
    assert back.training == {"n": 3}


def test_a_model_for_other_features_is_refused(tmp_path):
    path = tmp_path / "model.json"
    data = StoredModel(splink_settings={}).to_json()
    data["features_version"] = 999
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="retrain"):
        load_model(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="not an athar linkage model"):
        load_model(path)


def _levels(settings: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(c["output_column_name"], [(level["sql_condition"], level["label_for_charts"])
                                       for level in c["comparison_levels"]])
            for c in settings["comparisons"]]


def test_the_shipped_default_model_compares_as_the_code_does():
    # A small input is linked with the shipped model's learnt weights (`pipeline.DEFAULT_MODEL`),
    # level by level: a comparison changed in code without retraining the model (docs/linkage.md)
    # would weigh one level's agreement with another level's weights. Its blocking rules are
    # replaced by the code's when used, so only the comparisons must agree.
    from athar.linkage.engine import new_settings
    from athar.linkage.pipeline import DEFAULT_MODEL

    shipped = load_model(DEFAULT_MODEL).splink_settings
    assert _levels(shipped) == _levels(new_settings(link_only=False))
