"""Private links expire, can be replaced (ending the old ones), and follow a changed e-mail
address (issue 8.5)."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

from forum.audit.models import AuditEvent
from forum.auth.models import Role, User
from forum.auth.services import InvalidLink, magic_link_token, redeem_magic_link
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.mail.services import queue_email
from forum.registration.links import LinkState, private_link_token, read_private_link
from forum.registration.models import Registration
from tests import factories
from tests.conftest import Auth, csrf_token

ADA = "ada@example.org"


@pytest.fixture
def token(app: Flask) -> str:
    """The private-link token of Ada's registration."""
    with app.app_context():
        registration = factories.registration(factories.edition(), ADA)
        db.session.commit()
        return private_link_token(registration)


def press(client: FlaskClient, page_url: str, action: str, **data: str):
    """Press a button (or send a form) found on ``page_url``, with that page's CSRF token."""
    page = client.get(page_url).get_data(as_text=True)
    return client.post(action, data={"csrf_token": csrf_token(page), **data})


def mails(template: str) -> list[OutboxEmail]:
    rows = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id))
    return [row for row in rows if row.template == template]


def link_in(email: OutboxEmail, path: str = "/r/") -> str:
    [link] = re.findall(rf"http://localhost({re.escape(path)}\S+)", email.body_text)
    return link


def test_a_delegate_gets_a_new_link_that_ends_the_old_one(app, client, token):
    response = press(client, f"/r/{token}", f"/r/{token}/new-link")
    assert response.status_code == 200
    with app.app_context():
        [email] = mails("new_link")
        assert email.recipient == ADA
        new = link_in(email)
    assert new not in response.get_data(as_text=True)  # the new link goes by e-mail only
    old = client.get(f"/r/{token}")
    assert old.status_code == 410
    assert "no longer works" in old.get_data(as_text=True)
    assert ADA not in old.get_data(as_text=True)
    assert client.get(new).status_code == 200
    for page in (f"/r/{token}/edit", f"/agenda/my/{token}", f"/r/{token}/badge.pdf"):
        assert client.get(page).status_code == 404, page


