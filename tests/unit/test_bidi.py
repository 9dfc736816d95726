"""Right-to-left text put in the left-to-right order ReportLab draws it (UAX #9 for a
left-to-right line): Hebrew and Arabic runs turned, numbers, accents and the rest kept."""

from __future__ import annotations

import pytest

from complaints.common.bidi import drawing_order, visual


@pytest.mark.parametrize(
    "text, drawn",
    [
        ("Gwenllïan ap Ŵyŷ", "Gwenllïan ap Ŵyŷ"),
        ("שרה לוי", "יול הרש"),
        ("שרה לוי-אברהם", "םהרבא-יול הרש"),
        ("Dear שרה לוי,", "Dear יול הרש,"),
        ("Ms שרה לוי of 3 Road", "Ms יול הרש of 3 Road"),
        # numbers keep their order inside a right-to-left run
        ("רחוב הרצל 12", "12 לצרה בוחר"),
        ("שקל 10.50 לוי", "יול 10.50 לקש"),
        # brackets around right-to-left text turn with it
        ("מרים (לוי)", "(יול) םירמ"),
        ("Miriam (לוי)", "Miriam (יול)"),
        # points stay after the letter they mark: shin, qamats, shin dot, lamed, vav, holam
        (
            "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
            "\u05dd\u05d5\u05b9\u05dc\u05e9\u05b8\u05c1",
        ),
        # Arabic is ordered but not shaped: the same letters, each in its own form
        ("محمد علي", "يلع دمحم"),
        ("شارع 12", "12 عراش"),
        # each line on its own
        ("\n".join(["שרה", "לוי"]), "\n".join(["הרש", "יול"])),
    ],
)
def test_text_is_put_in_drawing_order(text, drawn):
    assert visual(text) == drawn


def test_the_drawing_order_names_each_character_once():
    line = "Dear שרה (לוי) 12,"
    order = drawing_order(line)
    assert sorted(i for i, _ in order) == list(range(len(line)))
    assert "".join(ch for _, ch in order) == visual(line)
