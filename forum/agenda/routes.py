"""Public agenda pages, calendar feeds, and a delegate's own programme (by private link)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from forum.agenda.feeds import FeedScope, feed_event, fingerprint, render_feed
from forum.agenda.gcm import GCM_OBJECTIVES, gcm_title
from forum.agenda.ical import build_calendar
from forum.agenda.links import feed_language
from forum.agenda.models import Session, SessionSource
from forum.agenda.page_cache import programme_html
from forum.agenda.picking import add_pick, remove_pick
from forum.agenda.printed import programme_pdf
from forum.agenda.queries import (
    ProgrammeFilter,
    by_local_day,
    now_and_next_in,
    programme,
    signup_counts,
    theme_by_slug,
    themes,
)
from forum.agenda.signups import (
    has_picked,
    is_pickable,
    picked_sessions,
    registration_by_calendar_secret,
    registration_for,
    reset_calendar_secret,
)
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.registration.links import registration_from_token
from forum.registration.models import Registration, RegistrationStatus
from forum.urls import external_url
from forum.web import attempt, download, hot_write, pdf_response

bp = Blueprint("agenda", __name__)
CLOSED = {RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED}


@bp.route("/agenda")
def index() -> str:
    """The programme by day; ``?view=combined`` shows the GFMD summit items alongside."""
    edition = current_edition_or_404()
    combined = request.args.get("view") == "combined"
    filters = ProgrammeFilter(include_gfmd=combined)
    now = utcnow()
    in_event = edition.starts_on <= now.astimezone(edition.zone).date() <= edition.ends_on
    running, upcoming = now_and_next_in(edition, filters, now) if in_event else ([], [])

    return render_template(
        "agenda/index.html",
        edition=edition,
        combined=combined,
        programme=programme_html(edition, filters, partial(_days, edition)),
        themes=themes(edition),
        running=running,
        upcoming=upcoming,
    )


def _days(edition: Edition, sessions: list[Session], taken: dict[int, int]) -> str:
    """The programme's days as the page cache keeps them."""
    listed = by_local_day(sessions, edition)
    return render_template("agenda/_days.html", edition=edition, days=listed, taken=taken)


@bp.route("/agenda/themes/<slug>")
def theme(slug: str) -> str:
    """One policy theme: its description, GCM objectives and sessions."""
    edition = current_edition_or_404()
    found = theme_by_slug(edition, slug) or abort(404)
    sessions = programme(edition, ProgrammeFilter(theme_id=found.id))
    return render_template(
        "agenda/theme.html",
        edition=edition,
        theme=found,
        objectives=[
            (n, gcm_title(n, str(get_locale())))
            for n in sorted(found.gcm_objectives)
            if n in GCM_OBJECTIVES
        ],
        days=by_local_day(sessions, edition),
        taken=signup_counts([s.id for s in sessions if s.capacity is not None]),
    )


def _published_session(session_id: int) -> Session:
    edition = current_edition_or_404()
    session = db.session.get(Session, session_id)
    if session is None or session.edition_id != edition.id or not session.is_published:
        abort(404)
    return session


def _signed_in_registration(session: Session) -> Registration | None:
    if not current_user.is_authenticated:
        return None
    return registration_for(current_user.id, session.edition_id)


@bp.route("/agenda/sessions/<int:session_id>")
def session_detail(session_id: int) -> str:
    """One session, with its calendar download and, for a delegate, the pick button."""
    session = _published_session(session_id)
    mine = _signed_in_registration(session)
    return render_template(
        "agenda/session.html",
        edition=session.edition,
        session=session,
        taken=signup_counts([session.id]).get(session.id, 0),
        can_pick=mine is not None and mine.status is RegistrationStatus.APPROVED,
        pickable=is_pickable(session),
        picked=mine is not None and has_picked(mine, session),
        form=ButtonForm(),
    )


def _from_session_page(
    session_id: int, change: Callable[[Registration, Session], None]
) -> BaseResponse:
    session = _published_session(session_id)
    registration = _signed_in_registration(session)
    if registration is None:
        flash(_("Your account has no registration for this edition."), "error")
    elif ButtonForm().validate_on_submit():
        change(registration, session)
    return redirect(url_for(".session_detail", session_id=session_id))


@bp.route("/agenda/sessions/<int:session_id>/pick", methods=["POST"])
@role_required(Role.DELEGATE)
@hot_write
def pick_here(session_id: int) -> BaseResponse:
    """Add this session to the signed-in delegate's programme, from the session page."""
    return _from_session_page(session_id, add_pick)


@bp.route("/agenda/sessions/<int:session_id>/unpick", methods=["POST"])
@role_required(Role.DELEGATE)
@hot_write
def unpick_here(session_id: int) -> BaseResponse:
    """Give the place back, from the session page."""
    return _from_session_page(session_id, remove_pick)


@bp.route("/agenda/sessions/<int:session_id>.ics")
def session_ics(session_id: int) -> Response:
    """One session as a calendar file to download."""
    session = _published_session(session_id)
    url = external_url("agenda.session_detail", session_id=session.id)
    event = feed_event(session, url=url, language=feed_language())
    body = build_calendar(
        [event], name=event.title, zone=session.edition.timezone, around_year=session.edition.year
    )
    return download(body, f"session-{session.id}.ics", "text/calendar")


