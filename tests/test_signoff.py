"""Sign-offs: a named reviewer's approval recorded in the page's own front matter, every other byte
of the page kept; each refusal with its message; the fingerprint of the page's words."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os

import pytest
from guide.content.frontmatter import check_page_meta, split_front_matter
from guide.errors import SignOffRefused
from guide.governance.signoff import SignOff, history, history_line, sign_off, sign_off_file, text_fingerprint
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

PATH = "docs/relapses.md"
TODAY = dt.date(2026, 11, 25)
ON = dt.date(2026, 11, 24)
REVIEWER = "Dr Jane Doe, MS nurse specialist"
FINGERPRINT_OF = "sha256:" + hashlib.sha256(b"managing relapses a relapse is new or worse symptoms").hexdigest()[:16]
# A page as an editor on Windows may leave it: a byte order mark, '\r\n' line ends, comments,
# keys in no particular order, single and double quotes, a blank line, a draft.
WINDOWS_PAGE = (
    "\ufeff---\r\n"
    "# Reviewed pages keep their comments.\r\n"
    "last_updated: '2026-11-20'\r\n"
    'title: "Managing relapses"\r\n'
    "draft: true\r\n"
    "last_reviewed: 2018-04-01        # the date a named health professional signed off\r\n"
    "description: 'One plain sentence: with a colon.'\r\n"
    "reviewed_by: Clinical review of the source article (MultipleSclerosis.net, April 2018)\r\n"
    "\r\n"
    "# next_review_due: 2027-01-01    # optional\r\n"
    "---\r\n"
    "\r\n"
    "# Managing relapses\r\n"
    "\r\n"
    "A relapse is **new** or worse symptoms.\r\n"
)
PAGE = (
    "---\ntitle: T\ndescription: D\nlast_reviewed: 2018-04-01\nreviewed_by: Old review\n"
    "last_updated: 2026-11-20\n---\n\nA relapse is new or worse symptoms.\n"
)


def page_with(front_matter: str) -> str:
    return f"---\n{front_matter}---\n\nA relapse is new or worse symptoms.\n"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines taken out, lines put in), each with its line end."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    return ([line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")])


def meta_of(text: str):
    """The page's front matter and its checked metadata: a signed-off page passes the checks."""
    fm, problems = split_front_matter(PATH, text.replace("\r\n", "\n"))
    assert problems == []
    meta, problems = check_page_meta(PATH, fm)
    assert problems == []
    return fm, meta


def refusal(text: str, by: str = REVIEWER, on: dt.date = ON, today: dt.date = TODAY) -> str:
    with pytest.raises(SignOffRefused) as refused:
        sign_off(text, PATH, by, on, today)
    return str(refused.value)


# Every other byte stays -------------------------------------------------------------------------


def test_a_sign_off_changes_only_the_review_lines_and_keeps_bom_crlf_comments_and_quotes(tmp_path):
    page = tmp_path / "relapses.md"
    page.write_bytes(WINDOWS_PAGE.encode("utf-8"))

    recorded = sign_off_file(page, REVIEWER, ON, TODAY, shown_as=PATH)

    after = page.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    assert after.count(b"\n") == after.count(b"\r\n")  # no line end became '\n'
    text = after.decode("utf-8")
    taken_out, put_in = changed_lines(WINDOWS_PAGE, text)
    assert taken_out == [
        "draft: true\r\n",
        "last_reviewed: 2018-04-01        # the date a named health professional signed off\r\n",
        "reviewed_by: Clinical review of the source article (MultipleSclerosis.net, April 2018)\r\n",
    ]
    assert put_in == [
        "last_reviewed: 2026-11-24        # the date a named health professional signed off\r\n",
        'reviewed_by: "Dr Jane Doe, MS nurse specialist"\r\n',
        "review_history:\r\n",
        f'  - {{date: 2026-11-24, by: "Dr Jane Doe", role: "MS nurse specialist", text: "{FINGERPRINT_OF}"}}\r\n',
    ]
    assert text.index("review_history:") > text.index("# next_review_due")  # at the end
    assert recorded == SignOff(ON, "Dr Jane Doe", "MS nurse specialist", FINGERPRINT_OF)
    fm, meta = meta_of(text)
    assert (meta.last_reviewed, meta.reviewed_by) == (ON, REVIEWER)
    assert "draft" not in fm.data
    assert history(PATH, fm) == ([recorded], [])


