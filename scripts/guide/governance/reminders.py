"""Which GitHub issues to open, update or close so that the open issues tell the truth.

Pure: given the build's report (every page with its review dates), the issues that are open now,
today's date and the "due soon" window, `plan_reviews` keeps exactly one open issue per page that
is due soon or overdue; given the link check's result, `plan_links` keeps one issue about broken
links. scripts/reminders.py turns the actions into `gh` commands.

An issue is ours when it has our label and our hidden marker in its body: titles change when a
page is renamed, and only people with triage rights can label an issue, so nobody else's issue
is ever edited or closed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from urllib.parse import quote, unquote

from guide.github.annotations import MARKDOWN_ESCAPES, inert_text, markdown_text

REVIEW_LABEL = "review-due"
LINKS_LABEL = "broken-links"
LINKS_MARKER = "<!-- guide-links -->"
LINKS_TITLE = "Broken links to other websites"
# The page path is percent-encoded in the marker, so that no path can end the HTML comment.
REVIEW_MARKER = re.compile(r"<!-- guide-review: (\S+) -->")


@dataclass(frozen=True)
class Action:
    kind: str  # "open", "update" or "close"
    issue_number: int | None  # None for "open"
    title: str
    body: str  # the issue's text; for "close", the closing comment
    labels: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {**asdict(self), "labels": list(self.labels)}


def review_marker(path: str) -> str:
    return f"<!-- guide-review: {quote(path, safe='/')} -->"


def page_url(path: str, docs_dir: str = "docs") -> str:
    """The page's address below site_url, as MkDocs makes it: docs/relapses.md -> relapses/,
    docs/index.md -> '', docs/care/index.md -> care/."""
    prefix = docs_dir.strip("/") + "/"
    name = path[len(prefix) :] if path.startswith(prefix) else path
    folder, _, file = name.rpartition("/")
    stem = file.rsplit(".", 1)[0]
    parts = [folder] if folder else []
    if stem not in ("index", "README"):
        parts.append(stem)
    return quote("/".join(parts) + "/", safe="/") if parts else ""


def label_names(issue: dict) -> set[str]:
    """`gh --json labels` gives [{"name": ...}, ...]; plain names are accepted too."""
    return {label["name"] if isinstance(label, dict) else label for label in issue.get("labels", [])}


def normalised(body: str) -> str:
    """An issue body as GitHub may hand it back: CRLF line ends, trailing space."""
    return body.replace("\r\n", "\n").strip()


def ours(open_issues: list[dict], label: str) -> list[dict]:
    """Our issues, lowest number first (the one kept when there are duplicates)."""
    return sorted((i for i in open_issues if label in label_names(i)), key=lambda i: i["number"])


def reviewed_page(issue: dict) -> str | None:
    found = REVIEW_MARKER.search(issue.get("body") or "")
    return unquote(found.group(1)) if found else None


def days_text(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days > 0:
        return f"due in {days:,} day{'s' if days != 1 else ''}"
    if days == 0:
        return "due today"
    return f"overdue by {-days:,} day{'s' if days != -1 else ''}"


def is_due(page: dict, today: dt.date, window_days: int) -> bool:
    if page.get("clinical") is False:
        return False  # no clinical content of its own: no clinical review is due
    due = dt.date.fromisoformat(page["review"]["next_review_due"])
    return (due - today).days <= window_days


def review_title(page: dict) -> str:
    title = " ".join(str(page.get("title") or page["path"]).split())
    return f"Review due: {inert_text(title)}"


def review_body(page: dict, today: dt.date, site_url: str, docs_dir: str = "docs") -> str:
    review = page["review"]
    due = dt.date.fromisoformat(review["next_review_due"])
    address = site_url.rstrip("/") + "/" + (page.get("url") or page_url(page["path"], docs_dir))
    path = page["path"]
    state = "overdue for review" if due < today else "due for review"
    return "\n".join(
        [
            review_marker(path),
            f"The page **{markdown_text(page.get('title') or path)}** is {state}.",
            "",
            "| | |",
            "|---|---|",
            f"| Page | {markdown_text(page.get('title') or path)} |",
            f"| File | {markdown_text(path)} |",
            f"| Address | {address_link(address)} |",
            f"| Last reviewed | {markdown_text(review['last_reviewed'])}, "
            f"by {markdown_text(review.get('reviewed_by') or 'no reviewer named')} |",
            f"| Next review due | {markdown_text(review['next_review_due'])} "
            f"({days_text(due, today)} on {today.isoformat()}) |",
            "",
            *(["The text has changed since the last review.", ""] if page.get("changed_since_review") else []),
            "**What to do**",
            "",
            "1. Ask a named health professional to review the page and sign it off.",
            "2. Record the sign-off on GitHub: open the **Actions** tab, choose **Sign off a page**, click "
            f"**Run workflow**, and type the page ({markdown_text(path)}), the reviewer's name and "
            "role, and the date they signed off. It opens a pull request with the new review dates. "
            "(Only people who can change the repository can run it. On a computer: "
            f'make review PAGE={markdown_text(path)} BY="Name, role".)',
            "3. Once the pull request is merged, the weekly check closes this issue by itself.",
        ]
    )


# An address the build made (site_url and a page's quoted path): GitHub links it by itself.
_PLAIN_ADDRESS = re.compile(r"https?://[A-Za-z0-9._~:/?#!$&'()*+,;=%-]+")


def address_link(address: str) -> str:
    """The page's address as a link readers click (its markup characters escaped), or as inert
    text if it is not a plain one."""
    return address.translate(MARKDOWN_ESCAPES) if _PLAIN_ADDRESS.fullmatch(address) else markdown_text(address)


def close_duplicates(issues: list[dict], what: str) -> list[Action]:
    """Keep the lowest-numbered issue; close the others with a pointer to it."""
    kept = issues[0]["number"]
    return [
        Action("close", i["number"], i.get("title", ""), f"Closing: #{kept} already tracks {what}.") for i in issues[1:]
    ]


def plan_reviews(
    report: dict, open_issues: list[dict], today: dt.date, window_days: int, site_url: str, docs_dir: str = "docs"
) -> list[Action]:
    """One open `review-due` issue per page that is due within window_days or overdue."""
    pages = {page["path"]: page for page in report.get("pages", [])}
    if not pages:
        # A check that stopped early lists no pages: closing every reminder would be a lie.
        raise ValueError(
            "The report lists no pages: the check stopped before reading them, so "
            "no reminder is opened or closed. Fix the check's errors first."
        )
    by_page: dict[str, list[dict]] = {}
    for issue in ours(open_issues, REVIEW_LABEL):
        path = reviewed_page(issue)
        if path is not None:
            by_page.setdefault(path, []).append(issue)

    actions: list[Action] = []
    for path, page in pages.items():
        issues = by_page.pop(path, [])
        if page.get("draft"):
            # Not published, so no reader sees it: it is reviewed before it is published.
            comment = "This page is now a draft, which is not published. Closing."
            actions += [Action("close", i["number"], i.get("title", ""), comment) for i in issues]
            continue
        if not page.get("review"):
            continue  # its front matter is broken: the check reports that; leave its issue be
        if is_due(page, today, window_days):
            title, body = review_title(page), review_body(page, today, site_url, docs_dir)
            if not issues:
                actions.append(Action("open", None, title, body, (REVIEW_LABEL,)))
                continue
            if (issues[0].get("title"), normalised(issues[0].get("body") or "")) != (title, body):
                actions.append(Action("update", issues[0]["number"], title, body, (REVIEW_LABEL,)))
            actions += close_duplicates(issues, "this page")
        else:
            review = page["review"]
            comment = (
                f"This page is up to date: last reviewed on {review['last_reviewed']} by "
                f"{markdown_text(review.get('reviewed_by') or 'no reviewer named')}, next "
                f"review due on {review['next_review_due']}. Closing."
            )
            actions += [Action("close", i["number"], i.get("title", ""), comment) for i in issues]
    for path, issues in sorted(by_page.items()):  # pages that are no longer in the guide
        comment = f"The page {markdown_text(path)} is no longer in the guide. Closing."
        actions += [Action("close", i["number"], i.get("title", ""), comment) for i in issues]
    return actions


def broken_links_in(link_report: dict | None) -> list[dict] | None:
    """The broken external links of a link check's report; None when it did not check them."""
    if not link_report or not link_report.get("links", {}).get("external_checked"):
        return None
    return [p for p in link_report.get("problems", []) if p.get("kind") == "external-broken"]


