"""The notification centre (消息): the user's own notifications, unread first; opening one marks it
read and goes to its object; 全部标为已读. Nobody sees anyone else's notifications (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import page_of, query_without_page

from .models import Notification
from .selectors import notifications_for
from .services import notification_mark_read, notifications_mark_all_read


@login_required
def notification_list(request):
    show = request.GET.get("show", "")
    unread = True if show == "unread" else None
    page = page_of(request, notifications_for(request.user, unread=unread), per_page=20)
    return render(
        request,
        "accounts/notifications.html",
        {"page_obj": page, "show": show, "query": query_without_page(request)},
    )


@login_required
def notification_open(request, pk: int):
    """Click-through: mark it read and go to its object (a path of this site only)."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    notification_mark_read(notification=notification, actor=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("notifications:list"))


@login_required
@require_POST
def notification_read_all(request):
    marked = notifications_mark_all_read(actor=request.user)
    if marked:
        messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": marked})
    return redirect(reverse("notifications:list"))
