"""Private files: documents that are not for everyone (a plan's attachments, signed cooperation
agreements, grant reports).

They live in their own storage under ``PRIVATE_FILES_ROOT``, outside the static and media
folders, and the storage builds no address for them: the only way out is a view that checks
the permission and calls :func:`serve_private_file`, which records the download in the audit
log and answers as an attachment the browser may not sniff, render or cache.

What is accepted is judged by the content, never by the name or the browser's claimed type:
PDF, Word, Excel and PowerPoint (and OpenDocument) files, PNG and JPEG images, up to
``PRIVATE_FILE_MAX_BYTES``, and the name's extension must match the content. Models subclass
:class:`PrivateDocument`; the stored name is random, the uploader's name kept in a field.
"""

import os
import re
import secrets
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import puremagic
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models.signals import class_prepared, post_delete
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteer_portal.audit import acting_as


@dataclass(frozen=True)
class FileKind:
    """A kind of file the portal accepts: what people call it, its type and its extensions."""

    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind(_("PDF"), "application/pdf", (".pdf",))
DOCX = FileKind(
    _("Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    _("Excel spreadsheet"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileKind(
    _("PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileKind(_("OpenDocument text"), "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind(
    _("OpenDocument spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
)
DOC = FileKind(_("Word 97-2003 document"), "application/msword", (".doc",))
XLS = FileKind(_("Excel 97-2003 spreadsheet"), "application/vnd.ms-excel", (".xls",))
PNG = FileKind(_("PNG image"), "image/png", (".png",))
JPEG = FileKind(_("JPEG image"), "image/jpeg", (".jpg", ".jpeg"))

ALLOWED_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS, PNG, JPEG)
KIND_BY_CONTENT_TYPE = {kind.content_type: kind for kind in ALLOWED_KINDS}
ALLOWED_EXTENSIONS = tuple(ext for kind in ALLOWED_KINDS for ext in kind.extensions)

# The main part of an Office Open XML package says what it is; the macro-enabled and template
# variants have other main types and are refused with everything else.
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}

NOT_ALLOWED = _("This file is not a PDF, Office document or image (its content is %(kind)s).")
NAME_MISMATCH = _(
    "The file's name does not match its content (%(kind)s): the name should end in %(expected)s."
)
TOO_LARGE = _("This file is %(size)s; a file may be at most %(limit)s.")
EMPTY = _("This file is empty.")

# What the refusal calls some common contents; anything else by puremagic's (English) name.
REFUSED_KINDS = (
    (".exe", _("a Windows program")),
    (".html", _("a web page (HTML)")),
)
UNRECOGNISED = _("not recognised")
ZIP_ARCHIVE = _("a ZIP archive")
DAMAGED = _("a damaged or unreadable file")
WITH_MACROS = _("an Office document with macros")
OTHER_OFFICE_FILE = _(
    "another kind of Office file, such as a template or an OpenDocument presentation"
)
OTHER_COMPOUND_FILE = _("a compound file that is neither a Word nor an Excel document")


def _refuse(kind):
    raise ValidationError(NOT_ALLOWED, code="file_type_not_allowed", params={"kind": kind})


def identify_private_file(file):
    """The allowed :class:`FileKind` of ``file``, judged by its content alone.

    puremagic reads the magic numbers. A ZIP or OLE2 container (Office files, but also Java
    archives and Windows installers) is then opened to see what it holds. The file's name is
    deliberately not given to puremagic: with a name, it guesses from the extension.
    """
    file.seek(0)
    try:
        matches = [m for m in puremagic.magic_stream(file) if m.offset == 0]
    except puremagic.PureError:
        matches = []
    except ValueError as error:  # "Input was empty"
        raise ValidationError(EMPTY, code="file_empty") from error
    finally:
        file.seek(0)
    extensions = {m.extension for m in matches}
    if ".pdf" in extensions:
        return PDF
    if ".png" in extensions:
        return PNG
    if ".jpg" in extensions:
        return JPEG
    if ".zip" in extensions:
        return _zip_kind(file)
    if ".doc" in extensions:
        return _compound_file_kind(file)
    for extension, label in REFUSED_KINDS:
        if extension in extensions:
            _refuse(label)
    _refuse(matches[0].name if matches else UNRECOGNISED)


def _zip_kind(file):
    """An Office Open XML or OpenDocument package, told apart by what it declares inside."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                kind = ODF_MIMETYPES.get(declared)
                has_macros = any(n.startswith(("Basic/", "Scripts/")) for n in names)
            elif "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                small = info.file_size < 1_000_000
                types = archive.read(info).decode("utf-8", "replace") if small else ""
                main = set(re.findall(r'ContentType="([^"]+)"', types))
                kind = next((OOXML_MAIN_TYPES[t] for t in main if t in OOXML_MAIN_TYPES), None)
                has_macros = "macroenabled" in types.lower() or any(
                    n.lower().endswith("vbaproject.bin") for n in names
                )
            else:
                _refuse(ZIP_ARCHIVE)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
        _refuse(DAMAGED)
    finally:
        file.seek(0)
    if has_macros:
        _refuse(WITH_MACROS)
    return kind or _refuse(OTHER_OFFICE_FILE)


def _directory_entry(name, object_type):
    """The first bytes of an OLE2 compound file's directory entry for ``name``: the name in
    UTF-16 padded to 64 bytes, its length with the terminator, and the type (1 storage,
    2 stream)."""
    encoded = (name + "\0").encode("utf-16-le")
    return encoded.ljust(64, b"\0") + struct.pack("<HB", len(encoded), object_type)


# Word keeps its text in a "WordDocument" stream, Excel in "Workbook" (97-2003) or "Book"
# (5.0/95); macros live in a "Macros" or "_VBA_PROJECT_CUR" storage. A Windows installer
# (.msi) is a compound file too, with none of these.
COMPOUND_ENTRIES = {
    "word": _directory_entry("WordDocument", 2),
    "excel": _directory_entry("Workbook", 2),
    "excel5": _directory_entry("Book", 2),
    "macros": _directory_entry("Macros", 1),
    "vba": _directory_entry("_VBA_PROJECT_CUR", 1),
}
DIRECTORY_ENTRY_SIZE = 128
BLOCK_SIZE = 1 << 16  # a multiple of the entry size, so no entry straddles two blocks


def _compound_file_kind(file):
    """A Word or Excel 97-2003 file, found by its directory entries (which always start on a
    multiple of 128 bytes, after the 512- or 4096-byte header)."""
    found, offset = set(), 0
    file.seek(0)
    while block := file.read(BLOCK_SIZE):
        for key, entry in COMPOUND_ENTRIES.items():
            start = block.find(entry)
            while start != -1 and (offset + start) % DIRECTORY_ENTRY_SIZE:
                start = block.find(entry, start + 1)
            if start != -1:
                found.add(key)
        offset += len(block)
    file.seek(0)
    if found & {"macros", "vba"}:
        _refuse(WITH_MACROS)
    if "word" in found:
        return DOC
    if found & {"excel", "excel5"}:
        return XLS
    _refuse(OTHER_COMPOUND_FILE)


def check_private_file(file):
    """Refuse ``file`` unless it is small enough, of an allowed kind by its content, and named
    with that kind's extension; return its :class:`FileKind`."""
    limit = settings.PRIVATE_FILE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            TOO_LARGE,
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if not file.size:
        raise ValidationError(EMPTY, code="file_empty")
    kind = identify_private_file(file)
    if os.path.splitext(file.name)[1].lower() not in kind.extensions:
        raise ValidationError(
            NAME_MISMATCH,
            code="file_name_mismatch",
            params={"kind": kind.label, "expected": " / ".join(kind.extensions)},
        )
    return kind


def validate_private_file(file):
    """The model field's validator: :func:`check_private_file`."""
    check_private_file(file)


class PrivateFileStorage(FileSystemStorage):
    """Files under ``PRIVATE_FILES_ROOT`` (read on each use, so tests can point it elsewhere),
    readable by the portal's user only, with no URL: serve them with :func:`serve_private_file`.
    """

    def __init__(self):
        super().__init__(file_permissions_mode=0o640, directory_permissions_mode=0o750)

    @property
    def base_location(self):
        return Path(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError(
            "A private file has no address; serve it from a view with serve_private_file()."
        )


private_storage = PrivateFileStorage()


def private_file_name(instance, filename):
    """A random name in a folder per model and month: the stored name says nothing of the
    uploader's file name (kept in ``original_name`` for the download)."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        extension = ""
    folder = f"{instance._meta.app_label}/{instance._meta.model_name}/{timezone.now():%Y/%m}"
    return f"{folder}/{secrets.token_hex(16)}{extension}"


def clean_original_name(name):
    """The uploader's file name without folders or control characters (it goes into a header)."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable())
    return name.strip()[:255] or "document"


class PrivateDocument(models.Model):
    """A stored private file with what the download needs. Subclasses add what the document
    belongs to, a ``get_absolute_url`` to their download view, and register with auditlog (the
    download is recorded as an access)."""

    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=private_file_name,
        validators=[validate_private_file],
        max_length=200,
    )
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Checked again here, not only by the form: code that saves without validating still
        # cannot store a file outside the allow-list, and the type comes from the content.
        if self.file and not self.file._committed:
            kind = check_private_file(self.file)
            self.original_name = clean_original_name(self.file.name)
            self.content_type = kind.content_type
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def kind_label(self):
        kind = KIND_BY_CONTENT_TYPE.get(self.content_type)
        return kind.label if kind else self.content_type


def _delete_stored_file(sender, instance, **kwargs):
    """A deleted document takes its file with it, once the deletion is committed."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def _connect_file_cleanup(sender, **kwargs):
    # Per concrete model: a receiver for every sender would end fast deletes of all models.
    if issubclass(sender, PrivateDocument) and not sender._meta.abstract:
        post_delete.connect(_delete_stored_file, sender=sender, dispatch_uid=f"pf-{sender}")


class_prepared.connect(_connect_file_cleanup)


def _ascii_fallback(name):
    name = name.translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    name = name.translate(str.maketrans({"Æ": "AE", "Ø": "OE", "Å": "AA"}))
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r'[^\x20-\x7e]|["\\]', "_", name) or "document"


def attachment_header(name):
    """Content-Disposition for a download called ``name``: an ASCII ``filename`` for old
    clients and the exact name as ``filename*`` (RFC 6266 / RFC 5987) for the rest."""
    return f"attachment; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name)}"


def serve_private_file(request, document):
    """Answer with ``document``'s file as a download, after recording the access (who, which
    document) in the audit log. The caller has checked the permission.

    The headers keep the browser from treating the file as a page: an attachment, the type
    stored when it was judged at upload (nosniff), a sandboxing Content-Security-Policy in
    case it is opened anyway, and no caching on shared machines or proxies.
    """
    if not auditlog.contains(type(document)):
        raise ImproperlyConfigured(f"{type(document).__name__} must be registered with auditlog.")
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    user = request.user if request.user.is_authenticated else None
    with acting_as(user):
        accessed.send(sender=type(document), instance=document)
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = attachment_header(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@checks.register(checks.Tags.security)
def check_private_files_root(app_configs, **kwargs):
    """Private files must not lie where the web server or Django serves files publicly."""
    root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    public = [settings.STATIC_ROOT, settings.MEDIA_ROOT, *_static_dirs()]
    for folder in filter(None, public):
        folder = Path(folder).resolve()
        if root == folder or folder in root.parents or root in folder.parents:
            return [
                checks.Error(
                    f"PRIVATE_FILES_ROOT ({root}) overlaps a public folder ({folder}).",
                    hint="Point PRIVATE_FILES_ROOT at a folder of its own.",
                    id="volunteer_portal.E001",
                )
            ]
    return []


def _static_dirs():
    for entry in settings.STATICFILES_DIRS:
        yield entry[1] if isinstance(entry, tuple | list) else entry
