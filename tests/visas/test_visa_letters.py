"""Visa invitation letters (issue 16.3): the request's rules, passport data sealed at rest,
the organiser's decision, the letter a consulate can check, and deletion after the forum."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.audit.models import AuditEvent
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from forum.visas.models import VisaRequest, VisaStatus
from forum.visas.services import delete_expired_passport_data
from tests import factories
from tests.conftest import csrf_token
from tests.pdf_reading import decode_qr_codes, pdf_lines

NUMBER = "X7Q2049381"
PASSPORT = {
    "passport_name": "Aminata Kamara Sesay",
    "nationality": "SL",
    "passport_number": "x7q 204-9381",
    "passport_expiry": "2031-05-30",
    "birth_date": "1971-03-14",
    "consulate": "Freetown, Sierra Leone",
}


@pytest.fixture
def delegate(app: Flask) -> dict[str, object]:
    """An approved mayor of a coming edition, and an organiser."""
    with app.app_context():
        edition = factories.edition(starts_on=date(2027, 12, 8), ends_on=date(2027, 12, 9))
        registration = factories.registration(edition, "mayor@freetown.example", S.APPROVED)
        other = factories.registration(edition, "other@example.org", S.APPROVED)
        factories.organiser()
        db.session.commit()
        return {
            "token": private_link_token(registration),
            "other_token": private_link_token(other),
            "registration_id": registration.id,
        }


def ask(client, token: str, **changes: str):
    page = client.get(f"/r/{token}/visa")
    assert page.status_code == 200
    data = PASSPORT | changes | {"csrf_token": csrf_token(page.get_data(as_text=True))}
    return client.post(f"/r/{token}/visa", data=data)


def the_request() -> VisaRequest:
    return db.session.scalars(sa.select(VisaRequest)).one()


def as_organiser(client, auth) -> None:
    auth.login(*factories.ORGANISER)


def decide(client, visa_id: int, action: str, **data: str):
    page = client.get(f"/admin/visas/{visa_id}").get_data(as_text=True)
    return client.post(
        f"/admin/visas/{visa_id}/{action}", data={"csrf_token": csrf_token(page), **data}
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("passport_number", "AB1", "5 to 20 letters and digits"),
        ("passport_number", "AB12345<script>", "5 to 20 letters and digits"),
        ("passport_expiry", "2027-12-01", "valid until the forum ends"),
        ("passport_expiry", "2099-01-01", "20 years at most"),
        ("birth_date", "1850-01-01", "Check your date of birth"),
        ("nationality", "XX", "Not a valid choice"),
        ("passport_name", "Aminata\x00Kamara", "control characters"),
        ("consulate", "", "required"),
    ],
)
def test_a_wrong_detail_is_refused_on_its_field_and_nothing_is_stored(
    client, delegate, ctx, field, value, message
):
    answer = ask(client, delegate["token"], **{field: value})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VisaRequest)) == 0


def test_the_database_holds_no_plain_passport_details(client, delegate, ctx):
    answer = ask(client, delegate["token"])
    assert answer.status_code == 302
    row = db.session.execute(sa.text("SELECT * FROM visa_requests")).mappings().one()
    stored = " ".join(str(value) for value in row.values())
    for secret in (NUMBER, "1971-03-14", "2031-05-30", "Freetown, Sierra Leone"):
        assert secret not in stored
    assert row["holder_name"] == "Aminata Kamara Sesay"
    assert the_request().status is VisaStatus.REQUESTED


def test_organisers_see_the_passport_number_masked(client, auth, delegate, ctx):
    ask(client, delegate["token"])
    as_organiser(client, auth)
    page = client.get(f"/admin/visas/{the_request().id}").get_data(as_text=True)
    assert "•••••••381" in page
    assert NUMBER not in page
    assert "1971-03-14" not in page and "1971" in page


def test_a_letter_is_issued_only_for_an_approved_registration(client, auth, delegate, ctx):
    ask(client, delegate["token"])
    registration = the_request().registration
    registration.status = S.PENDING
    db.session.commit()
    as_organiser(client, auth)
    answer = decide(client, the_request().id, "approve")
    assert "Approve the registration before issuing a letter" in client.get(
        answer.location
    ).get_data(as_text=True)
    db.session.expire_all()
    assert the_request().status is VisaStatus.REQUESTED
    assert the_request().code is None


def test_approving_mails_a_letter_whose_text_and_qr_a_consulate_can_check(
    app, client, auth, delegate, ctx
):
    ask(client, delegate["token"])
    as_organiser(client, auth)
    visa_id = the_request().id
    decide(client, visa_id, "approve")
    decide(client, visa_id, "approve")  # a second click issues nothing more
    db.session.expire_all()
    visa = the_request()
    assert visa.status is VisaStatus.APPROVED and len(visa.code or "") == 12
    mails = db.session.scalars(sa.select(OutboxEmail).where(OutboxEmail.template == "visa_letter"))
    (mail,) = mails.all()
    (attachment,) = mail.attachments
    pdf = base64.b64decode(attachment["data"])
    text = " ".join(pdf_lines(pdf))
    for expected in ("Aminata Kamara Sesay", NUMBER, "Sierra Leone", "March 14, 1971"):
        assert expected in text, text
    verify_url = f"{app.config['PUBLIC_BASE_URL']}/visa-letters/verify/{visa.code}"
    assert decode_qr_codes(pdf) == [verify_url]
    assert visa.code[:4] + "-" + visa.code[4:8] in text
    events = [e.action for e in db.session.scalars(sa.select(AuditEvent))]
    assert events.count("visa_letter.approved") == 1


def test_the_check_page_confirms_name_nationality_and_dates_and_nothing_more(
    client, auth, delegate, ctx
):
    ask(client, delegate["token"])
    as_organiser(client, auth)
    decide(client, the_request().id, "approve")
    db.session.expire_all()
    code = the_request().code
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    answer = client.get(f"/visa-letters/verify?code={typed}", follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "This letter is genuine" in page
    assert "Aminata Kamara Sesay" in page and "Sierra Leone" in page
    assert "December 8, 2027" in page
    for private in (NUMBER, "381", "1971", "Freetown, Sierra Leone", "mayor@freetown.example"):
        assert private not in page


def test_an_unknown_code_and_a_revoked_letter_say_so(client, auth, delegate, ctx):
    unknown = client.get("/visa-letters/verify/ZZZZZZZZZZZZ")
    assert unknown.status_code == 404
    assert "No letter has this code" in unknown.get_data(as_text=True)
    ask(client, delegate["token"])
    as_organiser(client, auth)
    visa_id = the_request().id
    decide(client, visa_id, "approve")
    decide(client, visa_id, "revoke")
    db.session.expire_all()
    revoked = client.get(f"/visa-letters/verify/{the_request().code}")
    page = revoked.get_data(as_text=True)
    assert revoked.status_code == 200
    assert "This letter was revoked" in page
    assert "Aminata" not in page


def test_a_refusal_gives_the_reason_and_the_delegate_may_ask_again(client, auth, delegate, ctx):
    ask(client, delegate["token"])
    as_organiser(client, auth)
    decide(client, the_request().id, "refuse", reason="The passport expires too soon.")
    db.session.expire_all()
    assert the_request().status is VisaStatus.REFUSED
    mail = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.template == "visa_refused")
    ).one()
    assert "The passport expires too soon." in mail.body_text
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    assert ask(client, delegate["token"], passport_expiry="2032-01-01").status_code == 302
    db.session.expire_all()
    assert the_request().status is VisaStatus.REQUESTED


def test_passport_details_are_deleted_after_the_retention_period(app, client, delegate, ctx):
    ask(client, delegate["token"])
    visa = the_request()
    ends = visa.registration.edition.ends_on
    kept = datetime.combine(ends, datetime.min.time(), tzinfo=UTC) + timedelta(days=29)
    visa.registration.edition.registration_closes_at = kept - timedelta(days=40)
    db.session.commit()
    assert delete_expired_passport_data(now=kept) == 0
    db.session.commit()
    assert the_request().sealed_passport is not None
    late = kept + timedelta(days=3)
    assert delete_expired_passport_data(now=late) == 1
    db.session.commit()
    db.session.expire_all()
    visa = the_request()
    assert visa.sealed_passport is None and visa.passport_deleted_at == late
    assert visa.holder_name == "Aminata Kamara Sesay"
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent))]
    assert "visa_letter.passport_data_deleted" in actions
    assert delete_expired_passport_data(now=late) == 0


def test_an_edition_whose_registration_never_closed_keeps_its_requests(app, client, delegate, ctx):
    ask(client, delegate["token"])
    long_after = datetime(2099, 1, 1, tzinfo=UTC)
    assert delete_expired_passport_data(now=long_after) == 0


def test_a_forum_that_is_over_takes_no_more_requests(client, delegate, ctx):
    registration = db.session.get(Registration, delegate["registration_id"])
    registration.edition.starts_on = registration.edition.ends_on = date(2019, 1, 10)
    registration.edition.registration_closes_at = datetime(2019, 1, 1, tzinfo=UTC)
    db.session.commit()
    answer = ask(client, delegate["token"])
    assert "This forum is over: letters are no longer issued." in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VisaRequest)) == 0


def test_the_worker_deletes_expired_passport_details(app, client, runner, delegate, ctx):
    ask(client, delegate["token"])
    edition = the_request().registration.edition
    edition.registration_closes_at = datetime(2026, 1, 1, tzinfo=UTC)  # before today
    db.session.commit()
    app.config["VISA_DATA_RETENTION_DAYS"] = -10_000  # every edition is long over
    try:
        result = runner.invoke(args=["forum", "worker", "--once"])
    finally:
        app.config["VISA_DATA_RETENTION_DAYS"] = 30
    assert "passport details deleted 1" in result.output
    db.session.expire_all()
    assert the_request().sealed_passport is None


def test_nobody_else_sees_a_delegates_letter(client, auth, delegate, ctx):
    ask(client, delegate["token"])
    as_organiser(client, auth)
    decide(client, the_request().id, "approve")
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    own = client.get(f"/r/{delegate['token']}/visa/letter.pdf")
    assert own.status_code == 200 and own.mimetype == "application/pdf"
    other = client.get(f"/r/{delegate['other_token']}/visa")
    assert "Aminata" not in other.get_data(as_text=True)
    assert client.get(f"/r/{delegate['other_token']}/visa/letter.pdf").status_code == 404
    assert client.get("/r/not-a-token/visa").status_code == 404
    assert client.get(f"/admin/visas/{the_request().id}").status_code in {302, 403}


def test_the_letter_speaks_the_delegates_language(client, auth, delegate, ctx):
    ask(client, delegate["token"])
    the_request().registration.user.preferred_locale = "fr"
    db.session.commit()
    as_organiser(client, auth)
    decide(client, the_request().id, "approve")
    mail = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.template == "visa_letter")
    ).one()
    text = " ".join(pdf_lines(base64.b64decode(mail.attachments[0]["data"])))
    assert "Lettre d’invitation" in text
    assert "14 mars 1971" in text and "Sierra Leone" in text
    assert "Votre lettre d’invitation" in mail.subject


def test_production_refuses_the_published_development_key():
    from config import DEVELOPMENT_VISA_KEY, production_problems

    base = {
        "SECRET_KEY": "k" * 8 + "0123456789abcdefghijklmnopqrstuv",
        "PUBLIC_BASE_URL": "https://f.example",
    }
    assert production_problems(base) == []
    assert any(
        "VISA_DATA_KEY" in problem
        for problem in production_problems(base | {"VISA_DATA_KEY": DEVELOPMENT_VISA_KEY})
    )
