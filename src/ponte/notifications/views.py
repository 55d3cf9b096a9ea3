from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest

from .catalogue import groups_for
from .forms import PreferencesForm
from .models import Notification, NotificationQuerySet
from .selectors import preferences_of
from .services import notification_preferences_save, notifications_mark_all_read

PREFERENCES_TEMPLATE = "notifications/preferences.html"


def _shown(request: TenantRequest) -> NotificationQuerySet:
    """The viewer's notifications in this organisation, without the kinds they switched off."""
    return Notification.objects.for_recipient(request.user, request.organization).shown()


@require_GET
@member_required
def notification_list(request: TenantRequest) -> HttpResponse:
    return render(request, "notifications/notification_list.html", {"notifications": _shown(request)[:100]})


@require_POST
@member_required
def notification_open(request: TenantRequest, notification_id: int) -> HttpResponse:
    notification = _shown(request).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    notification.mark_read()
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:notification-list")


@require_POST
@member_required
def notification_read_all(request: TenantRequest) -> HttpResponse:
    count = notifications_mark_all_read(notifications=_shown(request))
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )
    return redirect("notifications:notification-list")


@require_http_methods(["GET", "POST"])
@member_required
def notification_preferences(request: TenantRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        groups=groups_for(request.membership),
        current=preferences_of(user=request.user, organization=request.organization),
    )
    if request.method == "GET":
        return render(request, PREFERENCES_TEMPLATE, {"form": form})
    if form.is_valid():
        notification_preferences_save(user=request.user, organization=request.organization, choices=form.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, PREFERENCES_TEMPLATE, {"form": form}, status=400)
