"""Rectification notices (整改通知书): numbered per year, written in Chinese, printable as HTML and PDF.

A notice is created by the `issue_notice` transition (hazards.apply_transition calls issue()). Its
number comes from one upsert on a per-year counter row, so two supervisors issuing at once get
consecutive numbers and a rolled-back transition gives its number back. The PDF uses reportlab's
built-in CID font STSong-Light: Chinese renders without any font file on the server.
"""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import connection
from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from geo_server.supervision.evidence import evidence_types, required_evidence
from geo_server.supervision.models import Hazard, HazardEvent, RectificationNotice

FONT = "STSong-Light"
DEFAULT_PREFIX = "穗建整"

_NEXT = """
INSERT INTO supervision_noticecounter (year, last) VALUES (%s, 1)
ON CONFLICT (year) DO UPDATE SET last = supervision_noticecounter.last + 1
RETURNING last
"""


def format_number(prefix: str, year: int, sequence: int) -> str:
    """穗建整〔2026〕第0001号: the issuing office's prefix, the year in 〔〕, a four-digit sequence."""
    return f"{prefix}〔{year}〕第{sequence:04d}号"


def next_number(year: int) -> int:
    """The next sequence of `year`. The counter row stays locked until the transaction ends, so
    concurrent issuers queue for it and no number is used twice or skipped on commit."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [year])
        return cursor.fetchone()[0]


def _date_zh(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_text(*, recipient: str, feature_name: str, feature_code: str, problem: str, deadline,
                evidence: tuple[str, ...], issuer: str, issued_on) -> str:
    """The notice's body in Chinese, paragraphs separated by blank lines. Pure."""
    types = evidence_types()
    needed = "、".join(types[name].notice_zh if name in types else name for name in evidence) or "整改情况说明"
    deadline_text = f"于{_date_zh(deadline)}前" if deadline else "立即"
    return "\n\n".join([
        f"{recipient}：",
        f"经检查，你单位负责的{feature_name}（编号 {feature_code}）存在以下隐患：{problem}。",
        f"根据有关规定，现责令你单位{deadline_text}完成整改，并通过本系统回复整改情况，附{needed}。",
        "逾期未整改或整改不到位的，将依法依规处理，并计入信用评价。",
        f"{issuer}\n{_date_zh(issued_on)}",
    ])


def issue(hazard: Hazard, event: HazardEvent, user) -> RectificationNotice:
    """Create the numbered notice for an issue_notice event (inside its transaction)."""
    issued_at = event.at or timezone.now()
    year = timezone.localtime(issued_at).year
    sequence = next_number(year)
    prefix = settings.GEO_SERVER.get("NOTICE_PREFIX", DEFAULT_PREFIX)
    issuer = getattr(user, "organisation", None)
    recipient = hazard.responsible_organisation
    feature = hazard.feature
    text = notice_text(recipient=recipient.name if recipient else "责任单位", feature_name=feature.name,
                       feature_code=feature.code, problem=hazard.message_zh, deadline=hazard.deadline,
                       evidence=required_evidence(hazard.rule_code), issuer=issuer.name if issuer else "监管部门",
                       issued_on=timezone.localdate(issued_at))
    return RectificationNotice.objects.create(
        number=format_number(prefix, year, sequence), year=year, sequence=sequence, hazard=hazard, event=event,
        recipient=recipient, issuer=issuer, issued_by=user if getattr(user, "is_authenticated", False) else None,
        issued_at=issued_at, deadline=hazard.deadline, text_zh=text)


def latest(hazard: Hazard) -> RectificationNotice | None:
    return hazard.notices.select_related("issuer", "recipient").order_by("-issued_at", "-id").first()


def _styles() -> dict:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=TA_CENTER, firstLineIndent=0),
        "number": ParagraphStyle("number", parent=base, alignment=TA_CENTER, firstLineIndent=0),
        "salutation": ParagraphStyle("salutation", parent=base, firstLineIndent=0),
        "body": base,
        "signature": ParagraphStyle("signature", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
    }


def render_pdf(notice: RectificationNotice) -> bytes:
    """An A4 PDF of the notice: title, number, the text; the number is also the PDF's title."""
    styles = _styles()
    paragraphs = notice.text_zh.split("\n\n")
    story = [Paragraph("整改通知书", styles["title"]), Spacer(1, 4 * mm),
             Paragraph(escape(notice.number), styles["number"]), Spacer(1, 10 * mm),
             Paragraph(escape(paragraphs[0]), styles["salutation"])]
    story += [Paragraph(escape(text), styles["body"]) for text in paragraphs[1:-1]]
    story += [Spacer(1, 12 * mm),
              Paragraph(escape(paragraphs[-1]).replace("\n", "<br/>"), styles["signature"])]
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, title=notice.number, author=notice.issuer.name if notice.issuer else "",
                                 subject="整改通知书", leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                                 bottomMargin=35 * mm)
    document.build(story)
    return out.getvalue()
