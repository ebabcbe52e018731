"""用户管理 pages: the list of the users an agency administrator manages, create and edit forms,
deactivate / reactivate, password reset; and the user's own password pages (the forced change
after an initial password, the page behind a one-time link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError

from . import selectors, services
from .forms import (
    ForcedPasswordChangeForm,
    LinkSetPasswordForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
    UserPasswordForm,
)

PAGE_SIZE = 20
#: session key holding a set-password link until the administrator's next page shows it (once)
LINK_KEY = "user_admin_password_link"


def _admin_only(request) -> None:
    if not selectors.may_administer_users(request.user):
        raise PermissionDenied(_("只有部门管理员可以管理用户。"))


def _managed_user(request, pk: int):
    user = selectors.users_managed_by(request.user).filter(pk=pk).first()
    if user is None:
        raise Http404(_("用户不存在或不在您的管理范围内。"))
    return user


def _apply_error(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _remember_link(request, user, link: services.PasswordLink) -> None:
    request.session[LINK_KEY] = {"user": user.pk, "url": link.url, "emailed": link.emailed, "email": user.email}


@login_required
def user_list(request):
    _admin_only(request)
    filters = UserFilterForm(request.GET or None, actor=request.user)
    qs = filters.filter(selectors.users_managed_by(request.user)).order_by(
        "-is_active", "agency__region__path", "agency__name", "kind", "username"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/users/list.html",
        {"filters": filters, "page_obj": page, "query": query.urlencode(), "total": page.paginator.count},
    )


@login_required
def user_create(request):
    _admin_only(request)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                actor=request.user, password=form.cleaned_data["password"], **form.service_fields()
            )
            if not form.cleaned_data["password"]:
                _remember_link(request, user, services.user_password_link(actor=request.user, user=user))
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已开设账号「%(u)s」。") % {"u": user.username})
            return redirect("user_admin_edit", pk=user.pk)
    return render(request, "accounts/users/form.html", {"form": form, "creating": True})


@login_required
def user_edit(request, pk: int):
    _admin_only(request)
    person = _managed_user(request, pk)
    initial = {
        "kind": person.kind,
        "username": person.username,
        "display_name": person.display_name,
        "phone": person.phone,
        "email": person.email,
        "agency": person.agency_id,
        "role": person.role,
        "cert_number": person.cert_number,
        "cert_valid_until": person.cert_valid_until,
        "enterprise": person.enterprise_id,
        "organisation": person.organisation,
        "in_expert_pool": person.in_expert_pool,
        "specialties": [i.pk for i in person.specialties.all()],
    }
    form = UserForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
        try:
            services.user_update(actor=request.user, user=person, **changed)
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已保存账号「%(u)s」。") % {"u": person.username})
            return redirect("user_admin_edit", pk=person.pk)
    link = request.session.pop(LINK_KEY, None)
    if link and link.get("user") != person.pk:
        link = None
    return render(
        request,
        "accounts/users/form.html",
        {"form": form, "person": person, "password_form": UserPasswordForm(), "link": link, "creating": False},
    )


@login_required
@require_POST
def user_set_active(request, pk: int):
    """停用 (active=0) or 启用 (active=1)."""
    _admin_only(request)
    person = _managed_user(request, pk)
    try:
        if request.POST.get("active") == "1":
            services.user_update(actor=request.user, user=person, is_active=True)
            messages.success(request, _("已启用账号「%(u)s」。") % {"u": person.username})
        else:
            services.user_deactivate(actor=request.user, user=person, reason=request.POST.get("reason", "")[:500])
            messages.success(request, _("已停用账号「%(u)s」，其 API 令牌已作废。") % {"u": person.username})
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "list":
        return redirect("user_admin_list")
    return redirect("user_admin_edit", pk=person.pk)


@login_required
@require_POST
def user_password(request, pk: int):
    """重置密码: a new initial password (to change at next login) or a one-time link."""
    _admin_only(request)
    person = _managed_user(request, pk)
    form = UserPasswordForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("user_admin_edit", pk=person.pk)
    try:
        if form.cleaned_data["password_mode"] == "initial":
            services.user_update(actor=request.user, user=person, password=form.cleaned_data["password"])
            messages.success(request, _("已设置初始密码，用户下次登录后须修改密码。"))
        else:
            _remember_link(request, person, services.user_password_link(actor=request.user, user=person))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("user_admin_edit", pk=person.pk)


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码; after an initial password the user is sent here until they have changed it."""

    form_class = ForcedPasswordChangeForm
    template_name = "registration/password_change.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The page behind a one-time set-password link (an invalid or used link says so)."""

    form_class = LinkSetPasswordForm
    template_name = "registration/password_set.html"
    success_url = reverse_lazy("password_set_done")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_set_done.html"
