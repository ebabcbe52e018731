"""Evidence uploads (photos, PDFs): checked by content, kept unmodified, shown re-encoded.

- The type is decided by the file's magic bytes, never by its name or declared type.
- Size and pixel limits; images are fully decoded (a truncated or forged image fails).
- Polyglots are refused: a PDF must start with %PDF and an image must not carry an
  embedded executable, archive or PDF header after its first bytes.
- PDFs with active content are refused: JavaScript, launch actions, automatic actions, embedded
  files, forms that submit or import (looked for in the file and inside its compressed streams).
- The original is stored unmodified outside the web root with its SHA-256; its EXIF time
  and GPS position are extracted into fields (they are evidence).
- Pages show a re-encoded copy without metadata (JPEG, max 1600 px).
- Files are served only by views that first check the user may see the owning object.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

MAX_EVIDENCE_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
DISPLAY_MAX_SIDE = 1600

MAGIC = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
]
# Signatures that must not appear inside an accepted file (executables, archives, scripts).
FORBIDDEN_INSIDE = [b"MZ\x90\x00", b"\x7fELF", b"PK\x03\x04", b"<script", b"<?php", b"%PDF-"]

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class EvidenceFile(models.Model):
    """Abstract base of every evidence file (inspection photos, after-photos, report photos)."""

    original_name = models.CharField(_l("原文件名"), max_length=255)
    content_type = models.CharField(_l("类型"), max_length=40)
    size = models.PositiveIntegerField(_l("大小（字节）"))
    sha256 = models.CharField(_l("SHA-256"), max_length=64)
    stored_path = models.CharField(max_length=500, editable=False)
    display_path = models.CharField(max_length=500, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    exif_taken_at = models.DateTimeField(_l("拍摄时间（EXIF）"), null=True, blank=True)
    gps_lat = models.DecimalField(_l("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    gps_lon = models.DecimalField(_l("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_l("上传时间"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def _sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, ext in MAGIC:
        if head.startswith(magic):
            return content_type, ext
    return None


def _read_all(upload) -> bytes:
    if hasattr(upload, "chunks"):
        return b"".join(upload.chunks())
    upload.seek(0)
    return upload.read()


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return float(value[0]) / float(value[1])


def _gps(exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(0x8825) if exif else None
    if not gps or 2 not in gps or 4 not in gps:
        return None, None

    def degrees(dms, ref) -> Decimal:
        d, m, s = (_ratio(x) for x in dms)
        value = d + m / 60 + s / 3600
        if ref in ("S", "W", b"S", b"W"):
            value = -value
        return Decimal(f"{value:.6f}")

    try:
        return degrees(gps[2], gps.get(1, "N")), degrees(gps[4], gps.get(3, "E"))
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return None, None


def _taken_at(exif):
    if not exif:
        return None
    raw = exif.get_ifd(0x8769).get(36867) or exif.get(306)  # DateTimeOriginal, DateTime
    if not raw:
        return None
    try:
        naive = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive, timezone.get_default_timezone())


def check_evidence(data: bytes, *, name: str = "") -> dict:
    """Validate bytes as evidence; return facts about them or raise DomainError(field="file")."""
    if not data:
        raise DomainError(_("文件为空。"), field="file")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise DomainError(
            _("文件「%(n)s」过大（%(s).1f MB），上限 %(m)d MB。")
            % {"n": name, "s": len(data) / 1e6, "m": MAX_EVIDENCE_BYTES // 1_000_000},
            field="file",
        )
    sniffed = _sniff(data[:16])
    if sniffed is None:
        raise DomainError(
            _("文件「%(n)s」不是允许的类型：只接受 JPEG、PNG 照片和 PDF 文件（按文件内容判断）。") % {"n": name},
            field="file",
        )
    content_type, ext = sniffed
    tail = data[8:]
    for signature in FORBIDDEN_INSIDE:
        if content_type == "application/pdf" and signature == b"%PDF-":
            continue
        if signature in tail:
            raise DomainError(
                _("文件「%(n)s」内嵌了其他类型的内容（疑似伪装文件），已拒绝。") % {"n": name}, field="file"
            )
    facts: dict = {
        "content_type": content_type,
        "ext": ext,
        "width": None,
        "height": None,
        "exif_taken_at": None,
        "gps_lat": None,
        "gps_lon": None,
    }
    if content_type == "application/pdf":
        if b"%%EOF" not in data[-1024:]:
            raise DomainError(_("PDF 文件「%(n)s」不完整或已损坏。") % {"n": name}, field="file")
        if _pdf_active_content(data):
            raise DomainError(
                _("PDF 文件「%(n)s」含有脚本、自动操作或内嵌文件，已拒绝；请另存为普通 PDF 后上传。") % {"n": name},
                field="file",
            )
        return facts
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(_("图片「%(n)s」像素过多。") % {"n": name}, field="file")
            image.load()  # full decode: a truncated or forged image fails here
            exif = image.getexif()
            facts["width"], facts["height"] = image.width, image.height
            facts["exif_taken_at"] = _taken_at(exif)
            facts["gps_lat"], facts["gps_lon"] = _gps(exif)
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError(_("图片「%(n)s」无法解码，文件已损坏或不是真实图片。") % {"n": name}, field="file") from exc
    return facts


# PDF name objects that run or carry something: scripts, launching programs, actions fired on
# open/close/view, embedded files and multimedia, forms that send or load data.
PDF_ACTIVE_NAMES = {
    b"/javascript",
    b"/js",
    b"/launch",
    b"/aa",
    b"/embeddedfile",
    b"/embeddedfiles",
    b"/richmedia",
    b"/submitform",
    b"/importdata",
    b"/gotoe",
    b"/xfa",
}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_INFLATED_MAX = 20 * 1024 * 1024


def _pdf_names(chunk: bytes) -> set[bytes]:
    """Name objects of a PDF fragment, with #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    names = set()
    for raw in _PDF_NAME.findall(chunk):
        decoded = re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(decoded.lower())
    return names


