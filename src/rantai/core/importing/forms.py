from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.core.forms import StyledFormMixin


class ImportForm(StyledFormMixin, forms.Form):
    """The upload of a file to import, checked by its first bytes before any task reads it."""

    MAX_SIZE = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An .xlsx or .csv file of at most 5 MB, with the column names in the first row."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv", "data-testid": "import-file"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx") and head != b"PK\x03\x04":
            raise forms.ValidationError(_("This is not a real .xlsx file."))
        if name.endswith(".csv") and b"\x00" in upload.read(2048):
            raise forms.ValidationError(_("This is not a text (CSV) file."))
        upload.seek(0)
        return upload
