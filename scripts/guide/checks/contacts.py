"""The publisher's contacts and page kinds in the settings: each contact cites a reference of the
bibliography (a phone number a reader is told to call needs its source), and each page named as
having no clinical content is a page."""

from __future__ import annotations

from guide.checks.base import Check
from guide.content.get_help import CONTACT_KINDS
from guide.problems import Problem, Severity, did_you_mean


class Contacts(Check):
    kinds = {"contact-source-unknown": Severity.ERROR, "page-kind-missing": Severity.ERROR}

    def config_lines(self) -> list[str]:
        config = self.context.config_file
        return config.read_text(encoding="utf-8-sig").splitlines() if config.is_file() else []

    def on_post_build(self, build, site_dir):
        return self.contact_problems() + self.page_kind_problems(build)

    def contact_problems(self) -> list[Problem]:
        settings, bibliography = self.context.settings, self.context.bibliography
        if not bibliography:
            return []  # a broken bibliography is reported once, where it is loaded
        lines = self.config_lines()
        problems = []
        for kind in CONTACT_KINDS:
            contact = settings.contacts[kind]
            if contact is None or contact.source in bibliography:
                continue
            line = next((n for n, text in enumerate(lines, 1) if text.strip() == f"source: {contact.source}"), 0)
            problems.append(
                Problem(
                    "contact-source-unknown",
                    self.context.config_file.name,
                    line,
                    f"contacts: {kind}: its source '{contact.source}' is not in the bibliography.",
                    f"Add the reference that gives this contact to {settings.bibliography}, or use one of its keys."
                    + did_you_mean(contact.source, bibliography),
                )
            )
        return problems

    def page_kind_problems(self, build) -> list[Problem]:
        pages = [p.path.rsplit("/", 1)[-1] for p in build.pages.values()]
        lines = self.config_lines()
        named = self.context.settings.pages_without_clinical_content
        return [
            Problem(
                "page-kind-missing",
                self.context.config_file.name,
                next((n for n, line in enumerate(lines, 1) if "pages_without_clinical_content" in line), 0),
                f"pages_without_clinical_content lists '{name}', which is not a page.",
                "Correct the list." + did_you_mean(name, pages),
            )
            for name in named
            if build.page(name) is None
        ]
