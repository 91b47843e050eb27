"""The two lock files: requirements.lock (what a server installs: athar's runtime dependencies and
what installing athar itself needs) and requirements-dev.lock (the same pins, plus the development
tools). Both hash-pinned and produced by the commands their headers and the Makefile state."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME, DEV = ROOT / "requirements.lock", ROOT / "requirements-dev.lock"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _entries(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name → (version, hashes) of every pinned package."""
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", path.read_text(encoding="utf-8")):
        if match := re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", block):
            hashes = frozenset(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
            found[_normalise(match.group(1))] = (match.group(2), hashes)
    return found


def _names(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0]) for r in requirements}


def _project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_package_of_both_locks_is_pinned_with_hashes() -> None:
    for path in (RUNTIME, DEV):
        entries = _entries(path)
        assert len(entries) > 50, path.name
        assert all(hashes for _, hashes in entries.values()), path.name


def test_the_runtime_lock_is_the_development_lock_without_the_tools() -> None:
    runtime, dev = _entries(RUNTIME), _entries(DEV)
    assert {name: runtime[name] for name in runtime} == {name: dev[name] for name in runtime}  # same pins, same hashes
    project = _project()
    extras = project["optional-dependencies"]
    assert isinstance(extras, dict)
    tools = _names(extras["dev"]) - _names(extras["build"])
    assert tools >= {"pytest", "ruff", "mypy", "schemathesis", "playwright", "hypothesis", "import-linter"}
    assert not tools & set(runtime), sorted(tools & set(runtime))
    assert tools <= set(dev)


def test_the_runtime_lock_holds_every_runtime_dependency_and_what_installs_athar() -> None:
    project = _project()
    runtime = _entries(RUNTIME)
    dependencies = project["dependencies"]
    extras = project["optional-dependencies"]
    assert isinstance(dependencies, list) and isinstance(extras, dict)
    assert _names(dependencies) | _names(extras["build"]) <= set(runtime)


def test_the_locks_say_how_they_were_made_and_the_makefile_remakes_them_so() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for path in (RUNTIME, DEV):
        command = path.read_text(encoding="utf-8").splitlines()[1].strip("# ").strip()
        assert command.startswith("uv pip compile pyproject.toml") and f"-o {path.name}" in command
        assert command in makefile, command
    assert "-r requirements.lock -r requirements-dev.lock" in makefile  # make setup: both
    install = makefile.split("$(RUNTIME_STAMP):", 1)[1].split("install:", 1)[0]
    assert "requirements-dev.lock" not in install  # a server: the runtime lock only
