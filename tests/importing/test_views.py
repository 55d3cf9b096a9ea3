"""The web flow: upload → columns → check → confirm → done, and who may use it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ponte.organizations.models import Organization
from ponte.people.importing.services import import_job_run
from ponte.people.models import ImportJob, ImportStatus, Person

from .conftest import csv_bytes, good_rows


@pytest.fixture(autouse=True)
def _run_on_commit_callbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run inside a transaction that never commits: run on_commit work (enqueueing the
    immediate tasks) at once, as a real commit would."""
    monkeypatch.setattr("ponte.people.importing.services.transaction.on_commit", lambda callback: callback())


def upload(client: Client, data: bytes, name: str = "people.csv"):  # type: ignore[no-untyped-def]
    return client.post(reverse("people:import-start"), {"file": SimpleUploadedFile(name, data)})


def mapping_post(job: ImportJob) -> dict[str, str]:
    return {f"col_{index}": job.mapping.get(str(index), "") for index in range(len(job.headers))}


def test_admin_imports_a_file_end_to_end(acme: Organization, acme_admin: Person, login, good_csv: bytes) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    assert client.get(reverse("people:import-start")).status_code == 200

    response = upload(client, good_csv, "Export HR.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import-mapping", args=[job.pk])
    assert (job.encoding, job.delimiter, job.status) == ("utf-8-sig", ";", ImportStatus.UPLOADED)
    assert "Export HR" not in job.file.name

    page = client.get(reverse("people:import-mapping", args=[job.pk]))
    assert page.status_code == 200
    assert 'value="email" selected' in page.content.decode()
    assert "Niccolò" in page.content.decode()

    response = client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert job.summary["created"] == 5
    detail = client.get(reverse("people:import-detail", args=[job.pk])).content.decode()
    assert "Confirm and import" in detail
    assert "niccolo.bianchi@acme.test" in detail
    assert Person.objects.filter(organization=acme).count() == 1  # only the admin so far

    response = client.post(reverse("people:import-confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == 5
    assert job.processed_rows == job.total_rows == 5
    assert Person.objects.filter(organization=acme).count() == 6
    assert "new departments" in client.get(reverse("people:import-detail", args=[job.pk])).content.decode()
    assert "Export HR.csv" in client.get(reverse("people:import-start")).content.decode()


def test_running_the_import_twice_imports_once(acme_admin: Person, login, good_csv: bytes) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    upload(client, good_csv)
    job = ImportJob.objects.get()
    client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job))
    client.post(reverse("people:import-confirm", args=[job.pk]))
    count = Person.objects.count()

    import_job_run(job.pk)
    second = client.post(reverse("people:import-confirm", args=[job.pk]))

    assert second.status_code == 302
    assert Person.objects.count() == count


def test_a_bad_file_shows_the_error_report_and_a_csv_of_all_errors(acme_admin: Person, login) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    rows = good_rows()
    rows[3][3] = "not-an-email"
    rows[4][12] = "32/13/2020"
    upload(client, csv_bytes(rows))
    job = ImportJob.objects.get()
    client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job))
    job.refresh_from_db()

    assert job.status == ImportStatus.INVALID
    page = client.get(reverse("people:import-detail", args=[job.pk])).content.decode()
    assert "This is not a valid email address." in page
    assert "not-an-email" in page
    assert "Confirm and import" not in page
    assert client.post(reverse("people:import-confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID

    report = client.get(reverse("people:import-errors", args=[job.pk]))
    assert report["Content-Type"].startswith("text/csv")
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Column,Field,Value,Problem"
    assert lines[1].startswith("4,E-mail aziendale,Email,not-an-email,")
    assert lines[2].startswith("5,Data di assunzione,Hire date,32/13/2020,")


def test_italian_admins_read_the_report_in_italian(acme_admin: Person, login) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    upload(client, csv_bytes([["Email", "Nome", "Cognome"], ["", "A", "B"]]))
    job = ImportJob.objects.get()
    client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job))
    assert acme_admin.user is not None
    acme_admin.user.language = "it"
    acme_admin.user.save()

    page = client.get(reverse("people:import-detail", args=[job.pk]))

    assert page.status_code == 200
    assert '<html lang="it">' in page.content.decode()


