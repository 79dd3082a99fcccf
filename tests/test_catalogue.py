"""catalogue: one file of words per language, sv.yaml and en.yaml, kept in parity."""

from __future__ import annotations

import pytest

from kulturdialog.lang import catalogue
from kulturdialog.lang.i18n import ENGLISH, SWEDISH
from kulturdialog.lang.labels import CODE_LABELS

SV, EN = catalogue.load("sv"), catalogue.load("en")
NOT_MESSAGES = ("language", "labels")  # numbers in words, code labels: tested on their own


def messages(cat) -> dict[tuple[str, str], object]:
    """Every message, by (section, key); the sections of words and labels left out."""
    return {
        (section, key): value
        for section, keys in cat.items()
        if section not in NOT_MESSAGES
        for key, value in keys.items()
    }


def test_both_catalogues_have_the_same_sections_and_keys_in_the_same_order():
    assert list(SV) == list(EN)
    for section in SV:
        assert list(SV[section]) == list(EN[section]), section


@pytest.mark.parametrize("where", sorted(messages(SV)), ids=".".join)
def test_each_message_has_the_same_placeholders_and_plural_forms_in_both(where):
    section, key = where
    sv, en = SV[section][key], EN[section][key]
    assert isinstance(sv, str) == isinstance(en, str), "plural forms in one language only"
    if isinstance(sv, str):
        assert catalogue.placeholders(sv) == catalogue.placeholders(en)
        return
    assert set(sv) == catalogue.plural_categories("sv"), "sv plural forms"
    assert set(en) == catalogue.plural_categories("en"), "en plural forms"
    for form in sv:
        assert catalogue.placeholders(sv[form]) == catalogue.placeholders(en[form]), form


def test_every_message_is_text_and_none_is_empty_but_swedish_untranslated():
    for (section, key), value in [*messages(SV).items(), *messages(EN).items()]:
        forms = [value] if isinstance(value, str) else list(value.values())
        assert all(isinstance(f, str) for f in forms), (section, key)
    empty = {k for k, v in messages(SV).items() if v == ""}
    assert empty == {("report", "untranslated")}  # a Swedish report needs no such note


def test_small_numbers_in_words_cover_the_same_numbers():
    assert (
        list(SV["language"])
        == list(EN["language"])
        == ["numbers_in_words", "neuter", "proper_names"]
    )
    assert len(SV["language"]["numbers_in_words"]) == len(EN["language"]["numbers_in_words"])
    assert SWEDISH.count(1, neuter=True) == "ett" and ENGLISH.count(1, neuter=True) == "one"


def test_code_labels_come_from_the_catalogues_in_the_contracts_order():
    names = ["formats", "kinds", "kinds_lower", "levels", "statuses", "areas", "subregions"]
    assert list(SV["labels"]) == list(EN["labels"]) == names
    for name in names:
        sv, en = getattr(CODE_LABELS["sv"], name), getattr(CODE_LABELS["en"], name)
        assert list(sv) == list(en) == list(SV["labels"][name]), name
        assert all(en.values()) and all(sv.values()), name
    assert list(CODE_LABELS["sv"].statuses) == ["budget_process", "in_progress", "done", "noted"]


@pytest.mark.parametrize(("n", "form"), [(0, "other"), (1, "one"), (2, "other"), (21, "other")])
def test_plural_forms_follow_the_languages_rules(n, form):
    assert catalogue.plural_form("sv", n) == catalogue.plural_form("en", n) == form
    assert SWEDISH.say("narrative", "meeting", n) == {"one": "möte", "other": "möten"}[form]
    assert ENGLISH.say("narrative", "meeting", n) == {"one": "meeting", "other": "meetings"}[form]


def test_a_plural_message_needs_its_number_and_c_capitalises():
    with pytest.raises(TypeError, match="narrative.meeting has plural forms"):
        SWEDISH.say("narrative", "meeting")
    text = SWEDISH.say("compare", "absent", 2, n="två", before=2021, when="i år", groups="x")
    assert text == "Två partsgrupper som möttes 2021 möttes inte i år: x."


def test_the_catalogue_is_read_once_and_cannot_be_changed():
    assert catalogue.load("sv") is SV
    with pytest.raises(TypeError):
        SV["report"]["contents"] = "x"  # type: ignore[index]
