"""Untrusted input: front matter and the bibliography and glossary files. Each mistake is one
problem at its own line, with its fix; nothing raises but DataFileError (a file that cannot be
used at all)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
import yaml
from guide.content.bibliography import KNOWN_FIELDS, load_bibliography, reference_markdown, vancouver
from guide.content.frontmatter import ALL_KEYS, check_page_meta, split_front_matter
from guide.content.glossary import Term, abbreviations, glossary_markdown, load_glossary, terms_used
from guide.content.yamlfile import load_yaml
from guide.errors import DataFileError
from guide.problems import Problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

GOOD_FRONT_MATTER = "title: T\ndescription: D\nlast_reviewed: 2020-01-01\nreviewed_by: Dr A\nlast_updated: 2020-01-01\n"


def write(folder: Path, text: str | bytes, name: str = "data.yml") -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def page_problems(text: str) -> list[str]:
    front, problems = split_front_matter("docs/p.md", text)
    if front:
        problems += check_page_meta("docs/p.md", front)[1]
    return [str(p) for p in problems]


def data_file_problem(load, path: Path) -> str:
    with pytest.raises(DataFileError) as raised:
        load(path, "data.yml")
    return str(raised.value.problem)


# 1. A key written twice is an error (YAML would keep the last one, silently), at any depth.


def test_a_key_written_twice_is_an_error_at_its_second_line(tmp_path):
    assert page_problems("---\n" + GOOD_FRONT_MATTER + "search:\n  boost: 2\n  boost: 3\n---\n") == [
        "docs/p.md:9: 'boost' is written twice (first on line 8). Delete one of them: only the last one would count."
    ]
    assert page_problems("---\n" + GOOD_FRONT_MATTER + "title: U\n---\n") == [
        "docs/p.md:7: 'title' is written twice (first on line 2). Delete one of them: only the last one would count."
    ]
    bibliography = write(tmp_path, "a:\n  type: web\n  title: T\n  url: https://x.org\n  title: U\n")
    assert data_file_problem(load_bibliography, bibliography) == (
        "data.yml:5: 'title' is written twice (first on line 3). Delete one of them: only the last one would count."
    )
    glossary = write(tmp_path, "- term: MS\n  definition: d\n- term: CNS\n  definition: d\n  term: BBB\n")
    assert data_file_problem(load_glossary, glossary) == (
        "data.yml:5: 'term' is written twice (first on line 3). Delete one of them: only the last one would count."
    )
    # Merge keys (<<) may be overridden: that is what they are for.
    merged = write(
        tmp_path, "base: &b {type: web, organization: O, title: T, url: 'https://x.org'}\ncopy:\n  <<: *b\n  title: U\n"
    )
    references, problems = load_bibliography(merged, "data.yml")
    assert problems == [] and references["copy"].fields["title"] == "U"


# 2. A byte order mark is accepted; a file in another encoding is one problem at its line.


def test_a_byte_order_mark_is_accepted_and_another_encoding_is_one_problem(tmp_path):
    text = "\ufeff---\n" + GOOD_FRONT_MATTER + "---\nBody\n"
    front, problems = split_front_matter("docs/p.md", text)
    assert problems == [] and front.data["title"] == "T"
    assert text[front.body_offset :] == "Body\n" and front.body_line == 8 and front.lines["description"] == 3
    with_bom = write(tmp_path, b"\xef\xbb\xbf- term: MS\n  definition: A disease.\n")
    assert load_glossary(with_bom, "data.yml") == ([Term("MS", "A disease.", None, (), 1)], [])
    fix = "Save it as UTF-8 (in your editor: Save As, Encoding: UTF-8)."
    latin1 = write(tmp_path, "- term: MS\n  definition: Caf\xe9.\n".encode("latin-1"))
    assert data_file_problem(load_glossary, latin1) == (
        f"data.yml:2: The file is not saved as UTF-8: this line holds a character in another encoding. {fix}"
    )
    utf16 = write(tmp_path, "- term: MS\n".encode("utf-16"))
    assert data_file_problem(load_bibliography, utf16).startswith("data.yml:1: The file is not saved as UTF-8")
    nul = write(tmp_path, b"a:\n  type: web\n  title: T\x00\n")
    assert (
        data_file_problem(load_bibliography, nul)
        == f"data.yml:3: The file holds a NUL byte, so it is not plain text. {fix}"
    )


def test_a_data_file_that_is_a_pipe_a_folder_or_huge_is_one_problem_and_never_read(tmp_path):
    import os

    fix = "Check the path in the guide plugin's settings in mkdocs.yml."
    pipe = tmp_path / "pipe.yml"
    os.mkfifo(pipe)  # reading it would wait for ever
    huge = tmp_path / "huge.yml"
    with open(huge, "wb") as file:
        file.truncate(64 * 1024 * 1024)  # sparse: takes no room, reads as 64 MB of NUL bytes
    expected = {
        pipe: f"data.yml: This is a device or a pipe, not a data file. {fix}",
        tmp_path: f"data.yml: This is a folder, not a data file. {fix}",
        huge: f"data.yml: The file is 67,108,864 bytes, too big for a data file of the guide. {fix}",
        tmp_path / "gone.yml": f"data.yml: Cannot read the file (No such file or directory). {fix}",
    }
    for path, message in expected.items():
        assert data_file_problem(load_glossary, path) == message


# 3. Front matter: text is plain text, the theme's keys hold what the theme understands, dates
#    are real.


def test_front_matter_text_is_plain_and_theme_keys_hold_what_the_theme_reads():
    text = (
        "---\ntitle: T\ndescription: <meta http-equiv=refresh>\nlast_reviewed: 10000-01-01\n"
        "reviewed_by: Dr A\nlast_updated: 0000-01-01\nnext_review_due: 9999-12-31\n"
        "hide:\n  - toc\n  - sidebar\nsearch: {exclude: 1, boost: 11, excude: true}\nstatus: beta\n"
        "icon: ../secret\ntemplate: ../../x.html\nsubtitle: <b>New</b>\n---\n"
    )
    assert page_problems(text) == [
        "docs/p.md:3: 'description' contains HTML ('<meta http-equiv=refresh>'). Write plain text: no tags.",
        "docs/p.md:15: 'subtitle' contains HTML ('<b>'). Write plain text: no tags.",
        "docs/p.md:4: 'last_reviewed' is not a real date: '10000-01-01'. Write a date that exists, as "
        "YYYY-MM-DD, for example 2026-03-31.",
        "docs/p.md:6: 'last_updated' is not a real date: '0000-01-01'. Write a date that exists, as "
        "YYYY-MM-DD, for example 2026-03-31.",
        "docs/p.md:7: 'next_review_due' is in the year 9999, which cannot be right: '9999-12-31'. Write "
        "the real date, as YYYY-MM-DD, for example 2026-03-31.",
        "docs/p.md:10: 'hide' cannot hide 'sidebar'. Use only navigation, toc, footer, path, tags, feedback.",
        "docs/p.md:11: 'search: exclude' must be true or false, not 1. Write exclude: true to leave the "
        "page out of search, or remove it.",
        "docs/p.md:11: 'search: boost' must be a number from 0 to 10, not 11. Write e.g. boost: 2 to rank "
        "the page higher in search, boost: 0.5 to rank it lower.",
        "docs/p.md:11: Unknown search setting 'excude'. Use only exclude and boost. Did you mean 'exclude'?",
        "docs/p.md:12: 'status' must be new or deprecated, not 'beta'. Write status: new or status: "
        "deprecated, or remove it.",
        "docs/p.md:13: 'icon' is not the name of an icon: '../secret'. Write the icon's set and name, e.g. "
        "icon: material/information-outline.",
        "docs/p.md:14: 'template' is not the file name of a template: '../../x.html'. Write the name of an "
        "HTML file of the theme or of overrides/, e.g. template: main.html, or remove it.",
    ]
    assert page_problems("---\n" + GOOD_FRONT_MATTER + "hide: toc\nsearch: [exclude]\n---\n") == [
        "docs/p.md:7: 'hide' must be a list, not 'toc'. Write it as a list of what to hide, e.g. "
        "hide: [navigation, toc], from: navigation, toc, footer, path, tags, feedback.",
        "docs/p.md:8: 'search' must be settings, not ['exclude']. Write it as search: {exclude: true} "
        "or search: {boost: 2}.",
    ]
    theme_keys = (
        "hide: [navigation, toc]\nsearch: {exclude: false, boost: 2.5}\nstatus: new\n"
        "icon: material/emoticon-happy\ntemplate: main.html\nsubtitle: Plain words\n"
    )
    long_title = "title: " + "Very long " * 2000 + "\n"
    assert page_problems("---\n" + GOOD_FRONT_MATTER + theme_keys + "---\n") == []
    assert page_problems("---\n" + GOOD_FRONT_MATTER.replace("title: T\n", long_title) + "---\n") == []
    # Values PyYAML's own constructors would crash on are YAML errors with their line.
    assert page_problems("---\ntitle: T\nx: !!timestamp 10000-01-01\ny: !!int ''\n---\n")[0] == (
        "docs/p.md:4: The front matter is not valid YAML (cannot read the value '' as int). Write each "
        "setting as 'key: value' on its own line; put quotes around a value that contains a colon."
    )


# 4. The bibliography: each field of the type it must have, each problem at its field's line,
#    and an entry with a mistake still formatted from its valid fields.


def test_each_bibliography_field_is_checked_at_its_line_and_the_entry_is_still_formatted(tmp_path):
    path = write(
        tmp_path,
        """\
