"""`flask forum …` commands that span areas: the demo and the background worker."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from forum.background import yield_cpu
from forum.db import utcnow
from forum.extensions import db, forum_cli


@click.command("seed-demo")
@with_appcontext
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


@click.command("worker")
@with_appcontext
@click.option("--interval", default=2.0, show_default=True, help="Seconds between rounds.")
@click.option("--once", is_flag=True, help="Do one round and stop (for cron or tests).")
def worker_command(interval: float, once: bool) -> None:
    """Run queued summit syncs and badge jobs, end unanswered wait-list offers, delete
    passport details past their keeping time and send due e-mails, round after round."""
    from forum.agenda.gfmd.jobs import run_queued_sync_jobs
    from forum.badges.jobs import run_queued_jobs
    from forum.mail.services import mail_folder, send_due_emails
    from forum.registration.waitlist import expire_offers
    from forum.visas.services import delete_expired_passport_data

    if not current_app.config.get("MAIL_SERVER"):
        click.echo(f"No MAIL_SERVER set: e-mails are written to {mail_folder()}")
    niceness = yield_cpu(current_app.config["BACKGROUND_NICENESS"])
    click.echo(f"Working at CPU niceness {niceness}: the requests come first.")
    while True:
        syncs = run_queued_sync_jobs()
        if syncs or once:
            click.echo(f"summit syncs {syncs}")
        jobs = run_queued_jobs()
        if expired := expire_offers(now=utcnow()):
            click.echo(f"wait-list offers ended {expired}")
        if deleted := delete_expired_passport_data(now=utcnow()):
            click.echo(f"passport details deleted {deleted}")
        db.session.commit()  # ended offers, and the offers and e-mails they passed on
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
    """Add the `forum` command group, holding every area's commands, to `flask`."""
    forum_cli.add_command(seed_demo_command)
    forum_cli.add_command(worker_command)
    app.cli.add_command(forum_cli)
