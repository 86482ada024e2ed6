"""`flask forum …` commands for accounts and device tokens."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from forum.auth.models import Role
from forum.auth.services import create_user
from forum.auth.tokens import create_token, revoke_token
from forum.errors import DomainError
from forum.extensions import db


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True, help="The person's e-mail address.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.ORGANISER.value,
    show_default=True,
)
@click.option("--name", default="", help="Name shown in the audit trail.")
@click.password_option(help="Asked for when not given (at least 12 characters).")
def create_user_command(email: str, role: str, name: str, password: str) -> None:
    """Create a staff or organiser account (or change an existing one's role and password)."""
    try:
        user = create_user(email, Role(role), password, display_name=name)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"{user.email} is now {user.role.value}.")


@click.command("create-token")
@with_appcontext
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


@click.command("revoke-token")
@with_appcontext
@click.option("--name", required=True, help="The device whose tokens stop working.")
def revoke_token_command(name: str) -> None:
    """Revoke a device's tokens (a lost phone, say)."""
    count = revoke_token(name)
    db.session.commit()
    click.echo(f"Revoked {count} token(s) of {name!r}.")


COMMANDS = (create_user_command, create_token_command, revoke_token_command)
