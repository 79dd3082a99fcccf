"""The municipality profile's comparison with an earlier year: never "0 meetings, against 0"
after the profile has said the municipality took part in none."""

from __future__ import annotations

import pytest

from kulturdialog.analysis.comparison import municipality_meetings
from kulturdialog.lang.i18n import language

CASES = {  # (meetings now, then) → Swedish, English
    (3, 2): (
        "2021 var Nacka med i 3 möten, mot 2 år 2020.",
        "Nacka took part in 3 meetings in 2021, against 2 in 2020.",
    ),
    (1, 0): (
        "2021 var Nacka med i 1 möte, mot 0 år 2020.",
        "Nacka took part in 1 meeting in 2021, against 0 in 2020.",
    ),
    (0, 2): ("Nacka var med i 2 möten år 2020.", "Nacka took part in 2 meetings in 2020."),
    (0, 1): ("Nacka var med i 1 möte år 2020.", "Nacka took part in 1 meeting in 2020."),
    (0, 0): (
        "Nacka var inte heller med i något möte år 2020.",
        "Nor did Nacka take part in any meeting in 2020.",
    ),
}


@pytest.mark.parametrize(("now", "then"), list(CASES))
@pytest.mark.parametrize("code", ["sv", "en"])
def test_the_comparison_says_what_there_is_to_compare(now, then, code):
    expected = CASES[now, then][code == "en"]
    assert municipality_meetings("Nacka", 2021, now, then, "2020", language(code)) == expected
