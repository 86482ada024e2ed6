"""The outbox: written with its cause, sent once, retried when SMTP fails."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from forum.extensions import db
from forum.mail.models import OutboxEmail, OutboxStatus
from forum.mail.services import queue_email, send_due_emails
from forum.registration.decisions import decide
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.smtp import free_port, text_body


def queue(count: int) -> None:
    for index in range(count):
        queue_email(f"d{index}@example.org", "magic_link", link=f"http://x/{index}")
    db.session.commit()


def statuses() -> list[OutboxStatus]:
    return list(db.session.scalars(sa.select(OutboxEmail.status).order_by(OutboxEmail.id)))


def test_a_rolled_back_change_leaves_no_email(ctx):
    edition = factories.edition()
    registration = factories.registration(edition, "ada@example.org")
    organiser = factories.organiser()
    db.session.commit()
    decide(registration, S.APPROVED, actor=organiser, now=datetime.now(UTC))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0
    db.session.refresh(registration)
    assert registration.status is S.PENDING


def test_sends_text_and_html_through_smtp(ctx, smtp):
    queue_email("ada@example.org", "magic_link", link="http://forum.example/login/magic/abc")
    db.session.commit()
    report = send_due_emails()
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    [message] = smtp.to("ada@example.org")
    assert message["Subject"] == "Your sign-in link"
    assert "http://forum.example/login/magic/abc" in text_body(message)
    assert sorted(p.get_content_type() for p in message.walk() if not p.is_multipart()) == [
        "text/html",
        "text/plain",
    ]
    assert statuses() == [OutboxStatus.SENT]
    assert send_due_emails().sent == 0  # nothing is sent twice


def test_smtp_down_keeps_every_email_and_a_later_run_sends_them(app, ctx, smtp):
    queue(3)
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    from forum.extensions import mail

    mail.init_app(app)
    report = send_due_emails()
    assert (report.sent, report.retrying) == (0, 3)
    rows = db.session.scalars(sa.select(OutboxEmail)).all()
    assert all(r.status is OutboxStatus.PENDING and r.attempts == 1 for r in rows)
    assert all(r.next_attempt_at > datetime.now(UTC) for r in rows)
    assert all("ConnectionRefusedError" in r.last_error for r in rows)
    assert send_due_emails().sent == 0  # backing off: not due yet

    app.config["MAIL_PORT"] = smtp.port
    mail.init_app(app)
    db.session.execute(
        sa.update(OutboxEmail).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db.session.commit()
    assert send_due_emails().sent == 3
    assert len(smtp.messages) == 3
    assert statuses() == [OutboxStatus.SENT] * 3


def test_gives_up_after_the_last_attempt(app, ctx):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=1)
    from forum.extensions import mail

    mail.init_app(app)
    try:
        queue(1)
        report = send_due_emails()
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25, MAIL_MAX_ATTEMPTS=8)
        mail.init_app(app)
    assert report.failed == 1
    assert statuses() == [OutboxStatus.FAILED]


def test_without_smtp_mail_is_written_to_the_folder(app, ctx, tmp_path):
    app.config["MAIL_FILE_DIR"] = str(tmp_path)
    queue(2)
    assert send_due_emails().sent == 2
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    assert "To: d0@example.org" in files[0].read_text()


def test_two_workers_never_send_one_email_twice(app, ctx, smtp):
    queue(40)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                barrier.wait()
                send_due_emails()
                db.session.remove()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    ids = [m["X-Forum-Outbox-Id"] for m in smtp.messages]
    assert len(ids) == 40
    assert len(set(ids)) == 40
    db.session.expire_all()
    assert statuses() == [OutboxStatus.SENT] * 40


def test_approval_email_carries_the_programme_as_a_calendar(ctx, smtp):
    from icalendar import Calendar

    from tests.agenda import helpers

    edition = factories.edition()
    helpers.session(edition, "Opening plenary", "09:00", "10:00")
    registration = factories.registration(edition, "ada@example.org")
    decide(registration, S.APPROVED, actor=factories.organiser(), now=datetime.now(UTC))
    db.session.commit()
    assert send_due_emails().sent == 1
    [message] = smtp.to("ada@example.org")
    files = [p for p in message.walk() if p.get_filename()]
    assert [p.get_filename() for p in files] == ["mayoral-forum-2018.ics", "badge.pdf"]
    attachment = files[0]
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Opening plenary"]
    assert "/sessions" in text_body(message)
