"""The progress report (工作进展情况) of a campaign, unit and period: its data prefilled from the
hand-counted statistics of `world` (tests/reports/conftest.py, period 2026-06 = 23 May – 22 June),
the phase and the tasks as of the period's end, the sub-units' ranking; the same figures in the
.docx (python-docx), the PDF (pypdf, with an embedded CJK font), the page and the API; officials
only, inside their jurisdiction, and every bad parameter refused with a message naming it."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from campaigns.models import Campaign, Phase, Task, TaskProgress
from core.models import Region
from reports.progress import campaign_name, progress_report_data, report_title
from reports.renderers.docx import render_progress_docx
from reports.renderers.progress_pdf import render_progress_pdf

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "progress"
HEADINGS = ["一、总体进展", "二、所处阶段", "三、重点任务推进情况", "四、下级单位排名", "五、下一步工作"]
# The hand count of tests/reports/test_statistics.py (total row of seed 004's form, 2026-06).
OPENING = (
    "截至2026年6月22日，本统计期（自2026年5月23日起）共检查企业2家（应检查3家，"
    "覆盖率66.7%），发现隐患4项，其中重大隐患1项，已整改2项，整改率50.0%；逾期未整改1项，挂牌督办1项。"
)


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour))


@pytest.fixture
def report_world(world, agency_a):
    """`world` with phases around June and three tasks whose history straddles the period's end."""
    campaign = world["campaign"]
    Phase.objects.create(
        campaign=campaign, order=1, name="部署发动", start=datetime.date(2026, 5, 1), end=datetime.date(2026, 5, 31)
    )
    Phase.objects.create(
        campaign=campaign,
        order=2,
        name="企业自查自纠",
        start=datetime.date(2026, 6, 1),
        end=datetime.date(2026, 7, 31),
        description="企业对照检查表全面自查",
    )
    survey = Task.objects.create(campaign=campaign, order=1, title="摸清企业底数", lead_agency=agency_a)
    TaskProgress.objects.create(task=survey, progress="in_progress", note="已摸排兴宁区", recorded_at=at("2026-06-01"))
    TaskProgress.objects.create(task=survey, progress="done", note="全部完成", recorded_at=at("2026-06-20"))
    TaskProgress.objects.create(task=survey, progress="done", note="补充说明（期后）", recorded_at=at("2026-06-30"))
    Task.objects.create(
        campaign=campaign,
        order=2,
        title="开展执法检查",
        lead_name="市应急管理局执法支队",
        deadline=datetime.date(2026, 6, 10),
        progress="in_progress",
        note="检查进行中",
    )
    later = Task.objects.create(campaign=campaign, order=3, title="组织回头看", lead_name="各县区")
    TaskProgress.objects.create(task=later, progress="in_progress", note="七月启动", recorded_at=at("2026-07-05"))
    return world


def _data(world, period="2026-06", code="450100"):
    return progress_report_data(campaign=world["campaign"], region=Region.objects.get(code=code), period=period)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _params(world, **extra):
    return {"campaign": world["campaign"].pk, "region": "450100", "period": "2026-06", **extra}


def _flat(text: str) -> str:
    return "".join(text.split())


# --- data ---------------------------------------------------------------------------------------


def test_opening_paragraph_carries_the_hand_counted_figures(report_world):
    data = _data(report_world)
    assert data["opening"] == OPENING
    assert data["figures"] == {
        "enterprises_inspected": 2,
        "enterprises_in_scope": 3,
        "coverage_rate": 66.7,
        "general_found": 3,
        "major_found": 1,
        "hazards_found": 4,
        "general_rectified": 2,
        "major_rectified": 0,
        "hazards_rectified": 2,
        "rectification_rate": 50.0,
        "hazards_overdue": 1,
        "listed": 1,
    }
    assert data["title"] == "南宁市冶金工贸安全生产大检查工作进展情况"
    assert data["unit"] == "南宁市应急管理局"
    assert data["date"] == "2026年6月23日"  # the monthly report's due day
    assert data["date_line"] == "统计期：2026年5月23日至2026年6月22日"
    assert list(data["headings"].values()) == HEADINGS


def test_a_rate_without_denominator_reads_as_a_dash(report_world):
    data = _data(report_world, period="2026-02")  # 23 Jan – 22 Feb: nothing found, nothing inspected
    assert data["figures"]["rectification_rate"] is None
    assert "整改率—；" in data["opening"] and "发现隐患0项" in data["opening"]


def test_cumulative_report_says_since_the_start(report_world):
    data = _data(report_world, period="total")
    assert "专项行动开展以来累计" in data["opening"] and "（累计）" in data["date_line"]
    assert data["figures"]["general_found"] == 4  # h6 too (tests/reports/test_statistics.py)


