"""Attachments are what their extension says: the content is checked, the stored type comes from the
extension, and downloads cannot run in the portal's origin."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Incident, IncidentAttachment
from tests.timetravel import local

FILE_URL = reverse("incidents:incident_file")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=True):
        yield


def file_with(client, component, upload):
    data = {
        "title": "Inloggen op het GGD-portaal lukt niet",
        "description": "Foutmelding na het inloggen.",
        "component": component("hsm").pk,
        "impact": "medium",
        "urgency": "medium",
        "attachments": [upload],
    }
    return client.post(FILE_URL, data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.png", b"MZ\x90\x00\x03" + b"\x00" * 60),  # a renamed .exe
        ("foto.png", b"<html><script>alert(1)</script></html>"),
        ("scan.pdf", b"MZ\x90\x00"),
        ("foto.jpg", PNG),
        ("log.txt", b"regel\x00met NUL"),
        ("data.csv", b"\xff\xfe\x00b\x00i\x00n"),
    ],
)
def test_content_that_does_not_fit_its_extension_is_refused(client, demo_user, component, name, content):
    client.force_login(demo_user("ggd"))

    response = file_with(client, component, SimpleUploadedFile(name, content, content_type="image/png"))

    extension = name.rsplit(".", 1)[-1]
    message = f"{name}: de inhoud is geen {extension}-bestand."
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [message]
    assert not Incident.objects.exists()
    assert not IncidentAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "stored_type", "disposition"),
    [
        ("scherm.png", PNG, "image/png", "inline"),
        ("verslag.pdf", b"%PDF-1.7\n...", "application/pdf", "attachment"),
        ("fouten.log", "Fout bij inloggen: é".encode(), "text/plain; charset=utf-8", "attachment"),
    ],
)
def test_the_stored_type_comes_from_the_extension_and_downloads_cannot_run(
    client, demo_user, component, name, content, stored_type, disposition
):
    client.force_login(demo_user("ggd"))
    file_with(client, component, SimpleUploadedFile(name, content, content_type="text/html"))
    attachment = IncidentAttachment.objects.get()

    response = client.get(reverse("incidents:attachment", args=[attachment.incident.reference, attachment.pk]))

    assert attachment.content_type == stored_type
    assert response["Content-Type"] == stored_type
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(disposition)
    assert b"".join(response.streaming_content) == content
