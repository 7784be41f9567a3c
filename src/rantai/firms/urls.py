from django.urls import path

from rantai.core.importing.views import ImportReviewView, ImportTemplateView, ImportUploadView
from rantai.firms import views
from rantai.firms.importing import FIRMS

app_name = "firms"
urlpatterns = [
    path("", views.FirmListView.as_view(), name="list"),
    path("map/", views.firm_map, name="map"),
    path("map/data/", views.firm_map_data, name="map-data"),
    path("new/", views.firm_create, name="create"),
    path("export/", views.firm_export, name="export"),
    path("export/siinas/", views.siinas_export, name="siinas-export"),
    path("import/", ImportUploadView.as_view(importer=FIRMS), name="import"),
    path(
        "import/template.xlsx", ImportTemplateView.as_view(importer=FIRMS), name="import-template"
    ),
    path(
        "import/<int:pk>/",
        ImportReviewView.as_view(importer=FIRMS, pk_url_kwarg="pk", http_method_names=["get"]),
        name="import-review",
    ),
    path(
        "import/<int:pk>/confirm/",
        ImportReviewView.as_view(importer=FIRMS, pk_url_kwarg="pk", http_method_names=["post"]),
        name="import-confirm",
    ),
    path("<int:pk>/", views.firm_detail, name="detail"),
    path("<int:pk>/edit/", views.firm_update, name="update"),
    path("<int:pk>/delete/", views.firm_delete, name="delete"),
    path("<int:pk>/years/add/", views.industry_year_edit, name="year-add"),
    path("<int:pk>/years/<int:year>/edit/", views.industry_year_edit, name="year-edit"),
    path("<int:pk>/years/<int:year>/delete/", views.industry_year_delete, name="year-delete"),
    path("<int:pk>/<slug:kind>/add/", views.part_edit, name="part-add"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/edit/", views.part_edit, name="part-edit"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/delete/", views.part_delete, name="part-delete"),
]
