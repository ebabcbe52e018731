"""Login pages with the second step, and the two-factor settings page.

Login: username and password (the first step) → for a user with an authenticator, the second step
(a code from the app or a backup code) → logged in. Until the second step passes, the session only
remembers who passed the first step and when (`PENDING`, for `OTP_PENDING_SECONDS`); the user is
not logged in. An official who must use two-factor and has not enrolled yet is sent from the
first step to enrolment, and is logged in once the authenticator is confirmed.
"""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import otp
from .session_middleware import SECOND_FACTOR_OK

PENDING = "otp_pending"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        error_messages={"required": gettext_lazy("请输入验证码（验证码）。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "form-control"}),
    )


class LoginView(auth_views.LoginView):
    """The first step. Users who need no second factor are logged in as before."""

    template_name = "registration/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if not otp.needs_second_step(user):
            response = super().form_valid(form)
            self.request.session[SECOND_FACTOR_OK] = "none"
            return response
        session = self.request.session
        session.cycle_key()
        session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": int(time.time()),
            "next": self.get_success_url(),
        }
        return redirect("login_verify" if otp.has_second_factor(user) else "otp_setup")


def _pending(request):
    """(user, pending dict) of the first step passed in this session, or (None, None)."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > settings.OTP_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user else (None, None)


def _complete_login(request, user, pending, device) -> None:
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=pending["backend"])
    otp_login(request, device)


def _locked_out(request):
    request.session.pop(PENDING, None)
    return render(request, "registration/locked_out.html", status=429)


@never_cache
@sensitive_post_parameters("code")
def login_verify(request):
    """The second step: a 6-digit code from the authenticator app, or one backup code."""
    user, pending = _pending(request)
    if user is None:
        messages.warning(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect(settings.LOGIN_URL)
    if not otp.has_second_factor(user):
        return redirect("otp_setup")
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify_code(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _complete_login(request, user, pending, device)
            return redirect(pending["next"])
        otp.count_failed_code(request=request, username=user.get_username())
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
        form.add_error("code", _("验证码错误或已使用，请核对手机上的验证码或使用一个备用码。"))
    return render(request, "registration/login_verify.html", {"form": form, "who": user})


@never_cache
@sensitive_post_parameters("code")
def otp_setup(request):
    """Enrolment: the QR code and the key, confirmed with a code; then the backup codes, once."""
    if request.user.is_authenticated:
        user, pending = request.user, None
    else:
        user, pending = _pending(request)
        if user is None:
            return redirect(settings.LOGIN_URL)
    device = otp.totp_pending_device(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.totp_enrol_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            if pending is not None:
                _complete_login(request, user, pending, device)
                next_url = pending["next"]
            else:
                otp_login(request, device)
                next_url = None
            return render(request, "registration/otp_backup_codes.html", {"codes": codes, "next_url": next_url})
        form.add_error("code", _("验证码不正确，请确认手机时间准确并输入应用当前显示的 6 位数字。"))
    context = {
        "form": form,
        "qr_svg": otp.qr_svg(device),
        "manual_key": otp.manual_key(device),
        "forced": pending is not None,
        "who": user,
    }
    return render(request, "registration/otp_setup.html", context)


@never_cache
@login_required
@sensitive_post_parameters("code")
def otp_settings(request):
    """Two-factor status, new backup codes, and turning it off where the policy allows."""
    user = request.user
    form = CodeForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "backup_codes" and otp.has_second_factor(user):
        codes = otp.backup_codes_regenerate(user=user)
        return render(request, "registration/otp_backup_codes.html", {"codes": codes, "next_url": None})
    if request.method == "POST" and action == "disable" and form.is_valid():
        if not otp.may_disable(user):
            form.add_error("code", _("您的账号必须使用两步验证，不能关闭。"))
        elif otp.verify_code(user=user, code=form.cleaned_data["code"]) is None:
            otp.count_failed_code(request=request, username=user.get_username())
            form.add_error("code", _("验证码错误或已使用。"))
        else:
            otp.second_factor_disable(user=user)
            request.session[SECOND_FACTOR_OK] = "none"
            messages.success(request, _("两步验证已关闭。"))
            return redirect("otp_settings")
    context = {
        "form": form,
        "enabled": otp.has_second_factor(user),
        "required": otp.second_factor_required(user),
        "may_disable": otp.may_disable(user),
        "backup_left": otp.backup_codes_left(user),
    }
    return render(request, "registration/otp_settings.html", context)
