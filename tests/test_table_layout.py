"""content/table_layout: one column-width rule from a table's content, for every format."""

from __future__ import annotations

import pytest

from kulturdialog.content import blocks as b
from kulturdialog.content import table_layout as tl

LONG = "Ett fortsatt samordnande ansvar för Region Stockholm i samverkan kring idrottsanläggningar"
NEEDS = b.Table(
    caption="Önskemål och behov.",
    columns=(
        b.Column("Tema"),
        b.Column("Önskemål eller behov"),
        b.Column("Nivå", nowrap=True),
        b.Column("Status"),
    ),
    rows=(
        ("Interkommunal samverkan", LONG, "Regional", "I budgetprocessen"),
        ("Kulturlokaler", LONG, "Kommunal", "Pågår"),
    ),
    number=3,
)


def test_no_column_is_narrower_than_its_widest_word_and_the_widths_fill_the_table():
    width = 50.0
    widths = [share * width for share in tl.shares(NEEDS, width)]
    assert sum(widths) == pytest.approx(width)
    for i, words in enumerate(
        (["Interkommunal"], ["idrottsanläggningar"], ["Regional", "Kommunal"], ["budgetprocessen"])
    ):
        assert widths[i] >= max(tl.text_em(w) for w in words) + tl.GUTTER_EM
    assert widths[1] == max(widths)  # the long running text takes the most room
    assert widths[3] >= tl.text_em("I budgetprocessen") + tl.GUTTER_EM  # a short cell: one line


def test_a_number_or_nowrap_cell_counts_whole_and_a_header_by_its_words():
    table = b.Table(
        caption="x",
        columns=(b.Column("Andel digitala möten"), b.Column("Möten", numeric=True)),
        rows=(("ett två tre", "1\u00a0234 567"),),
        number=1,
    )
    text, number = tl.column_widths(table)
    assert text.least_em == pytest.approx(tl.text_em("digitala", bold=True) + tl.GUTTER_EM)
    assert number.least_em == pytest.approx(tl.text_em("1\u00a0234 567") + tl.GUTTER_EM)
    assert number.weight == 0  # a number column takes no more than it needs


def test_a_table_too_wide_to_fit_is_shared_by_its_least_widths():
    wide = b.Table(
        caption="Trångt.",
        columns=tuple(b.Column(f"Kolumn{i}") for i in range(8)),
        rows=(tuple("Bibliotekssamverkansprojektet" for _ in range(8)),),
        number=4,
    )
    assert not tl.fits(wide, 50) and tl.fits(wide, tl.least_width_em(wide))
    assert tl.shares(wide, 50) == pytest.approx([1 / 8] * 8)


def test_dashed_words_are_found_whole():
    found = tl.DASHED_WORD.findall("samordnade IT-tjänster och strategin 2021–2023. kultur- och")
    assert found == ["IT-tjänster", "2021–2023."]


def test_row_lines_follow_the_column_widths():
    lines = tl.row_lines(NEEDS, 50)
    assert lines[0] == lines[1] > 1  # the long text wraps; the short cells do not
    assert tl.row_lines(NEEDS, 200) == [1, 1]


def test_the_room_goes_to_the_column_that_sets_the_rows_height():
    """Column B's cells set three rows' height; A has one long cell (the largest mean length)
    that stays long whatever it gets: B is given the room to set its rows on one line."""
    medium = "ord ord ord ord ord ord ord ord"
    table = b.Table(
        caption="Höjd.",
        columns=(b.Column("A"), b.Column("B")),
        rows=(("ord " * 60, medium), ("kort", medium), ("kort", medium), ("kort", medium)),
        number=6,
    )
    a, b_ = tl.shares(table, 40)
    assert b_ * 40 >= tl.text_em(medium) + tl.GUTTER_EM
    assert tl.row_lines(table, 40)[1:] == [1, 1, 1]
