"""A person edits their own profile, availability and photo."""

from __future__ import annotations

import io
from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ponte.people.models import Person

pytestmark = pytest.mark.django_db


def _profile_post(person: Person, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "job_title": "Digital specialist",
        "location": "Milano",
        "time_zone": "Europe/Rome",
        "languages": ["it", "en"],
        "birth_year": "1999",
        "bio": "I love spreadsheets.",
        "rank_video": "1",
        "rank_chat": "2",
        "rank_in_person": "",
        "rank_phone": "",
        "rank_email": "",
    }
    data.update(overrides)
    return data


def test_profile_page_shows_own_details(login, acme_junior: Person) -> None:
    response = login(acme_junior).get(reverse("people:profile"))
    assert response.status_code == 200
    assert acme_junior.full_name in response.content.decode()


def test_saving_profile_stores_ranked_channels_in_order(login, acme_junior: Person) -> None:
    data = _profile_post(acme_junior, rank_chat="1", rank_video="3", rank_phone="2")
    response = login(acme_junior).post(reverse("people:profile-edit"), data)
    assert response.status_code == 302
    acme_junior.refresh_from_db()
    assert acme_junior.channels == ["chat", "phone", "video"]
    assert acme_junior.location == "Milano"
    assert acme_junior.bio == "I love spreadsheets."


def test_two_channels_with_the_same_rank_are_refused(login, acme_junior: Person) -> None:
    before = list(acme_junior.channels)
    response = login(acme_junior).post(reverse("people:profile-edit"), _profile_post(acme_junior, rank_phone="1"))
    assert response.status_code == 400
    assert "different position" in response.content.decode()
    acme_junior.refresh_from_db()
    assert acme_junior.channels == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_zone", "Mars/Olympus"), ("birth_year", "1850"), ("languages", ["xx"]), ("first_name", "")],
)
def test_bad_profile_input_is_a_400_and_changes_nothing(login, acme_junior: Person, field: str, value: object) -> None:
    response = login(acme_junior).post(reverse("people:profile-edit"), _profile_post(acme_junior, **{field: value}))
    assert response.status_code == 400
    acme_junior.refresh_from_db()
    assert acme_junior.job_title == "Data analyst"


def test_participant_cannot_change_hr_owned_fields(login, acme_junior: Person, acme_senior: Person) -> None:
    data = _profile_post(acme_junior, email="hacker@evil.test", manager=str(acme_senior.pk), is_active="")
    login(acme_junior).post(reverse("people:profile-edit"), data)
    acme_junior.refresh_from_db()
    assert acme_junior.email == "junior@acme.test"
    assert acme_junior.manager_id is None
    assert acme_junior.is_active


def test_availability_grid_merges_adjacent_blocks(login, acme_junior: Person) -> None:
    data = {"d1_10": "on", "d1_12": "on", "d3_16": "on"}
    response = login(acme_junior).post(reverse("people:availability-edit"), data)
    assert response.status_code == 302
    windows = [(w.weekday, w.start, w.end) for w in acme_junior.availability.all()]
    assert windows == [(1, time(10), time(14)), (3, time(16), time(18))]


def test_availability_form_shows_saved_blocks_as_ticked(login, acme_junior: Person) -> None:
    acme_junior.availability.create(weekday=0, start=time(8), end=time(10))
    response = login(acme_junior).get(reverse("people:availability-edit"))
    assert 'name="d0_8" id="id_d0_8" checked' in response.content.decode()


def _png(size: tuple[int, int] = (40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_photo_is_reencoded_under_a_server_generated_name(login, acme_junior: Person) -> None:
    upload = SimpleUploadedFile("../../etc/passwd.png", _png(), content_type="image/png")
    response = login(acme_junior).post(reverse("people:photo-edit"), {"photo": upload})
    assert response.status_code == 302
    acme_junior.refresh_from_db()
    assert acme_junior.photo.name.startswith("people/photos/")
    assert "passwd" not in acme_junior.photo.name
    assert acme_junior.photo.name.endswith(".jpg")


def test_a_file_that_is_not_a_picture_is_refused(login, acme_junior: Person) -> None:
    upload = SimpleUploadedFile("me.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = login(acme_junior).post(reverse("people:photo-edit"), {"photo": upload})
    assert response.status_code == 400
    acme_junior.refresh_from_db()
    assert not acme_junior.photo


def test_photo_is_served_only_inside_the_organisation(
    login, acme_junior: Person, acme_senior: Person, globex_admin: Person
) -> None:
    login(acme_junior).post(
        reverse("people:photo-edit"), {"photo": SimpleUploadedFile("a.png", _png(), content_type="image/png")}
    )
    url = reverse("people:person-photo", args=[acme_junior.pk])
    assert login(acme_senior).get(url).status_code == 200
    assert login(globex_admin).get(url).status_code == 404


def test_profile_needs_a_person_in_this_organisation(client, acme: object) -> None:
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="noprofile@acme.test")
    MembershipFactory(organization=acme, user=user)
    client.force_login(user)
    assert client.get(reverse("people:profile")).status_code == 404


def test_untouched_days_keep_their_exact_windows(login, acme_junior: Person) -> None:
    acme_junior.availability.create(weekday=0, start=time(15), end=time(17))
    acme_junior.availability.create(weekday=4, start=time(9, 30), end=time(11))
    # Monday shows 14–16 and 16–18 ticked; the person only adds Wednesday 10–12.
    data = {"d0_14": "on", "d0_16": "on", "d4_8": "on", "d4_10": "on", "d2_10": "on"}
    assert login(acme_junior).post(reverse("people:availability-edit"), data).status_code == 302
    windows = [(w.weekday, w.start, w.end) for w in acme_junior.availability.all()]
    assert windows == [(0, time(15), time(17)), (2, time(10), time(12)), (4, time(9, 30), time(11))]


def test_changing_a_day_replaces_its_windows_with_the_grid(login, acme_junior: Person) -> None:
    acme_junior.availability.create(weekday=0, start=time(15), end=time(17))
    login(acme_junior).post(reverse("people:availability-edit"), {"d0_14": "on"})
    assert [(w.weekday, w.start, w.end) for w in acme_junior.availability.all()] == [(0, time(14), time(16))]
