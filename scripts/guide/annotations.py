"""What GitHub shows of a build: one annotation per problem, and a summary of the run in Markdown.

Pure functions, no I/O: scripts/build.py prints the annotations and appends the summary to the
file named by $GITHUB_STEP_SUMMARY.
"""

from __future__ import annotations

from .problems import Problem, Severity

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
    message = " ".join(part for part in (problem.what, problem.fix) if part)
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


def markdown_text(text) -> str:
    """Plain text that stays plain inside Markdown, on one line (so a table row cannot break)."""
    return " ".join(str(text).splitlines()).translate(MARKDOWN_ESCAPES)


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
                f"{page.get('reading_grade') or 0:.1f}",
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


def step_summary(report: dict) -> str:
    """The run in GitHub Markdown, from `BuildReport.as_dict()`: the verdict, every problem,
    every page with its reading grade and review dates, and the links checked."""
    problems = report.get("problems", [])
    head = [f"## {verdict(report.get('counts', {}))}", ""]
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
