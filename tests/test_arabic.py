"""Arabic: days, times and numbers as Babel writes them for ``ar``, pages and e-mails right to
left, in Arabic words (issue 14.1)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale

from forum import formats
from forum.extensions import db
from forum.mail.models import OutboxEmail
from tests import factories
from tests.agenda import helpers
from tests.conftest import csrf_token

ZONE = "Africa/Casablanca"  # UTC+1 all year since October 2018
START = datetime(2018, 12, 8, 12, 45, tzinfo=UTC)  # 13:45 in Marrakech
END = datetime(2018, 12, 8, 14, 0, tzinfo=UTC)
WESTERN_DIGITS_ONLY = re.compile(r"^[^\u0660-\u0669\u06f0-\u06f9]*$")  # no ٠١٢ nor ۰۱۲


@pytest.fixture
def arabic(app: Flask):
    with app.test_request_context(), force_locale("ar"):
        yield


@pytest.mark.usefixtures("arabic")
def test_days_name_their_month_in_arabic():
    # Babel's medium Arabic day is all digits (08/12/2018): the house's medium names the month.
    assert formats.date(date(2018, 12, 8)) == "8 ديسمبر 2018"
    assert formats.date(START, ZONE, "full") == "السبت، 8 ديسمبر 2018"
    assert formats.date_span(date(2018, 12, 8), date(2018, 12, 10)) == "8–10 ديسمبر 2018"


@pytest.mark.usefixtures("arabic")
def test_times_read_the_arabic_clock_without_seconds():
    assert formats.time(START, ZONE) == "1:45 م"  # م: after noon
    assert formats.time_range(START, END, ZONE) == "1:45–3:00 م"
    assert formats.datetime(START, ZONE) == "8 ديسمبر 2018، 1:45 م"
    assert formats.datetime(START, ZONE, "full") == "السبت، 8 ديسمبر 2018، 1:45 م"


@pytest.mark.usefixtures("arabic")
def test_numbers_and_zones_are_arabic_in_western_digits():
    assert formats.number(1234567.5) == "1,234,567.5"
    note = formats.zone_note(ZONE, "مراكش", date(2018, 12, 8))
    assert note == "الأوقات بالتوقيت المحلي في مراكش (غرينتش+01:00)."
    every = [formats.number(1234), formats.time_range(START, END, ZONE), note]
    assert all(WESTERN_DIGITS_ONLY.match(text) for text in every)


def test_the_agenda_in_arabic_is_right_to_left_with_arabic_days(app, client):
    with app.app_context():
        edition = factories.edition()
        row = helpers.session(edition, "Cities and jobs", "13:45", "15:00")
        db.session.commit()
        session_id = row.id
    client.get("/lang/ar")
    page = client.get(f"/agenda/sessions/{session_id}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "السبت، 8 ديسمبر 2018" in page and "1:45–3:00 م" in page
    assert "جدول الأعمال" in page and "العربية" in page  # the menu, and the switcher's label
    # Back in English, the page reads left to right again.
    english = client.get("/lang/en", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in english and 'dir="rtl"' not in english


def test_an_arabic_delegates_e_mail_is_arabic_and_right_to_left(app, client):
    with app.app_context():
        registration = factories.registration(factories.edition(), "layla@example.org")
        registration.user.preferred_locale = "ar"
        db.session.commit()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login/link", data={"csrf_token": token, "email": "layla@example.org"})
    with app.app_context():
        email = db.session.scalars(sa.select(OutboxEmail)).one()
    assert email.subject == "رابط تسجيل الدخول"
    assert '<html lang="ar" dir="rtl">' in email.body_html and 'dir="rtl"' in email.body_html
    assert "إليك رابط تسجيل الدخول إلى منتدى رؤساء البلديات" in email.body_text
    assert re.search(r'<span dir="ltr">http://localhost/login/magic/\S+</span>', email.body_html)


def test_a_moroccan_browser_gets_the_arabic_home_page(app, client):
    with app.app_context():
        factories.edition()
        db.session.commit()
    page = client.get("/", headers={"Accept-Language": "ar-MA,fr;q=0.8"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and "سجّل في المنتدى" in page
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S)
    assert switcher and 'lang="ar" hreflang="ar" aria-current="true">العربية</a>' in switcher[0]
