from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from . import selectors, services
from .models import Agency, Notification, User

# The platform's fields of a user in the back office: those an administrator sets (the service's
# list; username and email sit in Django's own sections) and the first-login password change.
PLATFORM_FIELDS = (
    *(f for f in services.USER_FIELDS if f not in ("username", "email")),
    "must_change_password",
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "comprehensive"]
    list_filter = ["kind", "comprehensive"]
    search_fields = ["name", "region__name"]
    filter_horizontal = ["industries"]
    autocomplete_fields = ["region", "parent"]


class ScopeCheckedForm:
    """Back-office forms of an administrator who is not a superuser: the saved account must be one
    they may manage (the same check as the 用户管理 page and the API)."""

    actor = None

    def clean(self):
        data = super().clean()
        actor = self.actor
        if actor is not None and not actor.is_superuser and not self.errors:
            user = self.instance
            for field in PLATFORM_FIELDS:
                if field in data and field != "specialties":
                    setattr(user, field, data[field])
            try:
                services.user_scope_check(actor=actor, user=user, specialties=data.get("specialties") or [])
            except DomainError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


class UserAddForm(ScopeCheckedForm, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", *PLATFORM_FIELDS)


class UserEditForm(ScopeCheckedForm, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    list_display = ["username", "display_name", "kind", "agency", "role", "enterprise", "is_active"]
    list_filter = ["kind", "role", "is_active"]
    search_fields = ["username", "display_name", "phone"]
    autocomplete_fields = ["agency", "enterprise"]
    filter_horizontal = ["specialties", "groups", "user_permissions"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("平台身份"), {"fields": PLATFORM_FIELDS}),)
    # The add form holds what User.clean() checks (an official's agency and role, an enterprise
    # user's enterprise): without them the model's errors had no field to land on (500).
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("平台身份"), {"classes": ("wide",), "fields": ("email", *PLATFORM_FIELDS)}),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser grants back-office rights; an agency administrator manages people.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # An agency administrator manages the users selectors.users_managed_by gives them.
        return qs.filter(pk__in=selectors.users_managed_by(request.user).values("pk"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "agency":
                kwargs["queryset"] = selectors.manageable_agencies(request.user)
            elif db_field.name == "enterprise":
                kwargs["queryset"] = selectors.manageable_enterprises(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.managed_by = getattr(request.user, "agency", None)
        super().save_model(request, obj, form, change)
        services.user_admin_saved(actor=request.user, user=obj, created=not change, changed=form.changed_data)


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
