"""What GitHub shows of a build: one annotation per problem, and a summary of the run in Markdown.

Pure functions, no I/O: scripts/build.py prints the annotations and appends the summary to the
file named by $GITHUB_STEP_SUMMARY.
"""

from __future__ import annotations

import re

from guide.problems import Problem, Severity, visible

# GitHub's workflow command for each severity; `ignore` never reaches here.
COMMAND_OF = {Severity.ERROR: "error", Severity.WARN: "warning", Severity.NOTICE: "notice"}


def escape_data(text: str) -> str:
    """A command's message, escaped as @actions/core does (`escapeData` in command.ts)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value (`escapeProperty`): `:` and `,` would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """`::error file=docs/x.md,line=12,title=citation-unknown::What is wrong. How to fix it.`"""
    severity = Severity(problem.severity)
    if severity not in COMMAND_OF:
        raise ValueError(f"{problem.kind}: a problem with severity '{severity.value}' is not shown.")
    properties = {"file": problem.path, "line": str(problem.line) if problem.line else "", "title": problem.kind}
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    message = visible(" ".join(part for part in (problem.what, problem.fix) if part))
    return f"::{COMMAND_OF[severity]} {listed}::{escape_data(message)}"


# Everything Markdown or HTML could read as markup, written as a character reference: a page
# title or a message shows as typed, and cannot add a link, an image, HTML, code or a table cell.
MARKDOWN_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "`": "&#96;",
        "[": "&#91;",
        "]": "&#93;",
        "|": "&#124;",
        "\\": "&#92;",
        "*": "&#42;",
        "_": "&#95;",
        "~": "&#126;",
    }
)


# What GitHub makes live after rendering: a mention (@name, @org/team, which notifies), an issue
# or pull request reference (#12, GH-12, owner/repo#12, which adds a "mentioned" event there),
# a bare address (https://..., www.) or an e-mail address (a link). Backslash escapes and
# character references do not stop them (github/cmark-gfm#181); GitHub skips code, so each such
# word goes in a code span, where it shows as typed. A word: no space, backtick or table pipe,
# and no quotes or brackets around it. Words first, then the mark in each: one pattern for both
# tried every start in a long word again (seconds for a 1,000-letter word in a problem's text).
_WORD = re.compile(r"[^\s`|'\"()<>\[\]{}]+")
_LIVE_MARK = re.compile(r"@|#\d|\bGH-\d|://|\bwww\.|\b(?:mailto|xmpp):", re.IGNORECASE)


def _live_words_as_code(text: str, rest=lambda part: part) -> str:
    """text with each live word in a code span (a sentence's full stop or comma after it left
    out), and rest applied to the text between them."""
    out, last = [], 0
    for live in _WORD.finditer(text):
        word = live.group(0)
        if not _LIVE_MARK.search(word):
            continue
        core = word.rstrip(".,;:!?")
        if not _LIVE_MARK.search(core):
            core = word
        out += [rest(text[last : live.start()]), f"`{core}`"]
        last = live.start() + len(core)
    return "".join([*out, rest(text[last:])])


def inert_text(text: str) -> str:
    """Plain text (an issue's title) with each word GitHub would make live in a code span."""
    return _live_words_as_code(text)


def markdown_text(text) -> str:
    """Plain text that stays plain inside Markdown, on one line (so a table row cannot break):
    markup shown as typed, and no mention, reference or bare link (see _LIVE_MARK)."""
    return _live_words_as_code(" ".join(str(text).splitlines()), lambda part: part.translate(MARKDOWN_ESCAPES))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def verdict(counts: dict) -> str:
    """`✅ No problems`, `✅ No errors, 9 warnings` or `❌ 3 errors, 1 warning`."""
    errors, warnings, notices = (counts.get(key, 0) for key in ("error", "warn", "notice"))
    others = [plural(n, word) for n, word in ((warnings, "warning"), (notices, "notice")) if n]
    if errors:
        return "❌ " + ", ".join([plural(errors, "error"), *others])
    if others:
        return "✅ No errors, " + ", ".join(others)
    return "✅ No problems"


SEVERITY_LABEL = {"error": "❌ error", "warn": "⚠️ warning", "notice": "ℹ️ notice"}
REVIEW_LABEL = {"current": "✅ current", "due soon": "🔔 due soon", "overdue": "⏰ overdue"}
SEVERITY_ORDER = ("error", "warn", "notice")

# GitHub keeps at most 1 MiB of summary per step and drops a bigger one whole; far below that,
# a summary with thousands of problems is cut short, with a pointer to the report.
SUMMARY_LIMIT_BYTES = 900_000


def table(headings: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    """A GitHub Markdown table; cells must already be escaped."""
    align = ["---:" if i in right else "---" for i in range(len(headings))]
    return ["| " + " | ".join(row) + " |" for row in [headings, align, *rows]]


def problem_rows(problems: list[dict]) -> list[list[str]]:
    """Errors first, then warnings, then notices; in the report's order within each."""
    ordered = sorted(
        problems,
        key=lambda p: SEVERITY_ORDER.index(p["severity"]) if p["severity"] in SEVERITY_ORDER else len(SEVERITY_ORDER),
    )
    rows = []
    for p in ordered:
        where = f"{p['path']}:{p['line']}" if p.get("line") else p["path"]
        message = " ".join(part for part in (p.get("what", ""), p.get("fix", "")) if part)
        rows.append(
            [
                SEVERITY_LABEL.get(p["severity"], markdown_text(p["severity"])),
                markdown_text(where),
                markdown_text(message),
            ]
        )
    return rows


def page_rows(pages: list[dict]) -> list[list[str]]:
    rows = []
    for page in pages:
        review = page.get("review") or {}
        state = review.get("state")
        rows.append(
            [
                markdown_text(page["path"]),
                markdown_text(page.get("title", "")),
                str(page.get("words", 0)),
                f"{page['reading_grade']:.1f}" if page.get("reading_grade") is not None else "not measured",
                REVIEW_LABEL.get(state, markdown_text(state)) if state else ("📝 draft" if page.get("draft") else "-"),
                markdown_text(review.get("last_reviewed", "-")),
                markdown_text(review.get("next_review_due", "-")),
            ]
        )
    return rows


def links_line(links: dict) -> str:
    internal = f"{links.get('internal_checked', 0)} links between pages checked"
    found = links.get("external_found", 0)
    if links.get("external_checked"):
        external = f"{found} links to other websites checked"
    else:
        external = f"{found} links to other websites found, not checked here (the weekly link check does that)"
    return f"**Links:** {internal}; {external}."


# At most this many files are named: the rest are counted.
MAX_FILES_NAMED = 50


def touched_lines(changed: list[str], code: list[str]) -> list[str]:
    """What a pull request touches, said plainly: content only, or code and configuration,
    each file named (escaped: a file name is data)."""
    if not changed:
        return []
    if not code:
        return [f"**This change touches content only:** {plural(len(changed), 'file')} in docs/.", ""]
    lines = [
        "### ⚠️ This change touches code or configuration",
        "",
        f"{plural(len(code), 'file')} outside docs/: what the build runs or publishes can change. A "
        "maintainer must read every line of them before merging, even when the check passes.",
        "",
        *(f"- {markdown_text(name)}" for name in code[:MAX_FILES_NAMED]),
    ]
    if len(code) > MAX_FILES_NAMED:
        lines.append(f"- … and {len(code) - MAX_FILES_NAMED} more")
    return [*lines, ""]


def step_summary(report: dict, touched: list[str] | None = None) -> str:
    """The run in GitHub Markdown, from `BuildReport.as_dict()`: the verdict, what the change
    touches (`touched_lines`, when the files it changes are known), every problem, every page
    with its reading grade and review dates, and the links checked."""
    problems = report.get("problems", [])
    head = [f"## {verdict(report.get('counts', {}))}", "", *(touched or [])]
    if problems:
        head += [
            "Errors stop the guide from being published; warnings and notices do not. "
            "Each problem says where it is and how to fix it.",
            "",
        ]
    pages = report.get("pages", [])
    tail = [""]
    if pages:
        tail += [
            f"### Pages ({len(pages)})",
            "",
            *table(
                ["Page", "Title", "Words", "Reading grade", "Review", "Last reviewed", "Next review due"],
                page_rows(pages),
                right=(2, 3),
            ),
            "",
        ]
    due = [p for p in pages if (p.get("review") or {}).get("state") in ("overdue", "due soon")]
    if due:
        tail += [
            f"**{plural(len(due), 'page')} due for review or overdue.** When a named health professional has "
            "reviewed a page, record their sign-off: open the **Actions** tab, choose **Sign off a page** and "
            "click **Run workflow** (see CONTRIBUTING.md). Do not change the review dates by hand.",
            "",
        ]
    tail += [links_line(report.get("links", {})), ""]

    rows = table(["", "Where", "Problem and how to fix it"], problem_rows(problems))
    budget = SUMMARY_LIMIT_BYTES - len("\n".join(head + tail).encode()) - 200
    kept = []
    for row in rows:
        budget -= len(row.encode()) + 1
        if budget < 0:
            break
        kept.append(row)
    left_out = len(rows) - len(kept)
    middle = []
    if problems:
        middle = [f"### Problems ({len(problems)})", "", *kept]
        if left_out:
            middle += ["", f"… and {left_out} more problems: the report (report.json) lists them all."]
    return "\n".join(head + middle + tail)
