"""Every model that belongs to an organisation can be scoped to it through its manager."""

from __future__ import annotations

from django.apps import apps
from django.db import models

# Rows reached only through their tenant-owned parent, or that are the tenant itself.
THROUGH_PARENT = {"accounts.Invitation", "notifications.Notification", "skills.Framework"}


def test_every_organisation_owned_model_has_a_scoped_manager() -> None:
    unscoped = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("ponte."):
            continue
        field = next((f for f in model._meta.get_fields() if f.name == "organization"), None)
        if not isinstance(field, models.ForeignKey) or label in THROUGH_PARENT:
            continue
        if not hasattr(model._default_manager, "for_organization"):
            unscoped.append(label)
    assert not unscoped, f"Give these models a TenantQuerySet manager: {unscoped}"


def test_exempt_models_still_filter_by_organisation_in_their_queries() -> None:
    from ponte.notifications.models import Notification
    from ponte.skills.models import Framework

    assert hasattr(Notification.objects, "for_recipient")
    assert hasattr(Framework.objects, "visible_to")
