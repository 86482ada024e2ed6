"""Asking for a visa letter, deciding on it, and deleting passport data after the forum.

One validation serves the delegate's form and any other entry path; every decision locks the
request's row and checks its state inside the lock, so a repeated click changes nothing.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pycountry
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from forum.audit.services import record
from forum.auth.models import User
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from forum.validation import Checks, Text
from forum.visas.models import VisaRequest, VisaStatus
from forum.visas.sealing import SealingUnavailable, seal, sealing_available, unseal
from forum.written import check_written

NAME = Text(max_length=200)
CONSULATE = Text(max_length=200)
REASON = Text(max_length=2000, multiline=True)
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
# Crockford's base32: no I, L, O or U, so a code read aloud or retyped is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
OPEN_REGISTRATIONS = {
    RegistrationStatus.PENDING,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
}


@dataclass(frozen=True)
class PassportDetails:
    """What an embassy needs to know of the traveller, as typed."""

    passport_name: str
    nationality: str
    passport_number: str
    passport_expiry: date | None
    birth_date: date | None
    consulate: str


def clean_details(details: PassportDetails, registration: Registration, *, today: date) -> dict:
    """The details normalised, or InvalidInput naming every field that is wrong."""
    checks = Checks()
    name = checks.text("passport_name", details.passport_name, NAME)
    consulate = checks.text("consulate", details.consulate, CONSULATE)
    nationality = (details.nationality or "").strip().upper()
    if pycountry.countries.get(alpha_2=nationality) is None:
        checks.refuse("nationality", _("Choose your nationality from the list."))
    number = re.sub(r"[\s-]", "", details.passport_number or "").upper()
    if not PASSPORT_NUMBER.fullmatch(number):
        checks.refuse("passport_number", _("A passport number has 5 to 20 letters and digits."))
    _check_expiry(checks, details.passport_expiry, registration.edition.ends_on, today)
    _check_birth_date(checks, details.birth_date, today)
    checks.done()
    return {
        "passport_name": name,
        "nationality": nationality,
        "passport_number": number,
        "passport_expiry": details.passport_expiry.isoformat(),  # type: ignore[union-attr]
        "birth_date": details.birth_date.isoformat(),  # type: ignore[union-attr]
        "consulate": consulate,
    }


def _check_expiry(checks: Checks, expiry: date | None, forum_ends: date, today: date) -> None:
    if expiry is None:
        checks.refuse("passport_expiry", _("This field is required."))
    elif expiry < forum_ends:
        checks.refuse("passport_expiry", _("Your passport must be valid until the forum ends."))
    elif expiry > today + timedelta(days=20 * 366):
        checks.refuse("passport_expiry", _("Check this date: passports last 20 years at most."))


def _check_birth_date(checks: Checks, born: date | None, today: date) -> None:
    if born is None:
        checks.refuse("birth_date", _("This field is required."))
    elif not date(1900, 1, 1) <= born <= today - timedelta(days=365 * 14):
        checks.refuse("birth_date", _("Check your date of birth."))


def edition_over(edition: Edition, now: datetime) -> bool:
    """True once the forum has ended and its registration is closed: no letter helps then."""
    closes = edition.registration_closes_at
    return now.date() > edition.ends_on and closes is not None and now >= closes


def visa_request_of(registration: Registration) -> VisaRequest | None:
    """The registration's request for a letter, if it made one."""
    return db.session.scalar(
        sa.select(VisaRequest).where(VisaRequest.registration_id == registration.id)
    )


def request_letter(
    registration: Registration, details: PassportDetails, *, now: datetime
) -> VisaRequest:
    """Record (or correct, until it is decided) a delegate's request for a letter."""
    if not sealing_available():
        raise NotAllowed("visa_letters_unavailable", _("Visa letters cannot be requested yet."))
    if registration.status not in OPEN_REGISTRATIONS:
        raise NotAllowed("registration_closed", _("This registration is closed."))
    if edition_over(registration.edition, now):
        raise NotAllowed("edition_over", _("This forum is over: letters are no longer issued."))
    cleaned = clean_details(details, registration, today=now.date())
    existing = visa_request_of(registration)
    if existing is not None:
        visa = lock_row(VisaRequest, existing.id)
        if visa.status in {VisaStatus.APPROVED, VisaStatus.REVOKED}:
            raise NotAllowed(
                "letter_issued",
                _("Your letter was issued; write to the organisers to change it."),
            )
    else:
        visa = VisaRequest(registration=registration)
        db.session.add(visa)
    visa.status = VisaStatus.REQUESTED
    visa.holder_name = cleaned["passport_name"]
    visa.nationality = cleaned["nationality"]
    visa.sealed_passport = seal(cleaned)
    visa.requested_at = now
    visa.refusal_reason, visa.refusal_reason_i18n = "", {}
    registration.needs_visa_letter = True
    db.session.flush()
    record("visa_letter.requested", visa, actor=registration.user)
    return visa


