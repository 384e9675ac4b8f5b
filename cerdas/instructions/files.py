"""Checking attachments before anything stores them: photos (re-encoded, EXIF dropped,
through the same helper as complaint photos) and PDF documents."""

import secrets
from dataclasses import dataclass

from django.conf import settings

from cerdas.complaints.services import Upload
from cerdas.complaints.workflow import WorkflowError
from cerdas.lib.images import ImageError, clean_image

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class CleanFile:
    name: str  # as shown to people (the uploader's name)
    stored_name: str  # random: the storage path tells nothing and cannot be guessed
    content: bytes
    content_type: str


def _display_name(name: str, ext: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:150]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'lampiran'}.{ext}"


def clean_files(uploads: list[Upload]) -> list[CleanFile]:
    """Images and PDFs within the upload limits; anything else is refused by name."""
    if len(uploads) > settings.CERDAS_MAX_PHOTOS:
        raise WorkflowError(f"Paling banyak {settings.CERDAS_MAX_PHOTOS} lampiran sekaligus.")
    max_mb = settings.CERDAS_MAX_UPLOAD_MB
    max_bytes = max_mb * 1024 * 1024
    cleaned = []
    for upload in uploads:
        data = upload.data
        if len(data) > max_bytes:
            raise WorkflowError(f"{upload.name}: berkas terlalu besar (maksimal {max_mb} MB).")
        if not data:
            raise WorkflowError(f"{upload.name}: berkas kosong.")
        token = secrets.token_hex(12)
        if data.startswith(PDF_MAGIC):
            cleaned.append(
                CleanFile(
                    _display_name(upload.name, "pdf"), f"{token}.pdf", data, "application/pdf"
                )
            )
            continue
        try:
            image = clean_image(data, max_bytes=max_bytes)
        except ImageError:
            raise WorkflowError(
                f"{upload.name}: hanya foto (JPEG, PNG, WebP) dan dokumen PDF yang diterima."
            ) from None
        cleaned.append(
            CleanFile(
                _display_name(upload.name, "jpg"), f"{token}.jpg", image.content, "image/jpeg"
            )
        )
    return cleaned
