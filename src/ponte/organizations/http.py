"""The request type seen by views behind ``member_required``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from ponte.accounts.models import User

    from .models import Membership, Organization


class TenantRequest(HttpRequest):
    user: User
    membership: Membership
    organization: Organization