def passport_of(visa: VisaRequest) -> dict[str, str] | None:
    """The sealed details, opened; None once deleted (or if no key opens them)."""
    if visa.sealed_passport is None:
        return None
    try:
        return unseal(visa.sealed_passport)
    except SealingUnavailable:
        return None


def masked_passport(visa: VisaRequest) -> dict[str, str] | None:
    """The details as organisers see them: enough to check, not enough to copy."""
    details = passport_of(visa)
    if details is None:
        return None
    number = details["passport_number"]
    return details | {
        "passport_number": "•" * (len(number) - 3) + number[-3:],
        "birth_date": details["birth_date"][:4],
    }


def new_code() -> str:
    """A fresh verification code (60 random bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a person typed, as stored: case, dashes and look-alike letters forgiven."""
    code = re.sub(r"[\s-]", "", typed or "").upper()
    return code.translate(str.maketrans("OIL", "011"))[: CODE_LENGTH + 4]


def approve_letter(visa_id: int, *, actor: User, now: datetime) -> tuple[VisaRequest, bool]:
    """Issue the letter of a requested (or refused) request; (request, whether it changed)."""
    visa = lock_row(VisaRequest, visa_id)
    if visa.status is VisaStatus.APPROVED:
        return visa, False
    if visa.status is VisaStatus.REVOKED:
        raise NotAllowed("letter_revoked", _("This letter was revoked."))
    if visa.registration.status is not RegistrationStatus.APPROVED:
        raise NotAllowed(
            "registration_not_approved", _("Approve the registration before issuing a letter.")
        )
    if passport_of(visa) is None:
        raise NotAllowed("passport_data_missing", _("The passport details are no longer kept."))
    visa.status, visa.code = VisaStatus.APPROVED, visa.code or new_code()
    visa.decided_at, visa.decided_by = now, actor
    record("visa_letter.approved", visa, actor=actor, code=visa.code)
    return visa, True


def refuse_letter(
    visa_id: int,
    reason: str,
    *,
    actor: User,
    now: datetime,
    reason_i18n: Mapping[str, str] | None = None,
) -> bool:
    """Refuse a pending request, saying why (in the edition's default language, and in its
    others: ``reason_i18n``); False when it was already refused."""
    visa = lock_row(VisaRequest, visa_id)
    checks = Checks()
    edition = visa.registration.edition
    written = check_written(checks, "reason", reason, reason_i18n, REASON, edition=edition)
    checks.done()
    if visa.status is VisaStatus.REFUSED:
        return False
    if visa.status is not VisaStatus.REQUESTED:
        raise NotAllowed("letter_issued", _("An issued letter is revoked, not refused."))
    visa.status, visa.refusal_reason = VisaStatus.REFUSED, written.text
    visa.refusal_reason_i18n = written.stored()
    visa.decided_at, visa.decided_by = now, actor
    record("visa_letter.refused", visa, actor=actor, reason=written.text,
           reason_i18n=written.stored())  # fmt: skip
    return True


def revoke_letter(visa_id: int, *, actor: User, now: datetime) -> bool:
    """Revoke an issued letter: its verification page says so from now on."""
    visa = lock_row(VisaRequest, visa_id)
    if visa.status is VisaStatus.REVOKED:
        return False
    if visa.status is not VisaStatus.APPROVED:
        raise NotAllowed("letter_not_issued", _("Only an issued letter can be revoked."))
    visa.status, visa.revoked_at = VisaStatus.REVOKED, now
    record("visa_letter.revoked", visa, actor=actor)
    return True


def letter_by_code(typed: str) -> VisaRequest | None:
    """The issued or revoked letter carrying this code, if any."""
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(sa.select(VisaRequest).where(VisaRequest.code == code))


def delete_expired_passport_data(*, now: datetime) -> int:
    """Delete passport details kept longer than VISA_DATA_RETENTION_DAYS after their
    edition ended (and closed its registration); each deletion is audited. Returns how many
    were deleted."""
    days = int(current_app.config["VISA_DATA_RETENTION_DAYS"])
    last_kept_end = (now - timedelta(days=days)).date()
    due = db.session.scalars(
        sa.select(VisaRequest.id)
        .join(Registration, Registration.id == VisaRequest.registration_id)
        .join(Edition, Edition.id == Registration.edition_id)
        .where(
            VisaRequest.sealed_passport.is_not(None),
            Edition.ends_on < last_kept_end,
            Edition.registration_closes_at.is_not(None),
            Edition.registration_closes_at <= now,
        )
    ).all()
    for visa_id in due:
        visa = lock_row(VisaRequest, visa_id)
        if visa.sealed_passport is None:
            continue
        visa.sealed_passport, visa.passport_deleted_at = None, now
        record("visa_letter.passport_data_deleted", visa, actor=None, retention_days=days)
    return len(due)


def details_for_form(visa: VisaRequest | None) -> dict[str, object]:
    """A pending request's details, to fill the form again (never an issued one's)."""
    if visa is None or visa.status is not VisaStatus.REQUESTED:
        return {}
    details = passport_of(visa) or {}
    return {
        key: date.fromisoformat(value) if key.endswith(("expiry", "date")) else value
        for key, value in details.items()
    }
