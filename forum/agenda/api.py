"""The programme as JSON under /api/v1."""

from __future__ import annotations

from flask import Blueprint

from forum.agenda.feeds import session_uid
from forum.agenda.models import Session, SessionSource
from forum.agenda.queries import ProgrammeFilter, programme_page, theme_by_slug
from forum.agenda.schemas import SessionOut, SessionsPage, SessionsQuery, SpeakerOut
from forum.api.editions import requested_edition
from forum.api.languages import requested_language
from forum.api.spec import answers, spec
from forum.api.types import ApiErrorCode
from forum.editions.models import Edition
from forum.errors import ApiError
from forum.extensions import csrf
from forum.translated import localized

bp = Blueprint("agenda_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only JSON


@bp.get("/sessions")
@spec.validate(query=SessionsQuery, resp=answers(SessionsPage, 400, 404))
def sessions(query: SessionsQuery) -> SessionsPage:
    """The published programme of the current (or ``edition``) edition, by day, theme and
    source, a page at a time."""
    edition = requested_edition(query.edition)
    lang = requested_language(edition, query.lang)
    rows, total = programme_page(
        edition, _filters(edition, query), page=query.page, per_page=query.per_page
    )
    more = query.page * query.per_page < total
    return SessionsPage(
        sessions=[session_out(row, lang, edition.default_language) for row in rows],
        page=query.page,
        per_page=query.per_page,
        total=total,
        next_page=query.page + 1 if more else None,
    )


def _filters(edition: Edition, query: SessionsQuery) -> ProgrammeFilter:
    theme_id = None
    if query.theme:
        theme = theme_by_slug(edition, query.theme)
        if theme is None:
            raise ApiError(ApiErrorCode.UNKNOWN_THEME, "No published theme has this slug.", 404)
        theme_id = theme.id
    return ProgrammeFilter(
        include_gfmd=query.source != SessionSource.FORUM.value,
        only_gfmd=query.source == SessionSource.GFMD.value,
        theme_id=theme_id,
        day=query.day,
    )


def session_out(session: Session, lang: str | None, default: str) -> SessionOut:
    """A session as the API shows it, its texts in ``lang`` where translated (``default``: the
    edition's language, passed in so no session walks to its edition for it)."""
    title = localized(session, "title", lang, default=default)
    description = localized(session, "description", lang, default=default)
    place = session.place_in(lang, default)
    return SessionOut(
        id=session.id,
        uid=session_uid(session),
        title=title.text,
        title_lang=title.language,
        description=description.text,
        description_lang=description.language,
        kind=session.kind,
        source=session.source,
        status=session.status,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        timezone=session.edition.timezone,
        all_day=session.all_day,
        theme=session.theme.slug if session.theme else None,
        place=place.text,
        place_lang=place.language,
        capacity=session.capacity,
        sequence=session.sequence,
        updated_at=session.updated_at,
        speakers=[
            SpeakerOut(
                role=person.role,
                name=person.name,
                title=person.title,
                organisation=person.organisation,
                city=person.city,
                country=person.country_code or None,
            )
            for person in session.people
        ],
    )
