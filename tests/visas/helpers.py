"""A visa request made through the service, for tests of other areas."""

from __future__ import annotations

from datetime import UTC, date, datetime

from forum.registration.models import Registration
from forum.visas.models import VisaRequest
from forum.visas.services import PassportDetails, request_letter


def visa_request(registration: Registration) -> VisaRequest:
    """A pending request with plausible passport details."""
    details = PassportDetails(
        passport_name=registration.full_name,
        nationality="SL",
        passport_number="X7Q2049381",
        passport_expiry=date(2031, 5, 30),
        birth_date=date(1971, 3, 14),
        consulate="Freetown, Sierra Leone",
    )
    return request_letter(registration, details, now=datetime.now(UTC))
