"""Private files: a storage without addresses, outside the public folders, that takes only
PDF, Office documents and images, judged by their content."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests import sample_files as samples
from volunteer_portal import private_files
from volunteer_portal.private_files import (
    attachment_header,
    check_private_file,
    check_private_files_root,
    clean_original_name,
    private_file_name,
    private_storage,
)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


def refusal(name, content):
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        check_private_file(SimpleUploadedFile(name, content))
    with translation.override("en"):
        message = caught.value.messages[0].replace("\xa0", " ")  # sizes keep their unit close
    return caught.value.error_list[0].code, message


def test_the_storage_builds_no_address():
    assert private_storage.base_url is None
    with pytest.raises(ValueError, match="no address"):
        private_storage.url("initiatives/plandocument/2026/01/abc.pdf")


def test_the_storage_lies_outside_the_static_and_media_folders(settings):
    root = Path(private_storage.location)
    assert root == Path(settings.PRIVATE_FILES_ROOT).resolve()
    assert not root.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    if settings.MEDIA_ROOT:
        assert not root.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert check_private_files_root(None) == []


@pytest.mark.parametrize("public", ["STATIC_ROOT", "MEDIA_ROOT"])
def test_a_private_root_inside_a_public_folder_fails_the_checks(public, settings, tmp_path):
    setattr(settings, public, tmp_path / "public")
    settings.PRIVATE_FILES_ROOT = tmp_path / "public" / "private"
    assert [error.id for error in check_private_files_root(None)] == ["volunteer_portal.E001"]


def test_the_storage_writes_under_the_configured_root(private_root):
    name = private_storage.save("a/b.pdf", ContentFile(samples.PDF))
    assert (private_root / name).read_bytes() == samples.PDF


def test_stored_names_are_random_in_a_dated_folder_and_keep_nothing_of_the_upload_name():
    from initiatives.models import PlanDocument

    first = private_file_name(PlanDocument(), "Byrådets beslutning om tilskud.PDF")
    second = private_file_name(PlanDocument(), "Byrådets beslutning om tilskud.PDF")
    assert first != second
    assert first.startswith("initiatives/plandocument/20")
    assert first.endswith(".pdf")
    assert "besl" not in first and "Byr" not in first
    assert private_file_name(PlanDocument(), "program.exe").endswith(tuple("0123456789abcdef"))


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Byrådets beslutning.pdf", samples.PDF, private_files.PDF),
        ("logo.png", samples.image("PNG"), private_files.PNG),
        ("foto.JPG", samples.image("JPEG"), private_files.JPEG),
        ("foto.jpeg", samples.image("JPEG"), private_files.JPEG),
        ("aftale.docx", samples.ooxml(), private_files.DOCX),
        ("budget.xlsx", samples.ooxml(samples.XLSX_MAIN, "xl/workbook.xml"), private_files.XLSX),
        (
            "oplæg.pptx",
            samples.ooxml(samples.PPTX_MAIN, "ppt/presentation.xml"),
            private_files.PPTX,
        ),
        ("referat.odt", samples.opendocument(), private_files.ODT),
        (
            "regnskab.ods",
            samples.opendocument("application/vnd.oasis.opendocument.spreadsheet"),
            private_files.ODS,
        ),
        ("gammel aftale.doc", samples.compound_file("WordDocument", "1Table"), private_files.DOC),
        ("gammelt budget.xls", samples.compound_file("Workbook"), private_files.XLS),
    ],
)
def test_pdf_office_documents_and_images_are_accepted_by_their_content(name, content, kind):
    assert check_private_file(SimpleUploadedFile(name, content)) == kind


def test_an_html_page_called_pdf_is_refused():
    code, message = refusal("beslutning.pdf", samples.HTML)
    assert code == "file_type_not_allowed"
    assert message == (
        "This file is not a PDF, Office document or image (its content is a web page (HTML))."
    )


def test_a_windows_program_called_pdf_is_refused():
    code, message = refusal("beslutning.pdf", samples.EXE)
    assert code == "file_type_not_allowed"
    assert "a Windows program" in message


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("notat.pdf", b"Just some text, nothing else.", "not recognised"),
        ("arkiv.docx", samples.plain_zip(), "a ZIP archive"),
        ("makro.docx", samples.ooxml(samples.DOCM_MAIN), "an Office document with macros"),
        ("makro.docx", samples.ooxml(extra=["word/vbaProject.bin"]), "with macros"),
        ("makro.doc", samples.compound_file("WordDocument", storages=["Macros"]), "with macros"),
        ("installer.doc", samples.compound_file("SummaryInformation"), "neither a Word nor"),
        ("skabelon.docx", samples.ooxml("application/x-other+xml"), "another kind of Office"),
        ("damaged.docx", samples.ooxml()[:40], "damaged"),
    ],
)
def test_other_contents_are_refused_whatever_their_name(name, content, kind):
    code, message = refusal(name, content)
    assert code == "file_type_not_allowed"
    assert kind in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.pdf", samples.image("PNG")),
        ("aftale.xlsx", samples.ooxml()),
        ("aftale", samples.PDF),
        ("aftale.pdf.exe", samples.PDF),
    ],
)
def test_a_name_that_does_not_match_the_content_is_refused(name, content):
    code, message = refusal(name, content)
    assert code == "file_name_mismatch"
    assert message.startswith("The file's name does not match its content (")


def test_the_mismatch_message_says_which_extension_fits():
    assert refusal("logo.pdf", samples.image("PNG"))[1] == (
        "The file's name does not match its content (PNG image): the name should end in .png."
    )


def test_a_file_over_the_limit_is_refused_before_its_content_is_read(settings):
    settings.PRIVATE_FILE_MAX_BYTES = 100
    code, message = refusal("stor.pdf", samples.PDF + b"\x00" * 100)
    assert code == "file_too_large"
    assert message.startswith("This file is ") and message.endswith(
        "a file may be at most 100 bytes."
    )
    assert check_private_file(SimpleUploadedFile("lille.pdf", samples.PDF[:100]))


def test_an_empty_file_is_refused():
    assert refusal("tom.pdf", b"") == ("file_empty", "This file is empty.")


def test_the_download_name_keeps_danish_letters_and_has_an_ascii_fallback():
    assert attachment_header("Byrådets beslutning ø.pdf") == (
        'attachment; filename="Byraadets beslutning oe.pdf"; '
        "filename*=UTF-8''Byr%C3%A5dets%20beslutning%20%C3%B8.pdf"
    )
    assert attachment_header('a "quoted"\\name.pdf').startswith(
        'attachment; filename="a _quoted__name.pdf"; '
    )


def test_the_original_name_loses_folders_and_control_characters():
    assert clean_original_name("C:\\Users\\x\\Beslutning\r\n.pdf") == "Beslutning.pdf"
    assert clean_original_name("../../etc/passwd") == "passwd"