def test_phase_on_the_periods_end_or_not_started_or_ended(report_world):
    phase = _data(report_world)["phase"]
    assert (phase["state"], phase["name"]) == ("current", "企业自查自纠")
    assert (
        "处于企业自查自纠阶段（2026年6月1日至2026年7月31日）" in phase["text"]
        and phase["description"] == "企业对照检查表全面自查"
    )
    assert _data(report_world, period="2026-03")["phase"]["name"] == "未开始"  # ends 22 March
    assert _data(report_world, period="2026-10")["phase"]["name"] == "已结束"  # ends 22 October


def test_tasks_show_their_progress_as_of_the_periods_end(report_world):
    tasks = {t["title"]: t for t in _data(report_world)["tasks"]}
    assert tasks["摸清企业底数"]["lead"] == "南宁市应急管理局"
    assert (tasks["摸清企业底数"]["status_label"], tasks["摸清企业底数"]["note"]) == ("已完成", "全部完成")
    assert tasks["摸清企业底数"]["noted_on"] == "2026-06-20"  # not the note recorded after the period
    assert tasks["开展执法检查"]["status_label"] == "逾期"  # deadline 10 June passed unfinished
    assert tasks["开展执法检查"]["lead"] == "市应急管理局执法支队" and tasks["开展执法检查"]["note"] == "检查进行中"
    assert (tasks["组织回头看"]["status_label"], tasks["组织回头看"]["note"]) == ("未开始", "")  # reported in July


def test_sub_units_ranked_by_coverage_then_rectification(report_world):
    ranking = _data(report_world)["ranking"]
    # 青秀区: 1 of 1 inspected (100 %), 0 of 1 rectified; 兴宁区: 1 of 2 (50 %), 2 of 3 (66.7 %)
    assert [
        (r["rank"], r["name"], r["coverage_text"], r["rectification_text"], r["hazards_found"]) for r in ranking
    ] == [
        (1, "青秀区", "100.0%", "0.0%", 1),
        (2, "兴宁区", "50.0%", "66.7%", 3),
    ]


def test_equal_units_share_a_rank_and_units_without_a_rate_come_last():
    from reports.progress import _ranking

    def row(key, cov, rect):
        return {"key": key, "label": key, "kind": "child", "values": {"coverage_rate": cov, "rectification_rate": rect}}

    form = {"rows": [row("d", None, None), row("c", 50.0, 10.0), row("b", 80.0, 20.0), row("a", 80.0, 20.0)]}
    assert [(r["rank"], r["code"]) for r in _ranking(form)] == [(1, "a"), (1, "b"), (3, "c"), (4, "d")]


def test_title_is_the_notices_subject():
    title = "兴县应急管理局关于深入开展冶金工贸行业安全生产大检查大整治大提升行动的通知"
    assert campaign_name(Campaign(title=title)) == "冶金工贸行业安全生产大检查大整治大提升行动"
    assert report_title(Campaign(title="汕尾市落实企业安全生产主体责任整治工作实施方案")) == (
        "汕尾市落实企业安全生产主体责任整治工作进展情况"
    )


# --- files --------------------------------------------------------------------------------------


def test_docx_opens_with_python_docx_and_holds_the_headings_and_figures(report_world):
    content = render_progress_docx(_data(report_world))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "progress.docx").write_bytes(content)  # looked at via LibreOffice → PDF → pdftoppm
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "南宁市冶金工贸安全生产大检查工作进展情况"
    for heading in HEADINGS:
        assert heading in texts
    assert OPENING in texts
    next_steps = texts.index("五、下一步工作")
    assert texts[next_steps + 1] == ""  # left for the unit to fill in
    tasks, ranking = document.tables
    assert [c.text for c in tasks.rows[0].cells] == ["序号", "任务", "牵头单位", "完成时限", "进展", "最新进展说明"]
    assert [c.text for c in ranking.rows[1].cells] == ["1", "青秀区", "100.0%", "0.0%", "1"]
    assert [c.text for c in ranking.rows[2].cells] == ["2", "兴宁区", "50.0%", "66.7%", "3"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    title_run = document.paragraphs[0].runs[0]
    assert title_run.bold and title_run.font.size.pt == 16
    assert (
        title_run._r.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    )


def _pdf_fonts(pdf: bytes) -> dict[str, bool]:
    """{BaseFont: embedded?} of the fonts the pages use (Type0 fonts through their descendant)."""
    result = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if font.get("/Subtype") == "/Type0" else font
            descriptor = (
                (described.get("/FontDescriptor") or {}).get_object() if described.get("/FontDescriptor") else {}
            )
            result[str(font.get("/BaseFont"))] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return result


def test_pdf_text_holds_the_figures_and_embeds_a_cjk_font(report_world):
    content = render_progress_pdf(_data(report_world))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "progress.pdf").write_bytes(content)  # looked at via pdftoppm
    reader = PdfReader(io.BytesIO(content))
    text = _flat("".join(page.extract_text() for page in reader.pages))
    for expected in [*HEADINGS, "南宁市冶金工贸安全生产大检查工作进展情况", _flat(OPENING), "企业自查自纠", "青秀区"]:
        assert expected in text, expected
    fonts = _pdf_fonts(content)
    assert any("CJK" in name and embedded for name, embedded in fonts.items()), fonts
    assert all(fonts.values()), fonts
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)


