"""Documents for the attachment tests and the demo, built with the libraries (own Chinese text).

PDFs are drawn with reportlab's built-in CID font STSong-Light (no font file
needed); pypdf reads their text back through the font's UniGB-UCS2 encoding.
"""

from __future__ import annotations

import io
import zipfile

LAW_LINES = [
    "某某省人民代表大会常务委员会关于代表建议办理工作的规定",
    "第一条 为了规范代表建议的办理工作，根据有关法律，结合本省实际，制定本规定。",
    "第二条 承办单位应当在三个月内答复代表，并将答复抄送常务委员会选举任免联络工作委员会。",
]
POINTER_LINES = [
    "某某市养犬管理条例",
    "第一条 为了加强养犬管理，维护市容环境卫生和社会公共秩序，制定本条例。",
    "第二条 重点管理区内个人饲养犬只，应当办理养犬登记并定期为犬只接种狂犬病疫苗。",
]
DOCX_LINES = ["关于审议意见研究处理情况的说明", "常务委员会组成人员提出的审议意见已交由政府研究处理，逐条形成答复。"]
XLSX_ROWS = [["姓名", "职务"], ["张伟", "常务委员会委员"], ["李娜", "财政经济委员会副主任委员"]]


def pdf(lines: list[str], password: str | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=True)  # no timestamp or random id: the same text, the same bytes
    c.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        c.drawString(50, 780 - 20 * i, line)
    c.showPage()
    c.save()
    if password is None:
        return out.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    writer.encrypt(user_password=password, algorithm="AES-128")
    locked = io.BytesIO()
    writer.write(locked)
    return locked.getvalue()


def scanned_pdf() -> bytes:
    """A page with a picture and no text layer, as a scan gives."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=True)  # no timestamp or random id: the same text, the same bytes
    for i in range(20):
        c.rect(60, 60 + 30 * i, 400, 12, fill=1)
    c.showPage()
    c.save()
    return out.getvalue()


def docx(lines: list[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ofd() -> bytes:
    """The container of an OFD document (GB/T 33190): a ZIP with OFD.xml at its root."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>'
        )
        z.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return out.getvalue()
