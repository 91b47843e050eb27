import json

from click.testing import CliRunner

from athar.cli import main


def test_it_prints_coverage_and_writes_dated_result_files(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(main, ["bench", "mse", "--seeds", "1", "--first-seed", "1000",
                                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("$ athar bench mse --seeds 1 --first-seed 1000\n")
    assert "| stratified | 1 | 100.0% | – |" in result.stdout  # no whole block of 20 seeds
    assert "stratified: missed at seeds none" in result.stdout
    [json_file] = tmp_path.glob("mse-*.json")
    payload = json.loads(json_file.read_text(encoding="utf-8"))
    assert payload["command"] == "athar bench mse --seeds 1 --first-seed 1000"
    assert [r["name"] for r in payload["results"]] == ["stratified", "ignoring strata"]
    assert payload["results"][0]["coverage"] == 1.0
    assert payload["results"][0]["missed_seeds"] == []
    markdown = json_file.with_suffix(".md").read_text(encoding="utf-8")
    assert "athar bench mse --seeds 1 --first-seed 1000" in markdown


def test_a_second_run_of_the_day_gets_its_own_files(tmp_path):
    for _ in range(2):
        result = CliRunner(mix_stderr=False).invoke(main, ["bench", "mse", "--seeds", "1", "--first-seed", "1000",
                                                           "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    first = next(n for n in names if n.endswith(".md") and not n.endswith("-2.md"))
    assert names == {first, first.replace(".md", ".json"), first.replace(".md", "-2.md"),
                     first.replace(".md", "-2.json")}
