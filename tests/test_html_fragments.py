"""HTML fragments of blocks: data is shown as text, Markdown is safe, tables and figures are
accessible."""

from __future__ import annotations

import base64

import matplotlib
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from kulturdialog.analysis.builder import Builder, svg
from kulturdialog.content import blocks as b
from kulturdialog.content import prose
from kulturdialog.formats.html import fragment, text


def paragraph(value: str, role: str | None = None) -> str:
    return fragment([Builder.paragraph(value, role)])


def markdown(source: str) -> str:
    return fragment(prose.blocks(source))


def table_html(frame, caption, headers, **kwargs) -> str:
    return fragment([Builder().table(frame, caption, headers, **kwargs)])


def svg_bytes(fig) -> bytes:
    return svg(fig).encode("utf-8")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def small_figure() -> Figure:
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.bar(["Möten", "Deltagare"], [14, 331])
    ax.set_xlabel("Antal")
    return fig


# -- plain text ---------------------------------------------------------------------------------


def test_text_from_the_data_is_shown_literally_never_as_html():
    html = paragraph('<script>alert("x")</script> & <b>fet</b>')
    p = soup(html).p
    assert p.find("script") is None
    assert p.find("b") is None
    assert p.get_text() == '<script>alert("x")</script> & <b>fet</b>'


def test_text_escapes_quotes_so_it_is_safe_in_attributes():
    value = '”Citat” och "citat" & <x>'
    html = f'<img alt="{text(value)}">'
    assert soup(html).img["alt"] == value


def test_paragraph_takes_an_optional_class():
    assert soup(paragraph("Hej", "lead")).p["class"] == ["lead"]
    assert soup(paragraph("Hej")).p.get("class") is None


def test_heading_has_the_anchor_as_id_and_escapes_the_title():
    h = soup(fragment([b.Heading(3, "Kultur & <fritid>", "tema-x")])).h3
    assert h["id"] == "tema-x"
    assert h.get_text() == "Kultur & <fritid>"


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("Återstart och det nya normala", "aterstart-och-det-nya-normala"),
        ("Det fria kulturlivets villkor", "det-fria-kulturlivets-villkor"),
        ("Café – ”öppet”", "cafe-oppet"),
        ("!!!", "avsnitt"),
    ],
)
def test_slug_makes_an_ascii_anchor(title, anchor):
    assert prose.slug(title) == anchor


def test_markdown_headings_keep_their_level_and_get_an_anchor():
    doc = soup(markdown("# Titel\n\n## Del ett\n\n### Åtgärder & mål\n"))
    assert doc.h1.get_text() == "Titel"
    assert doc.h2["id"] == "del-ett"
    assert doc.h3["id"] == "atgarder-mal"


# -- curated Markdown ---------------------------------------------------------------------------


def test_markdown_renders_emphasis_lists_and_paragraphs():
    html = markdown("**Fet** och _kursiv_ – ”citat”\n\n- ett\n- två\n")
    doc = soup(html)
    assert doc.strong.get_text() == "Fet"
    assert doc.em.get_text() == "kursiv"
    assert [li.get_text() for li in doc.find_all("li")] == ["ett", "två"]
    assert "– ”citat”" in doc.p.get_text()


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Text <b onclick='x()'>inline</b> html",
        "<div>\nblock html\n</div>\n",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_markdown_does_not_render_raw_html(source):
    doc = soup(markdown(source))
    assert doc.find(["script", "b", "div", "iframe"]) is None
    assert "<" in doc.get_text()  # shown as text instead


@pytest.mark.parametrize(
    "source",
    [
        "[klicka](javascript:alert(1))",
        "[klicka](JavaScript:alert(1))",
        "<javascript:alert(1)>",
        "[klicka](data:text/html;base64,PHNjcmlwdD4=)",
        "[klicka](file:///etc/passwd)",
        "[klicka](vbscript:msgbox)",
    ],
)
def test_markdown_does_not_make_links_of_unsafe_urls(source):
    doc = soup(markdown(source))
    assert doc.find("a") is None


@pytest.mark.parametrize(
    "source",
    [
        "![](file:///etc/passwd)",
        "![karta](https://example.org/karta.png)",
        '![x](javascript:alert(1) "t")',
    ],
)
def test_markdown_renders_no_images(source):
    doc = soup(markdown(source))
    assert doc.find("img") is None


