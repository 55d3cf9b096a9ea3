"""Errors raised by services when a business rule refuses an action.

Views turn them into a 4xx with the (already translated) message; they never become a 500.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A request that breaks a business rule. ``message`` is shown to the person as is."""

    def __init__(self, message: str | Promise, *, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
