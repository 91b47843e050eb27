"""`athar serve`: run the web app on this machine.

It runs Django's own development server (single process, threads, static files served by Django).
That is enough for one laptop or a demo; it is not a hardened production server. An installation
that others reach over a network belongs behind a reverse proxy that terminates HTTPS (and, later,
a WSGI server such as gunicorn on `athar.web.wsgi:application`).

Secure by default: it listens on 127.0.0.1 only. Listening on every interface (0.0.0.0 or ::, in
any spelling the operating system accepts: 0, 0x0, 000.000.000.000, [::] ...) needs
`--allow-all-interfaces` and prints a warning, because the registry holds data about disappeared
people and their families."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address] | None:
    """Every address `host` means to the operating system when a server binds to it, or None when
    it cannot be resolved. Reads the host as the socket layer does, so that no spelling slips
    through: `0`, `0x0`, `000.000.000.000`, `0.0` (inet_aton's forms), `::`, `[::]`,
    `0:0:0:0:0:0:0:0`, `::ffff:0.0.0.0`, and names that resolve to any of them."""
    bare = host.strip()
    if bare.startswith("[") and bare.endswith("]"):
        bare = bare[1:-1]
    bare = bare.split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) names an interface, not an address
    try:
        return [ipaddress.ip_address(bare)]
    except ValueError:
        pass
    try:  # the legacy IPv4 forms: decimal, octal and hexadecimal parts, fewer than four of them
        return [ipaddress.IPv4Address(socket.inet_aton(bare))]
    except (OSError, ValueError):
        pass
    try:
        infos = socket.getaddrinfo(bare, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def _is_unspecified(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_unspecified
    return address.is_unspecified


def is_all_interfaces(host: str) -> bool:
    """Whether listening on `host` means listening on every network interface."""
    if host.strip() in {"", "*", "[]"}:
        return True
    addresses = _addresses(host)
    return addresses is not None and any(_is_unspecified(a) for a in addresses)


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.0/8, ::1, localhost): every address it means."""
    addresses = _addresses(host)
    return bool(addresses) and all(
        (a.ipv4_mapped or a).is_loopback if isinstance(a, ipaddress.IPv6Address) else a.is_loopback
        for a in addresses or [])


def check_host(host: str, *, allow_all_interfaces: bool) -> None:
    """Refuse to listen on every interface unless asked explicitly; warn when asked, and whenever
    other machines could connect over plain HTTP."""
    if is_all_interfaces(host):
        if not allow_all_interfaces:
            fail(f"refusing to listen on {host or 'every interface'}: anyone on the network could reach "
                 "the registry. Use --host 127.0.0.1 (the default), or add --allow-all-interfaces "
                 "behind an HTTPS reverse proxy.")
        click.echo("athar: warning: listening on every network interface. Put athar behind an HTTPS "
                   "reverse proxy and set ATHAR_ALLOWED_HOSTS to the name people use.", err=True)
    elif _addresses(host) is None:
        fail(f"cannot find the address {host!r} names: give an IP address of this machine, or a name "
             "it resolves")
    elif not is_loopback(host):
        click.echo(f"athar: warning: {host} is reachable from other machines, and this server speaks plain "
                   "HTTP: passwords and records cross the network unencrypted. Use an HTTPS reverse proxy.",
                   err=True)


def _allow_host(host: str) -> None:
    """A specific address (say 192.168.1.20) must also be an allowed Host header, or Django answers
    400. Done before Django reads its settings; an explicit ATHAR_ALLOWED_HOSTS wins."""
    if "ATHAR_ALLOWED_HOSTS" not in os.environ and not is_all_interfaces(host):
        os.environ["ATHAR_ALLOWED_HOSTS"] = ",".join(dict.fromkeys(["127.0.0.1", "localhost", host.strip("[]")]))


def plain_http_cookies() -> None:
    """Django's development server speaks plain HTTP, and a browser drops a Secure cookie sent over
    plain HTTP (no login could work). So `athar serve` and `athar demo` turn the Secure flag off for
    their own process unless the operator decided otherwise (ATHAR_SECURE_COOKIES) or declared an
    HTTPS reverse proxy in front (ATHAR_BEHIND_HTTPS_PROXY): then the cookies stay Secure. A WSGI
    server (gunicorn) never runs this: there cookies are Secure unless configured otherwise."""
    if "ATHAR_SECURE_COOKIES" in os.environ:
        return
    if os.environ.get("ATHAR_BEHIND_HTTPS_PROXY", "").lower() in {"1", "true", "yes", "on"}:
        return
    os.environ["ATHAR_SECURE_COOKIES"] = "false"


def pending_migrations() -> int:
    """How many migrations the database still lacks (0 when it is up to date)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def require_migrated_database() -> None:
    """Stop a command that reads or writes the registry, with what to do, when the database lacks
    migrations: a fresh data directory, or an upgrade not yet applied. Django must be set up."""
    missing = pending_migrations()
    if not missing:
        return
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from athar.cli.init import describe_database

    where = describe_database()
    if not MigrationRecorder(connection).has_table():
        fail(f"the database is not set up ({where}): run `athar init` (or `athar demo` for a demo "
             "database)")
    fail(f"the database ({where}) lacks {missing} migration(s): back it up, then run `athar init`")


def refuse_serious_check_errors() -> None:
    """Stop, with each message on one line, when a system check finds an error (such as athar.E001:
    a server without an encryption key of its own). Django must be set up."""
    from django.core import checks

    serious = [m for m in checks.run_checks() if m.is_serious() and not m.is_silenced()]
    if serious:
        fail(" | ".join(f"{m.id}: {m.msg} (hint: {m.hint})" if m.hint else f"{m.id}: {m.msg}" for m in serious))


def ensure_port_free(host: str, port: int) -> None:
    """Fail with a hint, before anything else happens, when another program already listens on
    host:port (Django's own message would name neither the cause nor --port)."""
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((bare, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                fail(f"port {port} on {host} is already in use (another athar, or another program): "
                     f"stop it, or choose another port with --port")
            # Anything else (an address this machine does not have...) is the server's to report.


def run_server(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted. Django must already be set up."""
    from django.core.management import call_command

    ensure_port_free(host, port)
    bare = host.strip("[]")
    use_ipv6 = ":" in bare
    address = f"[{bare}]:{port}" if use_ipv6 else f"{bare}:{port}"
    # insecure_serving: Django serves the (few, local) static files itself even with DEBUG off;
    # the reloader is for developers and would start a second process.
    call_command("runserver", address, use_ipv6=use_ipv6, use_reloader=False, use_threading=True,
                 insecure_serving=True)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--allow-all-interfaces", is_flag=True,
              help="Allow --host 0.0.0.0 or :: (every network interface). Prints a warning.")
@click.option("--migrate", "apply_migrations", is_flag=True,
              help="Apply pending database migrations before serving (back the database up first).")
def command(host: str, port: int, allow_all_interfaces: bool, apply_migrations: bool) -> None:
    """Run the web app (Django's built-in server) on http://127.0.0.1:8000 by default."""
    check_host(host, allow_all_interfaces=allow_all_interfaces)
    ensure_port_free(host, port)
    _allow_host(host)
    plain_http_cookies()
    setup_django()
    refuse_serious_check_errors()
    if apply_migrations:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=1)
    elif missing := pending_migrations():
        fail(f"the database lacks {missing} migration(s): back it up, then run `athar init` "
             "(or `athar serve --migrate`)")
    run_server(host, port)
