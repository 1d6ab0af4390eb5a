"""Every output after the website: the offline bundle and its zip, the whole guide and the
handouts as PDF. Each is built into the staging folder; build.py publishes them together. The
files are named after the site (guide_pdf, zip_name); their words are templates (texts.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html

from guide.build import Build
from guide.checks.safety import Finding, locate
from guide.content.facts import PageRecord
from guide.errors import BrowserFailed, BrowserMissing, ConfigError, TextsError, ToolMissing
from guide.mkdocs_run import load, run_build
from guide.outputs import bundle, downloads, handouts, pdf
from guide.outputs.browser import ensure_browser
from guide.outputs.cover import reviewed
from guide.outputs.published_html import publishable
from guide.problems import Problem, Severity
from guide.settings import RunOptions
from guide.texts import Texts
from guide.theme_fixes.print_site import PRINT_PAGES
from guide.translations.layout import translated_handout
from guide.translations.print_page import print_page_name
from guide.translations.texts import handout_texts, in_language

HANDOUTS = "handouts"  # folders under pdf/ and downloads/
LARGE_PRINT = downloads.LARGE_PRINT_FOLDER


def guide_pdf(texts: Texts, language: str | None = None) -> str:
    """The whole guide, named after the site: pdf/ms-treatment-guide.pdf for "MS Treatment Guide";
    in a translation's language, pdf/ms-treatment-guide.es.pdf (issue 26)."""
    return f"pdf/{texts.site_slug}.{language}.pdf" if language else f"pdf/{texts.site_slug}.pdf"


def zip_name(texts: Texts) -> str:
    """The offline copy's zip, ms-treatment-guide-offline.zip; its top folder is the slug alone."""
    return f"{texts.site_slug}-offline.zip"


def build_offline(config_file: Path, staging: Path, options: RunOptions, finish: bool = False) -> Build:
    """The offline copy into staging/offline: its own MkDocs run (file:// addresses), which the
    build runs in a second process while the website builds. finish (a build without PDFs, so
    nothing is added to the copy later): tidied, linked to its downloads and zipped there too."""
    config = load(config_file)
    session = run_build(config_file, staging / "offline", replace(options, offline=True), config)
    if finish and not session.count(Severity.ERROR):
        texts = _texts(config)
        bundle.tidy(staging / "offline", texts, session.today, session.settings.languages)
        session.add(
            finish_offline(
                staging, texts, [], session.downloads_page, config.get("site_url") or "", translated_pages=session
            )
        )
    return session.shed()  # sent back to the build's first process


def build_all(config, staging: Path, session: Build, offline_session: Build, pdfs: bool = True) -> list[str]:
    """Every output after the website and the offline copy (built into staging, each by its own
    MkDocs run; config: mkdocs.yml as the website's build loaded it): the zip, and with pdfs the
    whole guide and the handouts. Without pdfs, build_offline(finish=True) made the zip. New
    problems go into session. Returns what was built."""
    return _build_all(config, staging, session, offline_session, pdfs, _texts(config))


def _texts(config) -> Texts:
    try:
        return Texts.from_config(config)
    except TextsError as err:
        # A template of the publisher's: a usage error, as one in mkdocs.yml is.
        raise ConfigError(str(err)) from err


def _build_all(config, staging: Path, session: Build, offline_session: Build, pdfs: bool, texts: Texts) -> list[str]:
    site_url = config.get("site_url") or ""
    offline = staging / "offline"
    session.add([p for p in offline_session.problems if p.severity is Severity.ERROR])
    if session.count(Severity.ERROR):
        return []
    if not pdfs:
        publish_downloads(staging, session, texts, [], site_url, offline_finished=True)
        return ["site/", "offline/", zip_name(texts)]
    bundle.tidy(offline, texts, session.today, session.settings.languages)

    try:
        executable = ensure_browser(install=False)
    except BrowserMissing as err:
        raise ToolMissing(f"{err} Run 'make site', which installs it where it can.") from err
    author = config.get("site_author") or config["site_name"]
    print_page = next((offline / name for name in PRINT_PAGES if (offline / name).is_file()), None)
    if print_page is None:
        raise ConfigError(
            "mkdocs.yml: the offline build has no print page, which the PDFs are made "
            "from. Add the print-site plugin (last) and the offline plugin, as in the "
            "guide's mkdocs.yml."
        )
    from playwright.sync_api import Error as PlaywrightError

    try:
        handout_files = _print_pdfs(executable, staging, offline, print_page, config, session, texts, site_url, author)
    except pdf.ContentsUnsettled as err:
        raise BrowserFailed(f"{err} Run the build again.") from err
    except pdf.PrintRefused as err:
        # Content that got this far and still reaches out: an error at the page it came from.
        session.add([refused_while_printing(err, session, offline, Path(config["config_file_path"]).parent)])
        return []
    except pdf.PrintTimedOut as err:
        raise BrowserFailed(
            f"{err} Run the build again; if it happens again, report it to the guide's maintainers."
        ) from err
    except PlaywrightError as err:
        first_line = (str(err).strip().splitlines() or ["no message"])[0]
        raise BrowserFailed(
            f"{executable}: the browser stopped while printing the PDFs ({first_line[:200]}). "
            "Run the build again; if it happens again, reinstall the browser with "
            "'make browser'."
        ) from err
    printed = [(guide_pdf(texts), "guide", "", None), *handout_files]
    publish_downloads(staging, session, texts, printed, site_url)
    return ["site/", "offline/", *(rel for rel, _, _, _ in printed), zip_name(texts)]