down2018:
  type: web
  authors: Down
  title: <b>Treatment</b>
  container: MS.net
  url: javascript:alert(1)
  jornal: Lancet
lepage2015:
  type: article
  authors: [[Le Page E]]
  title: Oral steroids
  journal: Lancet
  year: 2014a
  volume: "386"
  pages: 974-81
  doi: https://doi.org/10.1016/S0140-6736%2815%2961137-0
nice2022:
  type: guideline
  organization: NICE
  title: MS
  year: 2022
  url: 'https://x.org/"><script>'
  et_al: yes please
""",
    )
    references, problems = load_bibliography(path, "data.yml")
    url_fix = (
        "Write the page's full address, starting with https://, as the browser shows it (a space "
        "is written %20, a quote %22 or %27, < and > %3C and %3E)."
    )
    assert [str(p) for p in problems] == [
        "data.yml:3: Entry 'down2018': 'authors' must be a list of names, not 'Down'. Write the names in "
        "square brackets, separated by commas, e.g. authors: [Le Page E, Veillard D].",
        "data.yml:4: Entry 'down2018': 'title' contains HTML ('<b>'). Write plain text: no tags.",
        f"data.yml:6: Entry 'down2018': 'url' is not a web address: 'javascript:alert(1)'. {url_fix}",
        "data.yml:7: Entry 'down2018' has an unknown field 'jornal'. Correct its spelling or remove it. "
        "Did you mean 'journal'?",
        "data.yml:10: Entry 'lepage2015': each author must be a name, not ['Le Page E']. Write each name "
        "as text, e.g. authors: [Le Page E, Veillard D].",
        "data.yml:13: Entry 'lepage2015': 'year' must be a year of four digits, not '2014a'. Write the "
        "year alone, e.g. year: 2015.",
        "data.yml:16: Entry 'lepage2015': the DOI is written as an address: "
        "'https://doi.org/10.1016/S0140-6736%2815%2961137-0'. Write only the DOI: doi: "
        "10.1016/S0140-6736(15)61137-0",
        "data.yml:22: Entry 'nice2022': 'url' is not a web address: 'https://x.org/\"><script>'. " + url_fix,
        "data.yml:23: Entry 'nice2022': 'et_al' must be true or false, not 'yes please'. Write et_al: "
        "true when the work has more authors than the ones listed.",
    ]
    # Every entry is kept, so that its citations resolve, and is formatted from what is valid.
    assert list(references) == ["down2018", "lepage2015", "nice2022"]
    assert reference_markdown(references["down2018"]) == "MS.net \\[Internet\\]."
    assert vancouver(references["lepage2015"]) == "Oral steroids. Lancet. 386:974-81."
    assert references["nice2022"].link is None


def test_a_bibliography_entry_without_what_it_needs_is_formatted_without_it(tmp_path):
    path = write(tmp_path, "a:\n  type: web\n  url: https://x.org\nb:\n  title: T\nc: ~\n'd e':\n  type: web\n")
    references, problems = load_bibliography(path, "data.yml")
    assert [str(p) for p in problems] == [
        "data.yml:1: Entry 'a' (web) is missing authors or organization, title. Add the missing fields "
        "from the publisher's page.",
        "data.yml:4: Entry 'b' has no type. Add 'type:' with one of article, web, guideline.",
        "data.yml:6: Entry 'c' has no fields. Indent its fields (type, title, ...) under the key.",
        "data.yml:7: The key 'd e' cannot be cited. Use only letters, digits, hyphens, dots and "
        "underscores, e.g. smith2020.",
    ]
    assert [reference_markdown(references[k]) for k in "abc"] == [
        "\\[Internet\\]. Available from: <https://x.org>",
        "T.",
        "",
    ]


# 5. The glossary: fields of the right type, aliases of two characters or more; terms with
#    symbols are found in the pages.


def test_each_glossary_field_is_checked_at_its_line(tmp_path):
    path = write(
        tmp_path,
        """\
