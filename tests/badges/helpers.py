"""Builders for the badge tests: approved delegates, badge faces, their PDFs, finished batches."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from forum.badges.models import Badge, BadgeJob, JobStatus
from forum.badges.services import ensure_badge
from forum.badges.sheets import BadgeFace, write_badges
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus
from tests import factories

NOW = datetime(2018, 11, 20, 9, 0, tzinfo=UTC)


def approved(
    edition: Edition,
    email: str,
    name: tuple[str, str] = ("Valérie", "Plante"),
    *,
    category: Category = Category.MAYOR,
    city: tuple[str, str] = ("Montréal", "CA"),
) -> Registration:
    """An approved registration holding a working badge."""
    row = factories.registration(
        edition, email, RegistrationStatus.APPROVED, category=category, city=city
    )
    row.given_name, row.family_name = name
    ensure_badge(row, now=NOW)
    db.session.flush()
    return row


def badge_of(registration: Registration) -> Badge:
    """The registration's one working badge."""
    return db.session.scalars(
        sa.select(Badge).where(Badge.registration_id == registration.id, Badge.revoked_at.is_(None))
    ).one()


def face(name: str = "Valérie Plante", city: str = "Montréal", **values: str) -> BadgeFace:
    """A badge face with sensible defaults."""
    fields = {
        "name": name,
        "position": "Mayor",
        "city": city,
        "country": "Canada",
        "category_label": "Mayor",
        "category_colour": "#1F4E79",
        "edition_label": "Mayoral Forum · Marrakech 2018",
        "qr_text": "MAYORS5:" + "A" * 27,
    }
    fields.update(values)
    return BadgeFace(**fields)


def pdf_of(faces: list[BadgeFace], layout: str = "a6") -> bytes:
    """The PDF write_badges makes of these faces."""
    out = io.BytesIO()
    write_badges(faces, out, layout)
    return out.getvalue()


def finished_job(edition: Edition, folder: Path) -> BadgeJob:
    """A batch that is done, its one-badge PDF in ``folder``."""
    path = folder / "finished-batch.pdf"
    path.write_bytes(pdf_of([face()]))
    job = BadgeJob(
        edition_id=edition.id, status=JobStatus.DONE, total=1, done=1, file_path=str(path)
    )
    db.session.add(job)
    db.session.flush()
    return job
