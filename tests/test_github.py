"""What GitHub shows: annotation lines, the run summary, and the issue planner (reminders)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from guide.github.annotations import (
    MAX_FILES_NAMED,
    github_command,
    markdown_text,
    step_summary,
    touched_lines,
    verdict,
)
from guide.github.changes import code_or_configuration, read_changed_files
from guide.governance.reminders import (
    LINKS_LABEL,
    LINKS_MARKER,
    LINKS_TITLE,
    REVIEW_LABEL,
    Action,
    broken_links_in,
    page_url,
    plan_links,
    plan_reviews,
    review_body,
    review_marker,
)
from guide.problems import Problem, Severity

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 24)
SITE = "https://ms-treatment-guide.github.io/guide/"


# --- annotations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "severity, line",
    [
        (
            Severity.ERROR,
            "::error file=docs/x.md,line=12,title=citation-unknown::"
            "Unknown citation key 'lepage2051'. Use a key from the bibliography.",
        ),
        (
            Severity.WARN,
            "::warning file=docs/x.md,line=12,title=citation-unknown::"
            "Unknown citation key 'lepage2051'. Use a key from the bibliography.",
        ),
        (
            Severity.NOTICE,
            "::notice file=docs/x.md,line=12,title=citation-unknown::"
            "Unknown citation key 'lepage2051'. Use a key from the bibliography.",
        ),
    ],
)
def test_an_annotation_per_severity(severity, line):
    problem = Problem(
        "citation-unknown",
        "docs/x.md",
        12,
        "Unknown citation key 'lepage2051'.",
        "Use a key from the bibliography.",
        severity,
    )
    assert github_command(problem) == line


def test_an_annotation_without_a_line_names_only_the_file():
    problem = Problem("config", "mkdocs.yml", 0, "Bad setting.", "Fix it.")
    assert github_command(problem) == "::error file=mkdocs.yml,title=config::Bad setting. Fix it."


def test_an_annotation_escapes_as_the_runner_reads_it():
    problem = Problem(
        "link-invalid", "docs/a,b:c%d.md", 3, "100% wrong: a, b\r\nnext line", "Fix: this.\nNow.", Severity.WARN
    )
    assert github_command(problem) == (
        "::warning file=docs/a%2Cb%3Ac%25d.md,line=3,title=link-invalid::"
        "100%25 wrong: a, b%0D%0Anext line Fix: this.%0ANow."
    )


def test_a_newline_in_a_message_cannot_start_another_workflow_command():
    problem = Problem("unsafe-html", "docs/x.md", 1, "x\n::add-mask::secret\n::stop-commands::t", "")
    line = github_command(problem)
    assert "\n" not in line and "\r" not in line and line.count("::") == 2 + 4  # all in the message
    assert line.startswith("::error file=docs/x.md,line=1,title=unsafe-html::x%0A::add-mask::")


def test_a_hidden_character_quoted_in_a_message_is_shown_as_its_escape():
    # A right-to-left override or an escape sequence from a page would reorder or colour the
    # line in a terminal and on GitHub.
    problem = Problem("citation-unknown", "docs/x.md", 4, "Unknown citation key 'a\u202eb\x1b[2J'.", "Fix.")
    assert str(problem) == "docs/x.md:4: Unknown citation key 'a\\u202eb\\x1b[2J'. Fix."
    assert github_command(problem).endswith("::Unknown citation key 'a\\u202eb\\x1b[2J'. Fix.")


def test_an_ignored_problem_is_never_an_annotation():
    with pytest.raises(ValueError):
        github_command(Problem("mkdocs", "docs/x.md", 1, "x", "y", Severity.IGNORE))


# --- the run summary ---------------------------------------------------------------------------


def problem(kind="citation-unknown", path="docs/x.md", line=12, what="What.", fix="Fix.", severity="error") -> dict:
    return Problem(kind, path, line, what, fix, Severity(severity)).as_dict()


def page(
    path="docs/relapses.md",
    title="Managing relapses",
    due="2027-01-01",
    reviewed="2024-01-01",
    by="Dr A. Nurse",
    state="due soon",
) -> dict:
    return {
        "path": path,
        "title": title,
        "words": 512,
        "reading_grade": 6.04,
        "cites": [],
        "review": {
            "state": state,
            "last_reviewed": reviewed,
            "reviewed_by": by,
            "next_review_due": due,
            "last_updated": reviewed,
        },
    }


def report(problems=(), pages=(), today=TODAY, external_checked=False) -> dict:
    problems = list(problems)
    counts = {s: sum(p["severity"] == s for p in problems) for s in ("error", "warn", "notice")}
    return {
        "command": "check",
        "today": today.isoformat(),
        "strict": False,
        "exit_code": 1 if counts["error"] else 0,
        "counts": counts,
        "problems": problems,
        "pages": list(pages),
        "outputs": [],
        "links": {
            "internal_checked": 248,
            "external_found": 15,
            "external_checked": external_checked,
            "external_requests": 0,
            "external_from_cache": 0,
            "external_ignored": 0,
        },
    }


def summary_lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({"error": 0, "warn": 0, "notice": 0}, "✅ No problems"),
        ({"error": 3, "warn": 1, "notice": 0}, "❌ 3 errors, 1 warning"),
        ({"error": 1, "warn": 0, "notice": 2}, "❌ 1 error, 2 notices"),
        ({"error": 0, "warn": 9, "notice": 1}, "✅ No errors, 9 warnings, 1 notice"),
    ],
)
def test_the_verdict(counts, expected):
    assert verdict(counts) == expected


def test_the_summary_of_a_clean_run():
    text = step_summary(report(pages=[page(state="current", due="2029-01-01")]))
    lines = summary_lines(text)
    assert lines[0] == "## ✅ No problems"
    assert "### Problems" not in text
    assert ("| docs/relapses.md | Managing relapses | 512 | 6.0 | ✅ current | 2024-01-01 | 2029-01-01 |") in lines
    assert (
        "**Links:** 248 links between pages checked; 15 links to other websites found, not "
        "checked here (the weekly link check does that)."
    ) in lines


def test_the_summary_points_to_the_sign_off_workflow_when_a_page_is_due_and_only_then():
    text = step_summary(report(pages=[page(state="overdue", due="2021-04-01")]))
    assert (
        "**1 page due for review or overdue.** When a named health professional has reviewed a page, record "
        "their sign-off: open the **Actions** tab, choose **Sign off a page** and click **Run workflow** (see "
        "CONTRIBUTING.md). Do not change the review dates by hand."
    ) in summary_lines(text)
    assert "Sign off a page" not in step_summary(report(pages=[page(state="current", due="2029-01-01")]))


def test_the_summary_shows_a_draft_as_a_draft():
    draft = {**page(path="docs/new.md", title="New page"), "draft": True, "review": None}
    assert "| docs/new.md | New page | 512 | 6.0 | 📝 draft | - | - |" in step_summary(report(pages=[draft]))


def test_the_summary_lists_every_problem_errors_first():
    problems = [
        problem(severity="notice", what="Third."),
        problem(severity="warn", what="Second."),
        problem(path="docs/y.md", line=0, what="First."),
    ]
    lines = summary_lines(step_summary(report(problems)))
    assert lines[0] == "## ❌ 1 error, 1 warning, 1 notice"
    start = lines.index("### Problems (3)")
    assert lines[start + 2 : start + 7] == [
        "|  | Where | Problem and how to fix it |",
        "| --- | --- | --- |",
        "| ❌ error | docs/y.md | First. Fix. |",
        "| ⚠️ warning | docs/x.md:12 | Second. Fix. |",
        "| ℹ️ notice | docs/x.md:12 | Third. Fix. |",
    ]


def test_the_summary_lists_more_problems_than_github_annotates():
    problems = [problem(line=n, what=f"Problem number {n}.") for n in range(1, 26)]
    text = step_summary(report(problems))
    rows = [line for line in summary_lines(text) if line.startswith("| ❌ error |")]
    assert len(rows) == 25
    for n in range(1, 26):
        assert f"| ❌ error | docs/x.md:{n} | Problem number {n}. Fix. |" in rows


def test_a_hostile_message_or_title_cannot_break_the_summary():
    hostile = "a | b <script>alert(1)</script> [x](javascript:y) `code` ![i](http://e/i.png)\nline2"
    problems = [problem(what=hostile, path="docs/a|b.md")]
    text = step_summary(report(problems, pages=[page(title=hostile)]))
    # The only code spans are the summary's own, around a bare address (see the next test).
    assert re.findall(r"`[^`]*`", text) == ["`http://e/i.png`"] * 2
    for forbidden in ("<script", "](", "`", "\nline2"):
        assert forbidden not in re.sub(r"`http://e/i.png`", "", text)
    assert "&#96;code&#96;" in text
    rows = [line for line in summary_lines(text) if line.startswith("| ❌ error")]
    assert len(rows) == 1 and rows[0].count("|") == 4  # three cells, no more
    page_row = next(line for line in summary_lines(text) if line.startswith("| docs/relapses.md"))
    assert page_row.count("|") == 8
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rows[0] and "a &#124; b" in rows[0]


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Ask @jdoe or @ms-team/nurses", "Ask `@jdoe` or `@ms-team/nurses`"),
        ("See #123, GH-4 and o/r#5.", "See `#123`, `GH-4` and `o/r#5`."),
        (
            "The link 'https://example.org/x' (www.example.org)",
            "The link '`https://example.org/x`' (`www.example.org`)",
        ),
        ("Write to jane@nhs.example or mailto:x", "Write to `jane@nhs.example` or `mailto:x`"),
        ("Step #one, 3 @ home", "Step #one, 3 `@` home"),
    ],
)
def test_mentions_references_and_bare_links_become_code_that_github_leaves_alone(text, shown):
    # GitHub notifies, cross-references and links these after rendering; it skips code (and
    # backslash escapes do not stop it: github/cmark-gfm#181).
    assert markdown_text(text) == shown


def test_a_page_title_cannot_mention_reference_or_link_in_its_review_issue():
    title = "Relapses @jdoe #12 https://evil.example/x"
    (action,) = plan([page(title=title)], [])
    assert action.title == "Review due: Relapses `@jdoe` `#12` `https://evil.example/x`"
    assert "**Relapses `@jdoe` `#12` `https://evil.example/x`**" in action.body
    assert re.sub(r"`[^`]*`", "", action.body).count("@") == 0
    for live in ("#12", "https://evil"):
        assert live not in re.sub(r"`[^`]*`", "", action.body)


def test_markdown_text_shows_markup_as_typed():
    assert markdown_text("a_b *c* ~d~ \\ & <i> [l] `c` |") == (
        "a&#95;b &#42;c&#42; &#126;d&#126; &#92; &amp; &lt;i&gt; &#91;l&#93; &#96;c&#96; &#124;"
    )


def test_a_huge_summary_is_cut_short_and_says_so():
    problems = [problem(line=n, what="x" * 1000) for n in range(1, 2001)]
    text = step_summary(report(problems))
    assert len(text.encode()) < 1024 * 1024
    assert "more problems: the report (report.json) lists them all." in text
    assert "**Links:**" in text  # the end of the summary is kept


def test_a_long_word_in_a_problem_is_made_inert_in_time_proportional_to_its_length():
    # A pattern that tried each start of a long word again took minutes on 2,000 such problems.
    started = time.perf_counter()
    text = markdown_text("x" * 200_000 + " @team " + "y" * 200_000)
    assert "`@team`" in text
    assert time.perf_counter() - started < 2  # quadratic: hours


# --- what a pull request touches -------------------------------------------------------------


def touched(files: list[str]) -> list[str]:
    return touched_lines(files, code_or_configuration(files))


def test_a_change_to_pages_and_data_only_is_said_to_touch_content_only():
    files = ["docs/relapses.md", "docs/_data/glossary.yml", "docs/pictures/nurse.png"]
    text = step_summary(report(), touched(files))
    assert "**This change touches content only:** 3 files in docs/." in summary_lines(text)
    assert "code or configuration" not in text


@pytest.mark.parametrize(
    "name",
    [
        "mkdocs.yml",
        "overrides/main.html",
        "scripts/guide/safety.py",
        ".github/workflows/pr.yml",
        "Makefile",
        "requirements.txt",
        "docs.yml",
        "documents/x.md",
        "README.md",
    ],
)
def test_any_file_outside_docs_is_said_plainly_to_be_code_or_configuration(name):
    lines = summary_lines(step_summary(report(), touched(["docs/relapses.md", name])))
    assert lines[:2] == ["## ✅ No problems", ""]
    assert lines[2] == "### ⚠️ This change touches code or configuration"  # before anything else
    assert f"- {markdown_text(name)}" in lines and "- docs/relapses.md" not in lines


def test_a_hostile_file_name_is_shown_as_typed_and_stays_one_line():
    hostile = "scripts/x.py\n## ✅ No problems <img src=x onerror=alert(1)> [a](javascript:b) `c` @team"
    lines = summary_lines(step_summary(report(), touched([hostile])))
    named = [line for line in lines if line.startswith("- ")]
    assert len(named) == 1 and "<img" not in named[0] and "](" not in named[0] and "`c`" not in named[0]
    assert "`@team`" in named[0]  # a mention is shown as code: it notifies nobody
    assert lines.count("## ✅ No problems") == 1


def test_a_long_list_of_changed_files_names_the_first_and_counts_the_rest():
    files = [f"scripts/module_{n}.py" for n in range(MAX_FILES_NAMED + 7)]
    lines = summary_lines(step_summary(report(), touched(files)))
    assert len([line for line in lines if line.startswith("- scripts")]) == MAX_FILES_NAMED
    assert "- … and 7 more" in lines


def test_without_the_list_of_changed_files_the_summary_says_nothing_about_it():
    assert "touches" not in step_summary(report())
    assert touched_lines([], []) == []


def test_the_changed_files_are_read_as_git_writes_them_with_nul_or_newlines(tmp_path):
    listed = tmp_path / "changed"
    listed.write_bytes(b"docs/a b.md\0scripts/new\nline.py\0mkdocs.yml\0")
    assert read_changed_files(listed) == ["docs/a b.md", "scripts/new\nline.py", "mkdocs.yml"]
    listed.write_bytes(b"docs/a.md\nMakefile\n")
    assert read_changed_files(listed) == ["docs/a.md", "Makefile"]
    listed.write_bytes(b"docs/" + b"x" * 2_000_000)
    assert read_changed_files(listed)[-1] == "... (the list is longer)"


@pytest.mark.fixtures
def test_the_check_on_a_pull_request_says_in_its_summary_that_the_change_touches_code(tmp_path):
    from conftest import run_build

    summary, listed = tmp_path / "summary.md", tmp_path / "changed-files"
    listed.write_bytes(b"docs/index.md\0mkdocs.yml\0overrides/evil `x`.html\0")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_build("check", "--today", "2026-01-01", "--changed-files", str(listed), fixture="good", env=env)
    assert result.returncode == 0, result.stderr
    text = summary.read_text()
    assert "### ⚠️ This change touches code or configuration" in text
    assert "- mkdocs.yml" in text and "- overrides/evil &#96;x&#96;.html" in text
    missing = run_build("check", "--changed-files", str(tmp_path / "gone"), fixture="good", env=env)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert missing.stderr.startswith(f"--changed-files {tmp_path / 'gone'}: cannot read it")


# --- review reminders --------------------------------------------------------------------------


def issue(
    number: int, path: str, body: str | None = None, title: str = "Review due: Old title", labels=(REVIEW_LABEL,)
) -> dict:
    return {
        "number": number,
        "title": title,
        "body": body if body is not None else review_marker(path) + "\nold text",
        "labels": [
            {"id": f"L{n}", "name": name, "description": "", "color": "ededed"} for n, name in enumerate(labels)
        ],
    }


def plan(pages, issues, today=TODAY, window=90):
    return plan_reviews(report(pages=pages), issues, today, window, SITE)


def kinds(actions: list[Action]) -> list[tuple]:
    return [(a.kind, a.issue_number, a.title) for a in actions]


@pytest.mark.parametrize(
    "path, url",
    [
        ("docs/relapses.md", "relapses/"),
        ("docs/index.md", ""),
        ("docs/care/index.md", "care/"),
        ("docs/care/at home.md", "care/at%20home/"),
    ],
)
def test_page_url(path, url):
    assert page_url(path) == url


def test_a_page_due_soon_gets_a_new_issue():
    actions = plan([page(due="2027-01-01")], [])
    assert kinds(actions) == [("open", None, "Review due: Managing relapses")]
    body = actions[0].body
    assert actions[0].labels == (REVIEW_LABEL,)
    assert body.startswith("<!-- guide-review: docs/relapses.md -->\n")
    for fact in (
        "https://ms-treatment-guide.github.io/guide/relapses/",
        "2024-01-01",
        "Dr A. Nurse",
        "2027-01-01",
        "due in 38 days on 2026-11-24",
        "make review PAGE=docs/relapses.md",
        "open the **Actions** tab, choose **Sign off a page**, click **Run workflow**",
    ):
        assert fact in body


def test_an_overdue_page_gets_an_issue_that_says_so():
    actions = plan([page(due="2021-04-01", state="overdue")], [])
    assert kinds(actions) == [("open", None, "Review due: Managing relapses")]
    assert "overdue by 2,063 days on 2026-11-24" in actions[0].body
    assert "is overdue for review" in actions[0].body


def test_the_notice_window_decides():
    due = TODAY + dt.timedelta(days=90)
    assert kinds(plan([page(due=due.isoformat())], [], window=90))[0][0] == "open"
    assert plan([page(due=due.isoformat())], [], window=89) == []


def test_the_home_page_address_is_the_site_itself():
    body = plan([page(path="docs/index.md", title="Treating MS")], [])[0].body
    assert f"| Address | {SITE} |" in body.replace("&#95;", "_")  # ours: GitHub links it


def test_an_issue_already_open_with_the_same_text_is_left_alone():
    due = page()
    body = review_body(due, TODAY, SITE)
    assert plan([due], [issue(7, due["path"], body=body, title="Review due: Managing relapses")]) == []
    # GitHub may hand the body back with CRLF line ends.
    crlf = issue(7, due["path"], body=body.replace("\n", "\r\n"), title="Review due: Managing relapses")
    assert plan([due], [crlf]) == []


def test_an_issue_with_old_dates_or_an_old_title_is_updated():
    due = page()
    old = review_body(page(due="2026-12-31"), TODAY, SITE)
    actions = plan([due], [issue(7, due["path"], body=old, title="Review due: Managing relapses")])
    assert kinds(actions) == [("update", 7, "Review due: Managing relapses")]
    assert actions[0].body == review_body(due, TODAY, SITE)
    renamed = plan([due], [issue(7, due["path"], body=review_body(due, TODAY, SITE))])
    assert kinds(renamed) == [("update", 7, "Review due: Managing relapses")]


def test_a_signed_off_page_closes_its_issue():
    current = page(reviewed="2026-11-20", due="2029-11-20", state="current", by="Dr B. Consultant")
    actions = plan([current], [issue(7, current["path"])])
    assert kinds(actions) == [("close", 7, "Review due: Old title")]
    assert "last reviewed on 2026-11-20 by Dr B. Consultant" in actions[0].body


def test_an_issue_for_a_page_no_longer_in_the_guide_is_closed():
    actions = plan([page()], [issue(7, "docs/gone.md"), issue(8, "docs/relapses.md")])
    assert ("close", 7, "Review due: Old title") in kinds(actions)
    assert "docs/gone.md is no longer in the guide" in next(a for a in actions if a.issue_number == 7).body
    assert [a.kind for a in actions if a.issue_number == 8] == ["update"]


def test_duplicate_issues_for_a_page_keep_the_lowest_number():
    due = page()
    body = review_body(due, TODAY, SITE)
    title = "Review due: Managing relapses"
    issues = [
        issue(12, due["path"], body, title),
        issue(5, due["path"], body, title),
        issue(9, due["path"], body, title),
    ]
    actions = plan([due], issues)
    assert kinds(actions) == [("close", 9, title), ("close", 12, title)]
    assert all(a.body == "Closing: #5 already tracks this page." for a in actions)


def test_issues_are_found_by_marker_and_label_not_by_title():
    due = page()
    body = review_body(due, TODAY, SITE)
    someone_elses = issue(3, due["path"], body=body, title="Review due: Managing relapses", labels=())
    no_marker = issue(4, due["path"], body="Please review relapses", title="Review due: Managing relapses")
    assert kinds(plan([due], [someone_elses, no_marker])) == [("open", None, "Review due: Managing relapses")]


def test_a_hostile_title_or_path_cannot_escape_the_marker_or_the_table():
    hostile = page(path="docs/a --> <b>x</b>.md", title="T | <img src=x onerror=alert(1)>\nnext")
    action = plan([hostile], [])[0]
    assert action.title == "Review due: T | <img src=x onerror=alert(1)> next"  # titles are plain text
    first, *rest = action.body.splitlines()
    assert first == "<!-- guide-review: docs/a%20--%3E%20%3Cb%3Ex%3C/b%3E.md -->"
    assert "<" not in "\n".join(rest) and "-->" not in "\n".join(rest)
    page_row = next(line for line in rest if line.startswith("| Page |"))
    assert page_row.count("|") == 3
    # and the marker reads back as the same page: no duplicate next week
    assert plan([hostile], [issue(1, "", body=action.body, title=action.title)]) == []


def test_a_draft_gets_no_reminder_and_its_open_issue_is_closed():
    draft = {**page(), "draft": True}
    assert plan([draft], []) == []
    actions = plan([draft], [issue(7, draft["path"])])
    assert kinds(actions) == [("close", 7, "Review due: Old title")] and "draft" in actions[0].body


def test_the_issue_says_when_the_text_changed_since_the_review():
    changed = "The text has changed since the last review."
    assert changed in plan([{**page(), "changed_since_review": True}], [])[0].body
    assert changed not in plan([page()], [])[0].body


def test_a_page_without_review_dates_leaves_its_issue_alone():
    broken = {**page(), "review": None}
    assert plan([broken], [issue(7, broken["path"])]) == []


def test_a_report_without_pages_changes_nothing():
    with pytest.raises(ValueError, match="no pages"):
        plan([], [issue(7, "docs/relapses.md")])


# --- the broken-links issue --------------------------------------------------------------------

BROKEN = [
    problem(
        kind="external-broken",
        path="docs/relapses.md",
        line=40,
        what="The link 'https://example.org/gone' is broken (404 Not Found).",
        fix="Open it in a browser; update the address or remove the link.",
    ),
    problem(
        kind="external-broken",
        path="docs/symptoms.md",
        line=7,
        what="The link 'https://example.org/old' is broken (410 Gone).",
        fix="Open it.",
    ),
]


def link_issue(number: int, body: str = LINKS_MARKER + "\nold list", title: str = LINKS_TITLE) -> dict:
    return {"number": number, "title": title, "body": body, "labels": [{"name": LINKS_LABEL}]}


def test_broken_links_with_no_issue_open_one_that_lists_them_all():
    actions = plan_links(BROKEN, [], TODAY)
    assert kinds(actions) == [("open", None, LINKS_TITLE)]
    assert actions[0].labels == (LINKS_LABEL,)
    body = actions[0].body
    assert body.startswith(LINKS_MARKER + "\n")
    assert "| docs/relapses.md | 40 | The link '`https://example.org/gone`' is broken (404 Not Found). |" in body
    assert "| docs/symptoms.md | 7 | The link '`https://example.org/old`' is broken (410 Gone). |" in body


def test_broken_links_with_an_issue_open_update_it_only_when_the_list_changes():
    assert kinds(plan_links(BROKEN, [link_issue(21)], TODAY)) == [("update", 21, LINKS_TITLE)]
    current = plan_links(BROKEN, [], TODAY)[0].body
    assert plan_links(BROKEN, [link_issue(21, body=current)], TODAY) == []


def test_links_working_again_close_the_issue():
    actions = plan_links([], [link_issue(21)], TODAY)
    assert kinds(actions) == [("close", 21, LINKS_TITLE)]
    assert "passed on 2026-11-24" in actions[0].body
    assert plan_links([], [], TODAY) == []


def test_a_link_check_that_did_not_run_changes_nothing():
    assert plan_links(None, [link_issue(21)], TODAY) == []
    assert broken_links_in(None) is None
    assert broken_links_in(report(BROKEN, external_checked=False)) is None


def test_the_broken_links_are_read_from_the_link_report():
    redirect = problem(kind="external-redirect", severity="warn")
    assert broken_links_in(report([*BROKEN, redirect], external_checked=True)) == BROKEN
    assert broken_links_in(report([redirect], external_checked=True)) == []


def test_duplicate_link_issues_keep_the_lowest_number_and_review_issues_are_not_touched():
    review_issue = issue(2, "docs/relapses.md")
    actions = plan_links(BROKEN, [link_issue(30), link_issue(21), review_issue], TODAY)
    assert kinds(actions) == [("update", 21, LINKS_TITLE), ("close", 30, LINKS_TITLE)]


# --- the command line: scripts/reminders.py ------------------------------------------------------


def run_reminders(tmp_path: Path, *args: str, report_data=None, issues=(), path_env=None):
    (tmp_path / "report.json").write_text(
        json.dumps(report_data if report_data is not None else report(pages=[page()]))
    )
    (tmp_path / "issues.json").write_text(json.dumps(list(issues)))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if path_env:
        env["PATH"] = f"{path_env}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "reminders.py"),
            *args,
            "--report",
            str(tmp_path / "report.json"),
            "--issues",
            str(tmp_path / "issues.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )


@pytest.mark.fixtures
def test_the_command_line_prints_the_plan_with_mkdocs_yml_settings(tmp_path):
    done = run_reminders(tmp_path, "reviews")
    assert done.returncode == 0, done.stderr
    actions = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(a["kind"], a["title"], a["labels"]) for a in actions] == [
        ("open", "Review due: Managing relapses", [REVIEW_LABEL])
    ]
    assert "https://ms-treatment-guide.github.io/guide/relapses/" in actions[0]["body"]
    assert "on 2026-11-24" in actions[0]["body"]  # the report's date


@pytest.mark.fixtures
@pytest.mark.parametrize(
    "setting, refused",
    [
        ('site_url: !!python/object/apply:os.system ["touch ran.txt"]', "!!python/object/apply:os.system"),
        ("site_url: !ENV HOME", "!ENV"),
    ],
)
def test_the_reminder_script_reads_mkdocs_yml_safely_and_runs_nothing(tmp_path, setting, refused):
    # This job holds a token that writes issues: a tag in mkdocs.yml is refused, never run.
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Guide\n{setting}\nplugins:\n  - guide\n")
    done = run_reminders(tmp_path, "reviews", "--config-file", str(tmp_path / "mkdocs.yml"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"mkdocs.yml:2: The tag '{refused}'"), done.stderr
    assert not (tmp_path / "ran.txt").exists()


@pytest.mark.fixtures
def test_the_command_line_refuses_a_report_without_pages(tmp_path):
    done = run_reminders(tmp_path, "reviews", report_data=report())
    assert done.returncode == 2 and "no pages" in done.stderr and done.stdout == ""


@pytest.mark.fixtures
def test_the_command_line_changes_nothing_without_a_link_report(tmp_path):
    (tmp_path / "missing").mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "reminders.py"),
            "links",
            "--report",
            str(tmp_path / "missing" / "link-report.json"),
            "--issues",
            "/dev/stdin",
            "--apply",
        ],
        input="[]",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "Nothing to change" in done.stdout, done.stderr


FAKE_GH = """#!{python}
import json, sys
with open({log!r}, "a") as log:
    log.write(json.dumps({{"argv": sys.argv[1:], "stdin": None if sys.stdin.isatty() else sys.stdin.read()}}) + "\\n")
