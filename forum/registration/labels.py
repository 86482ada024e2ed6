"""Words shown for the registration enums, in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.registration.models import Category, RegistrationStatus

CATEGORY_LABELS = {
    Category.MAYOR: _l("Mayor"),
    Category.DEPUTY_MAYOR: _l("Deputy mayor"),
    Category.CITY_OFFICIAL: _l("City official"),
    Category.REGIONAL_GOVERNMENT: _l("Regional government"),
    Category.NATIONAL_GOVERNMENT: _l("National government"),
    Category.UN_AGENCY: _l("UN agency"),
    Category.FINANCIAL_INSTITUTION: _l("International financial institution"),
    Category.CITY_NETWORK: _l("City network"),
    Category.CIVIL_SOCIETY: _l("Civil society"),
    Category.PRIVATE_SECTOR: _l("Private sector"),
    Category.ACADEMIA: _l("Academia"),
    Category.YOUTH: _l("Youth"),
    Category.MEDIA: _l("Media"),
    Category.ORGANISER_STAFF: _l("Organiser staff"),
}
STATUS_LABELS = {
    RegistrationStatus.PENDING: _l("Pending"),
    RegistrationStatus.APPROVED: _l("Approved"),
    RegistrationStatus.WAITLISTED: _l("Wait-listed"),
    RegistrationStatus.REJECTED: _l("Rejected"),
    RegistrationStatus.WITHDRAWN: _l("Withdrawn"),
}
