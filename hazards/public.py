"""Guards of the no-login public report: a signed arithmetic captcha and a per-address rate limit."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from core.errors import DomainError


class RateLimited(DomainError):
    """Too many public reports from one address (429)."""

    status_code = 429


CAPTCHA_SALT = "hazards.public-report.captcha"
CAPTCHA_MAX_AGE = 30 * 60


def captcha_new() -> dict:
    """A question such as "7 + 5 = ?" and a signed token carrying its answer (and a nonce)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": a + b, "n": secrets.token_hex(4)}, salt=CAPTCHA_SALT)
    return {"question": f"{a} + {b} = ?", "token": token}


def captcha_check(token: str, answer: str) -> None:
    """Raise DomainError unless the answer matches the signed, unexpired token (each token is single-use)."""
    try:
        data = signing.loads(token or "", salt=CAPTCHA_SALT, max_age=CAPTCHA_MAX_AGE)
    except signing.BadSignature as exc:
        raise DomainError(_("验证码已失效，请刷新页面后重试。"), field="captcha_answer") from exc
    if str(answer).strip() != str(data["s"]):
        raise DomainError(_("验证码答案不正确。"), field="captcha_answer")
    if not cache.add(f"captcha-used:{data['n']}", 1, CAPTCHA_MAX_AGE):
        raise DomainError(_("验证码已使用，请刷新页面后重试。"), field="captcha_answer")


def client_address(request) -> str:
    # Behind our reverse proxy REMOTE_ADDR is set from the real client; X-Forwarded-For is not
    # trusted here because a reporter could forge it to escape the limit.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(request) -> None:
    """Count one report for this address; refuse past PUBLIC_REPORT_RATE_LIMIT in an hour."""
    key = f"public-report-rate:{client_address(request)}"
    limit = getattr(settings, "PUBLIC_REPORT_RATE_LIMIT", 5)
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    if count > limit:
        raise RateLimited(_("提交过于频繁，请一小时后再试。"))


def public_report_accept(data: dict):
    """What the report page and the API both do with validated input: check the captcha, resolve
    the region and industry codes (each error naming its field), then call the service."""
    from core.models import Industry, Region

    from .services import public_report_submit

    captcha_check(data["captcha_token"], data["captcha_answer"])
    region = Region.objects.filter(code=data["region"]).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    industry = Industry.objects.filter(code=data["industry"]).first()
    if industry is None:
        raise DomainError(_("行业代码不存在。"), field="industry")
    return public_report_submit(
        description=data["description"],
        location=data["location"],
        region=region,
        industry=industry,
        photo=data.get("photo"),
        enterprise_name=data.get("enterprise_name", ""),
        contact=data.get("contact", ""),
    )
