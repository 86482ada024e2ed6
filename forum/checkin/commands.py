"""`flask forum …` commands of the check-in area."""

from __future__ import annotations

import click

from forum.auth.models import Role
from forum.checkin.tokens import create_token, revoke_token
from forum.cli import forum_cli
from forum.extensions import db


@forum_cli.command("create-token")
@click.option("--name", required=True, help='The device, e.g. "Gate A".')
@click.option(
    "--role",
    type=click.Choice([Role.STAFF.value, Role.ORGANISER.value]),
    default=Role.STAFF.value,
    show_default=True,
)
def create_token_command(name: str, role: str) -> None:
    """Create a scanner's bearer token; it is printed once and only its hash is kept."""
    token, _row = create_token(name, Role(role))
    db.session.commit()
    click.echo(token)


@forum_cli.command("revoke-token")
@click.option("--name", required=True, help="The device whose tokens stop working.")
def revoke_token_command(name: str) -> None:
    """Revoke a device's tokens (a lost phone, say)."""
    count = revoke_token(name)
    db.session.commit()
    click.echo(f"Revoked {count} token(s) of {name!r}.")