def test_a_second_sign_off_appends_a_second_entry_after_the_first(tmp_path):
    page = tmp_path / "relapses.md"
    page.write_bytes(WINDOWS_PAGE.encode("utf-8"))
    first = sign_off_file(page, REVIEWER, ON, TODAY, shown_as=PATH)
    once = page.read_bytes().decode("utf-8")

    second = sign_off_file(page, 'Prof Sam "Al" Lee,  consultant neurologist', TODAY, TODAY, shown_as=PATH)

    twice = page.read_bytes().decode("utf-8")
    taken_out, put_in = changed_lines(once, twice)
    assert taken_out == [
        "last_reviewed: 2026-11-24        # the date a named health professional signed off\r\n",
        'reviewed_by: "Dr Jane Doe, MS nurse specialist"\r\n',
    ]
    assert put_in == [
        "last_reviewed: 2026-11-25        # the date a named health professional signed off\r\n",
        'reviewed_by: "Prof Sam \\"Al\\" Lee, consultant neurologist"\r\n',
        f'  - {{date: 2026-11-25, by: "Prof Sam \\"Al\\" Lee", role: "consultant neurologist", '
        f'text: "{FINGERPRINT_OF}"}}\r\n',
    ]
    fm, meta = meta_of(twice)
    assert meta.reviewed_by == 'Prof Sam "Al" Lee, consultant neurologist'
    assert history(PATH, fm) == ([first, second], [])
    assert second == SignOff(TODAY, 'Prof Sam "Al" Lee', "consultant neurologist", FINGERPRINT_OF)


def test_the_body_and_a_page_ending_without_a_line_break_stay_as_they_were():
    page = "---\ntitle: T\n---"
    assert sign_off(page, PATH, REVIEWER, ON, TODAY) == (
        '---\ntitle: T\nlast_reviewed: 2026-11-24\nreviewed_by: "Dr Jane Doe, MS nurse specialist"\n'
        "review_history:\n"
        '  - {date: 2026-11-24, by: "Dr Jane Doe", role: "MS nurse specialist", '
        f'text: "{text_fingerprint("")}"}}\n---'
    )


def test_missing_review_keys_are_added_before_an_existing_history():
    page = page_with(
        'title: T\nreview_history:\n- {date: 2026-01-05, by: "A", role: "B", '
        'text: "sha256:0123456789abcdef"}\n# the end\n'
    )
    signed = sign_off(page, PATH, REVIEWER, ON, TODAY)
    assert signed.split("---\n")[1] == (
        'title: T\nlast_reviewed: 2026-11-24\nreviewed_by: "Dr Jane Doe, MS nurse specialist"\n'
        'review_history:\n- {date: 2026-01-05, by: "A", role: "B", text: "sha256:0123456789abcdef"}\n'
        '- {date: 2026-11-24, by: "Dr Jane Doe", role: "MS nurse specialist", '
        f'text: "{text_fingerprint(chr(10) + "A relapse is new or worse symptoms." + chr(10))}"}}\n'
        "# the end\n"
    )


def test_empty_values_are_filled_in_place():
    page = page_with("title: T\nlast_reviewed:\nreviewed_by:   # who\nreview_history:\n")
    front = sign_off(page, PATH, "A, B", ON, TODAY).split("---\n")[1]
    assert front.splitlines()[:4] == [
        "title: T",
        "last_reviewed: 2026-11-24",
        'reviewed_by: "A, B"   # who',
        "review_history:",
    ]
    assert front.splitlines()[4].startswith('  - {date: 2026-11-24, by: "A", role: "B", text: "sha256:')


