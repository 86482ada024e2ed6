"""Words for the audit trail: each action and each changed field, in the viewer's language.

The actions are named by the services that record them (``record("registration.updated")``);
an action missing here is still shown in words, never as its key.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "registration.created": _l("Registration received"),
    "registration.email_confirmed": _l("E-mail confirmed"),
    "registration.updated": _l("Details changed"),
    "registration.change_requested": _l("Change asked for review"),
    "registration.changes_accepted": _l("Change accepted"),
    "registration.changes_declined": _l("Change declined"),
    "registration.pending": _l("Set back to pending"),
    "registration.approved": _l("Approved"),
    "registration.waitlisted": _l("Wait-listed"),
    "registration.rejected": _l("Rejected"),
    "registration.withdrawn": _l("Withdrawn"),
    "registration.place_offered": _l("Place offered from the wait list"),
    "registration.offer_expired": _l("Offer of a place expired"),
    "registration.link_replaced": _l("New private link sent"),
    "registration.link_renewed": _l("Private link renewed"),
    "registration.signed_out_everywhere": _l("Signed out everywhere"),
    "registration.email_change_requested": _l("New e-mail address asked for"),
    "registration.email_changed": _l("E-mail address changed"),
    "badge.issued": _l("Badge issued"),
    "badge.revoked": _l("Badge revoked"),
    "signup.created": _l("Signed up for a session"),
    "signup.cancelled": _l("Sign-up for a session cancelled"),
    "calendar.reset": _l("Calendar link reset"),
    "endorsement.created": _l("Declaration endorsed"),
    "endorsement.withdrawn": _l("Endorsement withdrawn"),
    "endorsement.authorisation_revoked": _l("Authorisation to sign revoked"),
    "session.created": _l("Session created"),
    "session.updated": _l("Session changed"),
    "session.person_added": _l("Speaker or moderator added"),
    "session.person_moved": _l("Speaker or moderator moved"),
    "session.person_removed": _l("Speaker or moderator removed"),
    "edition.updated": _l("Edition settings changed"),
    "edition.cloned": _l("Edition created by cloning"),
    "edition.made_current": _l("Made the current edition"),
    "edition.offer_hours": _l("Time to answer a wait-list offer changed"),
}
FIELD_LABELS = {
    "given_name": _l("Given name"),
    "family_name": _l("Family name"),
    "category": _l("Category"),
    "position_title": _l("Position"),
    "city_name": _l("City"),
    "country_code": _l("Country"),
    "organisation": _l("Organisation"),
    "languages": _l("Languages"),
    "accessibility_needs": _l("Accessibility needs"),
    "dietary_needs": _l("Dietary needs"),
    "needs_visa_letter": _l("Visa letter"),
    "status": _l("Status"),
    "email": _l("E-mail address"),
    "to": _l("New address"),
    "expires_at": _l("Offer ends"),
}


def action_label(action: str) -> str:
    """An action in words; one without a label is worded from its key ("Link renewed")."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    words = action.rsplit(".", 1)[-1].replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def field_label(name: str) -> str:
    """A changed field's label, as its form shows it."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()
