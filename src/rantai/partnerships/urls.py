from django.urls import path

from rantai.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("export/", views.partnership_export, name="export"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_update, name="update"),
    path("<int:pk>/status/", views.partnership_status, name="status"),
    path("<int:pk>/renew/", views.partnership_renew, name="renew"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("chain/", views.network, name="network"),
    path("chain/firm/<int:firm_pk>/", views.firm_chain, name="firm-chain"),
    path("chain/links/new/", views.link_create, name="link-create"),
    path("chain/links/<int:pk>/end/", views.link_end, name="link-end"),
]
