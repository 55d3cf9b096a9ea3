from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_correct_password_signs_in(client, acme_junior) -> None:
    response = _login(client, acme_junior.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("reports:home")).status_code == 200


def test_wrong_password_shows_an_error_without_saying_which_part_was_wrong(client, acme_junior) -> None:
    response = _login(client, acme_junior.email, "nope")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failures_are_throttled_then_allowed_again(client, acme_junior) -> None:
    for _ in range(5):
        _login(client, acme_junior.email, "nope")
    throttled = _login(client, acme_junior.email, PASSWORD)
    assert throttled.status_code in {200, 429}
    assert client.get(reverse("reports:home")).status_code == 302  # still signed out
    cache.clear()  # the window passes: no permanent lockout
    assert _login(client, acme_junior.email, PASSWORD).status_code == 302


def test_nobody_can_sign_up_alone(client) -> None:
    response = client.post(reverse("account_signup"), {"email": "new@x.test", "password1": "a-long-pass-123"})
    from ponte.accounts.models import User

    assert not User.objects.filter(email="new@x.test").exists()
    assert response.status_code in {200, 403}


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_passwords_are_hashed_with_argon2() -> None:
    from django.conf import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_password("a-long-secret").startswith("argon2$")


def test_base_settings_hash_with_argon2_first() -> None:
    from ponte.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