if sys.argv[1:3] == ["label", "list"]:
    print(json.dumps([{{"name": "bug"}}]))
elif sys.argv[1:3] == ["issue", "create"]:
    print("https://github.com/o/r/issues/99")
"""


@pytest.mark.fixtures
def test_apply_runs_gh_with_argument_lists_and_the_body_on_standard_input(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable, log=str(log)))
    gh.chmod(0o755)
    hostile = page(title="Relapses; $(touch pwned) `id`")
    symptoms = page(path="docs/symptoms.md", title="Managing symptoms")
    issues = [issue(7, "docs/gone.md"), issue(8, "docs/symptoms.md")]
    done = run_reminders(
        tmp_path, "reviews", "--apply", report_data=report(pages=[hostile, symptoms]), issues=issues, path_env=bin_dir
    )
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert [c["argv"][:2] for c in calls] == [
        ["label", "list"],
        ["label", "create"],
        ["issue", "create"],
        ["issue", "edit"],
        ["issue", "close"],
    ]
    assert calls[1]["argv"][2] == REVIEW_LABEL
    create, edit, close = calls[2:]
    assert create["argv"][2:] == [
        "--title=Review due: Relapses; $(touch pwned) `id`",
        "--body-file=-",
        f"--label={REVIEW_LABEL}",
    ]
    assert create["stdin"].startswith("<!-- guide-review: docs/relapses.md -->\nThe page **Relapses; ")
    assert edit["argv"][2:] == ["8", "--title=Review due: Managing symptoms", "--body-file=-"]
    assert edit["stdin"] == review_body(symptoms, TODAY, SITE)
    assert close["argv"][2] == "7" and close["argv"][3].startswith("--comment=The page ")
    assert not (tmp_path / "pwned").exists()
    assert done.stdout.splitlines() == [
        "open: https://github.com/o/r/issues/99 Review due: Relapses; $(touch pwned) `id`",
        "update: #8 Review due: Managing symptoms",
        "close: #7 Review due: Old title",
    ]


@pytest.mark.fixtures
def test_the_build_on_github_annotates_every_problem_and_writes_a_summary_naming_each(tmp_path):
    from conftest import run_build

    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_build("check", "--today", "2026-01-01", fixture="input-links-out", env=env)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=docs/index.md,line=13,title=link-invalid::The file '/images/x.png' is an absolute "
        "path, which breaks on the website and on the offline copy. Put the file under docs/ and use a "
        "relative path to it.",
        "::error file=docs/index.md,line=13,title=link-invalid::The link '../../x.png' points outside the "
        "guide's folder. Link to a page by its .md file name, with a path relative to this page.",
        "::error file=docs/index.md,line=15,title=link-invalid::The page contains the address "
        "'index.md%3Asteroids', whose scheme 'index.md:' is not a web, e-mail or phone address. Link to a "
        "page by its .md file name, or to an http, https, mailto or tel address.".replace("%3A", ":"),
        "::error file=docs/index.md,line=15,title=link-invalid::The page contains the address 'index:md', "
        "whose scheme 'index:' is not a web, e-mail or phone address. Link to a page by its .md file name, "
        "or to an http, https, mailto or tel address.",
        "::error file=docs/index.md,line=17,title=link-invalid::The link 'http://[fe80::1/x' is not a "
        "valid address. Correct it: a page's .md file name, or a whole web address.",
        "::error file=docs/index.md,line=17,title=link-invalid::The link 'http://example.org:99999/' is "
        "not a valid address. Correct it: a page's .md file name, or a whole web address.",
    ]
    text = summary.read_text()
    assert "## ❌ 6 errors" in text
    for needle in ("/images/x.png", "../../x.png", "index.md:steroids", "index:md", "fe80::1", "99999"):
        assert needle in text, needle
    assert text.count("| ❌ error | docs/index.md:1") == 6


@pytest.mark.fixtures
def test_json_format_prints_the_report_and_text_is_the_default_off_github():
    import json

    from conftest import run_build

    result = run_build("check", "--today", "2026-01-01", "--format", "json", fixture="citation-unknown")
    assert result.returncode == 1
    assert [p["kind"] for p in json.loads(result.stdout)["problems"]] == ["citation-unknown"]
    plain = run_build("check", "--today", "2026-01-01", fixture="citation-unknown", env={"GITHUB_ACTIONS": ""})
    assert plain.stdout.startswith("Errors (1):")
