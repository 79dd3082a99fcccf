"""What a year is compared with, when the years are not all alike.

The dialogues change shape over time: a year may have no dialogues (no folder under data/, or a
folder without meetings), party groups come and go, the structure changes. A year is compared
with the latest earlier year that has data, named when it is not the calendar year before; years
between them are years without dialogues, shown as such in every table and chart over the years;
per-group comparisons take only the party groups that met in both years, and totals say when
they do not compare like with like. The sentences are the catalogue's `compare` section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kulturdialog.data.load import NO_DIALOGUES, YearData, available_years, load_year
from kulturdialog.errors import DataError
from kulturdialog.lang import fmt
from kulturdialog.lang.i18n import SWEDISH, Language


def _say(lang: Language, key: str, of: int | None = None, **values) -> str:
    """The catalogue's phrase `compare`.`key` in `lang`; plural forms are chosen by `of`."""
    return lang.say("compare", key, of, **values)


def _noun(lang: Language, key: str, n: int) -> str:
    return _say(lang, key, of=n)


# -- which years have dialogues ----------------------------------------------------------------


def without_dialogues(err: DataError) -> bool:
    """The year's only problem is that it has no meetings (none at all, or none entered yet)."""
    return bool(err.problems) and all(p.expected.startswith(NO_DIALOGUES) for p in err.problems)


def load_earlier(
    year: int, root: Path | None = None, data_dir: str = "data", first_year: int = 0
) -> list[YearData]:
    """The years before `year` (from `first_year`) that have dialogues, oldest first.

    A folder without meetings is a year without dialogues, left out; any other problem in an
    earlier year is a DataError, as for the year itself.
    """
    out = []
    for y in available_years(root, data_dir):
        if first_year <= y < year:
            try:
                out.append(load_year(y, root, data_dir))
            except DataError as err:
                if not without_dialogues(err):
                    raise
    return out


def missing_years(held: Iterable[int]) -> list[int]:
    """The years between the first and the last of `held` that are not in it."""
    held = sorted(set(held))
    if not held:
        return []
    return [y for y in range(held[0], held[-1] + 1) if y not in held]


def latest_before(year: int, earlier: Iterable[YearData]) -> YearData | None:
    """The latest year before `year` with data, or None."""
    before = [d for d in earlier if d.year < year]
    return max(before, key=lambda d: d.year) if before else None


def every_year(frame: pd.DataFrame, column: str = "year") -> pd.DataFrame:
    """`frame` (one row per year with data) with a row for each missing year between, in order.

    A missing year's other columns are empty (NA); counts stay whole numbers (Int64).
    """
    if frame.empty:
        return frame
    years = range(int(frame[column].min()), int(frame[column].max()) + 1)
    out = frame.set_index(column).reindex(years)
    out.index.name = column
    return out.reset_index()


def held(frame: pd.DataFrame, column: str = "meetings") -> pd.DataFrame:
    """Only the rows of years with data (`column` not empty), numbers as plain Python values."""
    out = frame[frame[column].notna()].reset_index(drop=True)
    return out.astype({c: int for c in out.columns if str(out[c].dtype) == "Int64"})


# -- the words --------------------------------------------------------------------------------


def before_label(year: int, before: int, lang: Language = SWEDISH) -> str:
    """`2021`, or `2021, det senaste året med dialoger` when it is not the calendar year before."""
    return str(before) if before == year - 1 else _say(lang, "latest", year=before)


def municipality_meetings(
    name: str, year: int, now: int, then: int, before: str, lang: Language = SWEDISH
) -> str:
    """The meetings a municipality took part in, against `before` (a `before_label`). When it
    took part in none this year (the profile says so already) only the earlier year's count is
    given, or that it took part in none then either: never "0 meetings, against 0"."""
    if now == 0:
        key = "municipality_none_either" if then == 0 else "municipality_only_before"
        return _say(
            lang, key, name=name, before=before, n0=then, noun0=_noun(lang, "meeting", then)
        )
    return _say(
        lang,
        "municipality_meetings",
        name=name,
        year=year,
        n=now,
        noun=_noun(lang, "meeting", now),
        n0=then,
        before=before,
    )


def no_dialogues(years: Iterable[int], lang: Language = SWEDISH) -> str:
    """`Inga dialoger hölls 2022.` ('' when every year had dialogues)."""
    years = sorted(years)
    if not years:
        return ""
    return _say(lang, "no_dialogues", years=lang.join([str(y) for y in years]))


