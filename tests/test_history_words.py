"""A registration's history in words: each action labelled, each changed field by its label,
old → new, values by their labels (languages by name) in the viewer's language."""

from __future__ import annotations

import html
import re

from flask_babel import refresh

from forum.audit.services import record
from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth, csrf_token
from tests.test_change_requests import _edit


def _history(client, registration_id: int) -> str:
    page = client.get(f"/admin/registrations/{registration_id}").get_data(as_text=True)
    section = page[page.index('<ol class="audit">') :]
    section = section[: section.index("</ol>\n")]
    section = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", section)  # for readers
    text = html.unescape(re.sub(r"<[^>]+>", " ", section)).replace("\xa0", " ")
    return " ".join(text.split())


def test_the_history_names_fields_and_values_in_words(client, ctx):
    edition = factories.edition()
    factories.organiser()
    pending = factories.registration(edition, "p@example.org", S.PENDING, city=("Dakar", "SN"))
    pending.position_title, pending.languages = "Deputy director", ["en"]
    db.session.commit()
    link = f"/r/{private_link_token(pending)}"
    changes = {"position_title": "Director of migration", "languages": "fr", "city": "Dakar",
               "country": "SN", "category": "mayor"}  # fmt: skip
    assert _edit(client, link, **changes) == 302
    Auth(client).login(*factories.ORGANISER)
    page = client.get(f"/admin/registrations/{pending.id}").get_data(as_text=True)
    decided = {"csrf_token": csrf_token(page), "decision": "approved", "message": "Welcome"}
    client.post(f"/admin/registrations/{pending.id}/decide", data=decided)

    history = _history(client, pending.id)
    assert "Details changed" in history
    assert "Position: Deputy director → Director of migration" in history
    assert "Languages: English → French" in history
    assert "Approved" in history and "Status: Pending → Approved" in history
    assert not re.search(r"\b(registration|badge|signup)\.[a-z_]+", history), history
    assert "position_title" not in history and " fr " not in f" {history} "

    client.get("/lang/fr")
    refresh()  # the requests share the test's app context, where Babel keeps the locale
    french = _history(client, pending.id)
    assert "Détails modifiés" in french
    assert "Fonction : Deputy director → Director of migration" in french, french
    assert "anglais → français" in french


def test_older_and_unknown_records_are_still_shown_in_words(client, ctx):
    edition = factories.edition()
    factories.organiser()
    registration = factories.registration(edition, "o@example.org", S.PENDING)
    record("registration.updated", registration, actor=None, changed=["position_title"])
    record("registration.something_new", registration, actor=None)
    db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    history = _history(client, db.session.get_one(Registration, registration.id).id)
    assert "Details changed Position" in history.replace(" by the system", "")
    assert "Something new" in history
    assert "registration." not in history


def test_an_accepted_change_of_position_shows_old_and_new(client, ctx):
    edition = factories.edition()
    factories.organiser()
    approved = factories.registration(edition, "a@example.org", S.APPROVED, city=("Dakar", "SN"))
    approved.position_title, approved.languages = "Deputy director", ["en"]
    db.session.commit()
    changes = {"position_title": "Director of migration", "languages": "fr", "city": "Dakar",
               "country": "SN", "category": "mayor"}  # fmt: skip
    assert _edit(client, f"/r/{private_link_token(approved)}", **changes) == 302
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/registrations/{approved.id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    assert client.post(f"{url}/changes/accept", data={"csrf_token": token}).status_code == 302
    history = _history(client, approved.id)
    # The position waits for the organiser; the languages apply at once.
    assert "Details changed" in history and "Languages: English → French" in history
    asked = "Change asked for review by a Position: Deputy director → Director of migration"
    assert asked in history, history
    assert "Change accepted by org Position: Deputy director → Director of migration" in history
