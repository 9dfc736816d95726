"""Disproportionality in the monthly pack, against a small dataset worked out by hand, in
the full version and as the circulated version's small-number rules leave it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from complaints.cases import services as cases
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports import disproportionality, pdf
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import ReportSettings, show
from complaints.workforce import services as workforce
from tests import factories
from tests.report_dataset import _World, at

MONTH = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 20)
THRESHOLD = 5
SETTINGS = ReportSettings(
    force_name="Northshire Police", forces=(FIRST_FORCE_ID,), threshold=THRESHOLD
)
BLACK = "Black or Black British: African"
WHITE = "White: English, Welsh, Scottish, Northern Irish or British"


@pytest.fixture()
def pack(db, monkeypatch):
    build(db, monkeypatch)
    return monthly_pack(db, MONTH, SETTINGS, today=TODAY)


def build(db, monkeypatch) -> None:
    """Complaints logged in June 2026, one complainant and one subject each:

    | complainant's sex  | cases | alleging discrimination (F6) | subject's ethnicity | recorded |
    |--------------------|-------|------------------------------|---------------------|----------|
    | Female             | 8     | 6                            | Black               | 4        |
    | Male               | 12    | 2                            | White               | 2        |
    | Prefer not to say  | 2     | 2                            | Prefer not to say   | 0        |
    | not answered       | 1     | 1                            | not recorded        | 0        |

    The workforce: 40 Black and 360 White officers and staff. Groups of 3 or more are
    compared here (the report's minimum is larger; what it is does not change the sums).
    """
    monkeypatch.setattr(disproportionality, "MINIMUM_ANSWERS", 3)
    world = _World(db)
    admin = factories.actor_for(factories.user(db, factories.Role.ADMIN))
    rows = (
        [("Female", True, BLACK, n < 4) for n in range(6)]
        + [("Female", False, BLACK, False)] * 2
        + [("Male", True, WHITE, n < 2) for n in range(2)]
        + [("Male", False, WHITE, False)] * 10
        + [("Prefer not to say", True, "Prefer not to say", False)] * 2
        + [(None, True, None, False)]
    )
    for n, (sex, alleged, ethnicity, recorded) in enumerate(rows):
        logged = at(2026, 6, 1 + n % 28)
        case = world.log(
            logged.date(),
            logged,
            ("F6",) if alleged else ("A1",),
            equality=cases.EqualityData(sex=sex) if sex else None,
        )
        if recorded:
            case.recorded_at = logged
        subject = case.subjects[0].subject
        if ethnicity:
            workforce.record_characteristics(
                db, admin, subject, workforce.CharacteristicsData(ethnicity=ethnicity), logged
            )
    workforce.set_workforce_profile(
        db,
        admin,
        FIRST_FORCE_ID,
        "ethnicity",
        {"Black or Black British": 40, "White": 360},
        at(2026, 6, 1),
    )
    db.flush()


def _table(pack, key):
    return next(t for t in pack.section("disproportionality").tables if t.key == key)


def _shown(pack, key, *, circulated):
    return {
        row[0]: tuple(show(c, circulated=circulated, threshold=THRESHOLD) for c in row[1:])
        for row in _table(pack, key).rows
    }


def test_complainants_alleging_discrimination_against_the_rest(pack):
    """Female: 6 of 8 (75%) against Male 2 of 12; RRI = 0.75 / (2/12) = 4.50;
    1/6 - 1/8 + 1/2 - 1/12 = 0.458333, 1.96 * sqrt = 1.326926, ln 4.5 = 1.504077, so the
    interval is exp(0.177151) = 1.19 to exp(2.831003) = 16.96. Male is its reciprocal:
    0.22 (0.06 to 0.84). Unknown answers count on neither side."""
    assert _shown(pack, "disp_discriminatory", circulated=False) == {
        "Sex: Male": ("12", "2", "17%", "0.22", "0.06", "0.84"),
        "Sex: Female": ("8", "6", "75%", "4.50", "1.19", "16.96"),
    }


def test_the_circulated_version_withholds_small_counts_and_what_rests_on_them(pack):
    """Male's 2 is under 5, so it is hidden with its rate and index; Female's 6 is withheld
    so that the 8 alleging it less Female's 6 does not give back Male's 2, and Female's index
    rests on Male's 2 as its rest."""
    got = _shown(pack, "disp_discriminatory", circulated=True)
    assert got["Sex: Male"] == ("12", "[c]", "[c]", "[c]", "[c]", "[c]")
    assert got["Sex: Female"] == ("8", "[c]", "[c]", "[c]", "[c]", "[c]")


def test_share_of_complaints(pack):
    assert _shown(pack, "disp_complaints", circulated=False) == {
        "Sex: Male": ("12", "60%"),
        "Sex: Female": ("8", "40%"),
    }


def test_subjects_recorded_and_per_100_of_the_workforce(pack):
    """Recorded: Black 4 of 8 against White 2 of 12, RRI 3.00, 1/4 - 1/8 + 1/2 - 1/12 =
    0.541667, interval 0.71 to 12.69. Per 100: 8 Black people of 40 (20.0) against 12 White
    of 360 (3.3), RRI 6.00, 1/8 - 1/40 + 1/12 - 1/360 = 0.180556, interval 2.61 to 13.80."""
    recorded = _shown(pack, "disp_recorded", circulated=False)
    assert recorded["Ethnic group: Black or Black British"] == (
        "8",
        "4",
        "50%",
        "3.00",
        "0.71",
        "12.69",
    )
    per_100 = _shown(pack, "disp_subjects_per_100", circulated=False)
    assert per_100 == {
        "Ethnic group: White": ("360", "12", "3.3", "0.17", "0.07", "0.38"),
        "Ethnic group: Black or Black British": ("40", "8", "20", "6.00", "2.61", "13.80"),
    }


def test_the_method_is_stated_and_the_pdf_has_the_section(pack):
    assert "Katz" in _table(pack, "disp_discriminatory").definition
    assert "12 months to October 2026" in _table(pack, "disp_discriminatory").title
    for circulated in (False, True):
        data = pdf.render(pack, circulated=circulated, threshold=THRESHOLD, generated_on=TODAY)
        text = " ".join(
            " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
        )
        assert "Disproportionality" in text
        assert "Complainants alleging discriminatory behaviour" in text
        assert "Relative rate index" in text
        assert ("16.96" in text) is not circulated


def test_results_and_conduct_outcomes_by_group(db, monkeypatch):
    """On top of the dataset, cases finalised in July 2026 and conduct outcomes decided then:

    | complainant (subject) | finalised | not acceptable | acceptable |
    |-----------------------|-----------|----------------|------------|
    | Female (Black)        | 4         | 4              | 0          |
    | Male (White)          | 6         | 1              | 5          |
    | Prefer not to say     | 2         | 2              | 0          |

    | subject's group       | outcomes | case to answer | misconduct meeting |
    |-----------------------|----------|----------------|--------------------|
    | Black                 | 4        | 3              | 2                  |
    | White                 | 6        | 1              | 1                  |
    | Prefer not to say     | 2        | 2              | 2                  |

    Service not acceptable: Female 4 of 4 against Male 1 of 6, RRI 6.00,
    1/4 - 1/4 + 1/1 - 1/6 = 0.833333, interval exp(ln 6 -/+ 1.789227) = 1.00 to 35.91.
    Referred to misconduct proceedings: Black 2 of 4 against White 1 of 6, RRI 3.00,
    1/2 - 1/4 + 1/1 - 1/6 = 1.083333, interval 0.39 to 23.07.
    """
    from sqlalchemy import select

    from complaints.cases.choices import AllegationResult
    from complaints.cases.models import Case, Complainant, EqualityMonitoring
    from complaints.investigations.models import ConductOutcome, Proceedings
    from complaints.reports import queries as q
    from complaints.reports.periods import comparisons

    build(db, monkeypatch)
    by_sex: dict[str | None, list[Case]] = {}
    for case in db.scalars(select(Case).order_by(Case.id)):
        sex = db.scalar(
            select(EqualityMonitoring.sex)
            .join(Complainant, EqualityMonitoring.complainant_id == Complainant.id)
            .where(Complainant.case_id == case.id)
        )
        by_sex.setdefault(sex, []).append(case)
    plan = {
        "Female": [(False, True, True)] * 2 + [(False, True, False)] + [(False, False, False)],
        "Male": [(False, True, True)] + [(True, False, False)] * 5,
        "Prefer not to say": [(False, True, True)] * 2,
    }
    finalised = at(2026, 7, 10)
    for sex, outcomes in plan.items():
        for case, (acceptable, to_answer, meeting) in zip(by_sex[sex], outcomes, strict=False):
            case.finalised_at = finalised
            for allegation in case.allegations:
                allegation.result = (
                    AllegationResult.SERVICE_ACCEPTABLE
                    if acceptable
                    else AllegationResult.SERVICE_NOT_ACCEPTABLE
                )
                allegation.result_recorded_at = finalised
            db.add(
                ConductOutcome(
                    case_subject_id=case.subjects[0].id,
                    case_to_answer=to_answer,
                    proceedings=Proceedings.MEETING if meeting else None,
                    decided_on=finalised.date(),
                )
            )
    db.flush()
    rolling = comparisons(MONTH).rolling
    results = q.complainant_results(db, "sex", rolling, (FIRST_FORCE_ID,))
    assert results == {
        "Female": {"service_not_acceptable": 4},
        "Male": {"service_not_acceptable": 1, "service_acceptable": 5},
    }
    decided = q.subject_outcomes(db, "ethnicity", rolling, (FIRST_FORCE_ID,))
    black = decided["Black or Black British"]
    assert (black["Subjects with a conduct outcome"], black["Case to answer"]) == (4, 3)
    assert (black["No case to answer"], black[q.REFERRED]) == (1, 2)
    assert decided["White"][q.REFERRED] == 1

    pack = monthly_pack(db, MONTH, SETTINGS, today=TODAY)
    assert _shown(pack, "disp_result_service_not_acceptable", circulated=False) == {
        "Sex: Male": ("6", "1", "17%", "0.17", "0.03", "1.00"),
        "Sex: Female": ("4", "4", "100%", "6.00", "1.00", "35.91"),
    }
    referred = _shown(pack, "disp_conduct_referred_to_misconduct_proceedings", circulated=False)
    assert referred["Ethnic group: Black or Black British"] == (
        "4",
        "2",
        "50%",
        "3.00",
        "0.39",
        "23.07",
    )
    circulated = _shown(pack, "disp_result_service_not_acceptable", circulated=True)
    assert circulated["Sex: Female"][0] == "[c]"  # 4 allegations: hidden, and
    assert set(circulated["Sex: Female"][2:]) == {"[c]"}  # everything resting on them


def test_the_demo_has_subjects_and_a_workforce_to_compare(db):
    """HR's answers for most of the demo's officers and staff, and each force's workforce
    profile, so that the section shows the subjects' side too."""
    from sqlalchemy import func, select

    from complaints.demo.seed import seed
    from complaints.workforce.models import SubjectCharacteristics, WorkforceGroup

    seed(db, today=TODAY, cases=300)
    assert db.scalar(select(func.count()).select_from(SubjectCharacteristics)) > 100
    profiled = db.execute(
        select(WorkforceGroup.force_id, WorkforceGroup.characteristic).distinct()
    ).all()
    assert len(profiled) == 2 * len({force for force, _ in profiled}) >= 2
    pack = monthly_pack(db, MONTH, SETTINGS, today=TODAY)
    keys = {t.key for t in pack.section("disproportionality").tables}
    assert {"disp_discriminatory", "disp_subjects_per_100", "disp_recorded"} <= keys, keys
