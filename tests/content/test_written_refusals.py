"""A declined change and a refused visa letter: the organiser says why in each language, the
delegate reads it in theirs (e-mail and private page), falling back to the default one."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from forum.visas.models import VisaRequest, VisaStatus
from tests import factories
from tests.conftest import Auth, csrf_token
from tests.visas.helpers import visa_request

REASON = "The passport expires too soon."
RAISON = "Le passeport expire trop tôt."


@pytest.fixture
def people(app, client) -> dict[str, object]:
    """Approved delegates who registered in French and in Spanish, each with a visa request
    and a change of city waiting for review; an organiser signed in."""
    with app.app_context():
        edition = factories.edition(starts_on=date(2027, 12, 8), ends_on=date(2027, 12, 9))
        factories.organiser()
        ids: dict[str, object] = {}
        for lang in ("fr", "es"):
            row = factories.registration(edition, f"{lang}@example.org", S.APPROVED)
            row.user.preferred_locale = lang
            row.pending_changes = {"city_name": "Helsinki", "country_code": "FI"}
            ids[lang] = row.id
            ids[f"{lang}-visa"] = visa_request(row).id
            ids[f"{lang}-link"] = f"/r/{private_link_token(row)}"
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    return ids


def _post(client, page_url: str, action_url: str, data: dict[str, str]):
    token = csrf_token(client.get(page_url).get_data(as_text=True))
    return client.post(action_url, data={"csrf_token": token, **data})


def _mail(template: str, recipient: str) -> OutboxEmail:
    return db.session.scalars(
        sa.select(OutboxEmail).where(
            OutboxEmail.template == template, OutboxEmail.recipient == recipient
        )
    ).one()


def test_a_declined_change_is_explained_in_the_delegate_s_language(client, people, ctx):
    said = {"message": "We checked with Helsinki.", "message_i18n-fr": "Helsinki a répondu non."}
    for lang in ("fr", "es"):
        url = f"/admin/registrations/{people[lang]}"
        html = client.get(url).get_data(as_text=True)
        assert 'id="review-message_i18n-fr"' in html and 'id="message_i18n-fr"' in html
        assert _post(client, url, f"{url}/changes/decline", said).status_code == 302
    assert "Helsinki a répondu non." in _mail("changes_declined", "fr@example.org").body_text
    spanish = _mail("changes_declined", "es@example.org").body_text
    assert "We checked with Helsinki." in spanish and "répondu" not in spanish
    assert db.session.get_one(Registration, people["fr"]).city.name == "Freetown"


def _refuse(client, visa_id: object, **data: str):
    url = f"/admin/visas/{visa_id}"
    return _post(client, url, f"{url}/refuse", data)


def test_a_refused_letter_gives_the_reason_in_the_delegate_s_language(client, people, ctx):
    for lang in ("fr", "es"):
        html = client.get(f"/admin/visas/{people[f'{lang}-visa']}").get_data(as_text=True)
        assert 'name="reason_i18n-fr"' in html and 'name="reason_i18n-es"' in html
        _refuse(client, people[f"{lang}-visa"], reason=REASON, **{"reason_i18n-fr": RAISON})
    visa = db.session.get_one(VisaRequest, people["fr-visa"])
    assert (visa.status, visa.refusal_reason, visa.refusal_reason_i18n) == (
        VisaStatus.REFUSED, REASON, {"fr": RAISON},
    )  # fmt: skip
    assert RAISON in _mail("visa_refused", "fr@example.org").body_text
    assert REASON in _mail("visa_refused", "es@example.org").body_text
    admin = client.get(f"/admin/visas/{people['fr-visa']}").get_data(as_text=True)
    assert "Reason given in French" in admin and RAISON in admin
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    french = client.get(f"{people['fr-link']}/visa").get_data(as_text=True)
    assert f'<dd class="prewrap">{RAISON}</dd>' in french and REASON not in french
    spanish = client.get(f"{people['es-link']}/visa").get_data(as_text=True)
    # Untranslated: the default language's reason, marked as English for screen readers.
    assert f'<dd class="prewrap" lang="en">{REASON}</dd>' in spanish


def test_a_reason_needs_its_default_language_and_no_control_characters(client, people, ctx):
    _refuse(client, people["fr-visa"], reason="", **{"reason_i18n-fr": RAISON})
    _refuse(client, people["fr-visa"], reason=REASON, **{"reason_i18n-es": "Pasa\x1bporte"})
    db.session.expire_all()
    visa = db.session.get_one(VisaRequest, people["fr-visa"])
    assert (visa.status, visa.refusal_reason_i18n) == (VisaStatus.REQUESTED, {})
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxEmail).where(
            OutboxEmail.template == "visa_refused"
        )
    ) == 0  # fmt: skip
