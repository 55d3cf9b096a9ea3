from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest

from .models import Notification
from .services import notifications_mark_all_read


@require_GET
@member_required
def notification_list(request: TenantRequest) -> HttpResponse:
    notifications = Notification.objects.for_recipient(request.user, request.organization)[:100]
    return render(request, "notifications/notification_list.html", {"notifications": notifications})


@require_POST
@member_required
def notification_open(request: TenantRequest, notification_id: int) -> HttpResponse:
    notification = (
        Notification.objects.for_recipient(request.user, request.organization).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404
    notification.mark_read()
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:notification-list")


@require_POST
@member_required
def notification_read_all(request: TenantRequest) -> HttpResponse:
    count = notifications_mark_all_read(
        notifications=Notification.objects.for_recipient(request.user, request.organization)
    )
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )
    return redirect("notifications:notification-list")
