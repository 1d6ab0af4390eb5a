"""Every output after the website: the offline bundle and its zip, the whole guide and the
handouts as PDF. Each is built into the staging folder; build.py publishes them together."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from . import bundle, handouts, pdf
from .browser import BrowserMissing, ensure_browser
from .mkdocs_run import ConfigError, load, run_build
from .print_page import PRINT_PAGES
from .problems import did_you_mean
from .problems import Severity
from .session import RunOptions, Session

GUIDE_PDF = "pdf/ms-treatment-guide.pdf"
ZIP = "ms-treatment-guide-offline.zip"


class ToolMissing(Exception):
    """A tool the build needs is not installed (exit code 2), with what to install."""


class BrowserFailed(Exception):
    """The browser crashed or could not start while printing the PDFs (exit code 2)."""


def build_all(config_file: Path, staging: Path, session: Session, options: RunOptions) -> list[str]:
    """Build every output into staging; new problems go into session. Returns what was built."""
    config = load(config_file)
    site_url = config.get("site_url") or ""
    offline = staging / "offline"
    offline_session = run_build(config_file, offline, options, offline=True)
    session.add([p for p in offline_session.problems if p.severity is Severity.ERROR])
    if session.count(Severity.ERROR):
        return []
    bundle.tidy(offline, session.today.isoformat(), site_url)
    bundle.zip_bundle(offline, staging / ZIP)

    try:
        executable = ensure_browser(install=False)
    except BrowserMissing as err:
        raise ToolMissing(f"{err} Run 'make site', which installs it where it can.") from err
    author = config.get("site_author") or config["site_name"]
    built = ["site/", "offline/", ZIP, GUIDE_PDF]
    print_page = next((offline / name for name in PRINT_PAGES if (offline / name).is_file()), None)
    if print_page is None:
        raise ConfigError("mkdocs.yml: the offline build has no print page, which the PDFs are made "
                          "from. Add the print-site plugin (last) and the offline plugin, as in the "
                          "guide's mkdocs.yml.")
    from playwright.sync_api import Error as PlaywrightError

    try:
        _print_pdfs(executable, staging, offline, print_page, config, session, site_url, author, built)
    except PlaywrightError as err:
        first_line = (str(err).strip().splitlines() or ["no message"])[0]
        raise BrowserFailed(f"{executable}: the browser stopped while printing the PDFs ({first_line[:200]}). "
                            "Run the build again; if it happens again, reinstall the browser with "
                            "'make browser'.") from err
    return built


def _print_pdfs(executable, staging, offline, print_page, config, session, site_url, author, built) -> None:
    settings = session.settings
    with pdf.chromium(executable) as browser:
        pdf.render(browser, print_page, staging / GUIDE_PDF, settings.paper,
                   pdf.PdfInfo(config["site_name"], author, config.get("site_description") or ""))
        for page_name in settings.handout_pages:
            record = session.page(page_name)
            if record is not None and record.draft:
                continue  # a draft is not published, on paper either
            if record is None:
                raise ConfigError(f"mkdocs.yml: extra.guide.handout_pages lists '{page_name}', which is "
                                  "not a page." + did_you_mean(page_name, [p.path.rsplit('/', 1)[-1]
                                                                          for p in session.pages.values()])
                                  + " Correct the list.")
            source = offline / Path(page_name).with_suffix(".html")
            html = handouts.handout_html(source.read_text(encoding="utf-8"), record, session.today,
                                         config["site_name"], site_url)
            temporary = offline / f"handout-{source.name}"
            temporary.write_text(html, encoding="utf-8")
            target = f"pdf/handouts/{source.stem}.pdf"
            try:
                pdf.render(browser, temporary, staging / target, settings.paper,
                           pdf.PdfInfo(f"{record.title} - {config['site_name']}", author,
                                       _description(html)))
            finally:
                temporary.unlink()
            built.append(target)


def _description(html: str) -> str:
    meta = lxml.html.document_fromstring(html).find(".//meta[@name='description']")
    return meta.get("content", "") if meta is not None else ""
