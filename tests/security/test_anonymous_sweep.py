"""Every route is either public on purpose or sends anonymous visitors to the login page."""

from __future__ import annotations

import pytest
from django.test import Client

from .routes import all_routes

pytestmark = pytest.mark.django_db

# Routes anyone may open: sign-in and password recovery, invitation links, language switch, health.
PUBLIC = {
    "health",
    "accounts:invitation-accept",
    "accounts:language-set",
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_login_code_confirm",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_reauthenticate",
    "admin:login",
    "admin:logout",
    # Calendar apps subscribe without a session: the unguessable, revocable token is the secret.
    "meetings:feed",
}

SAMPLE = {"int": 999999, "str": "sample", "slug": "sample", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x"}


def _sample_values(pattern: str) -> dict[str, object]:
    import re

    return {name: SAMPLE.get(kind or "str", "sample") for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", pattern)}


def test_every_route_is_public_on_purpose_or_asks_to_sign_in() -> None:
    client = Client()
    leaks = []
    for route in all_routes():
        if route.name in PUBLIC or route.pattern.startswith("static/"):
            continue
        if route.is_regex and not route.module.startswith("ponte."):
            continue  # Django admin's catch-alls: covered by the admin login check below
        if route.is_regex:
            leaks.append(f"{route.name} ({route.pattern}) is a regex route the sweep cannot fill: use path()")
            continue
        url = route.path(_sample_values(route.pattern))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        location = response.headers.get("Location", "")
        if not (response.status_code == 302 and "login" in location):
            leaks.append(f"{route.name} ({url}) answered {response.status_code} {location}")
    assert not leaks, "Routes reachable without signing in:\n" + "\n".join(leaks)


def test_public_allowlist_has_no_stale_entries() -> None:
    names = {route.name for route in all_routes()}
    # Login-by-code routes exist only when that allauth feature is switched on.
    assert PUBLIC - names <= {"account_login_code_confirm", "account_request_login_code", "account_confirm_login_code"}


def test_admin_pages_ask_staff_to_sign_in() -> None:
    response = Client().get("/admin/people/person/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]
