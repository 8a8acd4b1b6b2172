"""Locking, saving and attaching: the steps every incident service shares."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.history import save_tracked
from core.workflow import check_version

from ..models import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, Incident, IncidentAttachment

SYSTEM_ACTOR = None  # history rows without a user are the system's (tasks)

# The incident's related rows are model instances read from the database (the locked incident's own, the
# actor, choices a form validated) and its reference comes from its sequence and never changes.
INCIDENT_ROWS = ["component", "reported_by", "reporter_party", "assigned_party", "duplicate_of", "known_outage"]


def lock(incident: Incident, version: int | None) -> Incident:
    """The incident's row, locked until the commit; a stale `version` is a conflict."""
    # of=("self",): lock the incident row only; PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join to assigned_party.
    locked = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("component", "assigned_party")
        .get(pk=incident.pk)
    )
    check_version(locked, version)
    return locked


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def save(incident: Incident, actor, reason: str) -> None:
    """Save a change the user made: a new version with its history row."""
    incident.version += 1
    save_validated(incident, actor, reason)


def save_validated(incident: Incident, actor, reason: str) -> None:
    """Save with its history row, validating its own fields without a query per related row."""
    incident.full_clean(exclude=INCIDENT_ROWS, validate_unique=False)
    save_tracked(incident, actor=actor, reason=reason, validate=False)


def validate_attachments(attachments: list[UploadedFile]) -> None:
    for upload in attachments:
        extension = extension_of(upload.name)
        if extension not in ATTACHMENT_EXTENSIONS:
            raise ValidationError(
                {
                    "attachments": _("%(name)s: alleen %(types)s zijn toegestaan.")
                    % {"name": upload.name, "types": ", ".join(ATTACHMENT_EXTENSIONS)}
                }
            )
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                {
                    "attachments": _("%(name)s is groter dan %(limit)d MB.")
                    % {"name": upload.name, "limit": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                }
            )
        if not content_fits(extension, upload):
            raise ValidationError(
                {
                    "attachments": _("%(name)s: de inhoud is geen %(extension)s-bestand.")
                    % {"name": upload.name, "extension": extension}
                }
            )


# The first bytes of each binary type. Six fixed types need no file-type library (python-magic would need the
# system's libmagic); text types are checked whole: valid UTF-8 without NUL characters.
SIGNATURES = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "pdf": (b"%PDF-",)}


def content_fits(extension: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if extension in SIGNATURES:
        return content.startswith(SIGNATURES[extension])
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in content


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attach(incident: Incident, upload: UploadedFile, actor, now: datetime, update=None) -> None:
    attachment = IncidentAttachment(
        incident=incident,
        update=update,
        file=upload,
        original_name=upload.name[:200],
        content_type=ATTACHMENT_TYPES[extension_of(upload.name)],
        size=upload.size,
        uploaded_by=actor,
        uploaded_at=now,
    )
    save_tracked(attachment, actor=actor, reason=_("Bijlage toegevoegd"))
