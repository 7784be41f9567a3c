from django.contrib.auth import views as auth_views
from django.urls import path

from rantai.accounts import forms, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.StyledPasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.StyledPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.StyledSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/token/", views.regenerate_token, name="regenerate-token"),
    path("organisations/<int:pk>/members/", views.MembersView.as_view(), name="members"),
    path(
        "memberships/<int:pk>/deactivate/",
        views.deactivate_membership,
        name="membership-deactivate",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation-accept"),
    path("request-access/", views.request_access, name="request-access"),
    path("request-access/sent/", views.access_request_sent, name="access-request-sent"),
    path("access-requests/", views.AccessRequestListView.as_view(), name="access-requests"),
    path("access-requests/<int:pk>/", views.access_request_detail, name="access-request"),
    path(
        "access-requests/<int:pk>/approve/",
        views.approve_access_request,
        name="access-request-approve",
    ),
    path(
        "access-requests/<int:pk>/reject/",
        views.reject_access_request,
        name="access-request-reject",
    ),
]
