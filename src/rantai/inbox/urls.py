from django.urls import path

from rantai.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("badge/", views.badge, name="badge"),
    path("read-all/", views.read_all, name="read-all"),
    path("<int:pk>/open/", views.open_notification, name="open"),
]
