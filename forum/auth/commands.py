"""`flask forum …` commands for accounts and device tokens."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from forum.audit.services import record
from forum.auth.models import Role, User
from forum.auth.services import create_user, end_sessions, find_user
from forum.auth.tokens import create_token, revoke_token
from forum.auth.totp import reset_two_factor
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
    """Create a staff or organiser account (or change an existing one's role and password;
    a new password signs the person out everywhere)."""
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


def _existing_user(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"No account has the address {email}.")
    return user


@click.command("sign-out-everywhere")
@with_appcontext
@click.option("--email", required=True, help="The person's e-mail address.")
def sign_out_everywhere_command(email: str) -> None:
    """End every session of a person, on every device (a lost laptop, a shared cookie)."""
    user = _existing_user(email)
    end_sessions(user)
    record("user.signed_out_everywhere", user, actor=None, via="cli")
    db.session.commit()
    click.echo(f"{user.email} is signed out everywhere.")


@click.command("reset-two-factor")
@with_appcontext
@click.option("--email", required=True, help="The person's e-mail address.")
def reset_two_factor_command(email: str) -> None:
    """Switch off a person's code app (a lost phone); they set up a new one after signing in."""
    user = _existing_user(email)
    reset_two_factor(user)
    end_sessions(user)
    record("user.two_factor_reset", user, actor=None, via="cli")
    db.session.commit()
    click.echo(f"Two-step sign-in is off for {user.email}; their sessions are ended.")


COMMANDS = (
    create_user_command,
    create_token_command,
    revoke_token_command,
    sign_out_everywhere_command,
    reset_two_factor_command,
)
