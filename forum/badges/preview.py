"""The organisers' preview of a badge: its text exactly as it prints, and what it leaves out."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from forum.badges.models import Badge
from forum.badges.printing import BadgeSelection, badge_batches, badge_face, selected_badge_ids
from forum.badges.sheets import BadgeFace
from forum.badges.typesetting import PrintedText, printable
from forum.pdf_fonts import BOLD, REGULAR


@dataclass(frozen=True)
class BadgePreview:
    """One badge's printed lines, with the characters the printing rule drops from them."""

    badge: Badge
    face: BadgeFace
    name: PrintedText
    position: PrintedText
    place: PrintedText

    @property
    def dropped(self) -> tuple[str, ...]:
        """Every character left out, in the order written."""
        return self.name.dropped + self.position.dropped + self.place.dropped

    @property
    def visible_dropped(self) -> list[str]:
        """The characters left out that a reader can see (no joiners), each once."""
        invisible = {"Cf", "Cc", "Mn"}  # joiners, controls, variation selectors
        seen = dict.fromkeys(c for c in self.dropped if unicodedata.category(c) not in invisible)
        return list(seen)


def badge_preview(badge: Badge) -> BadgePreview:
    """The badge's text as the PDF prints it, in the current language."""
    face = badge_face(badge)
    place = f"{face.city}, {face.country}" if face.country else face.city
    return BadgePreview(
        badge=badge,
        face=face,
        name=printable(face.name, BOLD),
        position=printable(face.position, REGULAR),
        place=printable(place, BOLD),
    )


def altered_badges(edition_id: int) -> list[BadgePreview]:
    """The edition's badges that print without some characters written in them."""
    badge_ids = selected_badge_ids(BadgeSelection(edition_id))
    return [
        preview
        for batch in badge_batches(badge_ids)
        for preview in map(badge_preview, batch)
        if preview.dropped
    ]
