"""Builders and readers for the badge tests: approved delegates, finished batches, PDFs."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
import zxingcpp
from PIL import Image

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


def page_count(pdf: bytes) -> int:
    """How many pages pdfinfo counts."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    match = re.search(rb"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def pdf_lines(pdf: bytes) -> list[str]:
    """The non-blank lines of text poppler extracts, in reading order."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return [line.strip() for line in text.stdout.decode().splitlines() if line.strip()]


def word_boxes(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, page width) of every word poppler finds."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    return [
        (word, float(x_min), float(x_max), width)
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]


def decode_qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """The QR texts found on the PDF's pages, rasterised at 150 dpi as a printer would."""
    source = tmp_path / "badges.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(source), str(tmp_path / "page")], check=True
    )
    texts = []
    for page in sorted(tmp_path.glob("page*.png")):
        with Image.open(page) as image:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            # Reading order: top row first (A4 rows are 148 mm, far more than 200 px, apart).
            found.sort(key=lambda c: (c.position.top_left.y // 200, c.position.top_left.x))
            texts.extend(code.text for code in found)
    return texts
