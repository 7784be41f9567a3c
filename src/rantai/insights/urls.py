from django.urls import path

from rantai.insights import report_views, views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("firms/<slug:step>/", views.StepFirmsView.as_view(), name="step-firms"),
    path("map/", views.firm_map, name="map"),
    path("map/data/", views.map_data, name="map-data"),
    path("report/", report_views.report, name="report"),
]
