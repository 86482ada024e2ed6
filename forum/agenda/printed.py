"""The printed programme's words: sessions grouped by day in the edition's zone, times and
dates in the reader's language (Babel), for booklet.py to lay out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_datetime, format_interval
from flask_babel import get_locale
from flask_babel import gettext as _

from forum import formats
from forum.agenda.booklet import Booklet, BookletDay, BookletItem, booklet_pdf
from forum.agenda.labels import SESSION_KIND_LABELS
from forum.agenda.lineup import people_lines
from forum.agenda.models import Session, Theme
from forum.agenda.queries import by_local_day
from forum.cities.services import country_name
from forum.editions.models import Edition
from forum.translated import text_in


def uses_24_hours(locale: Locale | None) -> bool:
    """Whether the language writes 13:45 rather than 1:45 PM."""
    return locale is not None and "H" in locale.time_formats["short"].pattern


def session_times(session: Session, edition: Edition) -> str:
    """A session's start and end, in the edition's zone and the reader's clock (24 h or not)."""
    if session.all_day:
        return _("All day")
    locale = get_locale()
    skeleton = "Hm" if uses_24_hours(locale) else "hm"
    return format_interval(
        session.starts_at, session.ends_at, skeleton, tzinfo=edition.zone, locale=locale
    )


def _item(session: Session, edition: Edition) -> BookletItem:
    here = str(get_locale())
    details = [str(SESSION_KIND_LABELS[session.kind])]
    if session.theme is not None:
        details.append(text_in(session.theme, "title", here))
    if session.place:
        details.append(session.place_in(here).text)
    return BookletItem(
        times=session_times(session, edition),
        title=text_in(session, "title", here),
        details=" · ".join(details),
        people=tuple(people_lines(session.people)),
        description=text_in(session, "description", here),
        cancelled=session.is_cancelled,
    )


def _edition_line(edition: Edition) -> str:
    place = f"{edition.city}, {country_name(edition.country_code, str(get_locale()))}"
    return _("Edition %(number)d · %(place)s", number=edition.number, place=place)


def programme_booklet(
    edition: Edition, sessions: Sequence[Session], *, theme: Theme | None = None
) -> Booklet:
    """The booklet's content for these sessions, in the current language."""
    locale = get_locale()
    days = tuple(
        BookletDay(
            heading=format_date(day, "full", locale=locale),
            items=tuple(_item(session, edition) for session in day_sessions),
        )
        for day, day_sessions in by_local_day(sessions, edition).items()
    )
    reference = sessions[0].starts_at if sessions else datetime.combine(
        edition.starts_on, datetime.min.time(), tzinfo=edition.zone
    )  # fmt: skip
    title = text_in(theme or edition, "title", str(locale))
    return Booklet(
        language=str(locale),
        forum_name=_("Mayoral Forum on Human Mobility, Migration and Development"),
        title=title,
        edition_line=_edition_line(edition),
        dates=formats.date_span(edition.starts_on, edition.ends_on),
        venue=edition.venue,
        zone_note=_(
            "All times are local times in %(city)s (%(offset)s).",
            city=edition.city,
            offset=format_datetime(reference, "ZZZZ", tzinfo=edition.zone, locale=locale),
        ),
        footer=f"{text_in(edition, 'title', str(locale))} · {edition.label}",
        page_label=_("Page %(page)s of %(pages)s"),
        cancelled_label=_("Cancelled"),
        days=days,
        empty_note=_("No session is published yet."),
    )


def programme_pdf(
    edition: Edition, sessions: Sequence[Session], *, theme: Theme | None = None
) -> bytes:
    """The printed programme of these sessions as a PDF, in the current language."""
    return booklet_pdf(programme_booklet(edition, sessions, theme=theme))
