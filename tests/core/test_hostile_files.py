"""Hostile uploads answer 400 with a Chinese message and write nothing: an .xlsx whose XML declares
entities (an expansion bomb, an external entity reading a local file), and PDFs carrying
JavaScript, launch actions or embedded files."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError
from core.uploads import check_evidence
from enterprises.models import Enterprise

BOMB = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
EXTERNAL = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _xlsx_with(prolog: str, entity: str, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A real workbook (the enterprise import's headers) whose `part` gains a DOCTYPE and uses its entity."""
    from enterprises.imports import HEADERS

    wb = openpyxl.Workbook()
    wb.active.append([h for h in HEADERS])
    wb.active.append(["x"] * len(HEADERS))
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                text = data.decode()
                body = text[text.index("?>") + 2 :] if text.startswith("<?xml") else text
                body = (
                    body.replace("<v>", f"<v>{entity}", 1)
                    if "<v>" in body
                    else body.replace("</t>", f"{entity}</t>", 1)
                )
                data = (prolog + body).encode()
            dst.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "prolog,entity,part",
    [
        (BOMB, "&lol3;", "xl/worksheets/sheet1.xml"),
        (EXTERNAL, "&xxe;", "xl/worksheets/sheet1.xml"),
        (BOMB, "&lol3;", "xl/workbook.xml"),
    ],
    ids=["entity-bomb-in-sheet", "external-entity-in-sheet", "entity-bomb-in-workbook"],
)
def test_an_xlsx_declaring_entities_is_refused_with_400_and_imports_nothing(api_for, official_a, prolog, entity, part):
    upload = SimpleUploadedFile("enterprises.xlsx", _xlsx_with(prolog, entity, part))
    response = api_for(official_a).post("/api/v1/enterprises/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == "file" and "Excel" in body["detail"]
    assert not Enterprise.objects.exists()


def test_an_xlsx_declaring_entities_is_refused_by_the_large_file_path_too(api_for, official_a, settings):
    settings.IMPORT_SYNC_MAX_ROWS = 0  # every file goes to the background job: the row count is read first
    upload = SimpleUploadedFile("enterprises.xlsx", _xlsx_with(BOMB, "&lol3;"))
    response = api_for(official_a).post("/api/v1/enterprises/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "file"


def test_a_plain_xlsx_still_imports(api_for, official_a):
    """The good case beside the bad ones: the same workbook without entities reaches row checking."""
    upload = SimpleUploadedFile("enterprises.xlsx", _xlsx_with("", "", "xl/styles.xml"))
    response = api_for(official_a).post("/api/v1/enterprises/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "errors" in response.json() and response.json()["errors"][0]["row"] == 2  # a row error, not a file error


def _pdf(extra: bytes) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + b" >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


@pytest.mark.parametrize(
    "extra",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/Names << /JavaScript 3 0 R >>",
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/Names << /EmbeddedFiles 4 0 R >>",
        b"/AA << /O << /S /JavaScript /JS (x) >> >>",
        b"/OpenAction << /S /J#61vaScript /JS (x) >>",  # a name written with a hex escape
    ],
    ids=["js-open-action", "js-name-tree", "launch", "embedded-file", "additional-action", "hex-escaped-name"],
)
def test_a_pdf_with_active_content_is_refused(extra):
    with pytest.raises(DomainError) as caught:
        check_evidence(_pdf(extra), name="整改报告.pdf")
    assert caught.value.field == "file" and "整改报告.pdf" in caught.value.message


def test_a_plain_pdf_is_accepted():
    assert check_evidence(_pdf(b""), name="整改报告.pdf")["content_type"] == "application/pdf"


def test_a_generated_report_with_links_and_compressed_streams_is_accepted():
    import weasyprint

    data = weasyprint.HTML(string='<h1>整改报告</h1><p><a href="https://example.org/">附件</a></p>').write_pdf()
    assert b"FlateDecode" in data  # its content streams are compressed and were inflated by the check
    assert check_evidence(data, name="整改报告.pdf")["content_type"] == "application/pdf"


def test_javascript_hidden_in_a_compressed_object_stream_is_refused():
    import zlib

    hidden = zlib.compress(b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")
    data = _pdf(b"").replace(
        b"trailer",
        b"3 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + hidden + b"\nendstream\nendobj\ntrailer",
    )
    with pytest.raises(DomainError):
        check_evidence(data, name="整改报告.pdf")