def links_body(broken_links: list[dict]) -> str:
    rows = [
        f"| {markdown_text(p['path'])} | {p.get('line') or '-'} | {markdown_text(p.get('what', ''))} |"
        for p in broken_links
    ]
    return "\n".join(
        [
            LINKS_MARKER,
            f"The link check found {len(broken_links)} broken "
            f"link{'s' if len(broken_links) != 1 else ''} to other websites.",
            "",
            "| Page | Line | Problem |",
            "|---|---:|---|",
            *rows,
            "",
            "**What to do:** open each link in a browser. If the page has moved, put its new address "
            "in the guide; if it is gone, find another source or remove the link. This issue closes by "
            "itself when the link check passes again.",
        ]
    )


def plan_links(broken_links: list[dict] | None, open_issues: list[dict], today: dt.date) -> list[Action]:
    """One open `broken-links` issue while links are broken; None means the check did not run."""
    if broken_links is None:
        return []
    issues = [i for i in ours(open_issues, LINKS_LABEL) if LINKS_MARKER in (i.get("body") or "")]
    if not broken_links:
        return [
            Action(
                "close",
                i["number"],
                i.get("title", ""),
                f"The link check passed on {today.isoformat()}: every link to another website works again. Closing.",
            )
            for i in issues
        ]
    body = links_body(broken_links)
    if not issues:
        return [Action("open", None, LINKS_TITLE, body, (LINKS_LABEL,))]
    actions = []
    if (issues[0].get("title"), normalised(issues[0].get("body") or "")) != (LINKS_TITLE, body):
        actions.append(Action("update", issues[0]["number"], LINKS_TITLE, body, (LINKS_LABEL,)))
    return actions + close_duplicates(issues, "the broken links")
