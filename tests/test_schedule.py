"""The review schedule: a CSV that spreadsheets open safely, and an iCalendar file with one all-day
event per due page that reads back the same on every run."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib

import icalendar
import pytest
from guide.governance.reviews import ReviewState, ReviewStatus
from guide.outputs.schedule import CSV_COLUMNS, ScheduleRow, calendar_ics, event_uid, schedule_row, write_csv, write_ics

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 24)
SITE = "https://ms-treatment-guide.github.io/guide/"
ROWS = [
    ScheduleRow(
        "docs/relapses.md",
        "Managing relapses",
        SITE + "relapses/",
        "Dr Zoë Doe, MS nurse",
        dt.date(2024, 2, 29),
        dt.date(2027, 2, 28),
        96,
        "current",
        False,
    ),
    ScheduleRow(
        "docs/symptoms.md",
        '=HYPERLINK("https://evil.example","Click")',
        SITE + "symptoms/",
        "@SUM(1+1), -nurse",
        dt.date(2023, 11, 1),
        dt.date(2026, 11, 21),
        -3,
        "overdue",
        True,
    ),
    ScheduleRow("docs/new-page.md", "+Draft page", SITE + "new-page/", "", None, None, None, "draft", True),
    ScheduleRow(
        "docs/index.md",
        "\tTreating MS",
        "",
        "-Dr A, GP",
        dt.date(2024, 1, 1),
        dt.date(2027, 1, 1),
        38,
        "due soon",
        False,
    ),
]


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


# CSV --------------------------------------------------------------------------------------


def test_the_csv_reads_back_with_its_columns_dates_and_numbers(tmp_path):
    path = tmp_path / "reviews.csv"
    write_csv(ROWS, path)
    rows = read_csv(path)
    assert (
        rows[0]
        == list(CSV_COLUMNS)
        == ["page", "title", "reviewer", "last reviewed", "next due", "days left", "status", "changed since review"]
    )
    assert rows[1] == [
        "docs/relapses.md",
        "Managing relapses",
        "Dr Zoë Doe, MS nurse",
        "2024-02-29",
        "2027-02-28",
        "96",
        "current",
        "no",
    ]
    assert rows[2][3:] == ["2023-11-01", "2026-11-21", "-3", "overdue", "yes"]  # a number stays one
    assert rows[3][3:] == ["", "", "", "draft", "yes"]
    assert len(rows) == 1 + len(ROWS)


def test_the_csv_has_a_byte_order_mark_and_crlf_line_ends_for_excel(tmp_path):
    path = tmp_path / "reviews.csv"
    write_csv(ROWS, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpage,title,reviewer,")
    assert raw.count(b"\n") == raw.count(b"\r\n") == 1 + len(ROWS)
    assert "Zoë".encode() in raw


def test_a_title_or_name_that_a_spreadsheet_would_run_as_a_formula_is_made_text(tmp_path):
    path = tmp_path / "reviews.csv"
    write_csv(ROWS, path)
    rows = read_csv(path)
    assert rows[2][1:3] == ['\'=HYPERLINK("https://evil.example","Click")', "'@SUM(1+1), -nurse"]
    assert rows[3][1] == "'+Draft page"
    assert rows[4][1:3] == ["'\tTreating MS", "'-Dr A, GP"]
    cells = [cell for row in rows[1:] for cell in (row[0], row[1], row[2])]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# iCalendar --------------------------------------------------------------------------------


def test_the_calendar_has_one_all_day_event_per_due_page():
    ics = calendar_ics(ROWS, "MS Treatment Guide", TODAY)
    found = events(ics)
    assert [event.get("summary") for event in found] == [
        "Review due: Managing relapses",
        'Review due: =HYPERLINK("https://evil.example","Click")',
        "Review due: \tTreating MS",
    ]  # not the draft
    relapses = found[0]
    assert relapses.decoded("dtstart") == dt.date(2027, 2, 28)
    assert relapses.decoded("dtend") == dt.date(2027, 3, 1)
    assert all(type(e.decoded("dtstart")) is dt.date and type(e.decoded("dtend")) is dt.date for e in found)
    assert b"DTSTART;VALUE=DATE:20270228\r\nDTEND;VALUE=DATE:20270301\r\n" in ics
    assert str(relapses.get("url")) == SITE + "relapses/"
    assert relapses.get("description") == (
        f"Page: docs/relapses.md\nReviewer: Dr Zoë Doe, MS nurse\nLast reviewed: 2024-02-29\nAddress: {SITE}relapses/"
    )
    assert relapses.get("transp") == "TRANSPARENT"
    assert relapses.decoded("dtstamp") == dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    assert "url" not in found[2]  # a site without an address


def test_the_calendar_says_what_it_is_for_calendar_apps():
    calendar = icalendar.Calendar.from_ical(calendar_ics(ROWS, "MS Treatment Guide", TODAY))
    assert calendar.get("version") == "2.0"
    assert calendar.get("prodid") == "-//MS Treatment Guide//Review schedule//EN"
    assert calendar.get("calscale") == "GREGORIAN"
    assert calendar.get("method") == "PUBLISH"
    assert calendar.get("x-wr-calname") == "MS Treatment Guide: reviews"


@pytest.mark.parametrize(
    "site_name, shown",
    [
        ("MS\nGuide", "MS Guide"),
        ("MS\rGuide", "MS Guide"),
        ("MS\x00Guide", "MS Guide"),
        ("MS\x1b[31mGuide", "MS [31mGuide"),
        ("MS\u2028Guide", "MS Guide"),
        ("MS;Guide, \\", "MS;Guide, \\"),
    ],
)
def test_control_characters_in_names_and_titles_never_break_the_calendar(site_name, shown):
    # The settings and the checks refuse them; the writer neither fails on them nor passes them on.
    row = ScheduleRow(
        "docs/a\x1b.md",
        "Relapses\r\nATTENDEE:evil@example.org",
        SITE + "a b/\n",
        "Dr A\x00, RN",
        TODAY,
        TODAY,
        0,
        "due soon",
        False,
    )
    ics = calendar_ics([row], site_name, TODAY)
    assert not [byte for byte in ics if byte < 32 and byte not in b"\r\n"]
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar.get("x-wr-calname").to_ical().decode() == icalendar.vText(f"{shown}: reviews").to_ical().decode()
    (event,) = events(ics)
    assert "attendee" not in event
    assert event.get("summary") == "Review due: Relapses  ATTENDEE:evil@example.org"
    assert (
        event.get("description")
        == f"Page: docs/a .md\nReviewer: Dr A , RN\nLast reviewed: {TODAY}\nAddress: {SITE}a b/ "
    )
    assert str(event.get("url")) == SITE + "a%20b/%20"


def test_the_calendar_is_crlf_text_folded_at_75_octets():
    ics = calendar_ics(ROWS * 3, "MS Treatment Guide", TODAY)
    lines = ics.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_the_same_rows_give_the_same_bytes_and_a_page_keeps_its_uid():
    first = calendar_ics(ROWS, "MS Treatment Guide", TODAY)
    assert calendar_ics(ROWS, "MS Treatment Guide", TODAY) == first
    moved = [
        ScheduleRow(
            r.page,
            r.title + " (new title)",
            r.url,
            r.reviewer,
            r.last_reviewed,
            r.next_due and r.next_due + dt.timedelta(days=400),
            r.days_left,
            r.status,
            r.changed_since_review,
        )
        for r in ROWS
    ]
    later = calendar_ics(moved, "MS Treatment Guide", TODAY + dt.timedelta(days=1))
    uids = [str(event.get("uid")) for event in events(first)]
    assert uids == [str(event.get("uid")) for event in events(later)]
    assert uids == [
        event_uid(page, "MS Treatment Guide") for page in ("docs/relapses.md", "docs/symptoms.md", "docs/index.md")
    ]
    assert uids[0] == hashlib.sha1(b"docs/relapses.md").hexdigest() + "@ms-treatment-guide"
    assert len(set(uids)) == len(uids)


def test_write_ics_writes_the_calendar_bytes(tmp_path):
    path = tmp_path / "reviews.ics"
    write_ics(ROWS, path, "MS Treatment Guide", TODAY)
    assert path.read_bytes() == calendar_ics(ROWS, "MS Treatment Guide", TODAY)


# Rows -----------------------------------------------------------------------------------


def test_a_row_counts_the_days_left_and_a_draft_has_no_due_date():
    status = ReviewStatus(
        dt.date(2023, 11, 1), "Dr A, GP", dt.date(2026, 11, 21), dt.date(2026, 1, 1), ReviewState.OVERDUE
    )
    assert schedule_row("docs/a.md", "A", SITE + "a/", status, TODAY, True) == ScheduleRow(
        "docs/a.md", "A", SITE + "a/", "Dr A, GP", dt.date(2023, 11, 1), dt.date(2026, 11, 21), -3, "overdue", True
    )
    assert schedule_row("docs/b.md", "B", SITE + "b/", None, TODAY, False) == ScheduleRow(
        "docs/b.md", "B", SITE + "b/", "", None, None, None, "draft", False
    )
