"""Printing badges: which ones, and what goes on them."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, BinaryIO

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from forum.badges.models import Badge, BadgePrint
from forum.badges.services import active_badge, badge_number, qr_text
from forum.badges.sheets import BadgeFace, write_badges
from forum.cities.services import country_name
from forum.editions.models import Edition
from forum.extensions import db
from forum.i18n import text_direction
from forum.mail.services import Attachment
from forum.registration.labels import CATEGORY_LABELS
from forum.registration.models import Category, Registration, RegistrationStatus
from forum.registration.signals import badge_roles

# Loading this many badges per query keeps memory flat and the query count at one per batch.
BATCH_SIZE = 200

# One colour per category, so door staff tell delegates apart from across the room.
CATEGORY_COLOURS: dict[Category, str] = {
    Category.MAYOR: "#1F4E79",
    Category.DEPUTY_MAYOR: "#2E75B6",
    Category.CITY_OFFICIAL: "#1B7F79",
    Category.REGIONAL_GOVERNMENT: "#548235",
    Category.NATIONAL_GOVERNMENT: "#375623",
    Category.UN_AGENCY: "#009EDB",
    Category.FINANCIAL_INSTITUTION: "#7F6000",
    Category.CITY_NETWORK: "#7030A0",
    Category.CIVIL_SOCIETY: "#ED7D31",
    Category.PRIVATE_SECTOR: "#595959",
    Category.ACADEMIA: "#833C0B",
    Category.YOUTH: "#FFC000",
    Category.MEDIA: "#C00000",
    Category.ORGANISER_STAFF: "#000000",
}


@dataclass(frozen=True)
class BadgeSelection:
    """Which badges of an edition to print."""

    edition_id: int
    category: Category | None = None
    not_printed: bool = False  # not printed on ``layout``: each layout is printed on its own
    layout: str = "a4"


def selected_badge_ids(selection: BadgeSelection) -> list[int]:
    """The working badges of approved delegates that match, in family-name order."""
    query = _matching(sa.select(Badge.id), selection).order_by(
        Registration.family_name, Registration.given_name, Badge.id
    )
    return list(db.session.scalars(query))


def count_badges(selection: BadgeSelection) -> int:
    """How many badges match."""
    return db.session.scalar(_matching(sa.select(sa.func.count(Badge.id)), selection)) or 0


def _matching(query: sa.Select[Any], selection: BadgeSelection) -> sa.Select[Any]:
    """``query`` over badges, narrowed to the selection."""
    query = (
        query.select_from(Badge)
        .join(Registration, Registration.id == Badge.registration_id)
        .where(
            Registration.edition_id == selection.edition_id,
            Registration.status == RegistrationStatus.APPROVED,
            Badge.revoked_at.is_(None),
        )
    )
    if selection.category is not None:
        query = query.where(Registration.category == selection.category)
    if selection.not_printed:
        printed = sa.select(BadgePrint.id).where(
            BadgePrint.badge_id == Badge.id, BadgePrint.layout == selection.layout
        )
        query = query.where(~printed.exists())
    return query


def print_badges(
    badge_ids: Sequence[int],
    out: BinaryIO,
    *,
    layout: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Draw these badges into ``out``; returns how many were drawn.

    Nothing is marked printed: a PDF is not a printed badge (see prints.confirm_printed).
    """
    return write_badges(badge_faces(badge_ids), out, layout, progress)


def badge_faces(badge_ids: Sequence[int]) -> Iterator[BadgeFace]:
    """What to print on each badge, in the order given, each in its delegate's language
    (category, country, role), whoever prints the batch."""
    for batch in badge_batches(badge_ids):
        # Built now, as plain data: a progress commit while the batch is drawn expires the
        # ORM rows, and reading them afterwards would cost a query per badge.
        faces: dict[int, BadgeFace] = {}
        for locale, group in _by_language(batch).items():
            with force_locale(locale) if locale else nullcontext():
                roles = role_lines([badge.registration_id for badge in group])
                for badge in group:
                    faces[badge.id] = badge_face(badge, roles.get(badge.registration_id, ""))
        yield from [faces[badge.id] for badge in batch]


def _by_language(badges: list[Badge]) -> dict[str | None, list[Badge]]:
    """The badges by their delegate's language (None: the current one)."""
    spoken = current_app.config["LANGUAGES"]
    groups: dict[str | None, list[Badge]] = {}
    for badge in badges:
        locale = badge.registration.user.preferred_locale
        groups.setdefault(locale if locale in spoken else None, []).append(badge)
    return groups


def qr_texts(badge_ids: Sequence[int]) -> Iterator[str]:
    """The QR text of each badge, in the order given."""
    for batch in badge_batches(badge_ids):
        yield from [qr_text(badge) for badge in batch]


def badge_batches(badge_ids: Sequence[int]) -> Iterator[list[Badge]]:
    """The badges a batch at a time, with registration, city and edition loaded in one query."""
    for start in range(0, len(badge_ids), BATCH_SIZE):
        batch = badge_ids[start : start + BATCH_SIZE]
        badges = db.session.scalars(
            sa.select(Badge)
            .where(Badge.id.in_(batch))
            .options(
                joinedload(Badge.registration).joinedload(Registration.city),
                joinedload(Badge.registration).joinedload(Registration.edition),
                joinedload(Badge.registration).joinedload(Registration.user),
            )
        ).all()
        by_id = {badge.id: badge for badge in badges}
        yield [by_id[badge_id] for badge_id in batch]


def role_lines(registration_ids: Sequence[int]) -> dict[int, str]:
    """The role line ("Speaker") of each delegate who has one, from the agenda's receivers."""
    lines: dict[int, str] = {}
    for _receiver, answer in badge_roles.send(None, registration_ids=registration_ids):
        lines.update(answer)
    return lines


def badge_face(badge: Badge, role: str | None = None) -> BadgeFace:
    """The text and colours printed on one badge, in the current language."""
    registration = badge.registration
    if role is None:
        role = role_lines([registration.id]).get(registration.id, "")
    return BadgeFace(
        name=registration.full_name,
        position=registration.position_title,
        city=registration.city.name,
        country=country_name(registration.city.country_code, str(get_locale() or "en")),
        category_label=str(CATEGORY_LABELS[registration.category]),
        category_colour=CATEGORY_COLOURS[registration.category],
        edition_label=edition_label(registration.edition, badge_number(badge)),
        qr_text=qr_text(badge),
        role=role,
        direction=text_direction(),
    )


def edition_label(edition: Edition, number: str = "") -> str:
    """The line naming the forum at the top of a badge, with the badge's number if any."""
    label = _("Mayoral Forum · %(edition)s", edition=edition.label)
    return f"{label} · {number}" if number else label


def printable_badge(registration: Registration) -> Badge | None:
    """The badge a delegate may download: approved, with a working badge; else None."""
    if registration.status is not RegistrationStatus.APPROVED:
        return None
    return active_badge(registration)


def badge_pdf(badge: Badge, *, locale: str | None = None) -> bytes:
    """One A6 badge as PDF bytes, worded in ``locale`` (default: the current language)."""
    out = io.BytesIO()
    with force_locale(locale) if locale else nullcontext():
        write_badges([badge_face(badge)], out, "a6")
    return out.getvalue()


def badge_attachment(registration: Registration) -> list[Attachment]:
    """The delegate's badge as a PDF for the welcome e-mail (a welcome_attachments receiver)."""
    badge = printable_badge(registration)
    if badge is None:
        return []
    pdf = badge_pdf(badge, locale=registration.user.preferred_locale)
    return [Attachment("badge.pdf", "application/pdf", pdf)]
