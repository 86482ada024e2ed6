"""The editions pages read in French and Spanish, the move preview included."""

from __future__ import annotations

import pytest

from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.conftest import Auth, csrf_token
from tests.seasons.test_settings import FORM


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "2 sessions gardent leur heure locale"), ("es", "2 sesiones conservan su hora local")],
)
def test_the_move_preview_speaks_the_organiser_s_language(app, client, lang, words):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        helpers.session(edition, "Opening", "09:00", "09:30")
        helpers.session(edition, "Closing", "17:00", "17:30")
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    client.get(f"/lang/{lang}")
    token = csrf_token(client.get("/admin/editions/5").get_data(as_text=True))
    data = {**FORM, "csrf_token": token, "starts_on": "2018-12-10", "ends_on": "2018-12-10"}
    html = client.post("/admin/editions/5", data=data).get_data(as_text=True)
    assert words in html
    assert client.get("/admin/editions/").status_code == 200
