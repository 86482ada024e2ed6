"""Organisers editing the programme's policy themes and the venue's rooms."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.gcm import GCM_OBJECTIVES
from forum.agenda.models import Room, Session, Theme
from forum.agenda.notices import tell_signed_up
from forum.agenda.services import mark_moved
from forum.audit.services import record
from forum.auth.models import User
from forum.cities.folding import match_key
from forum.editions.models import Edition
from forum.errors import DomainError
from forum.extensions import db
from forum.translated import check_translations
from forum.validation import Checks, Text, Whole

THEME_TITLE = Text(max_length=300)
THEME_DESCRIPTION = Text(max_length=5000, required=False, multiline=True)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_LENGTH = 80
ROOM_NAME = Text(max_length=120)
SEATS = Whole(minimum=1, maximum=100_000)


def slugify(title: str) -> str:
    """A URL slug from a title: ASCII, lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", match_key(title)).strip("-")[:80] or "theme"


def save_theme(edition: Edition, theme: Theme | None, *, actor: User, **values: object) -> Theme:
    """Create or change a theme; a new one goes to the end of the list."""
    values = _checked_theme(edition, values)
    slug = str(values.get("slug") or slugify(str(values["title"])))
    taken = db.session.scalar(
        sa.select(Theme.id).where(
            Theme.edition_id == edition.id,
            Theme.slug == slug,
            Theme.id != (theme.id if theme else -1),
        )
    )
    if taken is not None:
        raise DomainError(
            "slug_taken", _("Another theme already uses the address “%(slug)s”.", slug=slug)
        )
    if theme is None:
        last = db.session.scalar(
            sa.select(sa.func.max(Theme.position)).where(Theme.edition_id == edition.id)
        )
        theme = Theme(edition_id=edition.id, position=(last or 0) + 1)
        db.session.add(theme)
    for name, value in {**values, "slug": slug}.items():
        setattr(theme, name, value)
    db.session.flush()
    record("theme.saved", theme, actor=actor, title=theme.title)
    return theme


def _checked_theme(edition: Edition, values: dict[str, object]) -> dict[str, object]:
    """The theme's values cleaned; InvalidInput naming every broken rule."""
    checks = Checks()
    cleaned = dict(values)
    for name, rule in (("title", THEME_TITLE), ("description", THEME_DESCRIPTION)):
        cleaned[name] = checks.text(name, str(values.get(name) or ""), rule)
        if f"{name}_i18n" in values:
            cleaned[f"{name}_i18n"] = _translations(checks, edition, name, values, rule)
    slug = str(values.get("slug") or "").strip()
    if slug and (len(slug) > SLUG_LENGTH or not SLUG.match(slug)):
        checks.refuse("slug", _("Use lower-case letters, digits and hyphens."))
    cleaned["slug"] = slug
    objectives = values.get("gcm_objectives") or []
    if not isinstance(objectives, list) or not all(o in GCM_OBJECTIVES for o in objectives):
        checks.refuse("gcm_objectives", _("Choose among the 23 GCM objectives."))
    checks.done()
    return cleaned


def _translations(
    checks: Checks, edition: Edition, name: str, values: dict[str, object], rule: Text
) -> dict[str, str]:
    given = values.get(f"{name}_i18n")
    return check_translations(
        checks,
        name,
        given if isinstance(given, dict) else {},
        rule,
        offered=edition.languages,
        default=edition.default_language,
    )


def move_theme(theme: Theme, offset: int) -> None:
    """Swap a theme with its neighbour above (-1) or below (+1)."""
    ordered = list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.edition_id == theme.edition_id)
            .order_by(Theme.position, Theme.id)
        )
    )
    index = ordered.index(theme)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position


def save_room(
    edition: Edition,
    room: Room | None,
    *,
    name: str,
    seats: int | None,
    name_i18n: dict[str, str] | None = None,
) -> Room:
    """Create or rename a room (in any language); names are unique within an edition."""
    checks = Checks()
    name = checks.text("name", name, ROOM_NAME)
    checks.whole("seats", seats, SEATS)
    translated = check_translations(
        checks,
        "name",
        room.name_i18n if room is not None and name_i18n is None else name_i18n,
        ROOM_NAME,
        offered=edition.languages,
        default=edition.default_language,
    )
    checks.done()
    taken = db.session.scalar(
        sa.select(Room.id).where(
            Room.edition_id == edition.id, Room.name == name, Room.id != (room.id if room else -1)
        )
    )
    if taken is not None:
        raise DomainError("room_exists", _("A room with this name exists already."))
    renamed = room is not None and (room.name != name or dict(room.name_i18n or {}) != translated)
    room = room or Room(edition_id=edition.id)
    room.name, room.seats, room.name_i18n = name, seats, translated
    db.session.add(room)
    db.session.flush()
    if renamed:
        # The sessions' place changes with the name: calendars and delegates must hear of it.
        for session in db.session.scalars(sa.select(Session).where(Session.room_id == room.id)):
            mark_moved(session)
            tell_signed_up(session, ["place"])
    return room
