"""The summary report drafted from the demo's 2023 campaign holds the article's
figures and counts (issue 20): checked against the article's own text in
shared/seeds (docs/demo.md: the demo is the article as a running system)."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from campaigns.models import Campaign, Indicator, Period
from reports.summary import campaign_summary
from reports.summary_docx import summary_docx
from reports.summary_xlsx import summary_xlsx
from tools.demo import data

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "article.txt"


def article() -> str:
    """The article's text with its non-breaking spaces as plain ones."""
    return ARTICLE.read_text(encoding="utf-8").replace("\xa0", " ")


def draft(**window):
    campaign = Campaign.objects.get(code=data.CAMPAIGN["code"])
    period = Period.objects.get(campaign=campaign, kind="campaign")
    return campaign_summary(campaign=campaign, period=period, **window)


# The article counts the commendations of "9 tháng đầu năm 2023".
NINE_MONTHS = {"awards_from": dt.date(2023, 1, 1), "awards_to": dt.date(2023, 9, 30)}


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_fixture_is_the_seed_article():
    seeds = Path("/work/shared/seeds")
    if seeds.exists():
        assert ARTICLE.read_bytes() == next(seeds.glob("*.txt")).read_bytes()
    assert "Dấu ấn phong trào thi đua đặc biệt" in article()


def test_draft_states_the_articles_status_counts(demo):
    found = re.search(
        r"(\d+)/(\d+) chỉ tiêu vượt, (\d+)/\d+ chỉ tiêu đạt, (\d+)/\d+ chỉ tiêu đảm bảo tiến độ",
        article(),
    )
    exceeded, total, met, on_schedule = (int(g) for g in found.groups())
    text = docx_text(summary_docx(draft(**NINE_MONTHS)))
    assert (
        f"{exceeded:02d}/{total} chỉ tiêu vượt, {met:02d}/{total} chỉ tiêu đạt, "
        f"{on_schedule:02d}/{total} chỉ tiêu đảm bảo tiến độ"
    ) in text
    # What the article leaves out is stated too: the other two are behind.
    assert f"02/{total} chỉ tiêu chưa đạt" in text


@pytest.mark.parametrize(
    "figure",
    ["9.548", "1.120", "6.446", "850", "114", "825", "180", "467", "883", "285"],
)
def test_draft_states_the_articles_figures(demo, figure):
    assert figure in article()
    alone = rf"(?<![\d.,]){re.escape(figure)}(?![\d]|\.\d)"
    assert re.search(alone, docx_text(summary_docx(draft())))


def test_draft_counts_the_commendations_as_the_article(demo):
    found = re.search(
        r"(\d+) tập thể và (\d+) cá nhân được UBND Thành phố khen thưởng; trong đó, "
        r"khen thưởng đột xuất cho (\d+) tập thể, (\d+) cá nhân",
        article(),
    )
    collectives, individuals, ad_hoc_c, ad_hoc_i = found.groups()
    conference = re.search(r"khen thưởng (\d+) tập thể và (\d+) cá nhân\.", article()).groups()
    text = docx_text(summary_docx(draft(**NINE_MONTHS)))
    assert f"đã có {collectives} tập thể và {individuals} cá nhân được" in text
    assert f"khen thưởng đột xuất cho {ad_hoc_c} tập thể, {ad_hoc_i} cá nhân" in text
    assert f"{conference[0]} tập thể và {conference[1]} cá nhân" in text
    assert "Từ ngày 01/01/2023 đến ngày 30/09/2023" in text


def test_draft_names_the_works_with_plaques_as_the_article(demo):
    found = re.search(
        r"(\d+) công trình được gắn biển chào mừng, trong đó có (\d+) công trình cấp tỉnh",
        article(),
    )
    total, province = found.groups()
    text = docx_text(summary_docx(draft()))
    assert f"{total} công trình được công nhận gắn biển chào mừng" in text
    assert f"{province} công trình cấp tỉnh và 03 công trình cấp thành phố" in text
    assert "Đường điện và trạm biến áp ra ngọn Hải đăng Vĩnh Thực" in text


def test_draft_has_theme_launch_contents_blocs_and_rankings(demo):
    text = docx_text(summary_docx(draft()))
    assert "Ngày 26/10/2022" in text
    assert data.CAMPAIGN["theme"] in text
    assert "03 nội dung chính" in text
    for _order, _code, name, _members in data.BLOCS:
        assert name in text
    # Highlights the units wrote in their reports.
    assert "Dân vận khéo" in text
    # The covenants' ranking and the flags proposed.
    assert "đề nghị tặng Cờ thi đua cho" in text
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_every_figure_of_the_draft_is_traced_in_the_xlsx(demo):
    summary = draft(**NINE_MONTHS)
    book = load_workbook(io.BytesIO(summary_xlsx(summary)))
    rows = list(book["Nguồn số liệu"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(summary.figures)
    assert all(row[4] and row[5] for row in rows)  # a source and a reference each
    traced = {(row[1], row[2]) for row in rows}
    assert ("Đơn vị máu thu được", 1120) in traced
    assert ("Chỉ tiêu vượt (trên 20)", 5) in traced
    assert ("Khen thưởng đột xuất: tập thể", 131) in traced
    tally_refs = [row[5] for row in rows if row[1] == "Tổng mức bán lẻ hàng hóa"]
    assert tally_refs and all(ref.startswith("Tally #") for ref in tally_refs)
    decisions = list(book["Quyết định"].iter_rows(min_row=2, values_only=True))
    assert sum(row[4] for row in decisions) == 457
    assert sum(row[5] for row in decisions) == 946


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(demo):
    Indicator.objects.filter(code="YT02").update(name='=HYPERLINK("http://x","máu")')
    book = load_workbook(io.BytesIO(summary_xlsx(draft())))
    cells = [
        c
        for row in book["Nguồn số liệu"].iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