def test_a_first_sign_off_may_be_on_the_day_of_the_old_last_reviewed_and_again_the_same_day():
    once = sign_off(PAGE, PATH, REVIEWER, dt.date(2018, 4, 1), TODAY)
    twice = sign_off(once, PATH, "Dr B, pharmacist", dt.date(2018, 4, 1), TODAY)
    fm, _ = split_front_matter(PATH, twice)
    assert [entry.by for entry in history(PATH, fm)[0]] == ["Dr Jane Doe", "Dr B"]


def test_a_signed_off_draft_is_no_longer_a_draft_and_passes_the_checks():
    draft = (
        "---\ntitle: New page\ndescription: D.\nlast_updated: 2026-11-20\n"
        "draft: true  # until reviewed\n"
        "---\n\nWords.\n"
    )
    fm, meta = meta_of(sign_off(draft, PATH, REVIEWER, ON, TODAY))
    assert (meta.draft, meta.last_reviewed, meta.reviewed_by) == (False, ON, REVIEWER)
    assert list(fm.data) == ["title", "description", "last_updated", "last_reviewed", "reviewed_by", "review_history"]


def test_a_draft_with_only_a_title_and_a_description_gets_its_dates_at_its_sign_off():
    draft = "---\ntitle: New page\ndescription: D.\ndraft: true\n---\n\nWords.\n"
    assert check_page_meta(PATH, split_front_matter(PATH, draft)[0])[1] == []  # a valid draft
    fm, meta = meta_of(sign_off(draft, PATH, REVIEWER, ON, TODAY))
    assert (meta.draft, meta.last_reviewed, meta.last_updated, meta.reviewed_by) == (False, ON, ON, REVIEWER)


def test_a_page_that_is_not_utf8_is_refused(tmp_path):
    page = tmp_path / "relapses.md"
    page.write_bytes(PAGE.replace("relapse", "rechute\u00e9").encode("latin-1"))
    with pytest.raises(SignOffRefused) as refused:
        sign_off_file(page, REVIEWER, ON, TODAY, shown_as=PATH)
    assert str(refused.value) == (
        "docs/relapses.md: The page is not UTF-8 text. Save it as UTF-8 in the editor, then sign off again."
    )


