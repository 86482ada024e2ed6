"""French e-mails keep French typography: a no-break space before a colon (issue 11.18)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale

from forum.extensions import db
from forum.mail.services import queue_email, send_due_emails
from tests import factories
from tests.agenda import helpers
from tests.conftest import csrf_token
from tests.smtp import text_body

MAIL_DIR = Path(__file__).resolve().parent.parent / "templates" / "mail"
# A space that breaks before : ; ? ! (or none at all), outside URLs and clock times.
BAD_FRENCH = re.compile(r"(?: [:;?!])|(?:(?<![\s\u00a0\u202f\d])[:;?!](?!//|\d))")


def french_problems(text: str) -> list[str]:
    """The lines of ``text`` that break French typography."""
    return [line for line in text.splitlines() if BAD_FRENCH.search(line)]


def test_the_checker_catches_both_mistakes():
    assert french_problems("Ouvrir mon inscription :") and french_problems("Lieu: Atlas")
    assert not french_problems("Lieu\u00a0: http://x.example/a, à 09:30\u202f; oui\u202f!")


def test_a_french_sign_in_mail_has_a_no_break_space_before_its_colons(app, client, smtp):
    with app.app_context():
        factories.registration(
            factories.edition(), "amelie@example.org"
        ).user.preferred_locale = "fr"
        db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login/link", data={"csrf_token": csrf_token(page), "email": "amelie@example.org"})
    with app.app_context():
        send_due_emails()
    [message] = smtp.to("amelie@example.org")
    text = text_body(message)
    assert "Me connecter\u00a0:" in text
    assert french_problems(text) == []


@pytest.mark.parametrize("template", sorted(p.name for p in MAIL_DIR.glob("*.txt")))
def test_every_french_plain_text_mail_keeps_french_typography(app, ctx, template):
    edition = factories.edition()
    registration = factories.registration(edition, "amelie@example.org")
    session = helpers.session(edition, room=helpers.room(edition))
    endorsement = SimpleNamespace(city=registration.city, signatory_name="A", signatory_title="B")
    update = SimpleNamespace(status="in_progress", reported_on=date(2019, 5, 1), percent=40)
    entry = SimpleNamespace(
        title="Eau", kind="doing", theme=SimpleNamespace(title="Thème"), latest_update=update
    )
    progress = {
        "lines": [SimpleNamespace(entry=entry, staleness="green")],
        "kind_labels": {"doing": "Action en cours"},
        "progress_labels": {"in_progress": "En cours"},
        "staleness_labels": {"green": "À jour"},
    }
    with app.test_request_context(), force_locale("fr"):
        text = render_template(
            f"mail/{template}",
            registration=registration,
            edition=edition,
            link="https://forum.example/r/abc",
            programme_link="https://forum.example/r/abc/sessions",
            message="Bonjour",
            reason="replaced",
            expires_at=datetime(2018, 12, 1, 9, 30, tzinfo=UTC),
            kinds=["moved"],
            session=session,
            endorsement=endorsement,
            city=registration.city,
            name="Amélie",
            reminder=True,
            **progress,
        )
    assert french_problems(text) == []


def test_the_approval_mail_says_what_is_attached_in_a_paragraph_of_its_own(app, ctx):
    edition = factories.edition()
    registration = factories.registration(edition, "amelie@example.org")
    with app.test_request_context():
        text = render_template(
            "mail/approved.txt",
            registration=registration,
            edition=edition,
            link="https://forum.example/r/abc",
            programme_link="https://forum.example/r/abc/sessions",
        )
    # Not glued to the link above it, where a mail client would read it as the link's text.
    assert "https://forum.example/r/abc/sessions\n\nYour badge (PDF)" in text


def test_an_error_summary_never_doubles_punctuation(client, app):
    with app.app_context():
        factories.edition(
            registration_opens_at=datetime(2018, 1, 1, tzinfo=UTC),
            registration_closes_at=datetime(2099, 1, 1, tzinfo=UTC),
        )
        db.session.commit()
    page = client.get("/register").get_data(as_text=True)
    answer = client.post("/register", data={"csrf_token": csrf_token(page)}).get_data(as_text=True)
    assert "error-summary" in answer
    assert not re.search(r"[.!?]\s*:", answer)


def test_a_french_subject_keeps_its_no_break_space(app, ctx):
    edition = factories.edition()
    registration = factories.registration(edition, "amelie@example.org")
    email = queue_email(
        "amelie@example.org",
        "place_offered",
        locale="fr",
        registration=registration,
        edition=edition,
        link="https://forum.example/r/abc",
        expires_at=datetime(2018, 12, 1, 9, 30, tzinfo=UTC),
    )
    assert email.subject == "Une place vous est offerte\u00a0: Marrakech 2018"
