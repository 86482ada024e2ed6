"""What organisers see of a declaration: every endorsement and authorisation, and who could
be authorised to sign."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.endorsements.models import Declaration, Endorsement, SigningAuthorisation
from forum.endorsements.services import LEADER_CATEGORIES
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus


def all_endorsements(declaration: Declaration) -> list[Endorsement]:
    """Every endorsement of the declaration, withdrawn ones included, newest first."""
    return list(
        db.session.scalars(
            sa.select(Endorsement)
            .where(Endorsement.declaration_id == declaration.id)
            .options(joinedload(Endorsement.city))
            .order_by(Endorsement.endorsed_at.desc())
        )
    )


def authorisations(declaration: Declaration) -> list[SigningAuthorisation]:
    """The signing authorisations, with whom and by whom."""
    return list(
        db.session.scalars(
            sa.select(SigningAuthorisation)
            .where(SigningAuthorisation.declaration_id == declaration.id)
            .options(
                joinedload(SigningAuthorisation.registration).joinedload(Registration.city),
                joinedload(SigningAuthorisation.authorised_by),
            )
        )
    )


def signatory_candidates(declaration: Declaration) -> list[Registration]:
    """Approved delegates who may not sign by their role and are not yet authorised, by name."""
    authorised = sa.select(SigningAuthorisation.registration_id).where(
        SigningAuthorisation.declaration_id == declaration.id
    )
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.edition_id == declaration.edition_id,
                Registration.status == RegistrationStatus.APPROVED,
                Registration.category.not_in(LEADER_CATEGORIES),
                Registration.id.not_in(authorised),
            )
            .options(joinedload(Registration.city))
            .order_by(Registration.family_name)
        )
    )
