from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import LanguageForm, SetPasswordForm
from .models import Invitation
from .services import invitation_accept, user_update_preferences


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find_usable(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    translation.activate(invitation.user.language)
    form = SetPasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Ponte! Your password is set."))
        return redirect("reports:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}, status=status)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the account, or in a cookie before login."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a language from the list."))
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        user_update_preferences(user=request.user, language=language)
    translation.activate(language)
    response = redirect(next_url)
    response.set_cookie("django_language", language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
