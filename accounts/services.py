"""Writes of accounts: notifications (消息) — create them for an event, mark them read, and send
them through the deferred channels (email) after commit; user administration (开设、修改、停用账号,
initial passwords and one-time set-password links)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.audit import audit_record
from core.errors import DomainError, NotPermitted
from core.jobs import send_job

from . import selectors
from .channels import channels, deferred_channels
from .choices import NotificationKind, OfficialRole, UserKind
from .models import Agency, Notification, User

log = logging.getLogger(__name__)


def _recipient_ids(recipients) -> list[int]:
    if hasattr(recipients, "values_list"):  # a queryset of users
        return list(recipients.filter(is_active=True).values_list("pk", flat=True).distinct())
    return sorted({u.pk for u in recipients if u is not None and u.is_active})


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str,
) -> list[Notification]:
    """Notify each recipient of one event: an in-app row each, and after commit one Celery task per
    new row for the deferred channels (email). `key` names the event (e.g. "hazard:12:submit:3"):
    a recipient already notified of it gets nothing new, so a service or a daily job that runs
    twice notifies once. Returns the rows this call created.

    Sending never fails the request: with the broker down the rows wait for the sweeper."""
    if not (title or "").strip():
        raise DomainError(_("消息须有标题。"), field="title")
    if kind not in NotificationKind.values:
        raise DomainError(_("消息类型「%(k)s」不存在。") % {"k": kind}, field="kind")
    if not (key or "").strip():
        raise DomainError(_("消息须有事件标识。"), field="key")
    ids = _recipient_ids(recipients)
    if not ids:
        return []
    already = set(Notification.objects.filter(key=key, recipient_id__in=ids).values_list("recipient_id", flat=True))
    now = timezone.now()
    new = [
        Notification(
            recipient_id=pk, kind=kind, title=title[:200], body=body, url=url[:500], key=key[:200], created_at=now
        )
        for pk in ids
        if pk not in already
    ]
    # ON CONFLICT DO NOTHING: a concurrent call for the same event adds no second row.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        Notification.objects.filter(key=key[:200], recipient_id__in=[n.recipient_id for n in new], created_at=now)
    )
    for row in created:
        for channel in channels():
            if not channel.deferred:
                channel.send(row)
    if deferred_channels():
        pks = [row.pk for row in created]
        transaction.on_commit(lambda: [notification_enqueue(pk) for pk in pks])
    return created


def notification_enqueue(notification_id: int) -> bool:
    """Send the delivery task of one notification; with the broker down it waits for the sweeper."""
    from .tasks import deliver_notification

    return send_job(deliver_notification, notification_id)


def notification_deliver(*, notification_id: int) -> dict[str, bool]:
    """Run every deferred channel on one notification (called by the task). Each channel claims
    the row before sending, so a redelivered task sends nothing twice."""
    row = Notification.objects.filter(pk=notification_id).first()
    if row is None:
        return {}
    return {channel.name: channel.send(row) for channel in deferred_channels()}


def notifications_sweep(*, older_than_seconds: int = 60) -> int:
    """Re-send the delivery tasks of notifications a deferred channel still owes (a message lost,
    a broker that was down, an SMTP failure); how many tasks were sent."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids: set[int] = set()
    for channel in deferred_channels():
        ids.update(channel.pending().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:500])
    return sum(notification_enqueue(pk) for pk in sorted(ids))


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """The recipient has read the notification (first reading kept)."""
    if notification.recipient_id != actor.pk:
        raise NotPermitted(_("只能标记发给自己的消息。"))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """全部标为已读: every unread notification of the actor; how many were marked."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


# --- User administration ------------------------------------------------------------------------
# An agency administrator opens, changes and closes the accounts of their agency and the agencies
# below it, of enterprises in their jurisdiction and of the experts their agencies manage
# (selectors.users_managed_by). Every write re-checks that the result is still inside the actor's
# scope, so nobody can grant a right they do not hold; each one leaves an audit row.

#: the fields an administrator may set; back-office rights (is_staff, is_superuser, groups,
#: permissions) are not among them: only a superuser grants those, in the back office
USER_FIELDS = (
    "username",
    "kind",
    "display_name",
    "phone",
    "email",
    "agency",
    "role",
    "enterprise",
    "cert_number",
    "cert_valid_until",
    "in_expert_pool",
    "specialties",
    "organisation",
)
_PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")


@dataclass
class PasswordLink:
    """A one-time set-password link: shown once to the administrator, emailed when possible."""

    url: str
    emailed: bool


def _refuse(message: str, field: str) -> None:
    raise DomainError(message, field=field)


def _require_admin(actor) -> None:
    if not selectors.may_administer_users(actor):
        raise NotPermitted(_("只有部门管理员可以管理用户。"))


def _require_managed(actor, user: User) -> None:
    _require_admin(actor)
    if not selectors.users_managed_by(actor).filter(pk=user.pk).exists():
        raise NotPermitted(_("该用户不在您的管理范围内。"))


def _check_fields(actor, user: User, specialties) -> None:
    """The account as it would be saved: complete for its kind and inside the actor's scope."""
    username = (user.username or "").strip()
    if not username:
        _refuse(_("请填写用户名（username）。"), "username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        _refuse(_("用户名（username）只能包含字母、数字和 @ . + - _。"), "username")
    if len(username) > 150:
        _refuse(_("用户名（username）不能超过 150 个字符。"), "username")
    if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        _refuse(_("用户名「%(u)s」已被使用（username）。") % {"u": username}, "username")
    user.username = username
    if not (user.display_name or "").strip():
        _refuse(_("请填写姓名（display_name）。"), "display_name")
    if user.kind not in UserKind.values:
        _refuse(_("用户类型（kind）只能是监管人员、企业用户或外部专家。"), "kind")
    if user.phone and not _PHONE.match(user.phone):
        _refuse(_("手机（phone）格式不正确。"), "phone")
    if user.email:
        try:
            EmailValidator()(user.email)
        except ValidationError:
            _refuse(_("电子邮箱（email）格式不正确。"), "email")
    if user.kind == UserKind.OFFICIAL:
        if user.agency_id is None:
            _refuse(_("监管人员必须属于一个部门（agency）。"), "agency")
        if user.agency_id not in selectors.manageable_agency_ids(actor):
            _refuse(_("部门（agency）不存在或不在您的管理范围内。"), "agency")
        if user.role not in OfficialRole.values:
            _refuse(_("请选择部门角色（role）：管理员、检查人员、领导或法制审核人员。"), "role")
        if user.cert_number and user.cert_valid_until is None:
            _refuse(_("填写执法证号时须填写执法证有效期（cert_valid_until）。"), "cert_valid_until")
        if user.cert_valid_until and not user.cert_number:
            _refuse(_("填写执法证有效期时须填写执法证号（cert_number）。"), "cert_number")
    else:
        for field, label in (("agency_id", "agency"), ("role", "role"), ("cert_number", "cert_number")):
            if getattr(user, field):
                _refuse(_("只有监管人员可以填写%(f)s。") % {"f": label}, label)
        user.cert_valid_until = None
    if user.kind == UserKind.ENTERPRISE:
        if user.enterprise_id is None:
            _refuse(_("企业用户必须关联一家企业（enterprise）。"), "enterprise")
        if not selectors.manageable_enterprises(actor).filter(pk=user.enterprise_id).exists():
            _refuse(_("企业（enterprise）不存在或不在您的辖区内。"), "enterprise")
    elif user.enterprise_id:
        _refuse(_("只有企业用户可以关联企业（enterprise）。"), "enterprise")
    if user.kind != UserKind.EXPERT:
        if user.in_expert_pool:
            _refuse(_("只有外部专家可以入选专家库（in_expert_pool）。"), "in_expert_pool")
        if specialties:
            _refuse(_("只有外部专家可以填写专业领域（specialties）。"), "specialties")


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        _refuse(_("密码（password）不符合要求：%(m)s") % {"m": " ".join(exc.messages)}, "password")


def _snapshot(user: User, specialties=None) -> dict:
    row = {
        f: getattr(user, f"{f}_id" if f in ("agency", "enterprise") else f) for f in USER_FIELDS if f != "specialties"
    }
    row["is_active"] = user.is_active
    row["specialties"] = sorted(i.code for i in (specialties if specialties is not None else user.specialties.all()))
    return row


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    kind: str,
    display_name: str,
    phone: str = "",
    email: str = "",
    agency: Agency | None = None,
    role: str = "",
    enterprise=None,
    cert_number: str = "",
    cert_valid_until=None,
    in_expert_pool: bool = False,
    specialties=(),
    organisation: str = "",
    password: str | None = None,
) -> User:
    """开设账号: an official of a manageable agency, a user of an enterprise in the actor's
    jurisdiction or an expert their agency manages. With `password` the account gets that initial
    password, to be changed at first login; without, no usable password until the user follows a
    one-time link (`user_password_link`)."""
    _require_admin(actor)
    specialties = list(specialties or [])
    user = User(
        username=username,
        kind=kind,
        display_name=(display_name or "").strip(),
        phone=(phone or "").strip(),
        email=(email or "").strip(),
        agency=agency,
        role=role or "",
        enterprise=enterprise,
        cert_number=(cert_number or "").strip(),
        cert_valid_until=cert_valid_until,
        in_expert_pool=bool(in_expert_pool),
        organisation=(organisation or "").strip(),
        managed_by=agency if kind == UserKind.OFFICIAL and agency else getattr(actor, "agency", None),
    )
    _check_fields(actor, user, specialties)
    if password:
        _validate_password(password, user)
        user.set_password(password)
        user.must_change_password = True
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password", "managed_by"])
    user.save()
    if specialties:
        user.specialties.set(specialties)
    audit_record(
        actor=actor,
        obj=user,
        action="user_create",
        to_state="active",
        changes={**_snapshot(user, specialties), "password": "initial" if password else "link"},
    )
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    """改账号: change the given fields (USER_FIELDS, `is_active`, `password`). The result must
    still be inside the actor's scope; an administrator cannot change their own kind, role, agency
    or deactivate themselves. A new `password` is an initial password to change at next login."""
    unknown = sorted(set(fields) - set(USER_FIELDS) - {"is_active", "password"})
    if unknown:
        _refuse(_("不能修改的字段：%(f)s。") % {"f": "、".join(unknown)}, unknown[0])
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_managed(actor, user)
    if user.pk == actor.pk:
        for field in ("kind", "role", "agency"):
            if field in fields and fields[field] != getattr(user, field):
                _refuse(_("不能修改自己的用户类型、部门或角色（%(f)s）。") % {"f": field}, field)
        if fields.get("is_active") is False:
            _refuse(_("不能停用自己的账号（is_active）。"), "is_active")
    before = _snapshot(user)
    specialties = fields.pop("specialties", None)
    password = fields.pop("password", None)
    is_active = fields.pop("is_active", None)
    for field, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(user, field, value)
    # A user who changes kind leaves the fields of the old kind behind.
    if user.kind != UserKind.OFFICIAL and "kind" in fields:
        user.agency, user.role, user.cert_number, user.cert_valid_until = None, "", "", None
    if user.kind != UserKind.ENTERPRISE and "kind" in fields:
        user.enterprise = None
    if user.kind != UserKind.EXPERT and "kind" in fields:
        user.in_expert_pool, specialties = False, []
    if user.kind == UserKind.OFFICIAL and user.agency_id:
        user.managed_by = user.agency
    _check_fields(actor, user, specialties if specialties is not None else list(user.specialties.all()))
    if password:
        _validate_password(password, user)
        user.set_password(password)
        user.must_change_password = True
    if is_active is not None:
        user.is_active = bool(is_active)
    user.full_clean(exclude=["password", "managed_by"])
    user.save()
    if specialties is not None:
        user.specialties.set(specialties)
    if is_active is False:
        Token.objects.filter(user=user).delete()
    after = _snapshot(user)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if password:
        changes["password"] = "initial"
    action = "user_update"
    if before["is_active"] != after["is_active"]:
        action = "user_activate" if after["is_active"] else "user_deactivate"
    audit_record(
        actor=actor,
        obj=user,
        action=action,
        from_state="active" if before["is_active"] else "inactive",
        to_state="active" if after["is_active"] else "inactive",
        changes=changes,
    )
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """停用账号: the user can no longer log in and their API token is revoked; the account and its
    history stay. Deactivating an inactive account changes nothing."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_managed(actor, user)
    if user.pk == actor.pk:
        _refuse(_("不能停用自己的账号（is_active）。"), "is_active")
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()
    audit_record(
        actor=actor, obj=user, action="user_deactivate", from_state="active", to_state="inactive", reason=reason
    )
    return user


def user_password_link(*, actor, user: User) -> PasswordLink:
    """A one-time link to set the password (Django's PasswordResetTokenGenerator: it stops working
    once the password is set, at the next login or after PASSWORD_RESET_TIMEOUT). Returned to be
    shown once to the administrator and, when the user has an email address, emailed after commit."""
    _require_managed(actor, user)
    if not user.is_active:
        _refuse(_("账号已停用，不能设置密码（is_active）。"), "is_active")
    path = reverse(
        "password_set", args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]
    )
    url = settings.SITE_URL.rstrip("/") + path
    with transaction.atomic():
        audit_record(actor=actor, obj=user, action="user_password_link", changes={"emailed": bool(user.email)})
        if user.email:
            transaction.on_commit(lambda: _send_password_link(user, url))
    return PasswordLink(url=url, emailed=bool(user.email))


def _send_password_link(user: User, url: str) -> None:
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = _(
        "%(name)s，您好：\n\n管理员为您开设或重置了安全生产专项行动平台的账号（用户名：%(username)s）。"
        "请在 %(days)d 天内打开以下链接设置密码，链接只能使用一次：\n\n%(url)s\n"
    ) % {"name": user.get_full_name() or user.username, "username": user.username, "days": days, "url": url}
    try:
        send_mail(_("设置您的平台密码"), body, None, [user.email])
    except Exception:  # the link was shown to the administrator too; a mail failure must not hide it
        log.exception("set-password email to user %s failed", user.pk)


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """The user has chosen their own password: the initial password need not be changed any more."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
    audit_record(actor=user, obj=user, action="user_password_changed")


def user_scope_check(*, actor, user: User, specialties=()) -> None:
    """The back office's check for an administrator who is not a superuser: the account as it
    would be saved must be one the actor may manage (DomainError naming the field otherwise)."""
    _require_admin(actor)
    _check_fields(actor, user, list(specialties or []))


@transaction.atomic
def user_admin_saved(*, actor, user: User, created: bool, changed: list[str]) -> None:
    """The audit row of an account saved in the back office (the form wrote the row itself)."""
    audit_record(
        actor=actor,
        obj=user,
        action="user_create" if created else "user_update",
        changes={"fields": sorted(changed), "via": "admin"},
    )
