"""Forms of the organisers' tools: bulk actions on the list, GCM tags on one entry, merging
duplicates, importing a file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from forum.commitments.bulk import BulkAction, BulkRequest
from forum.commitments.duplicates import likely_duplicates
from forum.commitments.import_files import MAX_BYTES, read_upload
from forum.commitments.merging import MERGE_FIELDS
from forum.commitments.objectives import GCM, titles_here
from forum.forms import DataTextField, Form, MultiCheckboxField, choices, strip

MERGE = "merge"  # not a bulk action: it leads to the merge page for the entries ticked
ACTION_LABELS = {
    BulkAction.PUBLISH.value: _l("Publish"),
    BulkAction.RETURN.value: _l("Return to the city (with the comment)"),
    BulkAction.WITHDRAW.value: _l("Withdraw"),
    BulkAction.TAG.value: _l("Add or remove GCM objectives"),
    BulkAction.PUBLIC.value: _l("Make public"),
    BulkAction.PRIVATE.value: _l("Make organisers-only"),
    MERGE: _l("Merge (same city and theme)"),
}


def _ids_field() -> SelectMultipleField:
    return SelectMultipleField(coerce=int, validate_choice=False)


class BulkForm(Form):
    """One action for the entries ticked, or for every entry the page lists."""

    ids = _ids_field()
    page_ids = _ids_field()
    all_on_page = BooleanField(_l("Select all entries on this page"))
    action = SelectField(_l("Action"), choices=choices(ACTION_LABELS.items()))
    comment = TextAreaField(_l("Comment to the cities (to return them)"), filters=[strip])
    add = SelectMultipleField(_l("GCM objectives to add"), coerce=int, validate_choice=False)
    remove = SelectMultipleField(_l("GCM objectives to remove"), coerce=int, validate_choice=False)

    def chosen(self) -> list[int]:
        """The entries the action is for."""
        return (
            list(self.page_ids.data or []) if self.all_on_page.data else list(self.ids.data or [])
        )

    def request(self) -> BulkRequest:
        """The bulk action asked for (not for a merge)."""
        return BulkRequest(
            BulkAction(self.action.data),
            self.chosen(),
            comment=self.comment.data or "",
            add=frozenset(self.add.data or ()),
            remove=frozenset(self.remove.data or ()),
        )


class GcmForm(Form):
    """The GCM objectives one entry serves, all at once."""

    objectives = MultiCheckboxField(_l("GCM objectives"), coerce=int, validate_choice=False)


class MergeForm(Form):
    """Which entry survives, and from which entry each field is kept (``keep_<field>``)."""

    ids = _ids_field()
    survivor = SelectField(
        _l("Keep as the one entry"), coerce=int, validate_choice=False, validators=[DataRequired()]
    )

    def keep(self) -> dict[str, int]:
        """The entry each field is taken from, where one was chosen (else the survivor's)."""
        chosen = {name: self[f"keep_{name}"].data for name in MERGE_FIELDS}
        return {name: entry_id for name, entry_id in chosen.items() if entry_id is not None}


for _name in MERGE_FIELDS:  # one choice per field the survivor may take from another entry
    setattr(MergeForm, f"keep_{_name}", IntegerField(validators=[Optional()]))


class ImportForm(Form):
    """A CSV or XLSX file of entries: previewed first, written only when confirmed."""

    file = FileField(_l("CSV or XLSX file"))
    csv_text = DataTextField(validators=[Optional(), Length(max=3 * MAX_BYTES)])
    confirm = BooleanField()

    encoding = ""  # how the uploaded file was read, for the preview to say

    def text(self) -> str:
        """The file's text: posted back from the preview, else the uploaded file's."""
        if not self.csv_text.data:
            self.csv_text.data, self.encoding = read_upload(self.file.data)
        return str(self.csv_text.data)


def list_tools(edition_id: int) -> dict[str, object]:
    """What the organisers' list shows besides the entries: the bulk form, likely duplicates."""
    return {
        "bulk_form": BulkForm(formdata=None),
        "duplicates": likely_duplicates(edition_id),
        "gcm_choices": titles_here(GCM),
    }