def test_an_organiser_replaces_a_delegate_s_link_from_the_detail_page(app, client, token):
    with app.app_context():
        factories.organiser()
        registration_id = db.session.scalars(sa.select(Registration.id)).one()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    detail = f"/admin/registrations/{registration_id}"
    page = client.get(detail).get_data(as_text=True)
    assert "Send a new private link" in page
    csrf = re.search(r'id="new-link-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(f"{detail}/new-link", data={"csrf_token": csrf})
    assert response.headers["Location"] == detail
    assert client.get(f"/r/{token}").status_code == 410
    with app.app_context():
        [email] = mails("new_link")
        assert email.recipient == ADA
        assert (
            "registration.link_replaced" in db.session.scalars(sa.select(AuditEvent.action)).all()
        )
    assert client.get(link_in(email)).status_code == 200


def test_an_expired_link_offers_a_fresh_one_by_email_without_showing_the_address(
    app, client, token
):
    app.config["PRIVATE_LINK_MAX_AGE_DAYS"] = -1
    try:
        with app.app_context():
            assert read_private_link(token).state is LinkState.EXPIRED
        page = client.get(f"/r/{token}")
        assert page.status_code == 410
        assert ADA not in page.get_data(as_text=True)
        response = press(client, f"/r/{token}", f"/r/{token}/renew")
        assert response.status_code == 200
        assert ADA not in response.get_data(as_text=True)
    finally:
        app.config["PRIVATE_LINK_MAX_AGE_DAYS"] = 400
    with app.app_context():
        [email] = mails("new_link")
        assert email.recipient == ADA
    assert client.get(link_in(email)).status_code == 200


def test_a_replaced_link_can_ask_for_a_fresh_one_but_stays_dead(app, client, token):
    press(client, f"/r/{token}", f"/r/{token}/new-link")
    press(client, f"/r/{token}", f"/r/{token}/renew")
    with app.app_context():
        first, fresh = mails("new_link")
        assert fresh.recipient == ADA
    assert client.get(link_in(fresh)).status_code == 200
    assert client.get(link_in(first)).status_code == 200  # same version: both current
    assert client.get(f"/r/{token}").status_code == 410


def test_links_made_before_expiry_and_versions_open_the_renewal_page(app, client, token):
    with app.app_context():
        registration_id = db.session.scalars(sa.select(Registration.id)).one()
        legacy = URLSafeSerializer(
            app.config["SECRET_KEY"], salt="registration-private-link"
        ).dumps(registration_id)
    assert client.get(f"/r/{legacy}").status_code == 410
    assert client.get(f"/r/{legacy[:-2]}xx").status_code == 404
    assert client.get(f"/r/{token[:-2]}xx").status_code == 404


def test_changing_the_email_address_is_confirmed_from_the_new_inbox(app, client, token):
    with app.app_context():
        old_sign_in_link = magic_link_token(db.session.scalars(sa.select(User)).one())
    response = press(client, f"/r/{token}/email", f"/r/{token}/email", email="Ada@New.example")
    assert response.status_code == 200
    with app.app_context():
        [request] = mails("email_change")
        assert request.recipient == "ada@new.example"
        assert db.session.scalars(sa.select(User.email)).one() == ADA  # nothing changed yet
    confirm = link_in(request, "/email-change/")
    assert client.get(confirm).status_code == 200  # a GET (mail scanners) changes nothing
    with app.app_context():
        assert db.session.scalars(sa.select(User.email)).one() == ADA
    assert press(client, confirm, confirm).status_code == 200
    with app.app_context():
        assert db.session.scalars(sa.select(User.email)).one() == "ada@new.example"
        [new_link] = mails("new_link")
        [notice] = mails("email_changed")
        assert (new_link.recipient, notice.recipient) == ("ada@new.example", ADA)
        assert "/r/" not in notice.body_text
        with pytest.raises(InvalidLink):  # sign-in links sent to the old address are spent
            redeem_magic_link(old_sign_in_link)
    assert client.get(f"/r/{token}").status_code == 410
    assert client.get(link_in(new_link)).status_code == 200
    again = press(client, confirm, confirm)
    assert "already used" in again.get_data(as_text=True)


def test_an_address_used_by_another_account_is_refused(app, client, token):
    with app.app_context():
        factories.user("taken@example.org")
        db.session.commit()
    response = press(client, f"/r/{token}/email", f"/r/{token}/email", email="Taken@example.org")
    assert response.status_code == 200
    assert "already used by another account" in response.get_data(as_text=True)
    with app.app_context():
        assert mails("email_change") == []


def test_an_address_taken_before_the_confirmation_is_refused_then(app, client, token):
    press(client, f"/r/{token}/email", f"/r/{token}/email", email="ada@new.example")
    with app.app_context():
        [request] = mails("email_change")
        confirm = link_in(request, "/email-change/")
        factories.user("ada@new.example")
        db.session.commit()
    response = press(client, confirm, confirm)
    assert "already used by another account" in response.get_data(as_text=True)
    with app.app_context():
        emails = set(db.session.scalars(sa.select(User.email)))
    assert emails == {ADA, "ada@new.example"}
    assert client.get(f"/r/{token}").status_code == 200  # nothing changed


def test_the_address_of_a_staff_account_never_moves_through_a_private_link(app, client):
    with app.app_context():
        registration = factories.registration(factories.edition(), factories.STAFF[0])
        factories.staff()  # the same account, now with the staff role
        assert registration.user.role is Role.STAFF
        db.session.commit()
        token = private_link_token(registration)
    response = press(client, f"/r/{token}/email", f"/r/{token}/email", email="new@example.org")
    assert "organisers change the address" in response.get_data(as_text=True)
    with app.app_context():
        assert mails("email_change") == []


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_the_new_mails_are_written_in_the_delegate_s_language(ctx, locale):
    registration = factories.registration(factories.edition(), ADA)
    mails_for = {
        "new_link": {"reason": "replaced", "link": "http://localhost/r/x"},
        "email_change": {"link": "http://localhost/email-change/x"},
        "email_changed": {},
    }
    for template, context in mails_for.items():
        english, translated = (
            queue_email(
                ADA,
                template,
                locale=language,
                registration=registration,
                edition=registration.edition,
                **context,
            )
            for language in ("en", locale)
        )
        assert translated.subject != english.subject, template
        assert translated.body_text != english.body_text, template
        assert translated.body_html != english.body_html, template


def test_new_links_asked_for_at_once_make_one_new_link(app, token):
    racers = [app.test_client() for _ in range(6)]
    tokens = [csrf_token(r.get(f"/r/{token}").get_data(as_text=True)) for r in racers]
    barrier, statuses = threading.Barrier(len(racers)), []

    def press_at_once(index: int) -> None:
        barrier.wait()
        response = racers[index].post(f"/r/{token}/new-link", data={"csrf_token": tokens[index]})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=press_at_once, args=(i,)) for i in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # The first press ends the link the others hold: they are refused (302 back to the page,
    # checked inside the lock) or find the link gone (404); one new link, one e-mail.
    with app.app_context():
        version = db.session.scalars(sa.select(Registration.link_version)).one()
        sent = [link_in(email) for email in mails("new_link")]
    assert statuses.count(200) == 1
    assert set(statuses) - {200} <= {302, 404}
    assert (version, len(sent)) == (1, 1)
    assert read_version(app, sent[0]) == 1
    assert app.test_client().get(sent[0]).status_code == 200


def read_version(app: Flask, link: str) -> int:
    """The link version a private-link path carries."""
    with app.app_context():
        return int(
            URLSafeTimedSerializer(
                app.config["SECRET_KEY"], salt="registration-private-link"
            ).loads(link.removeprefix("/r/"))[1]
        )
