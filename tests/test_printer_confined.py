"""The printer reads nothing else: a page being printed reaches only the files of the folder being
printed, never leaves, and never prints for longer than its time limit."""

from __future__ import annotations

import pytest
from guide.errors import PrintRefused, PrintTimedOut
from guide.outputs import pdf
from guide.outputs.pdf import PdfInfo, render

pytestmark = pytest.mark.browser

INFO = PdfInfo("Guide", "Editors", "Printing")


def page_in(tmp_path, body: str):
    folder = tmp_path / "offline"
    folder.mkdir()
    (folder / "ok.css").write_text("p { color: black }")
    html = folder / "print_page.html"
    html.write_text(
        f'<!doctype html><html><head><link rel="stylesheet" href="ok.css"></head><body><p>Hi</p>{body}</body></html>'
    )
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    return html


@pytest.mark.parametrize(
    "body, reached",
    [
        ('<img src="../secret.txt" alt="">', "secret.txt"),
        ('<img src="file:///etc/hostname" alt="">', "file:///etc/hostname"),
        ('<link rel="stylesheet" href="https://evil.example/x.css">', "https://evil.example/x.css"),
        ('<meta http-equiv="refresh" content="0;url=file:///etc/passwd">', "file:///etc/passwd"),
        ('<meta http-equiv="refresh" content="0;url=ok.css">', "ok.css"),  # a page of its own, not this one
        ("<script>alert(1)</script>", "a dialog"),
        ('<script>window.open("ok.css")</script>', "ok.css"),
    ],
)
def test_a_page_that_reaches_outside_its_folder_or_leaves_is_not_printed(browser, tmp_path, body, reached):
    html = page_in(tmp_path, body)
    with pytest.raises(PrintRefused) as caught:
        render(browser, html, tmp_path / "guide.pdf", "a4", INFO)
    assert any(reached in address for address in caught.value.addresses), caught.value.addresses
    assert not (tmp_path / "guide.pdf").exists() or "root:x" not in (tmp_path / "guide.pdf").read_bytes().decode(
        "latin-1"
    )


def test_a_page_within_its_folder_prints(browser, tmp_path):
    html = page_in(tmp_path, '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">')
    render(browser, html, tmp_path / "guide.pdf", "a4", INFO)
    assert (tmp_path / "guide.pdf").read_bytes().startswith(b"%PDF")


def test_printing_that_never_ends_is_stopped_at_its_time_limit(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "PRINT_SECONDS", 3)
    html = page_in(tmp_path, "<script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 0))</script>")
    with pytest.raises(PrintTimedOut, match="longer than 3 s"):
        render(browser, html, tmp_path / "guide.pdf", "a4", INFO)
    page = browser.new_page()  # the browser itself lives on
    page.close()
