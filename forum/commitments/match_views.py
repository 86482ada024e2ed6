"""What the pages show about matching, for whoever looks: who may press "connect us" on a
suggestion, and a delegate's entry's suggestions and matches (used from the templates)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forum.auth.models import Role
from forum.commitments.access import Editor
from forum.commitments.match_models import Match, MatchStage, Side
from forum.commitments.match_queries import city_matches, stages_by_counterpart
from forum.commitments.matches import is_delegate_of, sides_of
from forum.commitments.matching import Suggestion, needs_for_action, suggestions
from forum.commitments.models import Commitment, Kind, Status
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus


def viewer(edition_id: int) -> Editor | None:
    """The signed-in person as an editor: a delegate of this edition, or an organiser."""
    # Asked once per suggestion on a page: looked up once per person and edition.
    cached = g.setdefault("match_viewers", {})
    key = (current_user.get_id(), edition_id)
    if key not in cached:
        cached[key] = _viewer(edition_id)
    found: Editor | None = cached[key]
    return found


def _viewer(edition_id: int) -> Editor | None:
    if not current_user.is_authenticated:
        return None
    registration = db.session.scalar(
        sa.select(Registration).where(
            Registration.edition_id == edition_id,
            Registration.user_id == current_user.id,
            Registration.status == RegistrationStatus.APPROVED,
        )
    )
    if registration is not None:
        return Editor(user=current_user, registration=registration)
    return Editor(user=current_user) if current_user.role.includes(Role.ORGANISER) else None


def may_connect(need: Commitment, suggestion: Suggestion) -> bool:
    """True when the viewer may ask to connect this need and this suggestion: the need's
    city, the acting or offering city, or an organiser."""
    editor = viewer(need.edition_id)
    if editor is None:
        return False
    if editor.is_organiser:
        return True
    other = suggestion.action.city_id if suggestion.action else None
    if suggestion.offer is not None:
        other = suggestion.offer.city_id
    return any(is_delegate_of(editor, need.edition_id, city) for city in (need.city_id, other))


@dataclass
class EntryMatching:
    """A delegate's entry's matching panel: what could match it, and its matches."""

    suggestions: list[Suggestion] = field(default_factory=list)
    needs: list[tuple[Commitment, Suggestion]] = field(default_factory=list)
    matches: list[tuple[Match, list[Side]]] = field(default_factory=list)
    # What is matched already (no second "connect us"): counterparts of a need, needs of an
    # action.
    stages: dict[tuple[str, int], MatchStage] = field(default_factory=dict)


def entry_matching(commitment: Commitment, registration: Registration) -> EntryMatching:
    """The suggestions and matches of one of the delegate's city's published entries."""
    panel = EntryMatching()
    if commitment.status is not Status.PUBLISHED:
        return panel
    editor = Editor(user=registration.user, registration=registration)
    if commitment.kind is Kind.SUPPORT_NEEDED:
        panel.suggestions = suggestions(commitment)
    elif commitment.kind is Kind.DOING:
        panel.needs = needs_for_action(commitment)
    mine = [
        m
        for m in city_matches(commitment.edition_id, commitment.city_id)
        if commitment.id in (m.need_id, m.action_id)
    ]
    panel.matches = [(m, sides_of(editor, m)) for m in mine]
    for m in mine:
        if m.action_id == commitment.id:
            panel.stages[("need", m.need_id)] = m.stage
        else:
            panel.stages[suggestion_key(m.offer_id, m.action_id)] = m.stage
    return panel


def suggestion_key(offer_id: int | None, action_id: int | None) -> tuple[str, int]:
    """How a need's counterpart is named in the stage maps."""
    return ("offer", offer_id) if offer_id else ("action", action_id or 0)


def match_stage(need: Commitment, suggestion: Suggestion) -> MatchStage | None:
    """The stage of the need's match with this suggestion, if one was made."""
    key = suggestion_key(suggestion.offer.id if suggestion.offer else None,
                         suggestion.action.id if suggestion.action else None)  # fmt: skip
    return stages_by_counterpart(need.id).get(key)


def pending_for(editor: Editor, matches: list[Match]) -> list[tuple[Match, list[Side]]]:
    """The proposed matches among ``matches`` waiting for a side the editor answers for."""
    waiting = []
    for match in matches:
        sides = [s for s in sides_of(editor, match) if not match.accepted_by_side(s)]
        if match.stage is MatchStage.PROPOSED and sides:
            waiting.append((match, sides))
    return waiting


STAGE_LABELS = {
    MatchStage.PROPOSED: _l("Proposed"),
    MatchStage.ACCEPTED: _l("Accepted by both"),
    MatchStage.ACTIVE: _l("Under way"),
    MatchStage.CLOSED: _l("Closed"),
    MatchStage.DECLINED: _l("Declined"),
}
SIDE_LABELS = {Side.NEED: _l("The city in need"), Side.OFFER: _l("The offering side")}


def match_labels() -> dict[str, object]:
    """The stage and side labels the matching templates show."""
    return {"stage_labels": STAGE_LABELS, "side_labels": SIDE_LABELS}
