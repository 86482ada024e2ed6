"""What a letter says, worded in the delegate's language, and the e-mail that carries it."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _

from forum.cities.services import country_name
from forum.mail.services import Attachment, queue_email
from forum.registration.links import private_link_token
from forum.translated import Localized
from forum.urls import external_url
from forum.visas.letter import LetterText, letter_pdf
from forum.visas.models import VisaRequest
from forum.visas.services import passport_of
from forum.written import written_in


def printed_code(code: str) -> str:
    """The code in groups of four, as printed and read aloud."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def letter_language(visa: VisaRequest) -> str:
    """The delegate's language (the one they registered or last chose)."""
    return visa.registration.user.preferred_locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def letter_text(visa: VisaRequest, *, issued: datetime) -> LetterText:
    """The letter's words in the current language; the request must still hold its details."""
    passport = passport_of(visa)
    if passport is None or visa.code is None:
        raise ValueError("a letter needs its passport details and its code")
    edition = visa.registration.edition
    language = str(get_locale())
    values = {
        "name": passport["passport_name"],
        "nationality": country_name(passport["nationality"], language),
        "birth": _long_date(passport["birth_date"]),
        "passport": passport["passport_number"],
        "expiry": _long_date(passport["passport_expiry"]),
        "city": visa.registration.city.name,
        "edition": edition.title,
        "place": f"{edition.city}, {country_name(edition.country_code, language)}",
        "dates": forum_dates(edition.starts_on, edition.ends_on),
    }
    verify_url = external_url("visas.verify", code=visa.code)
    return LetterText(
        language=language,
        letterhead=_("Mayoral Forum on Human Mobility, Migration and Development"),
        edition=f"{edition.title} · {values['place']} · {values['dates']}",
        place_and_date=f"{edition.city}, {format_date(issued.date(), 'long')}",
        addressee=_(
            "To the Embassy or Consulate in %(consulate)s", consulate=passport["consulate"]
        ),
        subject=_("Letter of invitation: %(name)s", **values),
        paragraphs=_paragraphs(values),
        signatory_name=current_app.config["VISA_LETTER_SIGNATORY_NAME"] or _("The organisers"),
        signatory_title=current_app.config["VISA_LETTER_SIGNATORY_TITLE"]
        or _("Mayoral Forum on Human Mobility, Migration and Development"),
        verify_caption=_("A consulate can check this letter online with its code:"),
        verify_url=verify_url,
        code=printed_code(visa.code),
    )


def _paragraphs(values: dict[str, str]) -> tuple[str, ...]:
    """The letter's body: who is invited, to what, and what it does not promise."""
    return (
        _(
            "We confirm that %(name)s (nationality: %(nationality)s; born on %(birth)s; "
            "passport number %(passport)s, valid until %(expiry)s) is registered with the "
            "delegation of %(city)s to the forum “%(edition)s”, held in %(place)s %(dates)s.",
            **values,
        ),
        _(
            "The Mayoral Forum brings mayors and city delegations together beside the summit "
            "of the Global Forum on Migration and Development (GFMD). We kindly ask you to "
            "grant %(name)s the visa needed to attend.",
            **values,
        ),
        _("This letter does not commit the organisers to any cost of travel or stay."),
    )


def forum_dates(first: date, last: date) -> str:
    """ "on 8 December 2018", or "from 8 to 9 December 2018", in the reader's language."""
    if first == last:
        return _("on %(day)s", day=format_date(first, "long"))
    return _(
        "from %(start)s to %(end)s",
        start=format_date(first, "long"),
        end=format_date(last, "long"),
    )


def _long_date(iso: str) -> str:
    return format_date(date.fromisoformat(iso), "long")


def letter_for(visa: VisaRequest, *, issued: datetime) -> bytes:
    """The letter as a PDF in the delegate's language."""
    with force_locale(letter_language(visa)):
        return letter_pdf(letter_text(visa, issued=issued))


def send_letter(visa: VisaRequest, *, now: datetime) -> None:
    """Queue the e-mail that carries the letter (sent with the transaction that issued it)."""
    registration = visa.registration
    pdf = letter_for(visa, issued=now)
    queue_email(
        registration.user.email,
        "visa_letter",
        locale=letter_language(visa),
        attachments=[Attachment("invitation-letter.pdf", "application/pdf", pdf)],
        registration=registration,
        edition=registration.edition,
        link=external_url("registration.manage", token=private_link_token(registration)),
        code=printed_code(visa.code or ""),
    )


def refusal_reason_in(visa: VisaRequest, language: str) -> Localized:
    """Why the request was refused, in ``language`` when the organisers wrote it so."""
    edition = visa.registration.edition
    return written_in(visa, "refusal_reason", edition.default_language).in_language(language)


def send_refusal(visa: VisaRequest) -> None:
    """Tell the delegate their request was refused, and why (in their language)."""
    registration = visa.registration
    reason = refusal_reason_in(visa, letter_language(visa))
    queue_email(
        registration.user.email,
        "visa_refused",
        locale=letter_language(visa),
        registration=registration,
        edition=registration.edition,
        reason=reason.text,
        reason_lang=reason.language,
        link=external_url("registration.manage", token=private_link_token(registration)),
    )
