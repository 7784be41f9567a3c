from django.urls import path

from rantai.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("organisations/<int:pk>/", views.EndpointListView.as_view(), name="endpoints"),
    path("organisations/<int:pk>/new/", views.endpoint_create, name="endpoint-create"),
    path("endpoints/<int:pk>/", views.EndpointView.as_view(), name="endpoint"),
    path("endpoints/<int:pk>/edit/", views.endpoint_edit, name="endpoint-edit"),
    path("endpoints/<int:pk>/rotate/", views.endpoint_rotate, name="endpoint-rotate"),
    path("endpoints/<int:pk>/delete/", views.endpoint_delete, name="endpoint-delete"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("deliveries/<int:pk>/replay/", views.delivery_replay, name="delivery-replay"),
]
