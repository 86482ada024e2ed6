"""Forms of the commitments area: the entry itself, a progress update, a return comment."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from forum.commitments.checks import (
    COMMENT,
    DESCRIPTION,
    EVIDENCE,
    LANGUAGES,
    NARRATIVE,
    PARTNERS,
    PERCENT,
    TARGET,
    TITLE,
    CommitmentInput,
    ProgressInput,
)
from forum.commitments.labels import (
    AREA_LABELS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    LEVEL_LABELS,
    OFFERER_LABELS,
    PROGRESS_LABELS,
)
from forum.commitments.objectives import GCM, GCR
from forum.commitments.offers import CONTACT_EMAIL, CONTACT_NAME, OFFERER, OfferInput
from forum.forms import Form, MultiCheckboxField, checked_by, choices, strip
from forum.translation_forms import TranslationsField


def _pairs(labels: dict) -> list[tuple[str, object]]:
    return [(member.value, label) for member, label in labels.items()]


class _EntryFields(Form):
    """What an entry and an offer both say: theme, title, text, language, support areas."""

    theme_id = SelectField(_l("Theme"), choices=[])
    title = StringField(_l("Title"), filters=[strip], validators=checked_by(TITLE))
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=checked_by(DESCRIPTION)
    )
    language = SelectField(
        _l("Language of this entry"),
        choices=choices((code, LANGUAGE_LABELS[code]) for code in LANGUAGES),
    )
    support_areas = MultiCheckboxField(_l("Support areas"), choices=choices(_pairs(AREA_LABELS)))
    partnership_level = SelectField(
        _l("Partnership level"), choices=choices([("", "—"), *_pairs(LEVEL_LABELS)])
    )


class CommitmentForm(_EntryFields):
    """A city's entry; the theme and contact choices are set per page."""

    kind = SelectField(_l("This entry says"), choices=choices(_pairs(KIND_LABELS)))
    gcm_objectives = MultiCheckboxField(
        _l("Global Compact for Migration objectives"),
        choices=choices((number, f"{number}. {titles[0]}") for number, titles in GCM.items()),
        coerce=int,
    )
    gcr_objectives = MultiCheckboxField(
        _l("Global Compact on Refugees objectives (optional)"),
        choices=choices((number, f"{number}. {titles[0]}") for number, titles in GCR.items()),
        coerce=int,
    )
    target = TextAreaField(_l("Measurable target"), filters=[strip], validators=checked_by(TARGET))
    target_date = DateField(_l("Target date"), validators=[Optional()])
    partners = StringField(_l("Partners"), filters=[strip], validators=checked_by(PARTNERS))
    contact_id = SelectField(_l("Contact person"), choices=[])
    is_public = BooleanField(_l("Show it on the public list once published"), default=True)
    version = HiddenField()

    def to_input(self) -> CommitmentInput:
        """What was typed, for the service to check."""
        return CommitmentInput(
            theme_id=int(self.theme_id.data) if self.theme_id.data else None,
            kind=self.kind.data,
            title=self.title.data or "",
            description=self.description.data or "",
            language=self.language.data,
            support_areas=list(self.support_areas.data or []),
            partnership_level=self.partnership_level.data or None,
            gcm_objectives=list(self.gcm_objectives.data or []),
            gcr_objectives=list(self.gcr_objectives.data or []),
            target=self.target.data or "",
            target_date=self.target_date.data,
            partners=self.partners.data or "",
            contact_id=int(self.contact_id.data) if self.contact_id.data else None,
            is_public=bool(self.is_public.data),
        )

    def seen_version(self) -> int:
        """The version the editor loaded (0, which no entry has, when it is missing)."""
        value = self.version.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else 0


class TranslatedEntryForm(CommitmentForm):
    """The organisers' edit of an entry: its title and description in the edition's other
    languages too, beside the entry's own."""

    title_i18n = TranslationsField(_l("Title in other languages"), rule=TITLE)
    description_i18n = TranslationsField(_l("Description in other languages"), rule=DESCRIPTION)

    def offer(self, languages: list[str]) -> None:
        """An input per language of ``languages`` but the entry's own (as chosen on the form)."""
        for field in (self.title_i18n, self.description_i18n):
            field.offer(languages, str(self.language.data))

    def to_input(self) -> CommitmentInput:
        """What was typed, translations included, for the service to check."""
        return replace(
            super().to_input(),
            title_i18n=self.title_i18n.data,
            description_i18n=self.description_i18n.data,
        )


class OrganiserEntryForm(CommitmentForm):
    """An entry an organiser records for a city (collected on paper, say)."""

    city_id = SelectField(_l("City"), choices=[])


class ProgressForm(Form):
    """A progress update on a published entry."""

    reported_on = DateField(_l("Date"), validators=[DataRequired()])
    # No status chosen in advance: a click on "record" with the defaults must not record one.
    status = SelectField(
        _l("Progress"),
        choices=choices([("", _l("— how far has it come? —")), *_pairs(PROGRESS_LABELS)]),
        validators=[DataRequired(_l("Say how far it has come."))],
    )
    percent = IntegerField(
        _l("Percent done (optional)"), validators=[Optional(), *checked_by(PERCENT)]
    )
    narrative = TextAreaField(
        _l("What happened (optional)"), filters=[strip], validators=checked_by(NARRATIVE)
    )
    evidence_url = StringField(
        _l("Evidence link (optional)"), filters=[strip], validators=checked_by(EVIDENCE)
    )

    def to_input(self) -> ProgressInput:
        """What was typed, for the service to check."""
        return ProgressInput(
            reported_on=self.reported_on.data,
            status=self.status.data,
            percent=self.percent.data,
            narrative=self.narrative.data or "",
            evidence_url=self.evidence_url.data or "",
        )


class ReturnForm(Form):
    """Returning an entry to its city needs a comment saying what to change."""

    comment = TextAreaField(
        _l("What should the city change?"), filters=[strip], validators=checked_by(COMMENT)
    )


class OfferForm(_EntryFields):
    """An offer of support; the theme and GCM choices are set per page."""

    offerer_kind = SelectField(_l("Offered by"), choices=choices(_pairs(OFFERER_LABELS)))
    offerer_name = StringField(
        _l("Name of the city or organisation"), filters=[strip], validators=checked_by(OFFERER)
    )
    gcm_objectives = MultiCheckboxField(
        _l("Global Compact for Migration objectives"), choices=[], coerce=int
    )
    contact_name = StringField(
        _l("Contact person"), filters=[strip], validators=checked_by(CONTACT_NAME)
    )
    contact_email = StringField(
        _l("Contact e-mail"), filters=[strip], validators=checked_by(CONTACT_EMAIL)
    )
    version = HiddenField()

    def to_input(self) -> OfferInput:
        """What was typed, for the service to check."""
        return OfferInput(
            offerer_kind=self.offerer_kind.data,
            offerer_name=self.offerer_name.data or "",
            theme_id=int(self.theme_id.data) if self.theme_id.data else None,
            title=self.title.data or "",
            description=self.description.data or "",
            language=self.language.data,
            support_areas=list(self.support_areas.data or []),
            partnership_level=self.partnership_level.data or None,
            gcm_objectives=list(self.gcm_objectives.data or []),
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "",
        )

    seen_version = CommitmentForm.seen_version