def refused_while_printing(err: pdf.PrintRefused, session: Build, offline: Path, root: Path) -> Problem:
    """What the printer refused, at the first page or data file that holds the address (else at
    the file being printed)."""
    address = err.addresses[0]
    shown = f"offline/{err.page.relative_to(offline).as_posix()}" if err.page.is_relative_to(offline) else err.page.name
    finding = Finding("unsafe-html", "", address.removeprefix("file://")[:60])
    files = (root / r.path for r in session.pages.values())
    pages = (
        (f.relative_to(root).as_posix(), f.read_text(encoding="utf-8", errors="replace")) for f in files if f.is_file()
    )
    located = locate(finding, shown, "", [(p, t) for p, t in pages])
    return Problem(
        "unsafe-html",
        located.path,
        located.line,
        f"While it was printed, {err.page.name} tried to reach {', '.join(repr(a[:80]) for a in err.addresses[:3])}, "
        "outside the guide.",
        "Remove the link, image or markup that points there: a printed guide reads only its own files.",
    )


def publish_downloads(
    staging: Path,
    session: Build,
    texts: Texts,
    printed: list[tuple[str, str, str, str | None]],
    site_url: str,
    offline_finished: bool = False,
) -> None:
    """The PDFs in the offline copy (then zipped, unless offline_finished), the PDFs and the zip
    on the website, each linked from its topic page and from the Downloads page. printed: (file,
    kind, title, topic page) of each PDF made, none under --no-pdf."""
    pdfs = downloads.describe(staging, printed)
    page = session.downloads_page
    zip_file = zip_name(texts)
    texts_for = handout_texts(texts, session.settings)  # issue 26
    if not offline_finished:
        session.add(finish_offline(staging, texts, pdfs, page, site_url, texts_for, session))
    everything = pdfs + downloads.describe(staging, [(zip_file, "offline", "", None)])
    downloads.copy_into(staging, staging / "site", everything)
    refused = downloads.link_from_pages(
        texts,
        staging / "site",
        _built_files(pdfs, directory_urls=True),
        everything,
        None,
        _built_file(page, True) if page else None,
        texts_for,
    )
    refused += _translated_downloads_pages(texts, staging / "site", everything, None, session, True)
    session.add(refused)


def finish_offline(
    staging: Path,
    texts: Texts,
    pdfs: list[downloads.Download],
    page: str | None,
    site_url: str,
    texts_for=None,
    translated_pages: Build | None = None,
) -> list[Problem]:
    """The PDFs into the offline copy, linked from its pages (page: the Downloads page; with
    translated_pages, the build: its translations too), and the copy zipped; returns what the
    gate refused in the pages it changed (then nothing is zipped)."""
    zip_file = zip_name(texts)
    downloads.copy_into(staging, staging / "offline", pdfs)
    online_zip = f"{site_url.rstrip('/')}/{downloads.FOLDER}/{zip_file}" if site_url else None
    refused = downloads.link_from_pages(
        texts,
        staging / "offline",
        _built_files(pdfs, directory_urls=False),
        pdfs,
        online_zip,
        _built_file(page, False) if page else None,
        texts_for,
    )
    refused += _translated_downloads_pages(texts, staging / "offline", pdfs, online_zip, translated_pages, False)
    if not refused:
        bundle.zip_bundle(staging / "offline", staging / zip_file, texts.site_slug)
    return refused


def _translated_downloads_pages(texts, folder, listed, online, session, directory_urls) -> list[Problem]:
    """issue 26: each translation of the Downloads page lists the downloads, in its language."""
    refused = []
    for language, page in (session.translated_downloads_pages if session else {}).items():
        refused += downloads.link_from_pages(
            in_language(texts, language), folder, {}, listed, online, _built_file(page, directory_urls)
        )
    return refused


def _built_file(page: str, directory_urls: bool) -> str:
    """A page's built file: relapses.md -> relapses/index.html (website) or relapses.html (offline)."""
    path = Path(page).with_suffix("")
    if not directory_urls:
        return path.with_suffix(".html").as_posix()
    return (path.parent / "index.html" if path.name == "index" else path / "index.html").as_posix()


