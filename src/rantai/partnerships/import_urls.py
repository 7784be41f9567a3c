"""The ERP import of orders and deliveries (see importing.py), included in the app's urls."""

from django.urls import path

from rantai.partnerships import import_views

urlpatterns = [
    path("<int:pk>/orders/import/", import_views.orders_import, name="orders-import"),
    path(
        "<int:pk>/orders/import/template.xlsx",
        import_views.orders_import_template,
        name="orders-import-template",
    ),
    path(
        "orders/import/<int:job_pk>/",
        import_views.orders_import_review,
        name="orders-import-review",
    ),
]
