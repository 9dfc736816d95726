"""The relative rate index and its interval against a table worked out by hand."""

from __future__ import annotations

import pytest

from complaints.reports import disproportionality as d
from complaints.reports.tables import Figure, Kind, show

# group: (complainants alleging discriminatory behaviour, complainants with a known answer)
TABLE = {"Asian": (12, 60), "Black": (10, 40), "White": (18, 200)}


def test_a_hand_worked_table():
    """300 complainants gave their ethnic group; 40 alleged discriminatory behaviour.

    | group | a  | n1  | b  | n2  | a/n1 | b/n2     | RRI    |
    |-------|----|-----|----|-----|------|----------|--------|
    | White | 18 | 200 | 22 | 100 | 0.09 | 0.22     | 0.4091 |
    | Asian | 12 | 60  | 28 | 240 | 0.20 | 0.116667 | 1.7143 |
    | Black | 10 | 40  | 30 | 260 | 0.25 | 0.115385 | 2.1667 |

    | group | 1/a-1/n1+1/b-1/n2 | 1.96*sqrt | ln RRI    | 95% interval   |
    |-------|-------------------|-----------|-----------|----------------|
    | White | 0.086010          | 0.574819  | -0.893818 | 0.2302, 0.7269 |
    | Asian | 0.098214          | 0.614248  | 0.538997  | 0.9275, 3.1685 |
    | Black | 0.104487          | 0.633560  | 0.773190  | 1.1498, 4.0827 |

    (the rest: b = 40 - a, n2 = 300 - n1; interval = exp(ln RRI -/+ 1.96*sqrt(...))).
    So White complainants allege discrimination at 0.41 times the rate of the rest (a
    difference beyond chance), Black complainants at 2.17 times (likewise), and Asian
    complainants at 1.71 times, an interval that includes 1.
    """
    got = {
        c.group: (
            c.a,
            c.n1,
            c.b,
            c.n2,
            round(c.ratio.index, 2),
            round(c.ratio.lower, 2),
            round(c.ratio.upper, 2),
        )
        for c in d.compare(TABLE)
    }
    assert got == {
        "White": (18, 200, 22, 100, 0.41, 0.23, 0.73),
        "Asian": (12, 60, 28, 240, 1.71, 0.93, 3.17),
        "Black": (10, 40, 30, 260, 2.17, 1.15, 4.08),
    }
    assert [c.group for c in d.compare(TABLE)] == ["White", "Asian", "Black"]  # largest first


def test_the_index_is_shown_to_two_decimals():
    ratio = d.relative_rate(10, 40, 30, 260)
    assert show(Figure(ratio.index, Kind.RATIO), circulated=False, threshold=5) == "2.17"
    assert show(Figure(ratio.lower, Kind.RATIO), circulated=False, threshold=5) == "1.15"


@pytest.mark.parametrize(
    ("a", "n1", "b", "n2"),
    [(0, 40, 30, 260), (10, 40, 0, 260), (10, 0, 30, 260), (50, 10, 10, 10)],
)
def test_no_index_where_the_log_or_the_variance_is_undefined(a, n1, b, n2):
    assert d.relative_rate(a, n1, b, n2) is None


def test_groups_too_small_to_compare_are_left_out_but_counted_in_the_rest():
    counts = {"Large": (10, 50), "Small": (1, 5), "Other": (6, 30)}
    compared = {c.group: c for c in d.compare(counts, minimum=20)}
    assert set(compared) == {"Large", "Other"}
    assert (compared["Large"].b, compared["Large"].n2) == (7, 35)  # Small is in the rest
    # A group whose rest is too small is left out as well.
    assert d.compare({"Nearly all": (5, 95), "Few": (1, 10)}, minimum=20) == []


def test_unknown_answers_are_no_group_and_ethnic_groups_are_broad():
    assert d.group_of("sex", None) is None
    assert d.group_of("sex", "Prefer not to say") is None
    assert d.group_of("sex", "Female") == "Female"
    assert d.group_of("ethnicity", "Black or Black British: African") == "Black or Black British"
    assert d.group_of("ethnicity", "White: Irish") == "White"
    assert {d.group_of("ethnicity", "Mixed: White and Asian")} <= set(d.ETHNIC_GROUPS)