def _built_files(pdfs, directory_urls: bool) -> dict[str, str]:
    return {d.page: _built_file(d.page, directory_urls) for d in pdfs if d.page}


def _print_pdfs(
    executable, staging, offline, print_page, config, session, texts, site_url, author
) -> list[tuple[str, str, str, str]]:
    """The whole guide and each handout as PDF, in standard and large print; returns (file,
    kind, title, page) of the whole guide in each other language (issue 26) and of each handout,
    the standard ones first."""
    settings = session.settings
    site_name = config["site_name"]
    statuses = [p.review for p in session.pages.values() if p.review and p.clinical]
    records = _handout_records(session)
    standard, large = [], []
    with pdf.chromium(executable) as browser:
        pdf.render(
            browser,
            print_page,
            staging / guide_pdf(texts),
            settings.paper,
            pdf.PdfInfo(site_name, author, config.get("site_description") or ""),
            pdf.Footer(texts.render("guide/pdf-footer.html", title=site_name, reviewed=reviewed(statuses))),
            number_contents=True,
        )
        in_languages = [
            _print_guide_in(browser, staging, print_page, language, config, session, texts, author)
            for language in settings.languages
        ]
        for page_name, record in records:
            for large_print, made in ((False, standard), (True, large)):
                made.append(
                    _print_handout(
                        browser,
                        staging,
                        offline,
                        page_name,
                        record,
                        large_print,
                        session,
                        texts,
                        site_url,
                        author,
                        config["use_directory_urls"],
                    )
                )
    return [made for made in in_languages if made] + standard + large


def _print_guide_in(browser, staging, print_page, language, config, session, texts, author):
    """The whole guide in a translation's language (issue 26), from its print page
    (print_page.es.html, written by translations/print_page.py); returns (file, kind, title,
    page), its title the language's name, or None without that print page."""
    page = print_page.with_name(print_page_name(print_page.name, language))
    if not page.is_file():
        return None
    texts = in_language(texts, language)
    statuses = [p.review for p in session.pages.values() if p.review and p.clinical and p.language == language]
    target = guide_pdf(texts, language)
    pdf.render(
        browser,
        page,
        staging / target,
        session.settings.paper,
        pdf.PdfInfo(texts.site_name, author, config.get("site_description") or "", language=language),
        pdf.Footer(texts.render("guide/pdf-footer.html", title=texts.site_name, reviewed=reviewed(statuses))),
        number_contents=True,
    )
    return target, "guide", session.settings.languages[language], None


def _handout_records(session: Build) -> list[tuple[str, PageRecord]]:
    """The pages listed in handout_pages, drafts left out (not published, on paper either). A
    name that is not a page was reported by the handouts check, which stops the build first."""
    records = [(name, session.page(name)) for name in session.settings.handout_pages]
    return [(name, record) for name, record in records if record and not record.draft]


def _print_handout(
    browser, staging, offline, page_name, record, large_print, session, texts, site_url, author, directory_urls
) -> tuple[str, str, str, str]:
    """One handout as PDF, from the page in the offline copy; returns (file, kind, title, page)."""
    # issue 26: a translation's handout (relapses.es.md) is printed from es/relapses.html, in its
    # language, as relapses.es.pdf; its page is es/relapses.md for the download links
    language, built_name = translated_handout(page_name, session.settings.languages)
    texts = in_language(texts, language)
    source = offline / Path(built_name).with_suffix(".html")
    # Restructured with lxml: through the gate again, so that the printer reads what was judged.
    gated = publishable(
        handouts.handout_html(
            texts,
            source.read_text(encoding="utf-8"),
            record,
            session.today,
            handouts.WebsiteAddresses(site_url, directory_urls, source.relative_to(offline).as_posix()),
            large_print=large_print,
        )
    )
    session.add([locate(finding, f"offline/handout-{source.name}", "") for finding in gated.findings])
    html = gated.html
    folder, kind, footer_size = (LARGE_PRINT, "large-print", 16) if large_print else (HANDOUTS, "handout", 12)
    temporary = source.parent / f"handout-{source.name}"  # beside it: its relative links hold (issue 26)
    temporary.write_text(html, encoding="utf-8")
    target = f"pdf/{folder}/{Path(page_name).stem}.pdf"
    try:
        pdf.render(
            browser,
            temporary,
            staging / target,
            session.settings.paper,
            pdf.PdfInfo(handouts.handout_title(texts, record, large_print), author, _description(html)),
            pdf.Footer(
                texts.render(
                    "guide/pdf-footer.html",
                    title=record.title,
                    reviewed=reviewed([record.review] if record.review else []),
                ),
                footer_size,
            ),
            root=offline if language else None,
        )
    finally:
        temporary.unlink()
    return target, kind, record.title, built_name


def _description(html: str) -> str:
    meta = lxml.html.document_fromstring(html).find(".//meta[@name='description']")
    return meta.get("content", "") if meta is not None else ""
