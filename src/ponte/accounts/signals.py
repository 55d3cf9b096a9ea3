from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation


def use_account_language(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Speak the account's language from the moment of sign-in, including the welcome message."""
    language = getattr(user, "language", None)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
