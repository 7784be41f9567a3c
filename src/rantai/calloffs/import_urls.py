"""The call-off schedule import (see importing.py), included in the app's urls."""

from django.urls import path

from rantai.calloffs.importing import SCHEDULE
from rantai.core.importing.views import ImportReviewView, ImportTemplateView, ImportUploadView

urlpatterns = [
    path("agreement/<int:pk>/import/", ImportUploadView.as_view(importer=SCHEDULE), name="import"),
    path(
        "agreement/<int:pk>/import/template.xlsx",
        ImportTemplateView.as_view(importer=SCHEDULE),
        name="import-template",
    ),
    path("import/<int:job_pk>/", ImportReviewView.as_view(importer=SCHEDULE), name="import-review"),
]
