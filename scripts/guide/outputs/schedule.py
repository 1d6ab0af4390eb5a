"""The review schedule: every page with its reviewer and due date, as a spreadsheet (CSV) and a
calendar (iCalendar, one all-day event per due date) that Outlook, Google and Apple Calendar
import. Titles and reviewer names come from the pages: untrusted text."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from guide.content.characters import is_hidden
from guide.governance.reviews import ReviewStatus
from guide.texts import slug

CSV_COLUMNS = ("page", "title", "reviewer", "last reviewed", "next due", "days left", "status", "changed since review")
DRAFT = "draft"
PRODID = "-//{site_name}//Review schedule//EN"  # the calendar's maker: the site
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class ScheduleRow:
    page: str  # "docs/relapses.md"
    title: str
    url: str  # the page's address on the site; "" when the site has none
    reviewer: str
    last_reviewed: dt.date | None
    next_due: dt.date | None  # None for a draft
    days_left: int | None  # negative when overdue
    status: str  # "current", "due soon", "overdue" or "draft"
    changed_since_review: bool
    language: str | None = None  # a guide in more than one language (issue 26): the page's


def schedule_row(
    page: str,
    title: str,
    url: str,
    review: ReviewStatus | None,
    today: dt.date,
    changed_since_review: bool,
    language: str | None = None,
) -> ScheduleRow:
    """The row of one page; review is None for a draft (nothing is due)."""
    if review is None:
        return ScheduleRow(page, title, url, "", None, None, None, DRAFT, changed_since_review, language)
    return ScheduleRow(
        page,
        title,
        url,
        review.reviewed_by,
        review.last_reviewed,
        review.next_review_due,
        (review.next_review_due - today).days,
        review.state.value,
        changed_since_review,
        language,
    )


# CSV ----------------------------------------------------------------------------------------


def csv_text(rows: list[ScheduleRow]) -> str:
    """The schedule as CSV text, '\\r\\n' line ends (RFC 4180), without the byte order mark."""
    out = io.StringIO()
    writer = csv.writer(out)  # quotes what needs quoting; lines end in '\r\n'
    # issue 26: a language column in a guide in more than one language
    languages = any(row.language for row in rows)
    writer.writerow(CSV_COLUMNS + (("language",) if languages else ()))
    for row in rows:
        writer.writerow(
            [
                _no_formula(row.page),
                _no_formula(row.title),
                _no_formula(row.reviewer),
                _iso(row.last_reviewed),
                _iso(row.next_due),
                "" if row.days_left is None else str(row.days_left),  # ours: a number, -3 stays one
                row.status,
                "yes" if row.changed_since_review else "no",
            ]
            + ([row.language or ""] if languages else [])
        )
    return out.getvalue()


def write_csv(rows: list[ScheduleRow], path: str | Path) -> None:
    """Write the schedule as UTF-8 with a byte order mark: without one, Excel reads the file as
    the computer's legacy code page and garbles names such as 'Zoë'."""
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        file.write(csv_text(rows))


def _no_formula(text: str) -> str:
    """A leading apostrophe keeps a spreadsheet from running text such as '=HYPERLINK(...)'."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


# iCalendar ----------------------------------------------------------------------------------


def calendar_ics(rows: list[ScheduleRow], site_name: str, made_on: dt.date | dt.datetime) -> bytes:
    """One all-day event on each page's due date (drafts have none). Deterministic: the same rows
    and made_on give the same bytes, and a page keeps its UID, so importing a newer file updates
    its events instead of adding copies."""
    import icalendar  # here, not at the top: only the review schedule needs it

    site_name = one_line(site_name)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID.format(site_name=site_name))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # As TEXT, escaped: icalendar writes a property it does not know as it is given.
    calendar.add("x-wr-calname", icalendar.vText(f"{site_name}: reviews"))
    stamp = _utc(made_on)
    for row in rows:
        if row.next_due is None:
            continue
        event = icalendar.Event()
        event.add("uid", event_uid(row.page, site_name))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.next_due)  # a date, not a time: VALUE=DATE, all day
        event.add("dtend", row.next_due + dt.timedelta(days=1))  # the end date is not included
        event.add("summary", f"Review due: {one_line(row.title)}")
        event.add("description", _event_description(row))
        if row.url:
            event.add("url", one_line(row.url).replace(" ", "%20"))
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
        calendar.add_component(event)
    return calendar.to_ical()


def write_ics(rows: list[ScheduleRow], path: str | Path, site_name: str, made_on: dt.date | dt.datetime) -> None:
    Path(path).write_bytes(calendar_ics(rows, site_name, made_on))


def event_uid(page: str, site_name: str) -> str:
    """The same page gets the same UID on every run, whatever its title or due date; the site's
    name, slugged, stands for a domain (ms-treatment-guide)."""
    return hashlib.sha1(page.encode("utf-8")).hexdigest() + "@" + slug(site_name)


def one_line(text: str) -> str:
    """Text for one line of the calendar: iCalendar's TEXT holds no control characters (RFC 5545,
    3.3.11) but the tab, and a line break in a name would end the property. Each other hidden
    character (a control, an invisible or a direction-changing one) becomes a space."""
    return "".join(" " if is_hidden(char) and char != "\t" else char for char in text)


def _event_description(row: ScheduleRow) -> str:
    lines = [
        f"Page: {one_line(row.page)}",
        f"Reviewer: {one_line(row.reviewer) or 'none yet'}",
        f"Last reviewed: {_iso(row.last_reviewed) or 'never'}",
    ]
    if row.url:
        lines.append(f"Address: {one_line(row.url)}")
    return "\n".join(lines)


def _utc(moment: dt.date | dt.datetime) -> dt.datetime:
    """DTSTAMP is a UTC time: a date is taken as its midnight in UTC, a naive time as UTC."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
