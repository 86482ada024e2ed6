"""Builders for match tests: a published need of Freetown, an organisation's offer and
Quito's action under way that match it, and the editors of each side."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from forum.commitments.access import Editor
from forum.commitments.models import Commitment, Offer
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.models import Registration
from tests.commitments.helpers import delegate, entry, offer, organiser_user


@dataclass
class Scene:
    """A need, its two possible counterparts, and who speaks for each."""

    edition: Edition
    need: Commitment
    offer: Offer
    action: Commitment
    freetown: Registration
    quito: Registration

    def editor(self, registration: Registration) -> Editor:
        return Editor(user=registration.user, registration=registration)

    @property
    def need_side(self) -> Editor:
        return self.editor(self.freetown)

    @property
    def quito_side(self) -> Editor:
        return self.editor(self.quito)

    @property
    def organiser(self) -> Editor:
        return Editor(user=organiser_user())


def scene(edition: Edition) -> Scene:
    """Freetown needs data tools on GCM objective 1; a UN agency offers them (contact
    offers@agency.example, in French); Quito already runs a newcomer survey."""
    freetown = delegate(edition, "mayor@freetown.example")
    freetown.user.preferred_locale = "es"
    quito = delegate(edition, "alcalde@quito.example", city=("Quito", "EC"))
    need = entry(edition, freetown, published=True, support_areas=["tools"], gcm_objectives=[1])
    need.contact_id = freetown.id
    data = offer(edition, published=True, title="Data tools", support_areas=["tools"],
                 gcm_objectives=[1], language="fr", contact_name="Amina",
                 contact_email="offers@agency.example")  # fmt: skip
    action = entry(edition, quito, published=True, kind="doing", support_areas=[],
                   gcm_objectives=[1], title="Our newcomer survey")  # fmt: skip
    action.contact_id = quito.id
    db.session.flush()
    return Scene(edition, need, data, action, freetown, quito)


def outbox(template: str = "match_introduction") -> list[OutboxEmail]:
    """The queued e-mails of one template, oldest first."""
    query = sa.select(OutboxEmail).where(OutboxEmail.template == template)
    return list(db.session.scalars(query.order_by(OutboxEmail.id)))
