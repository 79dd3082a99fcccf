"""tables: the report's figures, checked against counts made here from the raw CSV files.

Expected values are computed with the csv module straight from data/, never by calling the
function under test, so a bug in the package cannot agree with itself.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from kulturdialog.analysis import tables
from kulturdialog.data.load import load_year

KINDS = ["effect", "concern", "adaptation", "request", "opportunity"]
STATUSES = ["budget_process", "in_progress", "done", "noted"]
AREAS = ["sports_facilities", "arts_school", "libraries"]


def rows(root: Path, year: int | str, name: str) -> list[dict[str, str]]:
    with (root / "data" / str(year) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def labels(root: Path, name: str, column: str = "label_sv") -> dict[str, str]:
    return {r["code"]: r[column] for r in rows(root, "reference", name)}


def codes(root: Path, name: str) -> list[str]:
    return [r["code"] for r in rows(root, "reference", name)]


# -- a tiny hand-made year ----------------------------------------------------------------------

TINY = {
    "meetings": """meeting_id,date,party_group,format,participants,municipalities,title
m1,2021-03-01,civil_society,digital,10,0114;0180,
m2,2021-01-15,municipal_managers,in_person,1200,0180,
m3,2021-06-01,civil_society,hybrid,5,,
""",
    "observations": """meeting_id,theme,kind,text
m1,artist_policy,request,a1
m2,artist_policy,request,a2
m3,artist_policy,effect,a3
m1,restart,concern,r1
m2,restart,request,r2
m1,restart,effect,r3
m1,library_cooperation,concern,l1
m3,library_cooperation,opportunity,l2
m1,intermunicipal_cooperation,effect,i1
m2,intermunicipal_cooperation,concern,i2
m2,pandemic_effects,effect,p1
""",
    "needs": """need_id,theme,text,raised_by,level,status
N2,restart,Behov två,civil_society;municipal_managers,regional,done
N1,restart,Behov ett,civil_society,municipal,noted
N0,artist_policy,Behov noll,civil_society,regional,done
""",
    "cooperation": """municipality,area,cooperates,barriers
