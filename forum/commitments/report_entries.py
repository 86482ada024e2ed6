"""How one entry reads in the annual report, in the current language.

The report prints thousands of entries: every label is translated once (``Wording``), not
once an entry, and each country is named once.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from flask_babel import format_percent, get_locale
from flask_babel import gettext as _

from forum import formats
from forum.cities.services import country_name
from forum.commitments.labels import (
    AREA_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    PROGRESS_LABELS,
    STALENESS_LABELS,
)
from forum.commitments.models import Commitment, SupportArea
from forum.commitments.objectives import GCM, GCR, title
from forum.commitments.progress import Staleness, staleness
from forum.commitments.published import Latest, Listed
from forum.commitments.report_pdf import EntryPrint

COLOUR_WORDS = {
    Staleness.GREEN: lambda: _("Green"),
    Staleness.AMBER: lambda: _("Amber"),
    Staleness.RED: lambda: _("Red"),
}


def staleness_words(colour: Staleness) -> str:
    """The colour named, and what it means: "Amber: No update for over a year"."""
    return f"{COLOUR_WORDS[colour]()}: {STALENESS_LABELS[colour]}"


class Wording:
    """The report's labels in the current language, translated once."""

    def __init__(self) -> None:
        self.language = str(get_locale())
        self.kinds = {kind: str(label) for kind, label in KIND_LABELS.items()}
        self.areas = {area: str(label) for area, label in AREA_LABELS.items()}
        self.levels = {level: str(label) for level, label in LEVEL_LABELS.items()}
        self.progress = {status: str(label) for status, label in PROGRESS_LABELS.items()}
        self.freshness = {colour: staleness_words(colour) for colour in Staleness}
        self.labels = (_("Support areas"), _("GCM objectives"), _("GCR objectives"),
                       _("Progress"))  # fmt: skip
        self.no_update = _("No update yet")
        self.gcm = {n: f"{n}. {title(GCM, n, self.language)}" for n in GCM}
        self.gcr = {n: f"{n}. {title(GCR, n, self.language)}" for n in GCR}
        self.country = cache(lambda code: country_name(code, self.language))

    def areas_of(self, entry: Commitment) -> str:
        """The support areas, the partnership's level with it."""
        words = []
        for area in entry.support_areas:
            word = self.areas[area]
            if area is SupportArea.PARTNERSHIPS and entry.partnership_level is not None:
                word += f" ({self.levels[entry.partnership_level]})"
            words.append(word)
        return " · ".join(words)

    def progress_of(self, latest: Latest | None) -> str:
        """The latest update's status, percent and day."""
        if latest is None:
            return self.no_update
        words = [self.progress[latest.status]]
        if latest.percent is not None:
            words.append(format_percent(latest.percent / 100))
        words.append(formats.date(latest.reported_on))
        return " · ".join(words)


def entry_print(row: Listed, words: Wording, now: datetime) -> EntryPrint:
    """One entry as the report prints it."""
    entry, latest = row.entry, row.latest
    colour = staleness(latest.reported_on if latest else None, entry.published_at, now)
    place = f"{entry.city.name}, {words.country(entry.city.country_code)}"
    support, gcm, gcr, progress = words.labels
    return EntryPrint(
        title=entry.title,
        language=entry.language,
        heading=f"{place} · {words.kinds[entry.kind]}",
        details=(
            (support, words.areas_of(entry)),
            (gcm, " · ".join(words.gcm[n] for n in row.objectives)),
            (gcr, " · ".join(words.gcr[n] for n in sorted(entry.gcr_objectives))),
            (progress, words.progress_of(latest)),
        ),
        staleness=colour,
        staleness_words=words.freshness[colour],
    )