# --- pages and API ------------------------------------------------------------------------------


def test_page_previews_the_report_with_links_to_both_files(report_world, official_a):
    client = _client(official_a)
    response = client.get("/reports/progress/", _params(report_world))
    assert response.status_code == 200
    html = response.content.decode()
    assert OPENING in html and "/reports/progress/report.docx?" in html and "/reports/progress/report.pdf?" in html

    word = client.get("/reports/progress/report.docx", _params(report_world))
    assert word.status_code == 200
    assert word["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in word["Content-Disposition"] and ".docx" in word["Content-Disposition"]
    assert OPENING in [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]

    pdf = client.get("/reports/progress/report.pdf", _params(report_world))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    assert client.get("/reports/progress/").status_code == 200  # the choice form, no campaign yet


def test_statistics_page_links_to_the_progress_report_when_a_campaign_is_chosen(report_world, official_a):
    client = _client(official_a)
    html = client.get("/reports/statistics/", _params(report_world, form="seed004")).content.decode()
    assert 'id="stat-progress"' in html and "工作进展情况" in html
    assert 'id="stat-progress"' not in client.get("/reports/statistics/").content.decode()


def test_api_answers_the_data_and_both_files(report_world, official_a, api_for):
    api = api_for(official_a)
    response = api.get("/api/v1/progress-reports/", _params(report_world))
    assert response.status_code == 200
    body = response.json()
    assert body["opening"] == OPENING and body["figures"]["major_found"] == 1
    assert [r["name"] for r in body["ranking"]] == ["青秀区", "兴宁区"]
    word = api.get("/api/v1/progress-reports/docx/", _params(report_world))
    assert word.status_code == 200 and OPENING in [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    pdf = api.get("/api/v1/progress-reports/pdf/", _params(report_world))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


PAGES = ["/reports/progress/", "/reports/progress/report.docx", "/reports/progress/report.pdf"]
APIS = ["/api/v1/progress-reports/", "/api/v1/progress-reports/docx/", "/api/v1/progress-reports/pdf/"]


def test_an_enterprise_user_is_refused(report_world, enterprise_user, api_for):
    client = _client(enterprise_user)
    for url in PAGES:
        assert client.get(url, _params(report_world)).status_code == 403, url
    for url in APIS:
        assert api_for(enterprise_user).get(url, _params(report_world)).status_code == 403, url


def test_another_regions_official_is_refused(report_world, official_b, api_for):
    """柳州's official sees neither 南宁's campaign nor 南宁 as a unit: 400 naming the field, no figure."""
    api = api_for(official_b)
    for region in ("450100", "450200"):
        for url in APIS:
            response = api.get(url, _params(report_world, region=region))
            assert response.status_code in (400, 404), (url, region)
            assert response.json()["field"] == "campaign"
    client = _client(official_b)
    for url in PAGES:
        response = client.get(url, _params(report_world))
        assert response.status_code in (400, 404)
        assert "66.7%" not in response.content.decode()


def test_a_unit_outside_the_jurisdiction_or_the_campaign_is_refused(report_world, official_a, api_for):
    api = api_for(official_a)
    response = api.get("/api/v1/progress-reports/", _params(report_world, region="450200"))  # 柳州
    assert response.status_code == 400 and response.json()["field"] == "region"
    assert "不在您的辖区内" in response.json()["detail"]


def test_bad_period_is_refused_naming_the_period(report_world, official_a, api_for):
    api = api_for(official_a)
    for period in ("2026-13", "June", "2025-06"):  # no month 13, not a period, before the campaign
        for url in APIS:
            response = api.get(url, _params(report_world, period=period))
            assert response.status_code == 400, (url, period)
            assert response.json()["field"] == "period" and "统计期" in response.json()["detail"]
    page = _client(official_a).get("/reports/progress/report.docx", _params(report_world, period="2025-06"))
    assert page.status_code == 400
    html = page.content.decode()
    assert 'data-field="period"' in html and "不在专项行动的期限内" in html


def test_missing_or_unknown_campaign_is_refused_naming_the_campaign(report_world, official_a, api_for):
    api = api_for(official_a)
    for campaign in ("", "999999", "abc"):
        response = api.get("/api/v1/progress-reports/", _params(report_world, campaign=campaign))
        assert response.status_code == 400 and response.json()["field"] == "campaign", campaign
