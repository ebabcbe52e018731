from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, Notification, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "comprehensive"]
    list_filter = ["kind", "comprehensive"]
    search_fields = ["name", "region__name"]
    filter_horizontal = ["industries"]
    autocomplete_fields = ["region", "parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "kind", "agency", "role", "enterprise", "is_active"]
    list_filter = ["kind", "role", "is_active"]
    search_fields = ["username", "display_name", "phone"]
    autocomplete_fields = ["agency", "enterprise"]
    filter_horizontal = ["specialties", "groups", "user_permissions"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("平台身份"),
            {
                "fields": (
                    "kind",
                    "display_name",
                    "phone",
                    "agency",
                    "role",
                    "enterprise",
                    "cert_number",
                    "cert_valid_until",
                    "in_expert_pool",
                    "specialties",
                    "organisation",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser grants back-office rights; an agency administrator manages people.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # An agency administrator manages the users of agencies in their region's subtree.
        if getattr(request.user, "is_official", False):
            return qs.filter(agency__region__path__startswith=request.user.agency.region.path)
        return qs.none()


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the services that raise them."""

    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at", "email_error"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
