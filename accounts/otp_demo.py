"""The demo official with two-factor login on (README "Demo accounts"); idempotent.

`nn_2fa` (南宁市应急管理局, inspector) has an authenticator with a published key and ten published
backup codes, so that a tester can try the second step: add the key to any authenticator app (or
`oathtool --totp -b <key>`), or type one of the backup codes (each works once; loading the demo
again restores them). Only for the demo: `load_demo` refuses to run with DEBUG off.
"""

from __future__ import annotations

import base64

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.demo import DEMO_PASSWORD

from .models import Agency, User

USERNAME = "nn_2fa"
# Base32, as typed into an authenticator app.
TOTP_KEY_BASE32 = "ANQUANSHENGCHANTWOFACTORDEMOKEY2"
BACKUP_CODES = [f"demo{n:04d}" for n in range(1, 11)]


@transaction.atomic
def load_otp_demo() -> None:
    agency = Agency.objects.get(name="南宁市应急管理局")
    user = User.objects.filter(username=USERNAME).first() or User(username=USERNAME)
    user.display_name = "韦丽娟"
    user.kind = "official"
    user.agency = agency
    user.role = "inspector"
    user.set_password(DEMO_PASSWORD)
    user.save()
    key_hex = base64.b32decode(TOTP_KEY_BASE32).hex()
    TOTPDevice.objects.filter(user=user).exclude(key=key_hex).delete()
    TOTPDevice.objects.update_or_create(user=user, key=key_hex, defaults={"name": "authenticator", "confirmed": True})
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in BACKUP_CODES])
