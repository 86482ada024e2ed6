"""Every area's models, imported in one place so Alembic sees them all."""

from forum.agenda.gfmd.models import GfmdSyncJob, SyncJobStatus
from forum.agenda.models import (
    GfmdSync,
    Room,
    Session,
    SessionKind,
    SessionSignup,
    SessionSource,
    SessionStatus,
    SyncStatus,
    Theme,
)
from forum.audit.models import AuditEvent
from forum.auth.models import ApiToken, Role, User
from forum.badges.models import Badge, BadgeJob, JobStatus
from forum.checkin.models import CheckIn, ScanStatus
from forum.cities.models import City
from forum.commitments.followup_models import Confirmation, ProgressRequest
from forum.commitments.match_models import Match
from forum.commitments.models import Commitment, GcmLink, Offer, OfferGcmLink, ProgressUpdate
from forum.editions.models import Edition
from forum.endorsements.models import (
    Declaration,
    DeclarationText,
    DeskRequest,
    Endorsement,
    EndorsementMethod,
    SigningAuthorisation,
    WindowOverride,
)
from forum.mail.models import OutboxEmail, OutboxStatus
from forum.registration.models import Category, Registration, RegistrationStatus
from forum.visas.models import VisaRequest, VisaStatus

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Badge",
    "BadgeJob",
    "Category",
    "CheckIn",
    "City",
    "Commitment",
    "Confirmation",
    "Declaration",
    "DeclarationText",
    "DeskRequest",
    "Edition",
    "Endorsement",
    "EndorsementMethod",
    "GcmLink",
    "GfmdSync",
    "GfmdSyncJob",
    "JobStatus",
    "Match",
    "Offer",
    "OfferGcmLink",
    "OutboxEmail",
    "OutboxStatus",
    "ProgressRequest",
    "ProgressUpdate",
    "Registration",
    "RegistrationStatus",
    "Role",
    "Room",
    "ScanStatus",
    "Session",
    "SessionKind",
    "SessionSignup",
    "SessionSource",
    "SessionStatus",
    "SigningAuthorisation",
    "SyncJobStatus",
    "SyncStatus",
    "Theme",
    "User",
    "VisaRequest",
    "VisaStatus",
    "WindowOverride",
]
