"""Login lockout (django-axes) keyed so that nobody can lock someone else out from elsewhere.

Two counters, both within `AXES_COOLOFF_TIME`:
- (username, address): `AXES_FAILURE_LIMIT` failures lock that account *from that address only*;
  the owner logging in from the office is not affected by a stranger guessing elsewhere.
- address alone: `AXES_FAILURE_LIMIT_PER_ADDRESS` failures (larger) lock the address for every
  account, so one address cannot try a few passwords on each of many accounts.

The address is the client's real one: behind a reverse proxy the proxy's address would make every
user share one counter (and let anyone lock out an official). `CLIENT_IP_HEADER` names a header
the proxy overwrites with the client address (e.g. `HTTP_X_REAL_IP`), or `TRUSTED_PROXY_COUNT`
says how many proxies append to `X-Forwarded-For`; with neither, `REMOTE_ADDR` is used and
client-sent forwarding headers are ignored (they could be forged).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address as the trusted proxy saw it."""
    meta = request.META
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and meta.get(header, "").strip():
        return meta[header].split(",")[0].strip()
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        # Each trusted proxy appends the address it received from; the entry the first trusted
        # proxy appended is the client. Entries to its left were sent by the client (forgeable).
        if len(hops) >= proxies:
            return hops[-proxies]
    return meta.get("REMOTE_ADDR")


class AxesHandler(AxesDatabaseHandler):
    """The database handler with a separate, larger limit for the address alone."""

    def _sum(self, attempts) -> int:
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures scaled to `AXES_FAILURE_LIMIT`: the pair's count as is, the address's count
        so that reaching `AXES_FAILURE_LIMIT_PER_ADDRESS` equals reaching the limit."""
        username = get_client_username(request, credentials)
        recent = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        pair = self._sum(recent.filter(username=username, ip_address=request.axes_ip_address))
        address = self._sum(recent.filter(ip_address=request.axes_ip_address))
        limit = get_failure_limit(request, credentials)
        per_address = max(getattr(settings, "AXES_FAILURE_LIMIT_PER_ADDRESS", limit), limit)
        return max(pair, address * limit // per_address)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login clears that account's failures from that address only, not the
        address's other failures (else logging in to one's own account would reset the count of
        guesses at other accounts)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
