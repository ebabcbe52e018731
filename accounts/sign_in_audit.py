"""Logins, logouts and failed logins in the audit history (等保 2.0: user actions audited).

Django's auth signals are the only place these events are known, so `AccountsConfig.ready()`
connects them here; each handler writes one hash-chained entry through core.audit, like every
other recorded action, with the client's address as the lockout sees it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from core.audit import audit_record

from .lockout import client_ip_address


class _UnknownAccount:
    """The object of a failed login whose username matches no account (the entry keeps what was typed)."""

    pk = "-"

    def __init__(self):
        self._meta = get_user_model()._meta


def _address(request) -> str:
    return (client_ip_address(request) if request is not None else None) or ""


def on_logged_in(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, obj=user, action="login", changes={"address": _address(request)})


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None and getattr(user, "pk", None):
        audit_record(actor=user, obj=user, action="logout", changes={"address": _address(request)})


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    account = get_user_model().objects.filter(username=username).first()
    audit_record(
        actor=None,
        obj=account or _UnknownAccount(),
        action="login_failed",
        changes={"username": username, "address": _address(request)},
    )


def connect() -> None:
    from django.contrib.auth import signals

    signals.user_logged_in.connect(on_logged_in, dispatch_uid="audit-login")
    signals.user_logged_out.connect(on_logged_out, dispatch_uid="audit-logout")
    signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
