"""Who may write a city's entries: its approved delegates of that edition, and organisers."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from forum.auth.models import Role, User
from forum.errors import DomainError
from forum.registration.models import Registration, RegistrationStatus


class NotYours(DomainError):
    """The entry belongs to another city, or the person may not write entries at all."""

    status = 403

    def __init__(self, message: str | None = None) -> None:
        super().__init__("forbidden", message or _("Only this city's delegates can change it."))


@dataclass(frozen=True)
class Editor:
    """Who is writing: a delegate through their registration, or an organiser (no
    registration)."""

    user: User
    registration: Registration | None = None

    @property
    def is_organiser(self) -> bool:
        return self.registration is None and self.user.role.includes(Role.ORGANISER)


def may_write(editor: Editor, edition_id: int, city_id: int) -> bool:
    """True when ``editor`` may write entries of this city in this edition."""
    if editor.is_organiser:
        return True
    registration = editor.registration
    return (
        registration is not None
        and registration.status is RegistrationStatus.APPROVED
        and registration.edition_id == edition_id
        and registration.city_id == city_id
    )


def require_writer(editor: Editor, edition_id: int, city_id: int) -> None:
    """Refuse (403) anyone who may not write this city's entries."""
    if not may_write(editor, edition_id, city_id):
        raise NotYours()


def require_organiser(editor: Editor) -> None:
    """Refuse (403) anyone but an organiser (publishing and returning are theirs)."""
    if not editor.is_organiser:
        raise NotYours(_("Only organisers can do this."))
