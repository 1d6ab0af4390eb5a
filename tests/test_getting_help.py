"""Readers get help, not only information (issue 23), proven on plain data: the publisher's
contacts as typed settings, the "Get help now" box and the report-a-mistake links from templates,
review wording that is true on the day a copy is made and after, and abbreviations spelled out
once on paper. The outputs themselves are read back in test_print.py, test_reading.py and
test_other_publisher.py."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from guide.content.get_help import Contacts, HelpLine, cited_by_help
from guide.errors import SettingsError
from guide.outputs.cover import Reviewed
from guide.outputs.page_html import box_titles_as_headings, first_uses_only, keyboard_and_screen_reader_friendly
from guide.settings import load_settings
from guide.texts import Texts

pytestmark = pytest.mark.unit

EMERGENCY = {"label": "Emergency", "number": "999", "text": "Call if a life is at risk.", "source": "nhs-999"}


def contacts(**given) -> Contacts:
    return Contacts.from_settings(load_settings({"contacts": given}))


def test_contacts_are_typed_settings_and_refuse_markup_and_malformed_values():
    loaded = contacts(emergency=EMERGENCY, report_mistakes_to="a@example.org", repository="https://github.com/o/r/")
    assert loaded.lines == (HelpLine("emergency", "Emergency", "999", "Call if a life is at risk.", None, "nhs-999"),)
    assert loaded.repository == "https://github.com/o/r" and loaded.report_to == "a@example.org"
    assert contacts().lines == () and contacts().report_to is None  # none set: no box, no link
    for bad, said in (
        ({"emergency": EMERGENCY | {"label": "<b>Help</b>"}}, "holds markup"),
        ({"emergency": EMERGENCY | {"text": "[Call](javascript:x)"}}, "holds markup"),
        ({"emergency": EMERGENCY | {"number": "call 999"}}, "is not a phone number"),
        ({"emergency": EMERGENCY | {"address": "javascript:alert(1)"}}, "is not a web address"),
        ({"emergency": {k: v for k, v in EMERGENCY.items() if k != "source"}}, "Required"),
        ({"report_mistakes_to": "not an address"}, "is not an e-mail address"),
        ({"repository": "ftp://example.org/r"}, "is not a web address"),
    ):
        with pytest.raises(SettingsError, match=said):
            load_settings({"contacts": bad})


def test_the_get_help_box_cites_each_contact_and_dials_its_number():
    texts = Texts(contacts=contacts(emergency=EMERGENCY | {"number": "+44 20 7946-0000", "address": "https://a.org"}))
    box = texts.render("guide/get-help.md")
    assert box.startswith('!!! danger guide-get-help "Get help now"')
    assert "[+44 20 7946-0000](tel:+442079460000)" in box
    assert "Online: <https://a.org>[^nhs-999]" in box
    assert cited_by_help(texts.contacts) == ["nhs-999"]
    assert "Get help now" in texts.render("guide/offline-readme.txt", made_on=dt.date(2026, 1, 1))
    assert "Get help now" not in Texts().render("guide/offline-readme.txt", made_on=dt.date(2026, 1, 1))


def test_report_a_mistake_fills_in_the_page_s_title_and_address_by_email_and_on_github():
    texts = Texts(contacts=contacts(report_mistakes_to="ed@example.org", repository="https://github.com/o/r"))
    html = texts.render("guide/report-mistake.html", page_title="Fish & chips", page_url="https://e.org/g/fish/")
    links = {a.get("class"): a.get("href") for a in lxml.html.fragment_fromstring(html).iter("a")}
    mail = urlsplit(links["guide-report-email"])
    assert mail.scheme == "mailto" and mail.path == "ed@example.org"
    fields = parse_qs(mail.query)
    assert fields["subject"] == ["Mistake on the page: Fish & chips"]
    assert "Address: https://e.org/g/fish/" in fields["body"][0]
    issue = urlsplit(links["guide-report-issue"])
    assert issue.netloc == "github.com" and issue.path == "/o/r/issues/new"
    assert parse_qs(issue.query)["title"] == ["Mistake on the page: Fish & chips"]
    # No repository: e-mail only; neither: nothing.
    only_mail = Texts(contacts=contacts(report_mistakes_to="ed@example.org"))
    assert "github" not in only_mail.render("guide/report-mistake.html", page_title="T", page_url="u")
    assert Texts().render("guide/report-mistake.html", page_title="T", page_url="u") == ""


@pytest.mark.parametrize(
    ("made_on", "says", "never"),
    [
        (dt.date(2020, 6, 1), "Check for a newer version after 1 April 2021.", "Ask your care team"),
        (dt.date(2021, 4, 1), "Ask your care team before you act on this information.", "after"),
        (dt.date(2026, 12, 7), "Ask your care team before you act on this information.", "after"),
    ],
)
def test_a_printed_copy_never_invites_a_check_after_a_date_that_has_passed(made_on, says, never):
    reviewed = Reviewed(dt.date(2018, 4, 1), dt.date(2021, 4, 1), overdue=made_on >= dt.date(2021, 4, 1))
    text = Texts().render("guide/newer-version.html", made_on=made_on, reviewed=reviewed)
    assert text == says and never not in text


def test_an_abbreviation_the_text_has_just_spelled_out_is_not_spelled_out_again_on_paper():
    expansions = {"central nervous system", "disease-modifying treatment", "National Institute"}
    html = (
        '<p>The central nervous system (<abbr title="central nervous system">CNS</abbr>) is here.</p>'
        '<li>Disease-modifying treatments (<abbr title="disease-modifying treatment">DMTs</abbr>) help.</li>'
        '<p>National Institute. Guideline. <abbr title="National Institute">NICE</abbr> 2022.</p>'
    )
    assert "guide-first-use" not in first_uses_only(html, expansions)
    # Elsewhere, a plural is spelled out in the plural (guide-print.css adds the "s").
    plural = first_uses_only('<p>Take <abbr title="disease-modifying treatment">DMTs</abbr>.</p>', expansions)
    assert 'class="guide-first-use guide-plural"' in plural
    # Spelled out in another paragraph before: the reader may not have seen it.
    apart = first_uses_only(
        '<p>central nervous system</p><p><abbr title="central nervous system">CNS</abbr></p>', expansions
    )
    assert 'class="guide-first-use"' in apart


def test_back_links_and_permalinks_leave_the_tab_order_and_box_titles_are_headings_at_their_level():
    html = keyboard_and_screen_reader_friendly(
        '<h2 id="a">A<a class="headerlink" href="#a" title="Link">¶</a></h2>'
        '<a class="footnote-backref" href="#r1" title="Back">↩</a>'
    )
    assert '<a class="headerlink" aria-hidden="true" tabindex="-1" href="#a"' in html
    assert '<a class="footnote-backref" tabindex="-1" href="#r1"' in html
    boxes = box_titles_as_headings(
        '<h1>T</h1><div class="admonition abstract">\n<p class="admonition-title">Key points</p></div>'
        '<h2>S</h2><h3>Sub</h3><div class="admonition question">\n<p class="admonition-title">Questions</p></div>'
        '<div class="admonition danger guide-get-help">\n<p class="admonition-title">Get help now</p></div>'
    )
    levels = [(p.text, p.get("aria-level")) for p in lxml.html.fragment_fromstring(boxes, "div").iter("p")]
    assert levels == [("Key points", "2"), ("Questions", "4"), ("Get help now", "2")]


def test_a_page_without_clinical_content_gets_no_review_reminder():
    from guide.governance.reminders import is_due

    overdue = {"path": "docs/about.md", "review": {"next_review_due": "2021-04-01"}}
    assert is_due(overdue, dt.date(2026, 12, 7), 90)
    assert not is_due(overdue | {"clinical": False}, dt.date(2026, 12, 7), 90)


def test_the_review_footer_names_a_reviewer_only_after_a_sign_off_and_a_page_without_clinical_content_its_update():
    from guide.governance.reviews import ReviewState, ReviewStatus
    from guide.outputs.review_html import review_footer_html

    status = ReviewStatus(
        dt.date(2018, 4, 1),
        "Clinical review of the source article",
        dt.date(2021, 4, 1),
        dt.date(2026, 11, 24),
        ReviewState.OVERDUE,
    )
    texts = Texts()
    signed = review_footer_html(texts, status, signed_off=True)
    assert "Reviewed by Clinical review of the source article on 1 April 2018." in signed
    unsigned = review_footer_html(texts, status, signed_off=False)
    assert "Reviewed by" not in unsigned and "Not yet checked by a named health professional." in unsigned
    plain = review_footer_html(texts, status, clinical=False)
    assert "Text last updated: 24 November 2026" in plain
    assert "review" not in lxml.html.fragment_fromstring(plain).text_content().lower()
    assert "data-guide-due" not in plain


def test_a_term_inside_a_link_is_not_a_second_tab_stop():
    from guide.outputs.page_html import reachable_terms

    html = reachable_terms(
        '<a href="relapses/">Managing <abbr class="guide-first-use" title="x">MS</abbr></a>'
        ' <abbr title="y">relapse</abbr>'
    )
    assert html.count('tabindex="0"') == 1 and '<abbr title="y" tabindex="0">relapse</abbr>' in html
