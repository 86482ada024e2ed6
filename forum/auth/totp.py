"""A second factor for organisers and admins: time-based one-time codes (RFC 6238) from an app."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import sqlalchemy as sa
from flask_babel import gettext as _

from forum.auth.models import User
from forum.errors import InvalidInput
from forum.extensions import db

ISSUER = "Mayoral Forum"
# One step either side: phones whose clocks drift by up to 30 seconds still get in.
DRIFT_STEPS = 1


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step, within the allowed drift, whose code is ``code``; None if none is."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def pending_secret(user: User) -> str:
    """The secret being set up for ``user``: the one already shown, or a new one."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = pyotp.random_base32()
    return user.totp_pending_secret


def confirm_enrolment(user: User, code: str, *, now: datetime) -> None:
    """Switch TOTP on once the app shows a right code for the secret being set up."""
    secret = user.totp_pending_secret
    step = matching_step(secret, code, now) if secret else None
    if secret is None or step is None:
        raise InvalidInput({"code": _("That code is not right. Type the code your app shows now.")})
    user.totp_secret, user.totp_pending_secret, user.totp_last_step = secret, None, step


def spend_code(user: User, code: str, *, now: datetime) -> None:
    """Accept a code for the second sign-in step, once: a code seen before is refused."""
    step = matching_step(user.totp_secret, code, now) if user.totp_secret else None
    if step is None:
        raise InvalidInput({"code": _("That code is not right. Type the code your app shows now.")})
    # One conditional update: of two sign-ins racing with the same code, only one wins.
    spent = db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .where(sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidInput({"code": _("That code was used already. Wait for the next one.")})


def reset_two_factor(user: User) -> None:
    """Switch TOTP off (a lost phone): the person sets it up again at their next sign-in."""
    user.totp_secret = user.totp_pending_secret = user.totp_last_step = None