def _pdf_active_content(data: bytes) -> bool:
    """Whether a PDF carries active content, in its plain objects or in Flate-compressed object
    streams (inflated with a cap, so a compression bomb is not expanded)."""
    if _pdf_names(data) & PDF_ACTIVE_NAMES:
        return True
    budget = _PDF_INFLATED_MAX
    for stream in _PDF_STREAM.findall(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(stream, budget)
        except zlib.error:
            continue  # not Flate (an image, say): its bytes were scanned above
        budget -= len(inflated)
        if _pdf_names(inflated) & PDF_ACTIVE_NAMES:
            return True
        if budget <= 0:
            return True  # more than the cap inside: refuse rather than skip unread content
    return False


def _reencode(data: bytes) -> bytes:
    """A display copy without metadata: orientation applied, max 1600 px, JPEG."""
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        image.thumbnail((DISPLAY_MAX_SIDE, DISPLAY_MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)  # no exif= argument: metadata is dropped
        return out.getvalue()


def evidence_accept(upload, *, actor, folder: str) -> dict:
    """Check and store an upload; return the EvidenceFile field values for `Model.objects.create(**...)`."""
    name = Path(getattr(upload, "name", "") or "upload").name[:255]
    data = _read_all(upload)
    facts = check_evidence(data, name=name)
    root = Path(settings.PRIVATE_STORAGE_ROOT) / folder
    root.mkdir(parents=True, exist_ok=True)
    stem = uuid.uuid4().hex
    original = root / f"{stem}{facts['ext']}"
    original.write_bytes(data)
    display = ""
    if facts["content_type"].startswith("image/"):
        display_file = root / f"{stem}.display.jpg"
        display_file.write_bytes(_reencode(data))
        display = str(display_file)
    return {
        "original_name": name,
        "content_type": facts["content_type"],
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "stored_path": str(original),
        "display_path": display,
        "width": facts["width"],
        "height": facts["height"],
        "exif_taken_at": facts["exif_taken_at"],
        "gps_lat": facts["gps_lat"],
        "gps_lon": facts["gps_lon"],
        "uploaded_by": actor if getattr(actor, "pk", None) else None,
    }


def evidence_response(evidence: EvidenceFile, *, original: bool = False) -> FileResponse:
    """Serve a file the caller has already checked the user may see (the display copy by default)."""
    path = evidence.stored_path if original or not evidence.display_path else evidence.display_path
    if not path or not Path(path).exists():
        raise Http404
    content_type = evidence.content_type if path == evidence.stored_path else "image/jpeg"
    response = FileResponse(open(path, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = (
        "inline" if not original else f'attachment; filename="{evidence.pk}{Path(path).suffix}"'
    )
    return response
