"""Seeds the cluster's database through the app's own services, or queues e-mails in its outbox.

Run by the harness as ``python -m tests.cluster.seed seed|day DOORS|links|mail N`` with the
nodes' environment (DATABASE_URL...); prints what the scenario needs as one JSON object.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import sqlalchemy as sa

from forum import create_app
from forum.agenda.models import SessionSignup
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.extensions import db
from forum.mail.services import queue_email
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers
from tests.endorsements import helpers as declarations

DELEGATES = 50  # approved, each picks the 10-seat session
SEATS = 10
PENDING = 20  # approved at once while only SEATS places are left in the edition
MAYORS = 20  # of one city, each at the endorsement desk at once
ROOM_SEATS = 5  # the room of the door session...
AT_THE_DOOR = 12  # ...and the delegates signed up for it who come to its door at once
CITY = ("Agadir", "MA")
LATE_CITY = ("Rabat", "MA")  # endorsed on one node while the other node's wall is watched


def seed() -> dict[str, object]:
    """One current edition with everything the scenario races for."""
    now = datetime.now(UTC)
    edition = factories.edition(capacity=DELEGATES + MAYORS + 1 + SEATS)
    declaration = declarations.declaration(edition)
    factories.organiser()
    workshop = helpers.session(edition, "Workshop", capacity=SEATS)
    plenary = helpers.session(edition, "Plenary on mobility", "11:00", "12:00")
    delegates = [
        factories.registration(edition, f"delegate{i}@cluster.example", S.APPROVED)
        for i in range(DELEGATES)
    ]
    pending = [
        factories.registration(edition, f"pending{i}@cluster.example", S.PENDING)
        for i in range(PENDING)
    ]
    mayors = [
        factories.registration(edition, f"mayor{i}@cluster.example", S.APPROVED, city=CITY)
        for i in range(MAYORS)
    ]
    room = helpers.room(edition)
    room.seats = ROOM_SEATS
    door = helpers.session(edition, "Door session", "14:00", "15:00", room_id=room.id)
    at_the_door = delegates[10 : 10 + AT_THE_DOOR]
    db.session.add_all(SessionSignup(registration=r, session=door) for r in at_the_door)
    late = factories.registration(edition, "late@cluster.example", S.APPROVED, city=LATE_CITY)
    token, _row = create_token("Door A", Role.STAFF)
    spare, _row = create_token("Door B", Role.STAFF)
    seeded = {
        "edition": edition.id,
        "declaration": declaration.id,
        "session": workshop.id,
        "plenary": plenary.id,
        "calendar_secret": delegates[0].calendar_secret,
        "late_badge": qr_text(issue_badge(late, now=now)),
        "links": [private_link_token(r) for r in delegates],
        "pending": [r.id for r in pending],
        "badge": qr_text(issue_badge(delegates[0], now=now)),
        "door_session": door.id,
        "door_badges": [qr_text(issue_badge(r, now=now)) for r in at_the_door],
        "replay_badge": qr_text(issue_badge(delegates[1], now=now)),
        "mayor_badges": [qr_text(issue_badge(r, now=now)) for r in mayors],
        "token": token,
        "spare_token": spare,
        "organiser": list(factories.ORGANISER),
    }
    db.session.commit()
    return seeded


def day(doors: int) -> dict[str, object]:
    """bench/day.py's morning: an open edition with room for everyone, the declaration, an
    organiser, forum sessions to scan at their doors and a device token per door."""
    edition = factories.edition(capacity=100_000)
    declaration = declarations.declaration(edition)
    factories.organiser()
    sessions = [
        helpers.session(edition, f"Session {n}", f"{9 + n:02}:00", f"{10 + n:02}:00")
        for n in range(4)
    ]
    tokens = [create_token(f"Door {n + 1}", Role.STAFF)[0] for n in range(doors)]
    db.session.commit()
    return {
        "edition": edition.id,
        "edition_number": edition.number,
        "declaration": declaration.id,
        "sessions": [s.id for s in sessions],
        "tokens": tokens,
        "organiser": list(factories.ORGANISER),
    }


def private_links() -> dict[str, object]:
    """Every registration's private link token, by id (what its e-mails carry)."""
    rows = db.session.scalars(sa.select(Registration).order_by(Registration.id))
    return {"links": [private_link_token(r) for r in rows]}


def queue_mail(count: int) -> dict[str, object]:
    """``count`` e-mails in the outbox, committed together."""
    rows = [
        queue_email(
            f"mail{i}@mail.cluster.example", "magic_link", link=f"https://forum.example/{i}"
        )
        for i in range(count)
    ]
    db.session.commit()
    return {"ids": [row.id for row in rows]}


def main() -> None:
    app = create_app("production")
    with app.app_context():
        if sys.argv[1] == "seed":
            what = seed()
        elif sys.argv[1] == "day":
            what = day(int(sys.argv[2]))
        elif sys.argv[1] == "links":
            what = private_links()
        else:
            what = queue_mail(int(sys.argv[2]))
    print(json.dumps(what))


if __name__ == "__main__":
    main()