def test_mapping_requires_email_and_names(acme_admin: Person, login, good_csv: bytes) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    upload(client, good_csv)
    job = ImportJob.objects.get()
    fields = mapping_post(job)
    fields = {key: ("" if value == "email" else value) for key, value in fields.items()}

    response = client.post(reverse("people:import-mapping", args=[job.pk]), fields)

    assert response.status_code == 400
    assert "These required columns are not mapped: Email." in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_htmx_polling_gets_only_the_status_fragment(acme_admin: Person, login, good_csv: bytes) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    upload(client, good_csv)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, total_rows=10, processed_rows=4)

    full = client.get(reverse("people:import-detail", args=[job.pk])).content.decode()
    fragment = client.get(
        reverse("people:import-detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'hx-trigger="every 1s"' in full
    assert '<progress class="progress" max="100" value="40"' in full
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' in fragment
    assert "4 of 10 rows" in fragment


def test_bad_uploads_are_refused_with_400_and_nothing_stored(acme_admin: Person, login, settings) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    settings.PONTE_IMPORT_MAX_BYTES = 2048
    cases = [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "people.csv", "not a text CSV file"),
        (b"Nome;Cognome\r\n" + b"A;B\r\n" * 1000, "people.csv", "too big"),
        (b"Nome;Cognome\r\nA;B\r\n", "people.txt", "Upload a .csv or .xlsx file."),
        (b"Nome;Cognome\r\nA;B\r\n", "people.xlsx", "not a valid Excel"),
    ]
    for data, name, message in cases:
        response = upload(client, data, name)
        assert response.status_code == 400, name
        assert message in response.content.decode(), name
    assert ImportJob.objects.count() == 0


def test_participants_and_program_managers_get_403(
    acme_admin: Person, acme_manager: Person, acme_participant: Person, login, good_csv: bytes
) -> None:  # type: ignore[no-untyped-def]
    upload(login(acme_admin), good_csv)
    job = ImportJob.objects.get()
    for person in (acme_manager, acme_participant):
        client = login(person)
        assert client.get(reverse("people:import-start")).status_code == 403
        assert upload(client, good_csv).status_code == 403
        for name in ("people:import-detail", "people:import-mapping", "people:import-errors"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 403
        assert client.post(reverse("people:import-confirm", args=[job.pk])).status_code == 403
    assert ImportJob.objects.count() == 1


def test_another_organisations_admin_gets_404(acme_admin: Person, globex_admin: Person, login, good_csv: bytes) -> None:  # type: ignore[no-untyped-def]
    upload(login(acme_admin), good_csv)
    job = ImportJob.objects.get()
    client = login(globex_admin)

    for name in ("people:import-detail", "people:import-mapping", "people:import-errors"):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 404
        assert "people.csv" not in response.content.decode()
    assert client.post(reverse("people:import-confirm", args=[job.pk])).status_code == 404
    assert client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job)).status_code == 404
    assert "people.csv" not in client.get(reverse("people:import-start")).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_anonymous_visitors_are_sent_to_login(db: None) -> None:
    response = Client().get(reverse("people:import-start"))
    assert response.status_code == 302


def test_an_xlsx_upload_goes_through_the_same_flow(acme_admin: Person, login, good_xlsx: bytes) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    assert upload(client, good_xlsx, "export.xlsx").status_code == 302
    job = ImportJob.objects.get()
    assert job.file_format == "xlsx"
    assert job.file.name.endswith(".xlsx")

    client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job))
    client.post(reverse("people:import-confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Person.objects.get(email="carla.capo@acme.test").birth_year == 1961


def test_the_import_checks_again_when_the_organisation_changed_since(
    acme: Organization, acme_admin: Person, login
) -> None:  # type: ignore[no-untyped-def]
    boss = Person.objects.create(organization=acme, email="boss@acme.test", first_name="B", last_name="B")
    client = login(acme_admin)
    upload(
        client,
        csv_bytes([["Email", "Nome", "Cognome", "Email responsabile"], ["n@acme.test", "N", "N", "boss@acme.test"]]),
    )
    job = ImportJob.objects.get()
    client.post(reverse("people:import-mapping", args=[job.pk]), mapping_post(job))
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    boss.delete()

    client.post(reverse("people:import-confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert [error["code"] for error in job.errors] == ["manager_unknown"]
    assert not Person.objects.filter(email="n@acme.test").exists()