def test_a_refused_sign_off_leaves_the_file_as_it_was(tmp_path):
    page = tmp_path / "relapses.md"
    page.write_bytes(WINDOWS_PAGE.encode("utf-8"))
    os.chmod(page, 0o640)
    with pytest.raises(SignOffRefused):
        sign_off_file(page, "Dr Jane Doe", ON, TODAY, shown_as=PATH)
    assert page.read_bytes() == WINDOWS_PAGE.encode("utf-8")
    sign_off_file(page, REVIEWER, ON, TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relapses.md"]  # no temporary file left
    assert page.stat().st_mode & 0o777 == 0o640


# Refusals ----------------------------------------------------------------------------------

EXAMPLE = '"Dr Jane Doe, MS nurse specialist"'


@pytest.mark.parametrize(
    "by, message",
    [
        (
            "Dr Jane Doe",
            f"docs/relapses.md: The reviewer 'Dr Jane Doe' has no role. Write the name, a comma "
            f"and the role, e.g. {EXAMPLE}.",
        ),
        (
            "Dr Jane Doe,  ",
            f"docs/relapses.md: The reviewer 'Dr Jane Doe,' has no role. Write the name, a "
            f"comma and the role, e.g. {EXAMPLE}.",
        ),
        (
            ", MS nurse",
            f"docs/relapses.md: The reviewer ', MS nurse' has no name. Write the name, a comma "
            f"and the role, e.g. {EXAMPLE}.",
        ),
        ("", f"docs/relapses.md: No reviewer was given. Give the reviewer's name and role, e.g. {EXAMPLE}."),
        (" \t ", f"docs/relapses.md: No reviewer was given. Give the reviewer's name and role, e.g. {EXAMPLE}."),
        (
            "Dr <b>Jane</b> Doe, MS nurse",
            "docs/relapses.md: The reviewer contains HTML ('<b>'). Write plain text: no tags.",
        ),
        (
            "Dr Jane &lt;script&gt;, MS nurse",
            "docs/relapses.md: The reviewer contains HTML ('<script>'). Write plain text: no tags.",
        ),
        (
            "Dr Jane\nDoe, MS nurse",
            "docs/relapses.md: The reviewer contains a line break or another "
            "control character. Write the name and role on one line, as plain text.",
        ),
        (
            "Dr Jane\u2028Doe, MS nurse",
            "docs/relapses.md: The reviewer contains a line break or another "
            "control character. Write the name and role on one line, as plain text.",
        ),
    ],
)
def test_a_reviewer_without_name_and_role_in_plain_text_is_refused(by, message):
    assert refusal(PAGE, by=by) == message


@pytest.mark.parametrize(
    "by, hidden",
    [
        ("Dr Jane Doe\u202e, MS nurse", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Dr Jane\u200bDoe, MS nurse", "U+200B ZERO WIDTH SPACE"),
        ("Dr Jane Doe, MS\u2066 nurse", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u3164, MS nurse", "U+3164 HANGUL FILLER"),
        ("Dr Jane Doe\u00ad, MS nurse", "U+00AD SOFT HYPHEN"),
        ("Dr Jane Doe, MS nurse\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_a_reviewer_with_an_invisible_or_direction_changing_character_is_refused_by_name(by, hidden):
    assert refusal(PAGE, by=by) == (
        f"docs/relapses.md: The reviewer contains {hidden}, a character that cannot be seen or that "
        "changes how the name looks. Type the name and role again without it."
    )


@pytest.mark.parametrize(
    "by",
    ["Dr $mith, MS nurse", "Dr `id` Doe, MS nurse", "Dr Jane $(rm -rf ~); Doe, MS nurse", 'Dr O\'Brien \\ "Jo", RN'],
)
def test_a_reviewer_with_shell_characters_is_recorded_exactly_as_given(tmp_path, by):
    # No shell anywhere: what the reviewer typed is what the page records.
    page = tmp_path / "relapses.md"
    page.write_text(PAGE)
    entry = sign_off_file(page, by, ON, TODAY, shown_as=PATH)
    name, role = (part.strip() for part in by.split(",", 1))
    assert (entry.by, entry.role) == (name, role)
    fm, meta = meta_of(page.read_text())
    assert meta.reviewed_by == f"{name}, {role}"


def test_a_history_entry_with_an_invisible_character_is_one_problem_at_its_line():
    fm, _ = split_front_matter(
        PATH,
        page_with(
            "title: T\n"
            "review_history:\n"
            '  - {date: 2026-02-01, by: "Dr \\u202eA", role: "B", text: "sha256:0123456789abcdef"}\n'
        ),
    )
    assert [str(p) for p in history(PATH, fm)[1]] == [
        "docs/relapses.md:4: review_history entry 1: 'by' contains U+202E RIGHT-TO-LEFT OVERRIDE, a "
        "character that cannot be seen or that changes how the name looks. Sign off again with make "
        "review, typing the name and role without it."
    ]


def test_a_sign_off_dated_in_the_future_is_refused():
    assert refusal(PAGE, on=dt.date(2026, 11, 26)) == (
        "docs/relapses.md: The sign-off date 2026-11-26 is in the future (today is 2026-11-25). "
        "Give the date the reviewer signed off: today or earlier."
    )


def test_a_sign_off_dated_before_the_last_sign_off_is_refused():
    signed = sign_off(PAGE, PATH, REVIEWER, dt.date(2026, 6, 1), TODAY)
    assert refusal(signed, on=dt.date(2026, 5, 31)) == (
        "docs/relapses.md: The sign-off date 2026-05-31 is before the last sign-off, on 2026-06-01 by "
        "Dr Jane Doe, MS nurse specialist. Give the date of this review: 2026-06-01 or later."
    )


def test_a_first_sign_off_dated_before_last_reviewed_is_refused():
    assert refusal(PAGE, on=dt.date(2018, 3, 31)) == (
        "docs/relapses.md: The sign-off date 2018-03-31 is before last_reviewed, 2018-04-01. "
        "Give the date of this review: 2018-04-01 or later."
    )


@pytest.mark.parametrize("due", ["2026-11-24", "2026-01-01"])
def test_a_next_review_due_not_after_the_sign_off_is_refused(due):
    page = page_with(f"title: T\nlast_reviewed: 2018-04-01\nnext_review_due: {due}\n")
    assert refusal(page) == (
        f"docs/relapses.md:4: next_review_due {due} is not after the sign-off date 2026-11-24. "
        "Remove next_review_due to use the review policy, or set it to a later date, then sign off again."
    )


def test_a_later_next_review_due_is_left_as_it_is():
    page = page_with("title: T\nnext_review_due: 2026-11-25  # agreed with the team\n")
    signed = sign_off(page, PATH, REVIEWER, ON, TODAY)
    assert "next_review_due: 2026-11-25  # agreed with the team\n" in signed


def test_a_page_without_front_matter_is_refused():
    assert refusal("# Relapses\n") == (
        "docs/relapses.md:1: The page has no front matter. Start the file with a '---' line, the keys "
        "title, description, last_reviewed, reviewed_by and last_updated, and another '---' line."
    )


def test_unparsable_front_matter_is_refused():
    assert refusal(page_with("title: [unclosed\nlast_reviewed: 2018-04-01\n")) == (
        "docs/relapses.md:3: The front matter is not valid YAML (did not find expected ',' or ']'). "
        "Write each setting as 'key: value' on its own line; put quotes around a value that contains "
        "a colon."
    )


@pytest.mark.parametrize(
    "front_matter, message",
    [
        (
            "title: T\nlast_reviewed: >-\n  2018-04-01\n",
            "docs/relapses.md:3: 'last_reviewed' is not written on one line, as 'last_reviewed: value', so the "
            "sign-off cannot replace it safely. Write it on one line, then sign off again.",
        ),
        (
            "title: T\nreviewed_by: Clinical review of the\n  source article\n",
            "docs/relapses.md:3: 'reviewed_by' is not written on one line, as 'reviewed_by: value', so the "
            "sign-off cannot replace it safely. Write it on one line, then sign off again.",
        ),
        (
            "draft: |\n  yes\n",
            "docs/relapses.md:2: 'draft' is not written on one line, as 'draft: value', so the "
            "sign-off cannot replace it safely. Write it on one line, then sign off again.",
        ),
        (
            "{title: T, last_reviewed: 2018-04-01}\n",
            "docs/relapses.md:2: The front matter is written as one {...} mapping, which the sign-off cannot "
            "edit safely. Write each setting as 'key: value' on its own line.",
        ),
        (
            "title: T\nreview_history:\n  - date: 2026-01-01\n    by: A\n    role: B\n"
            '    text: "sha256:0123456789abcdef"\n',
            "docs/relapses.md:3: 'review_history' is not written one sign-off per line, so the sign-off cannot "
            'add to it safely. Write each sign-off on its own line, as - {date: YYYY-MM-DD, by: "Name", '
            'role: "Role", text: "sha256:..."}, then sign off again.',
        ),
        (
            "title: T\nreview_history: []\n",
            "docs/relapses.md:3: 'review_history' is not written one sign-off per line, so the sign-off cannot "
            'add to it safely. Write each sign-off on its own line, as - {date: YYYY-MM-DD, by: "Name", '
            'role: "Role", text: "sha256:..."}, then sign off again.',
        ),
        (
            'title: "Relapses\u2028and more"\n',
            "docs/relapses.md:2: The front matter has an unusual line break (U+2028), which the sign-off "
            "cannot edit safely. Replace it with an ordinary line break or a space.",
        ),
        # The anchor would go with the old date, and last_updated with it: caught by reading it back.
        (
            "last_reviewed: &reviewed 2018-04-01\nlast_updated: *reviewed\n",
            "docs/relapses.md: The sign-off could not be written without changing other settings of the front "
            "matter, so the page was left as it was. Set last_reviewed, reviewed_by and review_history by hand.",
        ),
        (
            'review_history:\n  - {date: 2026-02-30, by: "A", role: "B", text: "sha256:0123456789abcdef"}\n',
            "docs/relapses.md:3: review_history entry 1: 'date' is not a real date: '2026-02-30'. Write the date "
            "of the sign-off as YYYY-MM-DD, for example 2026-03-31.",
        ),
    ],
)
def test_front_matter_the_sign_off_cannot_edit_safely_is_refused(front_matter, message):
    assert refusal(page_with(front_matter)) == message


# Reading the history --------------------------------------------------------------------------


def test_each_malformed_history_entry_is_one_problem_at_its_line():
    fm, _ = split_front_matter(
        PATH,
        page_with(
            "title: T\n"
            "review_history:\n"
            '  - {date: 2026-02-01, by: "A", role: "B", text: "sha256:0123456789abcdef"}\n'
            '  - {date: 2026-03-01, by: "A", role: "B", text: "sha256:0123456789abcdef", rol: x}\n'
            '  - {date: 2026-03-01, by: "A", text: "sha256:0123456789abcdef"}\n'
            '  - {date: 2026-03-01, by: 3, role: "  ", text: "md5:0123"}\n'
            '  - {date: 1 March, by: "<i>A</i>", role: "B", text: "sha256:0123456789abcdef"}\n'
            "  - just a note\n"
            '  - {date: 2026-01-01, by: "A", role: "B", text: "sha256:0123456789abcdef"}\n'
            '  - {date: 2026-04-01, by: "C", role: "D", text: "sha256:fedcba9876543210"}\n'
        ),
    )
    entries, problems = history(PATH, fm)
    assert entries == [
        SignOff(dt.date(2026, 2, 1), "A", "B", "sha256:0123456789abcdef"),
        SignOff(dt.date(2026, 4, 1), "C", "D", "sha256:fedcba9876543210"),
    ]
    fix = (
        'Each sign-off is one line, - {date: YYYY-MM-DD, by: "Name", role: "Role", text: '
        '"sha256:..."}, written by make review: restore it as it was.'
    )
    assert [str(p) for p in problems] == [
        "docs/relapses.md:5: review_history entry 2 has an unknown field 'rol'. Remove it: a sign-off "
        "has only date, by, role, recorded_by and text. Did you mean 'role'?",
        f"docs/relapses.md:6: review_history entry 3 has no 'role'. {fix}",
        f"docs/relapses.md:7: review_history entry 4: 'by' must be text, not 3. {fix}",
        f"docs/relapses.md:7: review_history entry 4: 'role' is empty. {fix}",
        "docs/relapses.md:7: review_history entry 4: 'text' is not a fingerprint of the page: 'md5:0123'. "
        "It is 'sha256:' and 16 hex digits, written by make review: restore it as it was.",
        "docs/relapses.md:8: review_history entry 5: 'date' is not a real date: '1 March'. Write the "
        "date of the sign-off as YYYY-MM-DD, for example 2026-03-31.",
        "docs/relapses.md:8: review_history entry 5: 'by' contains HTML ('<i>'). Write plain text: no tags.",
        f"docs/relapses.md:9: review_history entry 6 is not a sign-off: 'just a note'. {fix}",
        "docs/relapses.md:10: review_history entry 7 (2026-01-01) is dated before the sign-off above it "
        "(2026-02-01). Keep the sign-offs oldest first, as make review writes them.",
    ]
    assert all(p.kind == "frontmatter-type" for p in problems)


def test_a_history_that_is_not_a_list_is_one_problem():
    fm, _ = split_front_matter(PATH, page_with("title: T\nreview_history: signed by Dr A\n"))
    assert [str(p) for p in history(PATH, fm)[1]] == [
        "docs/relapses.md:3: 'review_history' must be a list of sign-offs, not 'signed by Dr A'. Each "
        'sign-off is one line, - {date: YYYY-MM-DD, by: "Name", role: "Role", text: "sha256:..."}, '
        "written by make review: restore it as it was."
    ]


def test_a_page_without_history_has_no_sign_offs_and_no_problems():
    fm, _ = split_front_matter(PATH, PAGE)
    assert history(PATH, fm) == ([], [])


def test_a_history_line_reads_back_as_the_same_sign_off():
    entry = SignOff(ON, 'Dr "Q" \\ Ørsted', "MS nurse: specialist", "sha256:0123456789abcdef")
    fm, _ = split_front_matter(PATH, page_with(f"review_history:\n  - {history_line(entry)}\n"))
    assert history(PATH, fm) == ([entry], [])
    assert entry.reviewed_by == 'Dr "Q" \\ Ørsted, MS nurse: specialist'


# The fingerprint of the words --------------------------------------------------------------

BODY = (
    "# Managing relapses\n\nA relapse is new or worse symptoms that last\nmore than 24 hours. "
    "See [the NHS](https://www.nhs.uk/conditions/multiple-sclerosis/).\n\n- Rest\n- Steroids\n"
)


def test_the_fingerprint_is_sha256_of_the_lowercased_words_cut_to_16_hex_digits():
    words = (
        "managing relapses a relapse is new or worse symptoms that last more than 24 hours see the "
        "nhs https www nhs uk conditions multiple sclerosis rest steroids"
    )
    assert text_fingerprint(BODY) == "sha256:" + hashlib.sha256(words.encode()).hexdigest()[:16]


@pytest.mark.parametrize(
    "edited",
    [
        BODY.replace("is new", "is **new**"),
        BODY.replace("is new", "is _new_"),
        BODY.replace("is new", "is __new__"),
        BODY.replace("last\nmore", "last more"),
        BODY.replace("that last\n", "that\nlast\n"),
        BODY.replace("- ", "* "),
        BODY.replace("# Managing", "## Managing"),
        BODY.replace("# Managing relapses", "Managing relapses\n================="),
        BODY.replace("\n\n", "\n\n\n\n"),
        BODY.replace("\n", "   \n"),
        BODY.replace("\n", "\r\n"),
        BODY.replace("See", "<!-- Checked with Dr A, 2026 -->\nSee"),
        BODY.replace("A relapse", "A\u00a0relapse"),
    ],
    ids=[
        "bold",
        "italic",
        "underscore bold",
        "unwrapped",
        "rewrapped",
        "list marker",
        "heading level",
        "setext heading",
        "blank lines",
        "trailing spaces",
        "crlf",
        "html comment",
        "no-break space",
    ],
)
def test_formatting_only_edits_keep_the_fingerprint(edited):
    assert text_fingerprint(edited) == text_fingerprint(BODY)


@pytest.mark.parametrize(
    "edited",
    [
        BODY.replace("new or worse", "sudden"),
        BODY.replace("worse", "better"),
        BODY.replace("24", "48"),
        BODY.replace("www.nhs.uk", "www.nhs.net"),
        BODY.replace("- Steroids\n", ""),
        BODY.replace("See", "<!-- unclosed\nSee"),
    ],
    ids=["words", "word", "number", "link address", "list item", "unclosed comment"],
)
def test_a_changed_word_number_or_address_changes_the_fingerprint(edited):
    assert text_fingerprint(edited) != text_fingerprint(BODY)


def test_composed_and_decomposed_accents_are_the_same_word():
    assert text_fingerprint("Caf\u00e9 au lait") == text_fingerprint("Cafe\u0301 au lait")


WORDS = st.lists(st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8), min_size=1, max_size=20)
FORMATTING = st.lists(
    st.sampled_from(
        [
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "\r\n",
            "*",
            "**",
            "_",
            "__",
            "`",
            "\n- ",
            "\n* ",
            "\n## ",
            "> ",
            "<!-- note 1 -->",
        ]
    ),
    min_size=1,
    max_size=4,
).map("".join)


@settings(deadline=None)  # a busy machine is not a failure
@given(words=WORDS, data=st.data())
def test_whitespace_and_emphasis_between_words_keep_the_fingerprint(words, data):
    formatted = data.draw(FORMATTING)
    for word in words:
        formatted += word + data.draw(FORMATTING)
    assert text_fingerprint(formatted) == text_fingerprint(" ".join(words))


FRONT_MATTER_PIECES = [
    "title: T\n",
    "last_reviewed: 2018-04-01\n",
    "last_reviewed:\n",
    "reviewed_by: 'X, y'  # c\n",
    "draft: true\n",
    "review_history:\n",
    '  - {date: 2018-05-01, by: "A", role: "B", text: "sha256:0123456789abcdef"}\n',
    '- {date: 2018-06-01, by: "A", role: "B", text: "sha256:0123456789abcdef"}\n',
    "# a comment\n",
    "\n",
    "  nested: 1\n",
    "next_review_due: 2030-01-01\n",
    "a: &x 1\n",
    "b: *x\n",
    "<<: {c: 1}\n",
    "last_updated: |\n  2020\n",
    "k: [1,\n",
    "  2]\n",
    "\t\n",
    "? q\n",
    ": v\n",
    'reviewed_by: "a\n  b"\n',
    "review_history: []\n",
    "  - x\n",
    'title: "\u2028"\n',
    "...\n",
]


@settings(deadline=None)
@given(
    pieces=st.lists(st.sampled_from(FRONT_MATTER_PIECES), max_size=10),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_any_front_matter_is_either_signed_off_as_intended_or_refused_in_one_line(pieces, newline, bom):
    page = ("\ufeff" if bom else "") + ("---\n" + "".join(pieces) + "---\nWords.\n").replace("\n", newline)
    try:
        signed = sign_off(page, PATH, REVIEWER, ON, TODAY)
    except SignOffRefused as refused:
        assert "\n" not in str(refused) and str(refused).startswith(PATH)
        return
    assert signed.startswith("\ufeff") is bom
    assert signed.endswith(newline + "Words." + newline)
    if newline == "\r\n":
        assert signed.count("\n") == signed.count("\r\n")
    before, _ = split_front_matter(PATH, page.replace("\r\n", "\n"))
    fm, problems = split_front_matter(PATH, signed.replace("\r\n", "\n"))
    assert problems == []
    body = signed.replace("\r\n", "\n")[fm.body_offset :]
    assert body == page.replace("\r\n", "\n")[before.body_offset :]
    entries, problems = history(PATH, fm)
    assert problems == [] and entries[-1] == SignOff(ON, "Dr Jane Doe", "MS nurse specialist", text_fingerprint(body))
    assert (fm.data["last_reviewed"], fm.data["reviewed_by"]) == ("2026-11-24", REVIEWER)
    assert "draft" not in fm.data


def test_a_sign_off_recorded_on_github_names_the_account_beside_the_reviewer():
    new = sign_off(PAGE, PATH, REVIEWER, ON, TODAY, recorded_by="octo-cat")
    assert (
        '  - {date: 2026-11-24, by: "Dr Jane Doe", role: "MS nurse specialist", recorded_by: "octo-cat", text: "sha256:'
        in new
    )
    fm, _ = split_front_matter(PATH, new)
    entries, problems = history(PATH, fm)
    assert problems == [] and entries[-1].recorded_by == "octo-cat" and entries[-1].by == "Dr Jane Doe"


@pytest.mark.parametrize("account", ["", "octo cat", "-octo", "a" * 40, "octo\n", "$(id)", "octo--cat"])
def test_an_account_that_is_not_a_github_name_is_refused(account):
    with pytest.raises(SignOffRefused, match="is not a GitHub account name"):
        sign_off(PAGE, PATH, REVIEWER, ON, TODAY, recorded_by=account)


def test_a_recorded_by_that_is_not_an_account_is_a_problem_at_its_line():
    page = page_with(
        'title: T\nreview_history:\n  - {date: 2026-01-01, by: "A", role: "B", recorded_by: "x y", '
        'text: "sha256:0123456789abcdef"}\n'
    )
    fm, _ = split_front_matter(PATH, page)
    entries, problems = history(PATH, fm)
    assert entries == []
    assert [str(p) for p in problems] == [
        "docs/relapses.md:4: review_history entry 1: 'recorded_by' is not a GitHub account: 'x y'. It is the "
        "account that started the sign-off workflow, written by it: restore it as it was."
    ]
