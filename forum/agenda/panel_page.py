"""The session form's people section: who is on the panel, and the ways to add someone."""

from __future__ import annotations

from flask import render_template, request

from forum.agenda.forms import SessionForm
from forum.agenda.models import Session
from forum.agenda.people import candidates
from forum.agenda.people_forms import DelegatePersonForm, GuestPersonForm
from forum.agenda.queries import rooms, themes
from forum.editions.models import Edition
from forum.forms import ButtonForm
from forum.translation_forms import offer_languages


def filled_form(session: Session) -> SessionForm:
    """The session's form as first shown, for a page that posted another form."""
    form = SessionForm(formdata=None, obj=session)
    form.set_choices(themes(session.edition, published_only=False), rooms(session.edition))
    form.show(session, session.edition, theme_id=None)
    offer_languages(form, session.edition)
    return form


def session_page(
    edition: Edition,
    session: Session | None,
    form: SessionForm,
    guest_form: GuestPersonForm | None = None,
) -> str:
    """The session form, and for a saved session its people with their tools."""
    query = request.args.get("q", "").strip()[:200]
    if guest_form is None:
        guest_form = GuestPersonForm(formdata=None, prefix="guest")
    guest_form.set_choices()
    return render_template(
        "agenda/admin/session_form.html",
        form=form,
        session=session,
        edition=edition,
        query=query,
        found=candidates(session, query) if session is not None else [],
        delegate_form=DelegatePersonForm(formdata=None),
        guest_form=guest_form,
        button_form=ButtonForm(),
    )
