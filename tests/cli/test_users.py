"""`athar users`: the first account and every later one, from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from athar.accounts.permissions import role_of
from athar.audit.models import AuditEvent
from athar.cli import main
from athar.cli.terminal import safe

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long enough passphrase 42\n"


def _run(*args: str, stdin: str = "") -> object:
    return CliRunner().invoke(main, ["users", *args], input=stdin)


def test_it_adds_an_administrator_with_a_password_from_stdin() -> None:
    result = _run("add", "yusuf", "--role", "administrator", "--password-stdin", stdin=PASSWORD)
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="yusuf")
    assert role_of(user) == "administrator" and user.check_password(PASSWORD.strip())
    assert AuditEvent.objects.get(action="user_admin").actor_label == "command line"


def test_it_refuses_a_weak_password_with_the_reason() -> None:
    result = _run("add", "rima", "--role", "caseworker", "--password-stdin", stdin="12345678901234\n")
    assert result.exit_code != 0
    assert "refused" in result.output and "numeric" in result.output
    assert not get_user_model().objects.filter(username="rima").exists()


def test_it_refuses_an_unknown_role() -> None:
    result = _run("add", "rima", "--role", "superuser", "--password-stdin", stdin=PASSWORD)
    assert result.exit_code == 2


def test_it_lists_sets_roles_disables_and_enables() -> None:
    _run("add", "rima", "--role", "caseworker", "--password-stdin", stdin=PASSWORD)
    assert _run("set-role", "rima", "reviewer").exit_code == 0
    assert _run("disable", "rima").exit_code == 0
    listing = _run("list").output
    assert "rima\treviewer\tno\tno\t-" in listing
    assert _run("enable", "rima").exit_code == 0
    assert role_of(get_user_model().objects.get(username="rima")) == "reviewer"


def test_it_resets_a_password() -> None:
    _run("add", "rima", "--role", "caseworker", "--password-stdin", stdin=PASSWORD)
    assert _run("reset-password", "rima", "--password-stdin", stdin="another passphrase of rima\n").exit_code == 0
    assert get_user_model().objects.get(username="rima").check_password("another passphrase of rima")


def test_it_says_when_an_account_does_not_exist() -> None:
    result = _run("disable", "nobody")
    assert result.exit_code == 2 and "no account named 'nobody'" in result.output


def test_terminal_output_shows_control_characters_instead_of_obeying_them() -> None:
    assert safe("list\x1b]0;pwned\x07 2024") == "list\\x1b]0;pwned\\x07 2024"
    assert safe("محمد\u200f الحسن") == "محمد\u200f الحسن"
    assert safe("a\u202eb") == "a\\u202eb"  # a right-to-left override can disguise a file name
