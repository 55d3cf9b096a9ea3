"""Base models shared by every domain app."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantQuerySet(models.QuerySet[Any]):
    """Every tenant-owned query starts from here, so forgetting the organisation is visible."""

    def for_organization(self, organization: Any) -> Self:
        return self.filter(organization=organization)
