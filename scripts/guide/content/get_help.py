"""Where a reader gets help now, and how they report a mistake: the publisher's contacts (the
guide plugin's `contacts` setting), as every copy shows them. The words are templates:
guide/get-help.md (a box at the end of every clinical page and handout, with its sources cited),
guide/get-help.txt (the offline copy's read-me), guide/handout-write-in.html (the local team's
name and phone, written in by hand) and guide/report-mistake.html (every page and handout)."""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTACT_KINDS = ("emergency", "crisis_line", "information_line")


@dataclass(frozen=True)
class HelpLine:
    """One contact as a reader sees it."""

    kind: str  # emergency, crisis_line or information_line
    label: str
    number: str
    text: str
    address: str | None
    source: str  # a bibliography key

    @property
    def dial(self) -> str:
        """The number as a phone dials it (tel:), without spaces, brackets or dashes."""
        return re.sub(r"[^0-9+]", "", self.number)


@dataclass(frozen=True)
class Contacts:
    """The publisher's contacts, plain values (sent to other processes with the texts)."""

    lines: tuple[HelpLine, ...] = ()
    report_to: str | None = None  # an e-mail address
    repository: str | None = None  # a GitHub repository's address, without a final slash

    @classmethod
    def from_settings(cls, settings) -> Contacts:
        lines = tuple(
            HelpLine(kind, given.label, given.number, given.text, given.address, given.source)
            for kind in CONTACT_KINDS
            if (given := settings.contacts[kind]) is not None
        )
        repository = settings.contacts.repository
        return cls(lines, settings.contacts.report_mistakes_to, repository.rstrip("/") if repository else None)


def cited_by_help(contacts: Contacts) -> list[str]:
    """The bibliography keys the Get help box cites, in its order."""
    return list(dict.fromkeys(line.source for line in contacts.lines))