- term: IV
  expansion: 42
  definition: Into a vein.
  aliases: a
- term: plasma exchange
  definition: <b>Cleaning</b> the blood.
- term: relapse
  definition: A flare-up.
  alias: [relapses]
  aliases: [r, relapses, 7]
- term: flare-up
  definition: A relapse.
  aliases: [relapses]
""",
    )
    terms, problems = load_glossary(path, "data.yml")
    assert [str(p) for p in problems] == [
        "data.yml:2: Glossary entry 'IV': 'expansion' must be text, not 42. Write it as text, in quotes "
        'if needed: expansion: "..."',
        "data.yml:4: Glossary entry 'IV': 'aliases' must be a list, not 'a'. Write the other spellings in "
        "square brackets, e.g. aliases: [relapses, flare-up].",
        "data.yml:6: Glossary entry 'plasma exchange': 'definition' contains HTML ('<b>'). Write plain text: no tags.",
        "data.yml:9: Glossary entry 'relapse' has an unknown field 'alias'. Correct its spelling or remove "
        "it. Did you mean 'aliases'?",
        "data.yml:10: Glossary entry 'relapse': the alias 'r' is a single character. Remove it: one letter "
        "would get a tooltip everywhere it stands alone.",
        "data.yml:10: Glossary entry 'relapse': each alias must be text, not 7. Write the other spellings "
        "in square brackets, e.g. aliases: [relapses, flare-up].",
        "data.yml:11: 'relapses' is defined twice (also at line 7). Keep one entry for it and remove the other.",
    ]
    # Each term is kept without what is wrong, so that the pages using it do not each report it.
    assert [(t.term, t.definition, t.expansion, t.aliases) for t in terms] == [
        ("IV", "Into a vein.", None, ()),
        ("plasma exchange", "", None, ()),
        ("relapse", "A flare-up.", None, ("relapses",)),
        ("flare-up", "A relapse.", None, ("relapses",)),
    ]
    assert abbreviations(terms)["IV"] == "Into a vein."


def test_terms_with_symbols_are_found_as_whole_forms():
    terms = [
        Term(form, "d", None, (), n)
        for n, form in enumerate(["C++", "T-cell", "B12", "MS-related", "CD4+ cell", "IV"], 1)
    ]
    text = "Code in C++, a T-cell, vitamin B12, MS-related tiredness and a CD4+\ncell. IVMP is not IV-like."
    assert [t.term for t in terms_used(text, terms)] == ["C++", "T-cell", "B12", "MS-related", "CD4+ cell"]
    assert terms_used("C++x, xC++ and T-cells", terms) == []


# 6. A data file that cannot be used at all: one problem, raised as DataFileError.


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "",
            "data.yml:1: The file has no entries. Start each entry with its key, e.g. 'lepage2015:', "
            "then its fields indented. Write {} if there are none yet.",
        ),
        (
            "# only a comment\n",
            "data.yml:1: The file has no entries. Start each entry with its key, e.g. "
            "'lepage2015:', then its fields indented. Write {} if there are none yet.",
        ),
        (
            "- a\n",
            "data.yml:1: The file is not a list of 'key:' entries. Start each entry with its key, e.g. "
            "'lepage2015:', then its fields indented.",
        ),
        (
            "a: " + "[" * 5000 + "]" * 5000 + "\n",
            "data.yml:1: The file is not valid YAML (it is nested more "
            "than 100 levels deep). Check the indentation and put quotes around text that contains a colon.",
        ),
    ],
)
def test_an_empty_or_misshapen_bibliography_is_one_problem(tmp_path, text, message):
    assert data_file_problem(load_bibliography, write(tmp_path, text)) == message


def test_an_empty_or_misshapen_glossary_is_one_problem(tmp_path):
    assert data_file_problem(load_glossary, write(tmp_path, "term: MS\n")) == (
        "data.yml:1: The file is not a list of terms. Start each term with '- term:' followed by 'definition:'."
    )
    assert data_file_problem(load_glossary, write(tmp_path, "- term: [MS\n")) == (
        "data.yml:2: The file is not valid YAML (did not find expected ',' or ']'). Check the "
        "indentation and put quotes around text that contains a colon."
    )
    assert load_yaml(write(tmp_path, "[]\n"), "data.yml", "glossary-invalid", list) == ([], {})


# Random input: problems, never an exception (but DataFileError), each problem once.

YAML_PIECES = [
    "- ",
    ": ",
    "\n",
    "  ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!int ",
    "!!timestamp ",
    "!!binary ",
    "!!set ",
    "<<: ",
    "? ",
    "|\n",
    "'",
    '"',
    "#",
    "~",
    "true",
    "10000-01-01",
    "2020-02-30",
    "10.1/x",
    "https://x.org",
    "javascript:x",
    "<b>",
    "\x00",
    "\ufeff",
    "\t",
    "---\n",
    ".nan",
    "1e999",
    "C++",
    "é",
]
FIELD_NAMES = sorted(KNOWN_FIELDS | ALL_KEYS | {"term", "definition", "expansion", "aliases", "exclude", "boost"})
yamlish = st.lists(
    st.one_of(st.sampled_from(YAML_PIECES + [f"{k}: " for k in FIELD_NAMES]), st.text(max_size=4)), max_size=40
).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["<b>x</b>", "https://x.org", "C++", "a", "2015", "10.1/x", "web"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=4)), inner, max_size=5),
    ),
    max_leaves=12,
)
yaml_documents = st.one_of(yamlish, values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)))
RANDOM = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def assert_distinct(problems: list[Problem]) -> None:
    assert all(isinstance(p, Problem) for p in problems)
    assert len({str(p) for p in problems}) == len(problems), [str(p) for p in problems]


@RANDOM
@given(yaml_documents)
def test_random_data_files_give_problems_never_exceptions(text):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), text.encode("utf-8", "replace"))
        for load in (load_bibliography, load_glossary):
            try:
                loaded, problems = load(path, "data.yml")
            except DataFileError as err:
                assert isinstance(err.problem, Problem)
                continue
            assert_distinct(problems)
            if load is load_bibliography:
                for reference in loaded.values():
                    reference_markdown(reference)
            else:
                terms_used("Some C++ text about MS.", loaded)
                glossary_markdown(loaded)


@RANDOM
@given(yaml_documents)
def test_random_front_matter_gives_problems_never_exceptions(text):
    front, problems = split_front_matter("docs/p.md", "---\n" + text + "\n---\nBody\n")
    if front:
        problems += check_page_meta("docs/p.md", front)[1]
    assert_distinct(problems)


# 9. Bounded cost: aliases (*name) that repeat values are counted before any value is made.


def bomb(levels: int, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_front_matter_is_one_line_within_a_second():
    start = time.monotonic()
    problems = page_problems("---\n" + GOOD_FRONT_MATTER + bomb(12) + "---\n# Hi\n")
    assert time.monotonic() - start < 1
    assert problems == [
        "docs/p.md:12: Aliases (*name) repeat this value until it holds more than 100,000 values or "
        "1,000,000 characters beyond those written, far more than a guide needs. Write the values out "
        "instead of repeating them with aliases (*name)."
    ]


def test_merge_keys_that_double_at_each_level_are_refused(tmp_path):
    lines = ["m0: &m0 {a: 1, b: 2}"] + [f"m{n}: &m{n} {{<<: [*m{n - 1}, *m{n - 1}], k{n}: 1}}" for n in range(1, 40)]
    start = time.monotonic()
    message = data_file_problem(load_bibliography, write(tmp_path, "\n".join(lines) + "\n"))
    assert time.monotonic() - start < 1
    assert "Aliases (*name) repeat this value" in message


def test_a_long_value_repeated_by_aliases_is_counted_in_characters(tmp_path):
    text = f"long: &l {'x' * 200_000}\nmany: [" + ", ".join(["*l"] * 10) + "]\n"
    assert "1,000,000 characters" in data_file_problem(load_bibliography, write(tmp_path, text))


def test_a_value_that_contains_itself_is_refused(tmp_path):
    message = data_file_problem(load_glossary, write(tmp_path, "- &x [1, *x]\n"))
    assert message == (
        "data.yml:1: An alias (*name) inside its own anchor (&name) makes a value that contains itself. "
        "Remove the alias, or write the value out."
    )


def test_aliases_that_repeat_a_little_are_fine(tmp_path):
    data, _ = load_yaml(
        write(tmp_path, "base: &b {journal: Lancet}\none: *b\ntwo: {<<: *b, year: 2020}\n"), "d.yml", "k"
    )
    assert data["two"] == {"journal": "Lancet", "year": 2020}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=8), st.integers(1, 4))
def test_a_document_is_refused_exactly_when_its_aliases_add_more_values_than_the_bound(widths, scalars):
    """Levels of aliases to the level before, as many as Hypothesis likes: the values written
    out are counted exactly, so the verdict flips exactly at the bound."""
    import guide.content.yaml_cost as cost
    from guide.content.frontmatter import parse_yaml

    lines = ["l0: &l0 [" + ", ".join(["x"] * scalars) + "]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]" for n, width in enumerate(widths, 1)]
    sizes = [1 + scalars]  # level 0: its list and its scalars; each next level: a list of copies
    for width in widths:
        sizes.append(1 + width * sizes[-1])
    written = 1 + 2 * len(sizes) + scalars  # the mapping, each key and list, the first scalars
    added = 1 + sum(1 + size for size in sizes) - written
    original, cost.MAX_ADDED_VALUES = cost.MAX_ADDED_VALUES, 500
    try:
        if added > 500:
            with pytest.raises(cost.YAMLTooCostly):
                parse_yaml("\n".join(lines) + "\n")
        else:
            assert parse_yaml("\n".join(lines) + "\n")[0]["l0"] == ["x"] * scalars
    finally:
        cost.MAX_ADDED_VALUES = original


@pytest.mark.parametrize(
    "value, tag",
    [
        ('!!python/object/apply:os.system ["touch ran.txt"]', "!!python/object/apply:os.system"),
        ("!ENV HOME", "!ENV"),
        ("!!binary aGk=", "!!binary"),
        ("!custom x", "!custom"),
    ],
)
def test_a_tag_that_is_not_plain_data_is_one_clear_line_in_front_matter_and_data_files(tmp_path, value, tag):
    problems = page_problems("---\n" + GOOD_FRONT_MATTER + f"extra:\n  - {value}\n---\n# Hi\n")
    assert len(problems) == 1 and problems[0].startswith(f"docs/p.md:8: The tag '{tag}' "), problems
    assert problems[0].endswith("Write the value itself, without the tag: plain values only.")
    message = data_file_problem(load_glossary, write(tmp_path, f"- term: MS\n  definition: {value}\n"))
    assert message.startswith(f"data.yml:2: The tag '{tag}' ")
    assert not (tmp_path / "ran.txt").exists()


@pytest.mark.parametrize(
    "front_matter, message",
    [
        ("title: T\n\tdescription: D\n", "docs/p.md:3: Line 3 starts with a tab."),
        ("title: T\nhide:\n  \t- toc\n", "docs/p.md:4: Line 4 starts with a tab."),
        ("title: T\nhide:\n  -\ttoc\n", "docs/p.md:4: Line 4 has a tab."),
    ],
)
def test_a_tab_in_the_front_matter_is_named_at_its_line(front_matter, message):
    _, problems = split_front_matter("docs/p.md", f"---\n{front_matter}---\n\nBody.\n")
    assert [str(p) for p in problems] == [
        f"{message} Use spaces instead: YAML does not allow a tab there (set the editor to indent with spaces)."
    ]
