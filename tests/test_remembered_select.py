"""Long selects keep their options' HTML: the chosen one is still the one marked, and
labels are still escaped."""

from __future__ import annotations

import re

from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from forum.extensions import db
from forum.forms import RememberedSelect
from tests import factories
from tests.conftest import csrf_token


class Pick(Form):
    country = SelectField(
        choices=[SelectChoice("MA", "Morocco"), SelectChoice("SL", "Sierra Leone"),
                 SelectChoice("X", "<b>&")],
        widget=RememberedSelect(),
    )  # fmt: skip


def selected(html: str) -> list[str]:
    return re.findall(r'<option selected value="([^"]*)"', html)


def test_each_rendering_marks_its_own_choice():
    first = str(Pick(data={"country": "MA"}).country())
    second = str(Pick(data={"country": "SL"}).country())
    third = str(Pick(data={"country": "MA"}).country())
    assert (selected(first), selected(second), selected(third)) == (["MA"], ["SL"], ["MA"])
    assert first == third


def test_labels_are_escaped():
    html = str(Pick(data={"country": "X"}).country())
    assert '<option selected value="X">&lt;b&gt;&amp;</option>' in html
    assert "<b>" not in html


def test_the_registration_form_keeps_the_country_a_delegate_chose(app, client):
    with app.app_context():
        factories.edition()
        db.session.commit()
    page = client.get("/register")
    assert page.status_code == 200
    again = client.post("/register", data={"country": "SN", "csrf_token": csrf_token(page.text)})
    assert selected(again.get_data(as_text=True)) == ["SN"]
    assert selected(client.get("/register").get_data(as_text=True)) == []
