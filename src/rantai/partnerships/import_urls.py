"""The ERP import of orders and deliveries (see importing.py), included in the app's urls."""

from django.urls import path

from rantai.core.importing.views import ImportReviewView, ImportTemplateView, ImportUploadView
from rantai.partnerships.importing import ORDERS

urlpatterns = [
    path(
        "<int:pk>/orders/import/", ImportUploadView.as_view(importer=ORDERS), name="orders-import"
    ),
    path(
        "<int:pk>/orders/import/template.xlsx",
        ImportTemplateView.as_view(importer=ORDERS),
        name="orders-import-template",
    ),
    path(
        "orders/import/<int:job_pk>/",
        ImportReviewView.as_view(importer=ORDERS),
        name="orders-import-review",
    ),
]
