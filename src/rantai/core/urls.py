from django.urls import path

from rantai.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
    path("regions/children/", views.region_children, name="region-children"),
    path("regions/search/", views.region_search, name="region-search"),
]
