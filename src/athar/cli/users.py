"""`athar users`: accounts from the command line, for the administrator who installs athar (the
first account is created here) and for scripts. Passwords are read from standard input, never from
an argument (arguments are visible to every user of the machine in the process list)."""

from __future__ import annotations

import sys

import click

from athar.accounts.roles import Role
from athar.cli.django_setup import setup_django
from athar.cli.errors import fail

ROLE_CHOICE = click.Choice([r.value for r in Role])


def _read_password(confirm: bool) -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        fail("no password on standard input")
    return password


def _user(username: str) -> object:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        fail(f"no account named {username!r}")
    return user


def _validation_failed(error: Exception) -> None:
    messages = getattr(error, "messages", [str(error)])
    fail("the password was refused: " + " ".join(messages))


@click.group("users")
def command() -> None:
    """Accounts and their roles (administrator, data_manager, caseworker, reviewer, analyst)."""


@command.command("add")
@click.argument("username")
@click.option("--role", required=True, type=ROLE_CHOICE, help="What the account may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (else: prompt).")
def add(username: str, role: str, password_stdin: bool) -> None:
    """Create an account with a role."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from athar.accounts.services import create_user

    if get_user_model().objects.filter(username=username).exists():
        fail(f"an account named {username!r} exists already")
    password = _read_password(confirm=not password_stdin)
    try:
        create_user(username, role=role, password=password, actor=None)
    except ValidationError as error:
        _validation_failed(error)
    click.echo(f"created {username!r} ({role}); two-factor login is set up at the first login")


@command.command("list")
def list_users() -> None:
    """Every account: name, role, active, two-factor set up, last login."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django_otp import user_has_device

    from athar.accounts.permissions import role_of
    from athar.cli.terminal import safe

    click.echo("username\trole\tactive\ttwo_factor\tlast_login")
    for user in get_user_model().objects.order_by("username"):
        role = user.account.role if hasattr(user, "account") else (role_of(user) or "-")
        last = user.last_login.strftime("%Y-%m-%d %H:%M") if user.last_login else "-"
        click.echo(f"{safe(user.username)}\t{role}\t{'yes' if user.is_active else 'no'}\t"
                   f"{'yes' if user_has_device(user) else 'no'}\t{last}")


@command.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
def set_role_command(username: str, role: str) -> None:
    """Give an account another role."""
    setup_django()
    from athar.accounts.services import set_role

    set_role(_user(username), role, actor=None)
    click.echo(f"{username!r} is now {role}")


@command.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (else: prompt).")
def reset_password_command(username: str, password_stdin: bool) -> None:
    """Set a new password for an account."""
    setup_django()
    from django.core.exceptions import ValidationError

    from athar.accounts.services import reset_password

    user = _user(username)
    password = _read_password(confirm=not password_stdin)
    try:
        reset_password(user, password, actor=None)
    except ValidationError as error:
        _validation_failed(error)
    click.echo(f"password of {username!r} changed")


@command.command("reset-2fa")
@click.argument("username")
def reset_two_factor_command(username: str) -> None:
    """Remove an account's authenticator and recovery codes (a lost phone); set up again at login."""
    setup_django()
    from athar.accounts.two_factor import reset_two_factor

    reset_two_factor(_user(username), actor=None)
    click.echo(f"two-factor login of {username!r} removed; it is set up again at the next login")


@command.command("disable")
@click.argument("username")
def disable(username: str) -> None:
    """Stop an account from logging in (its history stays)."""
    setup_django()
    from athar.accounts.services import set_active

    set_active(_user(username), False, actor=None)
    click.echo(f"{username!r} disabled")


@command.command("enable")
@click.argument("username")
def enable(username: str) -> None:
    """Let a disabled account log in again."""
    setup_django()
    from athar.accounts.services import set_active

    set_active(_user(username), True, actor=None)
    click.echo(f"{username!r} enabled")