def no_dialogues_short(lang: Language = SWEDISH) -> str:
    """`inga dialoger`: the mark of a year without dialogues on a chart."""
    return _say(lang, "no_dialogues_short")


def party_groups(meetings: pd.DataFrame, reference: pd.DataFrame) -> list[str]:
    """The party groups that met, in the reference table's order."""
    present = set(meetings["party_group"])
    return [c for c in reference.index if c in present]


@dataclass(frozen=True)
class GroupChange:
    """The party groups of two years (or of one municipality's meetings in two years)."""

    now: pd.DataFrame  # meetings
    then: pd.DataFrame  # meetings of the year compared with
    reference: pd.DataFrame  # party_groups.csv, indexed by code

    @property
    def groups_now(self) -> list[str]:
        return party_groups(self.now, self.reference)

    @property
    def groups_then(self) -> list[str]:
        return party_groups(self.then, self.reference)

    @property
    def new(self) -> list[str]:
        return [g for g in self.groups_now if g not in self.groups_then]

    @property
    def absent(self) -> list[str]:
        return [g for g in self.groups_then if g not in self.groups_now]

    @property
    def common(self) -> list[str]:
        return [g for g in self.groups_now if g in self.groups_then]

    @property
    def like_for_like(self) -> bool:
        return not self.new and not self.absent

    def per_group(self) -> pd.DataFrame:
        """Meetings and participants of the groups that met in both: code, meetings, meetings0…"""
        rows = []
        for g in self.common:
            a, b = self.now[self.now["party_group"] == g], self.then[self.then["party_group"] == g]
            rows.append(
                {
                    "code": g,
                    "meetings": len(a),
                    "participants": int(a["participants"].sum()),
                    "meetings0": len(b),
                    "participants0": int(b["participants"].sum()),
                }
            )
        columns = ["code", "meetings", "participants", "meetings0", "participants0"]
        return pd.DataFrame(rows, columns=columns)

    def _names(self, codes: list[str], lang: Language) -> str:
        return lang.join([fmt.lower_first(self.reference.at[c, lang.label_column]) for c in codes])

    def sentences(self, before: int, lang: Language = SWEDISH, year: int | None = None) -> str:
        """New groups, groups that did not meet, and the like-for-like totals ('' if alike).

        `before` is the year compared with; `year` given: "år 2023" instead of "i år".
        """
        if self.like_for_like:
            return ""
        when = _say(lang, "in_year", year=year) if year else _say(lang, "this_year")
        out = [
            _say(
                lang,
                key,
                of=len(groups),
                when=when,
                n=lang.count(len(groups)),
                before=before,
                groups=self._names(groups, lang),
            )
            for key, groups in (("new", self.new), ("absent", self.absent))
            if groups
        ]
        common = self.per_group()
        if common.empty:
            out.append(_say(lang, "none_common"))
        else:
            m, p = int(common["meetings"].sum()), int(common["participants"].sum())
            m0, p0 = int(common["meetings0"].sum()), int(common["participants0"].sum())
            out.append(
                _say(
                    lang,
                    "not_like",
                    of=len(common),
                    n=lang.count(len(common)),
                    meetings=lang.number(m),
                    meeting_noun=_noun(lang, "meeting", m),
                    participants=lang.number(p),
                    participant_noun=_noun(lang, "participant", p),
                    meetings0=lang.number(m0),
                    meeting_noun0=_noun(lang, "meeting", m0),
                    participants0=lang.number(p0),
                    participant_noun0=_noun(lang, "participant", p0),
                    before=before,
                )
            )
        return " ".join(out)

    def per_group_sentence(self, before: str, lang: Language = SWEDISH) -> str:
        """Meetings per party group against the year compared with, only groups met in both."""
        common = self.per_group()
        if common.empty:
            return ""
        items = [
            _say(
                lang,
                "per_group_item",
                group=fmt.lower_first(self.reference.at[r.code, lang.label_column]),
                n=lang.number(r.meetings),
                meeting_noun=_noun(lang, "meeting", r.meetings),
                n0=lang.number(r.meetings0),
            )
            for r in common.itertuples()
        ]
        key = "per_group" if self.like_for_like else "per_group_only"
        return _say(lang, key, before=before, items="; ".join(items))
