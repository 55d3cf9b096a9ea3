"""Account writes: invitations and personal preferences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Invitation, User

if TYPE_CHECKING:
    from ponte.organizations.models import Organization


def user_get_or_create(*, email: str, full_name: str = "", language: str = "it") -> User:
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name, language=language)
    return user


def invitation_send(*, user: User, organization: Organization, invited_by: User | None) -> Invitation:
    """Revoke earlier open invitations for this person and mail a fresh single-use link."""
    token, token_hash = Invitation.new_token()
    with transaction.atomic():
        Invitation.objects.usable().filter(user=user, organization=organization).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            user=user,
            organization=organization,
            invited_by=invited_by,
            token_hash=token_hash,
            expires_at=Invitation.default_expiry(),
        )
        transaction.on_commit(lambda: _mail_invitation(invitation, token))
    return invitation


def _mail_invitation(invitation: Invitation, token: str) -> None:
    user = invitation.user
    link = settings.PONTE_BASE_URL + reverse("accounts:invitation-accept", kwargs={"token": token})
    context = {
        "user": user,
        "organization": invitation.organization,
        "invited_by": invitation.invited_by,
        "link": link,
        "expires_at": invitation.expires_at,
    }
    with translation.override(user.language), timezone.override(user.time_zone):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    user = invitation.user
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        Invitation.objects.usable().filter(user=user).exclude(pk=invitation.pk).update(revoked_at=timezone.now())
    return user


def user_update_preferences(*, user: User, language: str | None = None, time_zone: str | None = None) -> User:
    fields = []
    if language is not None:
        user.language = language
        fields.append("language")
    if time_zone is not None:
        user.time_zone = time_zone
        fields.append("time_zone")
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=fields)
    return user
