"""Login and logout, the user's own password pages, the pickers and user administration (用户管理)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_login, views_users

urlpatterns = [
    path("login/", views_login.LoginView.as_view(), name="login"),
    path("login/verify/", views_login.login_verify, name="login_verify"),
    path("two-factor/", views_login.otp_settings, name="otp_settings"),
    path("two-factor/setup/", views_login.otp_setup, name="otp_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("search/users/", views.user_search, name="user_search"),
    path("search/agencies/", views.agency_search, name="agency_search"),
    path("password/", views_users.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("password/set/<uidb64>/<token>/", views_users.PasswordSetView.as_view(), name="password_set"),
    path("password/set/done/", views_users.PasswordSetDoneView.as_view(), name="password_set_done"),
    path("users/", views_users.user_list, name="user_admin_list"),
    path("users/new/", views_users.user_create, name="user_admin_create"),
    path("users/<int:pk>/", views_users.user_edit, name="user_admin_edit"),
    path("users/<int:pk>/active/", views_users.user_set_active, name="user_admin_active"),
    path("users/<int:pk>/password/", views_users.user_password, name="user_admin_password"),
]
