"""Asking cities for progress updates: one e-mail per city and contact, the city's private
link (scoped, expiring, replaced by a newer request), reminders sent once, answers recorded."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from forum.commitments.access import Editor
from forum.commitments.followup import ask, plan, send_reminders
from forum.commitments.followup_models import ProgressRequest
from forum.commitments.models import ProgressUpdate
from forum.db import utcnow
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.mail.services import send_due_emails
from tests import factories
from tests.commitments.helpers import delegate, entry, organiser_user, progress
from tests.conftest import Auth, csrf_token
from tests.smtp import text_body


def _two_cities(edition):
    """Freetown with two open entries naming its deputy as contact, and a fulfilled one; Milan
    with one open entry and no contact (its delegates are written to)."""
    mayor = delegate(edition)
    second = delegate(edition, "deputy@example.org")
    entry(edition, mayor, published=True, title="Newcomer survey", contact_id=second.id)
    entry(edition, mayor, published=True, title="Welcome desk", kind="doing", contact_id=second.id)
    done = entry(edition, mayor, published=True, title="Done already")
    progress(done, Editor(user=mayor.user, registration=mayor), date(2018, 11, 1), "fulfilled")
    milan = delegate(edition, "sindaco@example.org", city=("Milan", "IT"))
    entry(edition, milan, published=True, title="Housing for arrivals")
    return mayor, second, milan


def _outbox() -> list[OutboxEmail]:
    return list(db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.recipient)))


def _link(email: OutboxEmail) -> str:
    match = re.search(r"https?://\S+/commitments/update/\S+", email.body_text)
    assert match, email.body_text
    return match.group(0)


def test_the_preview_counts_cities_and_e_mails_before_anything_is_sent(ctx):
    edition = factories.edition()
    _two_cities(edition)
    plans = plan(edition)
    assert [(p.city.name, len(p.entries)) for p in plans] == [("Freetown", 2), ("Milan", 1)]
    assert [[r["email"] for r in p.recipients] for p in plans] == [
        ["deputy@example.org"],
        ["sindaco@example.org"],
    ]
    assert _outbox() == []


def test_an_entry_without_a_contact_brings_in_the_city_delegates(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    deputy = delegate(edition, "deputy@example.org")
    factories.registration(edition, "waiting@example.org")  # not approved: not written to
    entry(edition, mayor, published=True, title="Named", contact_id=deputy.id)
    entry(edition, mayor, published=True, title="Nobody named")
    (one,) = plan(edition)
    assert [r["email"] for r in one.recipients] == ["deputy@example.org", "mayor@example.org"]


def test_one_e_mail_per_city_lists_its_open_entries_with_progress_and_one_link(ctx):
    edition = factories.edition()
    _two_cities(edition)
    made = ask(edition, actor=organiser_user(), now=utcnow())
    db.session.commit()
    assert len(made) == 2
    freetown, milan = (e for e in _outbox())
    assert freetown.recipient == "deputy@example.org"
    assert "Newcomer survey" in freetown.body_text and "Welcome desk" in freetown.body_text
    assert "Done already" not in freetown.body_text  # fulfilled: not open any more
    assert "Housing for arrivals" not in freetown.body_text
    assert "No progress reported yet." in freetown.body_text
    assert "No update for over two years" in freetown.body_text  # published in 2018
    assert "Freetown" in freetown.subject
    assert milan.recipient == "sindaco@example.org" and "Housing for arrivals" in milan.body_text
    assert _link(freetown) != _link(milan)
    assert _link(freetown) in freetown.body_html


def test_the_link_opens_the_city_entries_and_records_an_update(app, client):
    with app.app_context():
        edition = factories.edition()
        _two_cities(edition)
        ask(edition, actor=organiser_user(), now=utcnow())
        db.session.commit()
        link = re.sub(r"^https?://[^/]+", "", _link(_outbox()[0]))
        survey = _entry_id("Newcomer survey")
        housing = _entry_id("Housing for arrivals")
    page = client.get(link).get_data(as_text=True)
    assert "Newcomer survey" in page and "Housing for arrivals" not in page
    form = {
        f"c{survey}-csrf_token": _prefixed_token(page, survey),
        f"c{survey}-reported_on": utcnow().date().isoformat(),
        f"c{survey}-status": "in_progress",
        f"c{survey}-percent": "40",
        f"c{survey}-narrative": "Half the districts surveyed.",
        f"c{survey}-evidence_url": "https://example.org/survey",
    }
    response = client.post(f"{link}/{survey}", data=form)
    assert response.status_code == 302
    # Another city's entry through this link: refused, nothing recorded.
    other = {k.replace(f"c{survey}", f"c{housing}"): v for k, v in form.items()}
    refused = client.post(f"{link}/{housing}", data=other).get_data(as_text=True)
    assert "another city" in refused
    # A bad evidence link is a field error, not a 500.
    form[f"c{survey}-evidence_url"] = "javascript:alert(1)"
    shown = client.post(f"{link}/{survey}", data=form)
    assert shown.status_code == 200 and "http://" in shown.get_data(as_text=True)
    with app.app_context():
        updates = db.session.scalars(sa.select(ProgressUpdate)).all()
        # The fulfilled entry's update, and the one sent through the link.
        assert sorted(u.percent or 0 for u in updates) == [0, 40]
        request = db.session.scalars(
            sa.select(ProgressRequest).where(ProgressRequest.answered_at.is_not(None))
        ).one()
        assert request.city.name == "Freetown"


def test_the_link_refuses_an_entry_that_does_not_exist_without_an_error_page(app, client):
    with app.app_context():
        edition = factories.edition()
        _two_cities(edition)
        ask(edition, actor=organiser_user(), now=utcnow())
        db.session.commit()
        link = re.sub(r"^https?://[^/]+", "", _link(_outbox()[0]))
        survey = _entry_id("Newcomer survey")
    page = client.get(link).get_data(as_text=True)
    missing = 987654
    form = {
        f"c{missing}-csrf_token": _prefixed_token(page, survey),
        f"c{missing}-reported_on": utcnow().date().isoformat(),
        f"c{missing}-status": "in_progress",
        f"c{missing}-percent": "40",
    }
    refused = client.post(f"{link}/{missing}", data=form)
    assert refused.status_code == 200
    assert "another city" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressUpdate)) == 1


def _prefixed_token(page: str, commitment_id: int) -> str:
    match = re.search(rf'name="c{commitment_id}-csrf_token"[^>]*value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def _entry_id(title: str) -> int:
    from forum.commitments.models import Commitment

    return db.session.scalar(sa.select(Commitment.id).where(Commitment.title == title))


def test_an_expired_or_replaced_or_forged_link_is_refused_with_a_clear_page(app, client):
    with app.app_context():
        edition = factories.edition()
        _two_cities(edition)
        ask(edition, actor=organiser_user(), now=utcnow() - timedelta(days=61))
        db.session.commit()
        old = re.sub(r"^https?://[^/]+", "", _link(_outbox()[0]))
    expired = client.get(old)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True)
    with app.app_context():
        db.session.execute(sa.delete(OutboxEmail))
        db.session.execute(sa.update(ProgressRequest).values(expires_at=utcnow() + timedelta(1)))
        ask(factories_edition(), actor=organiser_user(), now=utcnow())
        db.session.commit()
        new = re.sub(r"^https?://[^/]+", "", _link(_outbox()[0]))
    replaced = client.get(old)
    assert replaced.status_code == 410 and "newer request" in replaced.get_data(as_text=True)
    assert client.get(new).status_code == 200
    assert client.get(new[:-3] + "abc").status_code == 404


def factories_edition():
    from forum.editions.services import current_edition

    return current_edition()


def test_reminders_go_once_to_cities_that_have_not_answered(ctx, runner):
    edition = factories.edition()
    mayor, _second, _milan = _two_cities(edition)
    asked = utcnow() - timedelta(days=20)
    ask(edition, actor=organiser_user(), now=asked)
    db.session.commit()
    # Freetown answers through its delegate page: no reminder for it.
    survey = _entry_id("Newcomer survey")
    from forum.commitments.checks import ProgressInput
    from forum.commitments.updates import add_progress

    add_progress(
        survey,
        ProgressInput(reported_on=utcnow().date(), status="planning"),
        editor=Editor(user=mayor.user, registration=mayor),
        now=utcnow(),
    )
    db.session.execute(sa.delete(OutboxEmail))
    db.session.commit()
    assert send_reminders(now=utcnow(), after_days=30, actor=None) == 0  # not due yet
    result = runner.invoke(args=["forum", "commitment-reminders"])
    assert result.exit_code == 0 and "1 reminder(s) sent." in result.output
    db.session.expire_all()
    (reminder,) = _outbox()
    assert reminder.recipient == "sindaco@example.org" and "Reminder" in reminder.subject
    assert "Housing for arrivals" in reminder.body_text
    again = runner.invoke(args=["forum", "commitment-reminders"])
    assert "0 reminder(s) sent." in again.output
    rows = {r.city.name: r for r in db.session.scalars(sa.select(ProgressRequest))}
    assert rows["Milan"].reminded_at is not None and rows["Milan"].answered_at is None
    assert rows["Freetown"].reminded_at is None and rows["Freetown"].answered_at is not None


def test_the_organisers_page_previews_asks_and_lists_each_city(app, client, smtp):
    with app.app_context():
        edition = factories.edition()
        _two_cities(edition)
        organiser_user()
        db.session.commit()
        number = edition.number
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/commitments/followup").get_data(as_text=True)
    assert "2 cities have open commitments" in page and "2 e-mails would be sent" in page
    response = client.post(
        "/admin/commitments/followup/ask",
        data={"csrf_token": csrf_token(page), "edition": str(number)},
    )
    assert response.status_code == 302
    listed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 cities asked." in listed and "Milan" in listed and "Not yet" in listed
    # Minutes later the page says so: nothing would be sent, both cities are left out.
    assert "0 e-mails would be sent" in listed
    assert "2 cities were asked less than ten minutes ago and are left out" in listed
    reminded = client.post(
        "/admin/commitments/followup/remind",
        data={"csrf_token": csrf_token(listed), "edition": str(number)},
        follow_redirects=True,
    )
    said = reminded.get_data(as_text=True)  # asked today: not due
    assert "No reminder was due: every city asked over 14 days ago has answered" in said
    with app.app_context():
        assert len(_outbox()) == 2
        assert send_due_emails().sent == 2
    (milan,) = smtp.to("sindaco@example.org")
    assert "Milan" in milan["Subject"]
    body = text_body(milan)
    assert "Housing for arrivals" in body and "/commitments/update/" in body
    assert smtp.to("mayor@example.org") == []  # Freetown's entries name its deputy
