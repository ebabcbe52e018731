"""Two-factor login (双因素认证): an authenticator app (TOTP) and one-time backup codes (备用码).

Who must use it: officials and back-office staff when `settings.OTP_REQUIRED_FOR_OFFICIALS` is on
(production), and anyone who enrolled of their own accord (enterprise users may opt in). A user
with a confirmed authenticator always passes the second step, whatever the setting.

The devices are django-otp's (`TOTPDevice`, `StaticDevice`); this module holds the rules around
them: who needs the second step, enrolment and its confirmation, the backup codes shown once,
checking a code typed at login or sent with a token request, and counting a wrong code as a failed
login for the lockout (django-axes).
"""

from __future__ import annotations

import base64
import io
import re

import segno
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record

TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"
_DIGITS = re.compile(r"^\d{6}$")


def second_factor_required(user) -> bool:
    """Whether the policy obliges this user to use a second factor (officials and staff)."""
    if not getattr(settings, "OTP_REQUIRED_FOR_OFFICIALS", False):
        return False
    return bool(user.is_staff or user.is_superuser or getattr(user, "is_official", False))


def has_second_factor(user) -> bool:
    """A confirmed authenticator: the user enrolled and must give a code at every login."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_step(user) -> bool:
    return has_second_factor(user) or second_factor_required(user)


def may_disable(user) -> bool:
    """Only someone the policy does not oblige may turn the second factor off again."""
    return has_second_factor(user) and not second_factor_required(user)


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def verify_code(*, user, code: str):
    """The device that accepts `code` (a 6-digit authenticator code or a backup code), or None.

    Authenticator codes are tried only on the authenticator and backup codes only on the backup
    codes, so a mistyped code does not slow down the other device's throttle. A backup code is
    used up by a successful check (django-otp deletes it); an authenticator code cannot be used
    twice (django-otp remembers the last time step).
    """
    code = normalise_code(code)
    if not code:
        return None
    model = TOTPDevice if _DIGITS.match(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def count_failed_code(*, request, username: str) -> None:
    """A wrong second-factor code counts as a failed login (django-axes listens to this signal),
    for the same (username, address) pair as a wrong password."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def otp_token_check(*, request, user, code: str) -> str | None:
    """For the API token endpoint (after the password was right): None when a token may be
    issued, else the error for the `otp` field. A wrong code counts towards the lockout."""
    if has_second_factor(user):
        if not normalise_code(code):
            return _("该账号已启用两步验证：请在 otp 字段填写身份验证器上的 6 位验证码或一个备用码。")
        if verify_code(user=user, code=code) is None:
            count_failed_code(request=request, username=user.get_username())
            return _("两步验证码（otp）错误或已使用。")
        return None
    if second_factor_required(user):
        return _("该账号必须启用两步验证：请先在网页上登录并绑定身份验证器，再申请令牌（otp）。")
    return None


# Enrolment -------------------------------------------------------------------------------------


def totp_pending_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (made on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret in Base32, in groups of four, for typing into an app without scanning."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    return device.config_url


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (no outside service)."""
    buffer = io.BytesIO()
    segno.make(provisioning_uri(device), error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, svgclass="otp-qr", title=_("二维码")
    )
    return buffer.getvalue().decode()


@transaction.atomic
def totp_enrol_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator being enrolled with a code it shows; None if the code is wrong.

    Confirmation replaces any earlier authenticator and issues a fresh set of backup codes,
    returned here once (only their use is stored afterwards).
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    code = normalise_code(code)
    if not _DIGITS.match(code) or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _backup_codes_replace(user=user)
    audit_record(actor=user, obj=user, action="otp_enabled", to_state="totp")
    return codes


def _backup_codes_replace(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(getattr(settings, "OTP_BACKUP_CODE_COUNT", 10))]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def backup_codes_regenerate(*, user) -> list[str]:
    """A new set of backup codes; the old ones stop working. Only for an enrolled user."""
    if not has_second_factor(user):
        raise ValueError("no authenticator")
    codes = _backup_codes_replace(user=user)
    audit_record(actor=user, obj=user, action="otp_backup_codes_regenerated")
    return codes


@transaction.atomic
def second_factor_disable(*, user) -> None:
    """Turn the second factor off (only where the policy allows it: see `may_disable`)."""
    if not may_disable(user):
        raise ValueError("second factor required")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, obj=user, action="otp_disabled", from_state="totp")


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator shows now (tests and the demo's documentation)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
