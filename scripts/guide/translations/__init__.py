"""Translations: `page.<lang>.md` beside its English page (layout), its record of the text it follows
(record, command), the checks that judge it (check) and what a reader gets (pages, texts)."""