@pytest.mark.parametrize(
    ("source", "href"),
    [
        (
            "Se [regionen](https://www.regionstockholm.se/kultur).",
            "https://www.regionstockholm.se/kultur",
        ),
        ("[Kultur](http://example.org)", "http://example.org"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("[skriv](mailto:kultur@example.org)", "mailto:kultur@example.org"),
    ],
)
def test_markdown_keeps_http_and_mail_links(source, href):
    a = soup(markdown(source)).find("a")
    assert a is not None
    assert a["href"] == href


# -- tables -------------------------------------------------------------------------------------

FRAME = pd.DataFrame(
    {
        "group": ["Det fria <kulturlivet>", "Civilsamhälle & förening"],
        "meetings": [1234, 5],
        "note": ["”a”", "<i>b</i>"],
    }
)


def test_table_has_a_caption_column_headers_with_scope_and_row_headers():
    html = table_html(FRAME, "Möten", {"group": "Grupp", "meetings": "Möten", "note": "Not"})
    table = soup(html).table
    assert table.caption.get_text() == "Tabell 1. Möten"
    assert table.caption.find("span", class_="label").get_text() == "Tabell 1."
    head = table.thead.find_all("th")
    assert [th.get_text() for th in head] == ["Grupp", "Möten", "Not"]
    assert all(th["scope"] == "col" for th in head)
    body = table.tbody.find_all("tr")
    assert len(body) == 2
    for tr in body:
        cells = tr.find_all(["th", "td"])
        assert cells[0].name == "th" and cells[0]["scope"] == "row"
        assert [c.name for c in cells[1:]] == ["td", "td"]


def test_table_escapes_values_and_headers():
    html = table_html(FRAME, "x", {"group": "<Grupp>", "note": "Not"})
    table = soup(html).table
    assert table.find("i") is None
    assert table.thead.th.get_text() == "<Grupp>"
    first_cells = [tr.th.get_text() for tr in table.tbody.find_all("tr")]
    assert first_cells == ["Det fria <kulturlivet>", "Civilsamhälle & förening"]
    assert table.tbody.find_all("tr")[1].td.get_text() == "<i>b</i>"


def test_table_shows_only_the_columns_named_in_headers_in_their_order():
    html = table_html(FRAME, "x", {"meetings": "Möten", "group": "Grupp"})
    rows = [
        [c.get_text() for c in tr.find_all(["th", "td"])] for tr in soup(html).tbody.find_all("tr")
    ]
    assert rows == [["1234", "Det fria <kulturlivet>"], ["5", "Civilsamhälle & förening"]]


def test_table_formats_values_marks_numeric_columns_and_adds_a_footer():
    html = table_html(
        FRAME,
        "x",
        {"group": "Grupp", "meetings": "Möten"},
        formats={"meetings": lambda v: f"{v:,}".replace(",", "\u00a0")},
        numeric=("meetings",),
        footer={"group": "Totalt", "meetings": "1 239"},
        css="needs",
    )
    table = soup(html).table
    assert table["class"] == ["needs"]
    assert table.tbody.tr.td.get_text() == "1\u00a0234"
    assert table.tbody.tr.td["class"] == ["num"]
    assert table.thead.find_all("th")[1]["class"] == ["num"]
    foot = table.tfoot.tr
    assert foot.th["scope"] == "row" and foot.th.get_text() == "Totalt"
    assert foot.td.get_text() == "1 239"


# -- figures ------------------------------------------------------------------------------------


def test_figure_is_an_img_with_an_svg_data_uri_alt_text_and_caption():
    fig = Builder().figure(small_figure(), "Möten och deltagare.", 'Stapeldiagram: "möten" 14 <x>')
    html = fragment([fig])
    figure = soup(html).figure
    img = figure.img
    assert img["alt"] == 'Stapeldiagram: "möten" 14 <x>'
    prefix = "data:image/svg+xml;base64,"
    assert img["src"].startswith(prefix)
    svg = base64.b64decode(img["src"][len(prefix) :])
    assert svg.lstrip().startswith(b"<?xml")
    assert b"<svg" in svg
    assert figure.figcaption.get_text() == "Figur 1. Möten och deltagare."


def test_svg_of_a_report_chart_is_byte_for_byte_identical_each_time():
    from kulturdialog.analysis import charts

    by_group = pd.DataFrame(
        {"party_group": ["Det fria kulturlivet", "Regionala aktörer"], "meetings": [4, 2]}
    )
    first, second = charts.meetings_chart(by_group), charts.meetings_chart(by_group)
    assert svg_bytes(first) == svg_bytes(second)
    assert svg_bytes(first) == svg_bytes(first)


def test_svg_is_deterministic_on_its_own_without_the_charts_theme():
    with matplotlib.rc_context({"svg.hashsalt": None}):
        assert svg_bytes(small_figure()) == svg_bytes(small_figure())


def test_svg_carries_no_creation_date():
    assert b"<dc:date>" not in svg_bytes(small_figure())
