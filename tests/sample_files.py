"""Tiny real files of each kind, built in memory, for the private-file tests."""

import io
import struct
import zipfile

from PIL import Image

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"

PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
# The start of a Windows program: the "MZ" DOS header, then the "PE" signature it points to.
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + b"\x40\x00\x00\x00"
)
EXE += b"PE\x00\x00" + b"\x00" * 200


def image(kind="PNG"):
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, kind)
    return out.getvalue()


def ooxml(main_type=DOCX_MAIN, part="word/document.xml", extra=()):
    """An Office Open XML package: [Content_Types].xml naming the main part, and the part."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr(part, "<document/>")
        for name in extra:
            package.writestr(name, b"\x00")
    return out.getvalue()


def opendocument(mimetype="application/vnd.oasis.opendocument.text"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF asks
        package.writestr("content.xml", "<office:document-content/>")
        package.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


def plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


def _directory_entry(name, object_type):
    encoded = (name + "\0").encode("utf-16-le")
    entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), object_type, 1)
    return entry.ljust(128, b"\0")


def compound_file(*streams, storages=()):
    """An OLE2 compound file (Word and Excel 97-2003, Windows installers): the 512-byte header
    and one directory sector with the root entry and the given streams and storages."""
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    )
    header += struct.pack("<H", 9)  # 512-byte sectors
    header = header.ljust(512, b"\x00")
    entries = _directory_entry("Root Entry", 5)
    entries += b"".join(_directory_entry(name, 2) for name in streams)
    entries += b"".join(_directory_entry(name, 1) for name in storages)
    return header + entries.ljust(512, b"\x00")