0114,libraries,true,
0180,libraries,false,knowledge;economy
0180,arts_school,false,economy
0186,sports_facilities,true,politics
0186,arts_school,false,economy;demand
""",
}


@pytest.fixture
def tiny(tmp_path, repo_root):
    """A year of three meetings, written by hand, loaded through the real loader."""
    data = tmp_path / "data"
    (data / "2021").mkdir(parents=True)
    (data / "reference").mkdir()
    for path in (repo_root / "data" / "reference").glob("*.csv"):
        (data / "reference" / path.name).write_bytes(path.read_bytes())
    (data / "2021" / "year.yaml").write_text("year: 2021\n", encoding="utf-8")
    for name, text in TINY.items():
        (data / "2021" / f"{name}.csv").write_text(text, encoding="utf-8")
    return load_year(2021, tmp_path)


def test_key_figures_of_the_tiny_year(tiny):
    assert tables.key_figures(tiny) == {
        "meetings": 3,
        "participants": 1215,
        "party_groups": 2,
        "municipalities": 2,
        "digital_share": pytest.approx(1 / 3),
    }


def test_meetings_by_party_group_of_the_tiny_year_follow_the_reference_order(tiny):
    frame = tables.meetings_by_party_group(tiny)
    assert list(frame.columns) == [
        "code",
        "party_group",
        "meetings",
        "participants",
        "digital",
        "hybrid",
        "in_person",
    ]
    assert frame.values.tolist() == [
        ["municipal_managers", "Kommunala kultur- och fritidschefer", 1, 1200, 0, 0, 1],
        ["civil_society", "Civilsamhälle och föreningsliv", 2, 15, 1, 1, 0],
    ]


def test_theme_summary_orders_by_meetings_then_observations_then_label(tiny):
    frame = tables.theme_summary(tiny)
    assert frame[["code", "meetings", "observations"]].values.tolist() == [
        ["artist_policy", 3, 3],
        ["restart", 2, 3],
        # a tie on both counts: by label (Bibliotekssamverkan < Interkommunal samverkan),
        # not by code or by reference order, which both put intermunicipal first
        ["library_cooperation", 2, 2],
        ["intermunicipal_cooperation", 2, 2],
        ["pandemic_effects", 1, 1],
    ]
    assert frame["theme"].tolist()[:2] == ["Konstnärspolitik", "Återstart och det nya normala"]


def test_theme_summary_lists_party_groups_in_reference_order_and_kinds_in_contract_order(tiny):
    row = tables.theme_summary(tiny).set_index("code").loc["restart"]
    assert row["party_groups"] == ["municipal_managers", "civil_society"]
    assert row["kinds"] == {"effect": 1, "concern": 1, "request": 1}
    assert list(row["kinds"]) == ["effect", "concern", "request"]


def test_themes_never_raised_are_left_out(tiny):
    assert "cultural_venues" not in set(tables.theme_summary(tiny)["code"])


def test_observations_for_theme_groups_by_kind_with_the_party_group_label(tiny):
    groups = tables.observations_for_theme(tiny, "artist_policy")
    assert list(groups) == ["effect", "request"]
    assert groups["request"]["text"].tolist() == ["a1", "a2"]
    assert groups["request"]["party_group_label"].tolist() == [
        "Civilsamhälle och föreningsliv",
        "Kommunala kultur- och fritidschefer",
    ]
    assert tables.observations_for_theme(tiny, "cultural_venues") == {}


def test_cooperation_by_area_of_the_tiny_year(tiny):
    frame = tables.cooperation_by_area(tiny)
    assert frame[["area", "cooperating", "not_cooperating", "label"]].values.tolist() == [
        ["sports_facilities", 1, 0, "Idrottsanläggningar"],
        ["arts_school", 0, 2, "Kulturskola"],
        ["libraries", 1, 1, "Bibliotek"],
    ]


def test_cooperation_matrix_has_all_26_municipalities_and_none_where_nothing_is_recorded(
    tiny, repo_root
):
    frame = tables.cooperation_matrix(tiny).set_index("code")
    assert list(frame.index) == codes(repo_root, "municipalities")
    assert len(frame) == 26
    assert frame.at["0180", "municipality"] == "Stockholm"
    assert frame.at["0114", "libraries"] == True  # noqa: E712 (numpy bool)
    assert frame.at["0180", "libraries"] == False  # noqa: E712
    assert frame.at["0180", "sports_facilities"] is None
    assert frame.at["0115", "arts_school"] is None
    recorded = frame[AREAS].notna().sum().sum()
    assert recorded == 5


def test_barrier_ranking_counts_only_municipalities_that_do_not_cooperate(tiny):
    frame = tables.barrier_ranking(tiny)
    assert frame.values.tolist() == [
        ["economy", "Ekonomiska aspekter och skilda deltagaravgifter", 3],
        # a tie: by label, Avsaknad … before Otillräcklig …
        ["demand", "Avsaknad av efterfrågan från medborgare", 1],
        ["knowledge", "Otillräcklig kunskap", 1],
    ]  # 'politics' was named by a cooperating municipality only


def test_needs_table_is_ordered_by_theme_in_reference_order_then_need_id(tiny):
    frame = tables.needs_table(tiny)
    assert frame.values.tolist() == [
        [
            "N0",
            "Konstnärspolitik",
            "Behov noll",
            "Civilsamhälle och föreningsliv",
            "Regional",
            "Genomfört",
        ],
        [
            "N1",
            "Återstart och det nya normala",
            "Behov ett",
            "Civilsamhälle och föreningsliv",
            "Kommunal",
            "Noterat",
        ],
        [
            "N2",
            "Återstart och det nya normala",
            "Behov två",
            "Civilsamhälle och föreningsliv, kommunala kultur- och fritidschefer",  # lower case
            "Regional",
            "Genomfört",
        ],
    ]


def test_needs_by_status_counts_in_contract_order_leaving_out_statuses_not_used(tiny):
    frame = tables.needs_by_status(tiny)
    assert frame.values.tolist() == [["done", 2, "Genomfört"], ["noted", 1, "Noterat"]]


# -- the 2021 sample against its raw files ------------------------------------------------------


def test_key_figures_of_2021(year_2021, repo_root):
    meetings = rows(repo_root, 2021, "meetings")
    municipalities = {c for m in meetings for c in m["municipalities"].split(";") if c}
    figures = tables.key_figures(year_2021)
    assert figures["meetings"] == len(meetings)
    assert figures["participants"] == sum(int(m["participants"]) for m in meetings)
    assert figures["party_groups"] == len({m["party_group"] for m in meetings})
    assert figures["municipalities"] == len(municipalities)
    digital = sum(m["format"] == "digital" for m in meetings)
    assert figures["digital_share"] == pytest.approx(digital / len(meetings))


def test_meetings_by_party_group_of_2021(year_2021, repo_root):
    meetings = rows(repo_root, 2021, "meetings")
    names = labels(repo_root, "party_groups")
    expected = []
    for code in codes(repo_root, "party_groups"):
        mine = [m for m in meetings if m["party_group"] == code]
        if mine:
            formats = Counter(m["format"] for m in mine)
            participants = sum(int(m["participants"]) for m in mine)
            expected.append(
                [
                    code,
                    names[code],
                    len(mine),
                    participants,
                    formats["digital"],
                    formats["hybrid"],
                    formats["in_person"],
                ]
            )
    assert tables.meetings_by_party_group(year_2021).values.tolist() == expected


def test_theme_summary_of_2021(year_2021, repo_root):
    observations = rows(repo_root, 2021, "observations")
    names = labels(repo_root, "themes")
    met, seen = defaultdict(set), Counter()
    for o in observations:
        met[o["theme"]].add(o["meeting_id"])
        seen[o["theme"]] += 1
    expected = sorted(
        ([c, names[c], len(met[c]), seen[c]] for c in met), key=lambda r: (-r[2], -r[3], r[1])
    )
    frame = tables.theme_summary(year_2021)
    assert frame[["code", "theme", "meetings", "observations"]].values.tolist() == expected


def test_observations_for_theme_of_2021(year_2021, repo_root):
    observations = [o for o in rows(repo_root, 2021, "observations") if o["theme"] == "restart"]
    groups = tables.observations_for_theme(year_2021, "restart")
    assert list(groups) == [k for k in KINDS if any(o["kind"] == k for o in observations)]
    for kind, frame in groups.items():
        assert frame["text"].tolist() == [o["text"] for o in observations if o["kind"] == kind]


def test_cooperation_by_area_of_2021(year_2021, repo_root):
    cooperation = rows(repo_root, 2021, "cooperation")
    frame = tables.cooperation_by_area(year_2021)
    assert frame[["area", "cooperating", "not_cooperating"]].values.tolist() == [
        [
            a,
            sum(r["area"] == a and r["cooperates"] == "true" for r in cooperation),
            sum(r["area"] == a and r["cooperates"] == "false" for r in cooperation),
        ]
        for a in AREAS
    ]


def test_cooperation_matrix_of_2021(year_2021, repo_root):
    cooperation = {
        (r["municipality"], r["area"]): r["cooperates"] == "true"
        for r in rows(repo_root, 2021, "cooperation")
    }
    frame = tables.cooperation_matrix(year_2021)
    assert len(frame) == 26
    assert frame["municipality"].tolist() == list(
        labels(repo_root, "municipalities", "name").values()
    )
    for record in frame.to_dict("records"):
        for area in AREAS:
            assert record[area] == cooperation.get((record["code"], area)), (record["code"], area)


def test_barrier_ranking_of_2021(year_2021, repo_root):
    names = labels(repo_root, "barriers")
    mentions = Counter(
        b
        for r in rows(repo_root, 2021, "cooperation")
        if r["cooperates"] == "false"
        for b in r["barriers"].split(";")
        if b
    )
    expected = sorted(([c, names[c], n] for c, n in mentions.items()), key=lambda r: (-r[2], r[1]))
    assert tables.barrier_ranking(year_2021).values.tolist() == expected


def test_needs_table_and_needs_by_status_of_2021(year_2021, repo_root):
    needs = rows(repo_root, 2021, "needs")
    order = {c: i for i, c in enumerate(codes(repo_root, "themes"))}
    expected_ids = [
        n["need_id"] for n in sorted(needs, key=lambda n: (order[n["theme"]], n["need_id"]))
    ]
    assert tables.needs_table(year_2021)["need_id"].tolist() == expected_ids
    statuses = Counter(n["status"] for n in needs)
    assert tables.needs_by_status(year_2021)[["status", "needs"]].values.tolist() == [
        [s, statuses[s]] for s in STATUSES if statuses[s]
    ]


# -- over the years -----------------------------------------------------------------------------


def test_participation_over_years_is_oldest_first_whatever_the_order_given(years, repo_root):
    frame = tables.participation_over_years(list(reversed(years)))
    assert frame["year"].tolist() == [2019, 2020, 2021]
    for record in frame.to_dict("records"):
        meetings = rows(repo_root, record["year"], "meetings")
        assert record["meetings"] == len(meetings)
        assert record["participants"] == sum(int(m["participants"]) for m in meetings)


def test_theme_shares_over_years_are_the_share_of_meetings_raising_each_theme(years, repo_root):
    names = labels(repo_root, "themes")
    expected = {}
    for year in (2019, 2020, 2021):
        n_meetings = len(rows(repo_root, year, "meetings"))
        met = defaultdict(set)
        for o in rows(repo_root, year, "observations"):
            met[o["theme"]].add(o["meeting_id"])
        for code, ids in met.items():
            expected.setdefault(names[code], {})[year] = len(ids) / n_meetings
    frame = tables.theme_shares_over_years(years)
    assert list(frame.columns) == [2019, 2020, 2021]
    assert set(frame.index) == set(expected)  # themes never raised in any year are left out
    for theme, by_year in expected.items():
        for year in (2019, 2020, 2021):
            assert frame.at[theme, year] == pytest.approx(by_year.get(year, 0.0)), (theme, year)
    assert frame[2021].is_monotonic_decreasing  # most raised in the latest year first