def calendar_response(scope: FeedScope, filename: str) -> Response:
    """A feed with ETag and Last-Modified; 304 without building it when nothing changed."""
    print_ = fingerprint(scope)
    response = Response(mimetype="text/calendar")
    response.set_etag(print_.etag)
    response.last_modified = print_.last_modified
    response.cache_control.no_cache = True  # always revalidate: the agenda can change any time
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if print_.etag in request.if_none_match:
        response.status_code = 304
        return response
    response.set_data(render_feed(scope))
    return response


@bp.route("/agenda.pdf")
def programme_booklet() -> Response:
    """The printed programme in the page's language; ``?include=gfmd`` adds the summit."""
    edition = current_edition_or_404()
    filters = ProgrammeFilter(include_gfmd=request.args.get("include") == "gfmd")
    pdf = programme_pdf(edition, programme(edition, filters))
    return pdf_response(pdf, f"programme-{edition.year}.pdf")


@bp.route("/agenda/<slug>.pdf")
def theme_booklet(slug: str) -> Response:
    """One theme's sessions as a printed programme."""
    edition = current_edition_or_404()
    found = theme_by_slug(edition, slug) or abort(404)
    pdf = programme_pdf(
        edition, programme(edition, ProgrammeFilter(theme_id=found.id)), theme=found
    )
    return pdf_response(pdf, f"programme-{edition.year}-{found.slug}.pdf")


@bp.route("/agenda.ics")
def edition_feed() -> Response:
    """The whole programme; ``?include=gfmd`` adds the summit items."""
    edition = current_edition_or_404()
    include_gfmd = request.args.get("include") == SessionSource.GFMD.value
    scope = FeedScope(edition, include_gfmd=include_gfmd, language=feed_language())
    return calendar_response(scope, "agenda.ics")


@bp.route("/agenda/<slug>.ics")
def theme_feed(slug: str) -> Response:
    """One theme's sessions."""
    edition = current_edition_or_404()
    found = theme_by_slug(edition, slug) or abort(404)
    scope = FeedScope(edition, theme=found, language=feed_language())
    return calendar_response(scope, f"{slug}.ics")


@bp.route("/calendar/<secret>.ics")
def personal_feed(secret: str) -> Response:
    """The sessions one delegate picked, at a secret address."""
    registration = registration_by_calendar_secret(secret) or abort(404)
    scope = FeedScope(registration.edition, registration=registration, language=feed_language())
    return calendar_response(scope, "my-forum-agenda.ics")


def _registration(token: str) -> Registration:
    registration = registration_from_token(token) or abort(404)
    if registration.status in CLOSED:  # no programme to keep: back to the private page
        flash(_("A withdrawn or refused registration has no programme."), "info")
        abort(redirect(url_for("registration.manage", token=token)))
    return registration


def _session_of(registration: Registration, session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.edition_id != registration.edition_id:
        abort(404)
    return session


@bp.route("/r/<token>/sessions")
def picks(token: str) -> str:
    """The programme with a pick button on each session the delegate may join."""
    registration = _registration(token)
    sessions = programme(registration.edition, ProgrammeFilter())
    return render_template(
        "agenda/picks.html",
        token=token,
        registration=registration,
        edition=registration.edition,
        days=by_local_day(sessions, registration.edition),
        picked={s.id for s in picked_sessions(registration)},
        pickable={s.id for s in sessions if is_pickable(s)},
        taken=signup_counts([s.id for s in sessions if s.capacity is not None]),
        can_pick=registration.status is RegistrationStatus.APPROVED,
        form=ButtonForm(),
        # After a pick the page opens at that session: its messages are shown there, in view.
        focused=next((s.id for s in sessions if s.id == request.args.get("at", type=int)), None),
    )


@bp.route("/r/<token>/sessions/<int:session_id>/pick", methods=["POST"])
@hot_write
def pick(token: str, session_id: int) -> BaseResponse:
    """Add a session to the delegate's programme."""
    registration = _registration(token)
    session = _session_of(registration, session_id)
    if ButtonForm().validate_on_submit():
        add_pick(registration, session)
    return redirect(url_for(".picks", token=token, at=session_id, _anchor=f"session-{session_id}"))


@bp.route("/r/<token>/sessions/<int:session_id>/unpick", methods=["POST"])
@hot_write
def unpick(token: str, session_id: int) -> BaseResponse:
    """Give the place back."""
    registration = _registration(token)
    session = _session_of(registration, session_id)
    if ButtonForm().validate_on_submit():
        remove_pick(registration, session)
    return redirect(url_for(".picks", token=token, at=session_id, _anchor=f"session-{session_id}"))


@bp.route("/r/<token>/calendar/reset", methods=["POST"])
def reset_calendar(token: str) -> BaseResponse:
    """Give the personal calendar a new address; the old one stops working."""
    registration = _registration(token)
    if ButtonForm().validate_on_submit():
        attempt(lambda: reset_calendar_secret(registration))
        flash(_("Your calendar has a new address. Subscribe again with the new link."), "info")
    return redirect(url_for(".picks", token=token))
