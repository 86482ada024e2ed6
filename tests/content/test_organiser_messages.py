"""What organisers write to delegates (a decision's message, a declined change, a refused visa
letter) they write in each language the edition offers, side by side; each delegate receives
the text in their registration's language, else the default one, never an empty message."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.auth.models import User
from forum.errors import InvalidInput
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.mail.services import send_due_emails
from forum.registration.decisions import decide
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth, csrf_token
from tests.smtp import text_body

ENGLISH = "Welcome to Marrakech: the forum opens at 9:00."
FRENCH = "Bienvenue à Marrakech : le forum ouvre à 9 h."


@pytest.fixture
def delegates(app, client) -> dict[str, int]:
    """Pending delegates who registered in French, Spanish and English; an organiser."""
    with app.app_context():
        edition = factories.edition(capacity=10)
        factories.organiser()
        ids = {}
        for lang in ("fr", "es", "en"):
            row = factories.registration(edition, f"{lang}@example.org")
            row.user.preferred_locale = lang
            ids[lang] = row.id
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    return ids


def _bulk(client, ids: list[int], **message: str):
    token = csrf_token(client.get("/admin/registrations/").get_data(as_text=True))
    data = {"csrf_token": token, "ids": ids, "decision": "approved", **message}
    return client.post("/admin/registrations/bulk", data=data, follow_redirects=True)


def _sent_to(smtp, lang: str) -> str:
    [message] = smtp.to(f"{lang}@example.org")
    return text_body(message)


def test_the_bulk_form_offers_each_language_side_by_side_default_first(client, delegates):
    html = client.get("/admin/registrations/").get_data(as_text=True)
    bulk = html[html.index('class="bulk-actions"') :]
    assert re.findall(r'name="(message(?:_i18n-\w+)?)"', bulk) == [
        "message",
        "message_i18n-fr",
        "message_i18n-es",
    ]


def test_a_bulk_decision_sends_each_delegate_the_message_in_their_language(
    client, delegates, smtp, ctx
):
    ids = list(delegates.values())
    page = _bulk(client, ids, message=ENGLISH, **{"message_i18n-fr": FRENCH})
    assert "3 registrations are now approved." in page.get_data(as_text=True)
    assert send_due_emails().sent == 3
    french, spanish, english = (_sent_to(smtp, lang) for lang in ("fr", "es", "en"))
    assert FRENCH in french and ENGLISH not in french
    # No Spanish text was written: the Spanish delegate reads the default language's.
    assert ENGLISH in spanish and FRENCH not in spanish
    assert ENGLISH in english and FRENCH not in english
    assert "Message des organisateurs" in french  # the e-mail around it is French too


def test_the_html_part_names_the_language_of_a_message_that_fell_back(client, delegates, ctx):
    _bulk(client, [delegates["es"], delegates["fr"]], message=ENGLISH,
          **{"message_i18n-fr": FRENCH})  # fmt: skip
    mails = {m.recipient: m for m in db.session.scalars(sa.select(OutboxEmail))}
    assert f'lang="en" dir="auto">{ENGLISH}</blockquote>' in mails["es@example.org"].body_html
    assert 'lang="fr" dir="auto">Bienvenue' in mails["fr@example.org"].body_html


def test_a_message_written_in_french_only_still_reaches_everyone(client, delegates, ctx):
    _bulk(client, list(delegates.values()), message="", **{"message_i18n-fr": FRENCH})
    bodies = [m.body_text for m in db.session.scalars(sa.select(OutboxEmail))]
    assert len(bodies) == 3 and all(FRENCH in body for body in bodies)


def test_no_message_in_any_language_sends_none(client, delegates, ctx):
    _bulk(client, [delegates["es"]], message="", **{"message_i18n-fr": ""})
    [mail] = db.session.scalars(sa.select(OutboxEmail))
    assert "Message from the organisers" not in mail.body_text


def test_the_audit_trail_keeps_the_text_each_delegate_was_sent(client, delegates, ctx):
    _bulk(client, [delegates["fr"], delegates["es"]], message=ENGLISH,
          **{"message_i18n-fr": FRENCH})  # fmt: skip
    said = dict(
        db.session.execute(
            sa.select(AuditEvent.target_id, AuditEvent.details).where(
                AuditEvent.action == "registration.approved"
            )
        ).all()
    )
    assert said[delegates["fr"]]["message"] == FRENCH
    assert said[delegates["es"]]["message"] == ENGLISH


@pytest.mark.parametrize("field", ["message", "message_i18n-fr", "message_i18n-es"])
def test_control_characters_are_refused_in_any_language_and_nothing_happens(
    client, delegates, field, ctx
):
    message = {"message": ENGLISH, "message_i18n-fr": FRENCH, field: "Bien\x07venue"}
    page = _bulk(client, list(delegates.values()), **message).get_data(as_text=True)
    assert "invisible control characters" in page
    statuses = set(db.session.scalars(sa.select(Registration.status)))
    assert statuses == {S.PENDING}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0


def test_the_service_checks_each_language_whoever_calls_it(delegates, ctx):
    registration = db.session.get_one(Registration, delegates["fr"])
    organiser = db.session.scalars(
        sa.select(User).where(User.email == factories.ORGANISER[0])
    ).one()
    with pytest.raises(InvalidInput) as refused:
        decide(registration, S.APPROVED, actor=organiser, now=factories.NOW,
               message=ENGLISH, message_i18n={"fr": "x" * 2001})  # fmt: skip
    assert set(refused.value.problems) == {"message_i18n"}
    assert "2000 characters" in refused.value.problems["message_i18n"]
    # A language the edition does not offer is not kept, nor sent.
    registration.user.preferred_locale = "ar"
    decide(registration, S.APPROVED, actor=organiser, now=factories.NOW,
           message=ENGLISH, message_i18n={"ar": "مرحبا"})  # fmt: skip
    [mail] = db.session.scalars(sa.select(OutboxEmail))
    assert ENGLISH in mail.body_text and "مرحبا" not in mail.body_text


def test_one_decision_takes_the_message_in_each_language(client, delegates, ctx):
    url = f"/admin/registrations/{delegates['fr']}"
    html = client.get(url).get_data(as_text=True)
    assert 'name="message_i18n-fr"' in html and 'name="message_i18n-es"' in html
    data = {"csrf_token": csrf_token(html), "decision": "waitlisted", "message": ENGLISH,
            "message_i18n-fr": "Complet pour l’instant."}  # fmt: skip
    assert client.post(f"{url}/decide", data=data).status_code == 302
    [mail] = db.session.scalars(sa.select(OutboxEmail))
    assert (mail.template, mail.recipient) == ("waitlisted", "fr@example.org")
    assert "Complet pour l’instant." in mail.body_text and ENGLISH not in mail.body_text
    refused = client.post(f"{url}/decide", data={**data, "message_i18n-es": "a\x00b"})
    assert refused.status_code == 400
    assert "Spanish: Please remove the invisible control characters." in refused.get_data(
        as_text=True
    )
