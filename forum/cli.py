"""`flask forum …` commands: thin wrappers over services."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from forum.auth.models import Role
from forum.auth.services import create_user
from forum.errors import DomainError
from forum.extensions import db

forum_cli = AppGroup("forum", help="Forum administration commands.")


@forum_cli.command("create-user")
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


@forum_cli.command("seed-demo")
@click.option("--delegates", default=40, show_default=True, help="How many demo delegates.")
def seed_demo_command(delegates: int) -> None:
    """Build the Marrakech 2018 demo edition (safe to run twice)."""
    from forum.demo import DEMO_LOGINS, seed_demo

    if current_app.config["FORUM_ENV"] == "production":
        raise click.ClickException("seed-demo refuses to run in production.")
    created = seed_demo(delegates=delegates)
    db.session.commit()
    click.echo(
        "Demo edition created." if created else "Demo edition already there; nothing changed."
    )
    for role, (email, password) in DEMO_LOGINS.items():
        click.echo(f"  {role:<10} {email}  password: {password}")


@forum_cli.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, sending as e-mails become due.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between rounds.")
def send_mail_command(loop: bool, interval: float) -> None:
    """Send the e-mails waiting in the outbox; failures are retried later with backoff."""
    from forum.mail.services import mail_folder, send_due_emails

    if not current_app.config.get("MAIL_SERVER"):
        click.echo(f"No MAIL_SERVER set: e-mails are written to {mail_folder()}")
    while True:
        report = send_due_emails()
        if report.sent or report.retrying or report.failed or not loop:
            click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
        db.session.remove()
        if not loop:
            return
        time.sleep(interval)


@forum_cli.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between rounds.")
@click.option("--once", is_flag=True, help="Do one round and stop (for cron or tests).")
def worker_command(interval: float, once: bool) -> None:
    """Run queued badge jobs and send due e-mails, round after round."""
    from forum.badges.jobs import run_queued_jobs
    from forum.mail.services import mail_folder, send_due_emails

    if not current_app.config.get("MAIL_SERVER"):
        click.echo(f"No MAIL_SERVER set: e-mails are written to {mail_folder()}")
    while True:
        jobs = run_queued_jobs()
        report = send_due_emails()
        if jobs or report.sent or report.retrying or report.failed or once:
            click.echo(
                f"badge jobs {jobs}; e-mails sent {report.sent}, retrying {report.retrying},"
                f" failed {report.failed}"
            )
        db.session.remove()
        if once:
            return
        time.sleep(interval)


def init_app(app: Flask) -> None:
    """Register the `forum` command group."""
    _register_area_commands()
    app.cli.add_command(forum_cli)


def _register_area_commands() -> None:
    """Areas add their own commands to the `forum` group."""
    import forum.agenda.commands
    import forum.badges.commands
    import forum.checkin.commands  # noqa: F401
