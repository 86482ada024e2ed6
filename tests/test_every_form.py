"""Every form the app shows, posted with NUL, control characters and 10 kB values: never a
server error, and nothing of it stored anywhere."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments import helpers as commitments
from tests.conftest import Auth
from tests.endorsements import helpers as endorsements

PAYLOADS = {"nul": "Ann\x00e", "bell": "Ann\x07e", "huge": "x" * 10_240}
TYPED = {"text", "email", "search", "password", "url", "tel", "hidden", "textarea", None}
SKIPPED_ACTIONS = {"/logout"}  # posting it would sign the crawler out
NOT_PAGES = (".pdf", ".ics", ".csv", ".json", ".svg", "/logout")


class _Forms(HTMLParser):
    """The POST forms of a page (action, fields) and the page's links."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base, self.forms, self.links = base, [], []
        self._form: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.base, a["href"]))
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": urljoin(self.base, a.get("action") or self.base), "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"} and a.get("name"):
            kind = (
                a.get("type") if tag == "input" else ("textarea" if tag == "textarea" else "select")
            )
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["fields"].setdefault(a["name"], (kind, a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


@pytest.fixture
def world(app, client):
    """An edition with a programme, a declaration and a delegate; the organiser signed in."""
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme = agenda.theme(edition)
        room = agenda.room(edition)
        agenda.session(edition, "Opening", "09:00", "10:00", theme_id=theme.id, room_id=room.id)
        endorsements.declaration(edition)
        delegate = factories.registration(edition, "d@example.org", RegistrationStatus.APPROVED)
        entry_id = commitments.entry(edition, delegate, published=True).id
        db.session.commit()
        token = private_link_token(delegate)
    Auth(client).login(*factories.ORGANISER)
    return [
        "/",
        "/admin/",
        f"/r/{token}",
        f"/r/{token}/edit",
        f"/r/{token}/sessions",
        "/register",
        "/declaration/",
        f"/r/{token}/commitments/new",
        f"/r/{token}/commitments/{entry_id}",
        f"/admin/commitments/{entry_id}",
        "/admin/commitments/new",
        "/admin/commitments/offers/new",
    ]


def _crawl(client, seeds: list[str], limit: int = 80) -> list[dict]:
    """Follow the site's own links from ``seeds``; every distinct POST form found."""
    seen, queue, forms = set(), list(seeds), {}
    while queue and len(seen) < limit:
        path = urlsplit(queue.pop(0)).path
        if path in seen or path.startswith("/static") or path.endswith(NOT_PAGES):
            continue
        seen.add(path)
        response = client.get(path)
        if "text/html" not in response.content_type:
            continue
        parser = _Forms(f"http://localhost{path}")
        parser.feed(response.get_data(as_text=True))
        queue.extend(link for link in parser.links if urlsplit(link).netloc in ("", "localhost"))
        for form in parser.forms:
            forms.setdefault((form["action"], tuple(sorted(form["fields"]))), form)
    return list(forms.values())


def _payloads_in(text: str) -> list[str]:
    # A huge value cut short to fit a column is still a huge value that got in.
    return [
        name
        for name, payload in PAYLOADS.items()
        if payload in text or (name == "huge" and "x" * 5001 in text)
    ]


def _stored_payloads() -> list[str]:
    """Which payloads any text column of any table holds."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).mappings():
            for column, value in row.items():
                text = str(value) if value is not None else ""
                found += [f"{table.name}.{column}:{name}" for name in _payloads_in(text)]
    return found


def test_no_form_fails_or_stores_hostile_input(client, world, ctx):
    forms = _crawl(client, world)
    assert len(forms) >= 15, [f["action"] for f in forms]
    failures = []
    for form in forms:
        action = urlsplit(form["action"]).path
        if action in SKIPPED_ACTIONS:
            continue
        for name, payload in PAYLOADS.items():
            data = {
                field: payload if kind in TYPED and field != "csrf_token" else value
                for field, (kind, value) in form["fields"].items()
            }
            status = client.post(action, data=data).status_code
            if status >= 500:
                failures.append(f"{action} with {name}: {status}")
    assert failures == []
    db.session.expire_all()
    assert _stored_payloads() == []
