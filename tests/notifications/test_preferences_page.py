"""The preferences page: a table per group of messages, two labelled checkboxes per kind; saving
writes the viewer's own rows for this organisation and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.notifications.catalogue import GROUPS, KINDS
from ponte.notifications.models import NotificationPreference
from ponte.notifications.selectors import Channels
from ponte.notifications.services import notification_preferences_save
from ponte.organizations.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/notifications/preferences/"
MANAGER_KINDS = {kind.key for group in GROUPS if group.managers_only for kind in group.kinds}


def _everything_on_but(*off: str) -> dict[str, str]:
    """The POST of a participant's page with every box ticked except ``off``."""
    participant_kinds = [kind for kind in KINDS if kind not in MANAGER_KINDS]
    return {name: "on" for kind in participant_kinds for name in (f"{kind}-email", f"{kind}-in_app") if name not in off}


def _rows(person) -> dict[str, tuple[bool, bool]]:  # type: ignore[no-untyped-def]
    return {
        row.kind: (row.email, row.in_app)
        for row in NotificationPreference.objects.filter(user=person.user, organization=person.organization)
    }


def test_the_page_has_its_route_name() -> None:
    assert reverse("notifications:preferences") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.headers["Location"]


def test_every_box_is_ticked_by_default_and_labelled_with_its_message(login, acme_junior) -> None:
    response = login(acme_junior).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    kudos = KINDS["kudos_received"]
    assert f"Email: {kudos.label}" in body and f"In the app: {kudos.label}" in body
    assert 'name="kudos_received-email" id="id_kudos_received-email" checked' in body
    assert '<th scope="row">' in body and '<th scope="col"' in body


def test_a_saved_choice_is_shown_unticked(login, acme_junior) -> None:
    NotificationPreference.objects.create(
        organization=acme_junior.organization, user=acme_junior.user, kind="checkin_due", email=False, in_app=True
    )
    body = login(acme_junior).get(URL).content.decode()
    assert 'name="checkin_due-email" id="id_checkin_due-email">' in body
    assert 'name="checkin_due-in_app" id="id_checkin_due-in_app" checked' in body


def test_participants_do_not_see_the_managers_group(login, acme_junior) -> None:
    body = login(acme_junior).get(URL).content.decode()
    for kind in MANAGER_KINDS:
        assert f'name="{kind}-email"' not in body
    assert "For program managers" not in body


def test_program_managers_see_the_managers_group(login, acme_manager) -> None:
    body = login(acme_manager).get(URL).content.decode()
    for kind in MANAGER_KINDS:
        assert f'name="{kind}-email"' in body


def test_saving_writes_the_choices_and_confirms(login, acme_junior) -> None:
    response = login(acme_junior).post(
        URL, _everything_on_but("kudos_received-email", "pair_nudge-in_app"), follow=True
    )
    assert "Your notification preferences are saved." in response.content.decode()
    rows = _rows(acme_junior)
    assert rows["kudos_received"] == (False, True)
    assert rows["pair_nudge"] == (True, False)
    assert rows["meeting_reminder"] == (True, True)


def test_unticking_every_box_switches_everything_off(login, acme_junior) -> None:
    login(acme_junior).post(URL, {})
    rows = _rows(acme_junior)
    assert set(rows) == set(KINDS) - MANAGER_KINDS
    assert set(rows.values()) == {(False, False)}


def test_saving_again_changes_the_same_rows(login, acme_junior) -> None:
    client = login(acme_junior)
    client.post(URL, {})
    client.post(URL, _everything_on_but("checkin_due-email"))
    assert NotificationPreference.objects.filter(user=acme_junior.user, kind="checkin_due").count() == 1
    assert _rows(acme_junior)["checkin_due"] == (False, True)
    assert _rows(acme_junior)["pair_proposed"] == (True, True)


def test_saving_leaves_other_peoples_preferences_untouched(login, acme_junior, acme_senior, globex_participant) -> None:
    for person in (acme_senior, globex_participant):
        NotificationPreference.objects.create(
            organization=person.organization, user=person.user, kind="checkin_due", email=False, in_app=False
        )
    login(acme_junior).post(URL, _everything_on_but())
    assert _rows(acme_senior) == {"checkin_due": (False, False)}
    assert _rows(globex_participant) == {"checkin_due": (False, False)}


def test_preferences_are_kept_per_organisation(login, acme_junior, globex) -> None:
    MembershipFactory(organization=globex, user=acme_junior.user, role=Role.PARTICIPANT)
    NotificationPreference.objects.create(
        organization=globex, user=acme_junior.user, kind="checkin_due", email=False, in_app=False
    )
    login(acme_junior).post(URL, _everything_on_but())
    globex_row = NotificationPreference.objects.get(organization=globex, user=acme_junior.user)
    assert (globex_row.email, globex_row.in_app) == (False, False)
    assert _rows(acme_junior)["checkin_due"] == (True, True)


def test_a_forged_kind_is_ignored(login, acme_junior) -> None:
    response = login(acme_junior).post(URL, _everything_on_but() | {"made_up-email": "on", "made_up-in_app": ""})
    assert response.status_code == 302
    assert not NotificationPreference.objects.filter(kind="made_up").exists()


def test_a_participant_cannot_set_a_managers_kind(login, acme_junior) -> None:
    login(acme_junior).post(URL, _everything_on_but() | {f"{kind}-in_app": "on" for kind in MANAGER_KINDS})
    assert not NotificationPreference.objects.filter(kind__in=MANAGER_KINDS).exists()


def test_a_program_manager_can_switch_off_the_managers_kinds(login, acme_manager) -> None:
    login(acme_manager).post(URL, {})
    assert {kind: _rows(acme_manager)[kind] for kind in MANAGER_KINDS} == dict.fromkeys(MANAGER_KINDS, (False, False))


@pytest.mark.parametrize("value", ["garbage", "0", "false", "x" * 5000, ""])
def test_forged_values_never_fail(login, acme_junior, value: str) -> None:
    response = login(acme_junior).post(URL, {"checkin_due-email": value, "checkin_due-in_app": [value, "on"]})
    assert response.status_code == 302
    assert NotificationPreference.objects.filter(user=acme_junior.user, kind="checkin_due").count() == 1


def test_a_member_without_a_profile_can_set_preferences(client, acme) -> None:
    user = UserFactory(email="noprofile@acme.test")
    MembershipFactory(organization=acme, user=user, role=Role.ADMIN)
    client.force_login(user)
    assert client.get(URL).status_code == 200
    client.post(URL, {})
    assert NotificationPreference.objects.filter(user=user, organization=acme, email=False).count() == len(KINDS)


def test_the_notification_centre_links_to_the_preferences(login, acme_junior) -> None:
    assert f'href="{URL}"' in login(acme_junior).get(reverse("notifications:notification-list")).content.decode()


def test_the_service_drops_kinds_outside_the_catalogue(acme_junior) -> None:
    rows = notification_preferences_save(
        user=acme_junior.user,
        organization=acme_junior.organization,
        choices={"made_up": Channels(email=False), "checkin_due": Channels(in_app=False)},
    )
    assert [row.kind for row in rows] == ["checkin_due"]
    assert _rows(acme_junior) == {"checkin_due": (True, False)}
