"""The demo programme of the 5th forum: three policy themes and one day of sessions."""

from __future__ import annotations

from datetime import date, datetime, time

from forum.agenda.demo_people import seed_panels
from forum.agenda.demo_translations import translate_programme
from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.reconcile import sync_gfmd
from forum.agenda.models import Room, Session, SessionKind, SessionSource, Theme
from forum.editions.models import Edition
from forum.extensions import db

THEMES = [
    (
        "vulnerabilities",
        "Addressing special needs and reducing vulnerabilities",
        [7, 12],
        "How cities identify and protect migrants and refugees in vulnerable situations: "
        "children, survivors of trafficking, people without documents.",
    ),
    (
        "basic-services",
        "Providing access to basic services",
        [15, 22],
        "Non-discriminatory access to health, education, housing and justice, whatever a "
        "person's status (GCM objective 15, paragraphs e and f).",
    ),
    (
        "inclusion",
        "Empowering migrants, refugees and societies to realize full inclusion and "
        "social cohesion, including through employment and skills mobility",
        [16, 18, 19],
        "Inclusion, social cohesion, jobs and the recognition of skills.",
    ),
]
ROOMS = [("Plenary hall", 600), ("Atlas room", 120), ("Menara room", 80), ("Lobby", None)]
# start, end, kind, title, theme slug or None, room, capacity
DAY = [
    (
        "08:00",
        "09:00",
        SessionKind.REGISTRATION,
        "Registration and badge collection",
        None,
        "Lobby",
        None,
    ),
    (
        "09:00",
        "10:00",
        SessionKind.OPENING,
        "Opening plenary: City leadership in implementing the UN Global Compacts",
        None,
        "Plenary hall",
        None,
    ),
    ("10:00", "10:30", SessionKind.BREAK, "Coffee break", None, "Lobby", None),
    (
        "10:30",
        "12:00",
        SessionKind.THEME_SESSION,
        "Cities protecting people in vulnerable situations",
        "vulnerabilities",
        "Atlas room",
        100,
    ),
    (
        "10:30",
        "12:00",
        SessionKind.THEME_SESSION,
        "Health, schools and housing for all residents",
        "basic-services",
        "Menara room",
        60,
    ),
    ("12:00", "13:30", SessionKind.MEAL, "Lunch", None, "Lobby", None),
    (
        "13:30",
        "15:00",
        SessionKind.THEME_SESSION,
        "Jobs, skills and belonging: inclusion that works",
        "inclusion",
        "Atlas room",
        100,
    ),
    ("15:00", "15:30", SessionKind.BREAK, "Coffee break", None, "Lobby", None),
    (
        "15:30",
        "16:30",
        SessionKind.PLENARY,
        "Launch of the GFMD Mayors Mechanism",
        None,
        "Plenary hall",
        None,
    ),
    (
        "16:30",
        "17:30",
        SessionKind.SIGNING_CEREMONY,
        "Signing of the Marrakech Mayors Declaration",
        None,
        "Plenary hall",
        None,
    ),
]


def seed_programme(edition: Edition, *, now: datetime) -> None:
    """Add the demo themes, rooms, the forum's day of sessions with their panels, and the
    summit's items by sync."""
    themes = {}
    for position, (slug, title, objectives, description) in enumerate(THEMES, start=1):
        themes[slug] = Theme(
            edition_id=edition.id,
            slug=slug,
            title=title,
            position=position,
            gcm_objectives=objectives,
            description=description,
        )
    rooms = {name: Room(edition_id=edition.id, name=name, seats=seats) for name, seats in ROOMS}
    db.session.add_all([*themes.values(), *rooms.values()])
    db.session.flush()
    for start, end, kind, title, theme, room, capacity in DAY:
        db.session.add(
            Session(
                edition_id=edition.id,
                source=SessionSource.FORUM,
                kind=kind,
                title=title,
                theme_id=themes[theme].id if theme else None,
                room_id=rooms[room].id,
                capacity=capacity,
                starts_at=_local(edition, edition.starts_on, start),
                ends_at=_local(edition, edition.starts_on, end),
            )
        )
    db.session.flush()
    translate_programme(edition)
    seed_panels(edition, now=now)
    # The summit's items arrive the way they will in real life: through the sync.
    sync_gfmd(edition, str(demo_feed_path()), now=now)


def _local(edition: Edition, day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=edition.zone)
