"""The guide's search engine (scripts/guide/assets/search-worker.js) on small made-up indexes, in
Chromium: each rule of how a query is read and ranked, apart from the guide's own words. (The
guide's pages and queries: tests/test_search.py.)"""

from __future__ import annotations

import pytest
from guide.content.search_vocabulary import DEFAULT_FILLER
from guide.theme_fixes import material

pytestmark = pytest.mark.browser

VOCABULARY = {
    "spellings": {"colour": "color"},
    "groups": [["fatigue", "tired all the time", "exhausted"], ["IV", "drip"]],
    "filler": [*DEFAULT_FILLER, "all"],
    "skip_sections": ["references"],
}
DOCS = [
    {"location": "walking/", "title": "Walking", "text": "<p>A walking stick can help you get around.</p>"},
    {"location": "walking/#references", "title": "References", "text": "<p>Multiple sclerosis and color.</p>"},
    {"location": "usb/", "title": "USB", "text": "<p>A USB stick holds files. A number of files.</p>", "boost": 0.3},
    {"location": "tired/", "title": "Feeling tired", "text": "<p>Fatigue means feeling very tired.</p>"},
    {"location": "iv/", "title": "Steroids", "text": "<p>By IV, the medicine drips into a vein.</p>"},
    {"location": "ms/", "title": "About MS", "text": "<p>MS is multiple sclerosis. <b>Color</b> &amp; light.</p>"},
]


@pytest.fixture(scope="module")
def engine(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>engine</title>")
    page.add_script_tag(content=material.search_worker_script(VOCABULARY))
    page.evaluate("docs => guideSearch.setUp({docs})", DOCS)
    yield page
    page.close()


def found(engine, query: str) -> list[str]:
    """The locations of the results, best first: each page's best section."""
    return engine.evaluate("q => guideSearch.search(q).items.map(group => group[0].location)", query)


def test_whole_words_rank_and_prefixes_count_only_for_the_word_being_typed(engine):
    assert found(engine, "numbness") == []  # "number" starts with "numb", not with "numbness"
    assert found(engine, "numb") == ["usb/"]  # still typing: "number" may be the word
    assert found(engine, "numb ") == []  # a space after it: the word is done


def test_a_typo_of_one_edit_is_read_as_the_word_in_words_of_five_letters_or_more(engine):
    assert found(engine, "mutliple sclerosis")[:1] == ["ms/"]  # two letters swapped
    assert found(engine, "fatige") == ["tired/"]  # one missing
    assert found(engine, "stcik ")[:1] == ["walking/"]  # five letters, two swapped
    assert found(engine, "stik ") == []  # four letters: not corrected


def test_filler_is_left_out_and_a_group_counts_as_the_word_the_pages_use(engine):
    assert found(engine, "can I get a drip") == found(engine, "drip") == ["iv/"]
    assert found(engine, "tired all the time")[:1] == ["tired/"]
    assert found(engine, "colour") == ["ms/"]  # the UK spelling; never the References section


def test_a_weak_match_gives_no_result_instead_of_a_false_one(engine):
    # "walking" and "stick" are there, side by side, on one page: that page comes first.
    assert found(engine, "walking stick")[:1] == ["walking/"]
    # "MS" is everywhere it matters; "kill" nowhere: no result, not a page about MS.
    assert found(engine, "can MS kill you") == []
    assert found(engine, "") == [] and found(engine, "the") == []


def test_results_are_escaped_text_with_the_words_found_marked(engine):
    item = engine.evaluate("() => guideSearch.search('color').items[0][0]")
    assert item["text"] == "MS is multiple sclerosis. <mark>Color</mark> &amp; light."
    assert item["terms"] == {"color": True}
    missing = engine.evaluate("() => guideSearch.search('walking xyzzyq').items")
    assert missing == []  # half of what matters is missing
    # A word the theme's objects have is still only a word.
    assert found(engine, "constructor") == [] and found(engine, "__proto__") == []


def engine_of(browser, docs, vocabulary=VOCABULARY):
    """A blank page with the engine set up on these sections."""
    page = browser.new_page()
    page.set_content("<!doctype html><title>engine</title>")
    page.add_script_tag(content=material.search_worker_script(vocabulary))
    page.evaluate("docs => guideSearch.setUp({docs})", docs)
    return page


FRAME = "<p>This page may be out of date.</p> <p>Talk to your team.</p>"


def test_a_paragraph_on_most_pages_is_the_frame_not_a_topic(browser):
    docs = [
        {"location": f"{name}/", "title": name.title(), "text": f"{FRAME} <p>{text}</p>"}
        for name, text in [
            ("relapses", "A relapse is a flare."),
            ("rehab", "Rehab helps you walk."),
            ("about", "A page may be out of date when no review was done."),
        ]
    ]
    page = engine_of(browser, docs + [{"location": "glossary/", "title": "Glossary", "text": "<p>Words.</p>"}])
    try:
        # Only the page that says it in its own words, not every page that carries the notice.
        assert found(page, "out of date") == ["about/"]
        assert found(page, "team ") == []
        assert "out of date" not in page.evaluate("() => guideSearch.search('flare').items[0][0].text")
    finally:
        page.close()


def test_words_of_one_family_find_each_other_when_the_stemmer_keeps_them_apart(browser):
    docs = [
        {"location": "cure/", "title": "Cure", "text": "<p>There is no cure yet.</p>"},
        {"location": "talk/", "title": "Talking", "text": "<p>Talking therapy can help.</p>"},
        {"location": "team/", "title": "Team", "text": "<p>A physical therapist helps you move.</p>"},
        {"location": "print/", "title": "Print", "text": "<p>You can print a page.</p>"},
    ]
    page = engine_of(browser, docs)
    try:
        assert found(page, "curable ") == ["cure/"]  # -able: the word it is made from
        assert found(page, "printable ") == ["print/"]
        # therapist and therapy: each finds the other, after the word typed.
        assert found(page, "therapist ") == ["team/", "talk/"]
        assert found(page, "therapy ") == ["talk/", "team/"]
    finally:
        page.close()


def test_a_page_whose_whole_title_was_typed_comes_before_pages_that_only_name_it(browser):
    docs = [
        {"location": "", "title": "Treating MS", "text": "<p>See the list of sources and the glossary.</p>"},
        {"location": "sources/", "title": "Sources", "text": "<p>The list of studies.</p>", "boost": 0.3},
    ]
    page = engine_of(browser, docs)
    try:
        assert found(page, "list of sources")[:1] == ["sources/"]
        assert found(page, "list of studies")[:1] == ["sources/"]
        assert found(page, "list of the glossary")[:1] == [""]  # no page is named that
    finally:
        page.close()


def test_keys_typed_faster_than_a_person_types_are_answered_once_for_the_last_query(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>engine</title>")
    try:
        answers = page.evaluate(
            """async ([script, docs]) => {
                const url = URL.createObjectURL(new Blob([script], {type: "text/javascript"}));
                const worker = new Worker(url), answers = [];
                const ready = new Promise(done => worker.onmessage = event => {
                    if (event.data.type === 1) done(); else answers.push(event.data.data);
                });
                worker.postMessage({type: 0, data: {docs}});
                await ready;
                for (const query of ["d", "dr", "dri", "drip"]) worker.postMessage({type: 2, data: query});
                await new Promise(done => setTimeout(done, 400));
                worker.postMessage({type: 2, data: "walking stick"});  // a person's pause, then a query
                await new Promise(done => setTimeout(done, 400));
                return answers.map(a => a.items.map(group => group[0].location));
            }""",
            [material.search_worker_script(VOCABULARY), DOCS],
        )
        assert answers == [["iv/"], ["walking/"]]
    finally:
        page.close()


def test_filler_between_the_words_of_a_phrase_of_the_vocabulary_still_makes_the_phrase(browser):
    vocabulary = {**VOCABULARY, "groups": [["depression", "feeling down"]]}
    docs = [
        {"location": "mood/", "title": "Mood", "text": "<p>Depression is common and can be treated.</p>"},
        {"location": "slow/", "title": "Slow", "text": "<p>Feeling tired can slow you down.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        assert found(page, "feeling down ")[:1] == ["mood/"]
        assert found(page, "feeling really very down ")[:1] == ["mood/"]  # filler skipped inside it
        assert found(page, "feeling tired down ")[:1] == ["slow/"]  # a word that matters breaks it
    finally:
        page.close()


def test_a_form_of_a_word_the_pages_use_is_not_read_as_a_typo_of_another(browser):
    vocabulary = {**VOCABULARY, "groups": [["cope", "coping"]]}
    docs = [
        {"location": "back/", "title": "Back", "text": "<p>Old symptoms may come back.</p>"},
        {"location": "cope/", "title": "Cope", "text": "<p>You do not have to cope alone.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        # "coming" is one letter from "coping", but it is "come", which a page has.
        assert found(page, "coming ") == ["back/"]
        assert found(page, "copign ") == ["cope/"]  # a real typo is still read
    finally:
        page.close()


def definition_engine(browser):
    vocabulary = {
        **VOCABULARY,
        "groups": [["IV", "drip"]],
        "definition_words": ["mean", "meaning", "define", "stand for", "definitions"],
        "definition_pages": ["glossary/"],
    }
    docs = [
        {"location": "steroids/", "title": "Steroids", "text": "<p>Steroids by IV drip into a vein, at home.</p>"},
        {"location": "glossary/", "title": "Glossary", "text": "<p>Definitions. IV: into a vein.</p>", "boost": 0.4},
    ]
    return engine_of(browser, docs, vocabulary)


def test_a_definition_question_finds_the_glossary_first_any_other_the_page_that_uses_the_word(browser):
    page = definition_engine(browser)
    try:
        for query in ("what does IV mean", "IV meaning", "define IV", "what does IV stand for"):
            assert found(page, query)[:1] == ["glossary/"], query
        # Without a definition word, the topic page, though the glossary holds the word.
        assert found(page, "IV ")[:1] == ["steroids/"]
        assert found(page, "IV at home")[:1] == ["steroids/"]
        # The definition word is what is asked when nothing else is: it is not dropped.
        assert found(page, "definitions ") == ["glossary/"]
    finally:
        page.close()


def test_generic_and_context_words_alone_are_no_answer_when_the_query_asks_more(browser):
    vocabulary = {**VOCABULARY, "groups": [["family", "kids", "children"]], "context": ["kids", "children", "best"]}
    docs = [
        {"location": f"{name}/", "title": name.title(), "text": f"<p>MS treatment. {text}</p>"}
        for name, text in [
            ("relapses", "A relapse is a flare. The best way is rest."),
            ("support", "Family and friends can help."),
            ("rehab", "Physiotherapy helps you walk."),
            ("symptoms", "Fatigue and pain."),
        ]
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        # "MS" and "treatment" are on every page: with a word no page has, no answer.
        assert found(page, "MS diet ") == []
        assert found(page, "MS treatment diet ") == []
        # Words about whom ("kids") or how good ("best"), with MS: no answer either.
        assert found(page, "best MS diet for kids ") == [] and found(page, "MS in children ") == []
        # All the query's words found: an answer, even when they are generic.
        assert found(page, "MS treatment ") != []
        # A topic word still finds its page beside a context word.
        assert found(page, "support for my kids ")[:1] == ["support/"]
    finally:
        page.close()
    # The words of the guide's name are its subject, however few pages repeat them.
    docs[1]["text"] += "<p>This guide and its pain clinic.</p>"
    page = engine_of(browser, docs, {**vocabulary, "subject": "MS Guide"})
    try:
        assert found(page, "guide abroad ") == [] and found(page, "guide abroad") == []  # typed or done
        assert found(page, "guide ")[:1] == ["support/"]  # all that is asked: an answer
        assert found(page, "pain clinic abroad ")[:1] == ["support/"]  # most of it, with a topic word
    finally:
        page.close()


def test_most_of_a_longer_querys_words_are_enough_but_half_of_a_two_word_one_is_not(browser):
    docs = [
        {"location": "rehab/", "title": "Rehab", "text": "<p>Physiotherapy helps you walk after a relapse.</p>"},
        {"location": "cells/", "title": "Cells", "text": "<p>Nerve cells send signals.</p>"},
        {"location": "other/", "title": "Other", "text": "<p>Something else entirely, about walking.</p>"},
    ]
    page = engine_of(browser, docs)
    try:
        # "retired" is a word no page has; "physiotherapy" and "walk" are clear.
        assert found(page, "retired physiotherapy walk ")[:1] == ["rehab/"]
        # Two words, one no page has: half of what is asked is missing.
        assert found(page, "stem cells ") == []
    finally:
        page.close()


def topic_engine(browser):
    vocabulary = {
        **VOCABULARY,
        "groups": [
            ["depression", "feeling low"],
            ["steroids", "corticosteroids"],
            ["injection", "jab"],
            # A topic no page covers, named with a word a page uses ("jab").
            ["vaccine", "flu jab"],
        ],
        "context": ["women"],
    }
    docs = [
        {
            "location": "steroids/",
            "title": "Steroids",
            "text": "<p>Steroids calm inflammation. Side effects are mild.</p>",
        },
        {"location": "mood/", "title": "Mood", "text": "<p>Depression is common in MS.</p>"},
        {"location": "dmt/", "title": "Treatments", "text": "<p>A DMT is an injection. Start a DMT early.</p>"},
        {
            "location": "relapse/",
            "title": "Relapse",
            "text": "<p>Call your team. Steroids work best if you start them soon.</p>",
        },
    ]
    return engine_of(browser, docs, vocabulary)


def test_a_longer_query_that_holds_its_topics_is_answered_though_most_other_words_are_unknown(browser):
    page = topic_engine(browser)
    try:
        # "steroids" (a group of the vocabulary) is the topic; "make", "put", "weight" are on no page.
        assert found(page, "do steroids make you put on weight")[:1] == ["steroids/"]
        assert found(page, "feeling low since my diagnosis ")[:1] == ["mood/"]  # a group is a topic
        # Two words, one unknown: still half of what is asked.
        assert found(page, "inflammation weight ") == []
        # About whom ("women"): the guide has no page about them, whatever its topic words.
        assert found(page, "steroids weight gain ")[:1] == ["steroids/"]
        assert found(page, "steroids weight gain women ") == []
    finally:
        page.close()


def test_a_topic_no_page_covers_named_with_a_word_a_page_uses_is_no_answer(browser):
    page = topic_engine(browser)
    try:
        assert found(page, "jab ") == ["dmt/"]  # an injection
        assert found(page, "flu jab") == [] and found(page, "should I get the flu jab ") == []
        assert found(page, "is the flu jab safe with steroids mild ") != []  # another topic of the query
        assert found(page, "is the flu jab safe with MS ") == []
    finally:
        page.close()


def test_words_found_side_by_side_count_though_a_word_between_them_in_the_query_is_not_found(browser):
    docs = [
        {"location": "dmt/", "title": "Timing", "text": "<p>It helps to start a DMT early and to keep taking it.</p>"},
        {"location": "help/", "title": "Help", "text": "<p>Start now, as it is never too early.</p>"},
        *(
            {"location": f"{n}/", "title": n.title(), "text": f"<p>{n.title()} is a topic.</p>"}
            for n in ("a", "b", "c", "d")
        ),
    ]
    page = engine_of(browser, docs)
    try:
        # "start ... early" side by side on one page, though "xyzzy" is on neither.
        assert found(page, "should I start xyzzy early ")[:1] == ["dmt/"]
        assert found(page, "start early ")[:1] == ["dmt/"]
    finally:
        page.close()


def carer_engine(browser):
    vocabulary = {
        **VOCABULARY,
        "people": ["husband", "partner", "mum"],
        "context": ["son", "women"],
        "groups": [
            ["relationships", "husband", "partner"],
            ["bladder", "bladder accidents"],
            ["steroids", "corticosteroids"],
            ["trouble sleeping", "cant sleep"],
        ],
    }
    docs = [
        {
            "location": "support/",
            "title": "Relationships",
            "text": "<p>Relationships with a partner or husband can change. Help is there.</p>",
        },
        {"location": "rehab/", "title": "Rehab", "text": "<p>Rehab is for bladder problems.</p>"},
        {"location": "symptoms/", "title": "Symptoms", "text": "<p>Massage may help.</p>"},
        {"location": "steroids/", "title": "Steroids", "text": "<p>Side effects of steroids: trouble sleeping.</p>"},
        {"location": "a/", "title": "A", "text": "<p>A topic.</p>"},
        {"location": "b/", "title": "B", "text": "<p>B topic.</p>"},
    ]
    return engine_of(browser, docs, vocabulary)


def test_whom_a_carer_asks_for_is_left_out_when_the_question_names_what_the_pages_cover(browser):
    page = carer_engine(browser)
    try:
        # "husband" is the relationships page's word, but here it says whom the question is for.
        assert found(page, "my husband keeps having bladder accidents can anyone help ")[:1] == ["rehab/"]
        assert found(page, "would massage help my partners ")[:1] == ["symptoms/"]  # "partners" too
        assert found(page, "my husband is on steroids and cant sleep and is snapping at everyone ")[:1] == ["steroids/"]
        # A context word said as one's own ("my son") is whom; "in women" still asks about whom.
        assert found(page, "my son keeps having bladder accidents can anyone help ")[:1] == ["rehab/"]
        assert found(page, "bladder accidents in women can anyone help ") == []
        # Alone, or with the page's own word, whom is what is asked.
        assert found(page, "my husband ")[:1] == ["support/"]
        assert found(page, "relationships with my husband ")[:1] == ["support/"]
    finally:
        page.close()


def test_the_words_of_the_guides_name_inside_a_phrase_of_the_vocabulary_do_not_break_it(browser):
    vocabulary = {**VOCABULARY, "subject": "MS Guide", "groups": [["DMT", "stop meds"]]}
    docs = [
        {"location": "dmt/", "title": "Treatments", "text": "<p>Never stop or change a DMT on your own.</p>"},
        {"location": "relapse/", "title": "Relapse", "text": "<p>Do not stop any medicine. MS relapses stop.</p>"},
        {"location": "ms/", "title": "MS", "text": "<p>MS is MS.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        assert found(page, "stop my meds ")[:1] == ["dmt/"]
        assert found(page, "stop my MS meds ")[:1] == ["dmt/"]  # "stop meds", with "MS" between
    finally:
        page.close()


def test_a_longer_query_is_answered_by_a_page_that_holds_its_topics_in_different_sections(browser):
    vocabulary = {**VOCABULARY, "groups": [["DMT", "long-term meds"], ["lesion", "lesions"]]}
    docs = [
        {"location": "dmt/", "title": "Treatments", "text": "<p>Start a DMT early.</p>"},
        {"location": "dmt/#help", "title": "How they help", "text": "<p>Fewer new lesions.</p>"},
        {"location": "brain/", "title": "Swelling", "text": "<p>The brain can reduce swelling.</p>"},
        {"location": "a/", "title": "A", "text": "<p>A topic.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        # The medicine in one section, the lesions in another, of the same page.
        assert found(page, "do long-term meds reduce brain lesions ")[:1] == ["dmt/"]
    finally:
        page.close()


def test_a_page_is_named_by_its_title_only_when_the_query_asks_no_other_topic(browser):
    vocabulary = {**VOCABULARY, "groups": [["fatigue", "tiredness"]], "subject": "MS Guide"}
    docs = [
        {"location": "", "title": "Treating MS", "text": "<p>Care has four parts.</p>"},
        {"location": "rehab/", "title": "Treating fatigue", "text": "<p>Exercise eases fatigue (tiredness) in MS.</p>"},
        {"location": "a/", "title": "A", "text": "<p>Sleep and fatigue, tiredness.</p>"},
        {"location": "b/", "title": "B", "text": "<p>Pain and fatigue, tiredness.</p>"},
        {"location": "c/", "title": "C", "text": "<p>Mood.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        assert found(page, "treating MS ")[:1] == [""]
        assert found(page, "treating MS fatigue ")[:1] == ["rehab/"]  # the title, and a topic it lacks
    finally:
        page.close()


def test_the_subjects_name_beside_a_word_is_no_phrase_bonus(browser):
    vocabulary = {**VOCABULARY, "groups": [["disability", "progression"]], "subject": "MS Guide"}
    docs = [
        {
            "location": "relapse/",
            "title": "Relapse",
            "text": "<p>Plasma exchange does not work for progressive MS.</p>",
        },
        {
            "location": "dmt/",
            "title": "Treatments",
            "text": "<p>MS is slow. DMTs slow down disability. Less disability.</p>",
        },
        {"location": "a/", "title": "A", "text": "<p>MS.</p>"},
        {"location": "b/", "title": "B", "text": "<p>MS.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        # "progressive MS" is side by side on the relapse page, but "MS" is beside everything.
        assert found(page, "progression of MS ")[:1] == found(page, "MS progression ")[:1] == ["dmt/"]
    finally:
        page.close()


def test_a_phrase_whose_words_no_page_has_side_by_side_is_a_topic_the_guide_does_not_cover(browser):
    vocabulary = {
        **VOCABULARY,
        "groups": [["family", "kids", "dad"], ["inherited", "get MS from", "run in families"]],
        "context": ["kids"],
        "people": ["dad"],
        "subject": "MS guide",
    }
    docs = [
        {
            "location": "support/",
            "title": "Support",
            "text": "<p>Your family, kids and dad can help. Get help from MS nurses.</p>",
        },
        {"location": "relapse/", "title": "Relapse", "text": "<p>It can run for days. Families call the team.</p>"},
        # Enough other pages that a word on one page weighs nearly as much as a word on none.
        *({"location": f"t{n}/", "title": f"Topic {n}", "text": f"<p>Topic {n} is here.</p>"} for n in range(30)),
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        # Every word is on a page ("get", "MS", "from"; "run", "families"), never side by side:
        # a topic no page covers, not the support page's "dad" (whom it is for).
        assert found(page, "can my kids get MS from their dad ") == []
        assert found(page, "does it run in families ") == []
        # The same words one by one still find the pages that have them.
        assert found(page, "family ")[:1] == ["support/"] and found(page, "dad ")[:1] == ["support/"]
    finally:
        page.close()


def test_a_typo_is_never_read_as_a_filler_word(browser):
    vocabulary = {**VOCABULARY, "filler": [*VOCABULARY["filler"], "even"]}
    docs = [
        {"location": "walks/", "title": "Walks", "text": "<p>A charity walk raises money.</p>"},
        {"location": "start/", "title": "Where to start", "text": "<p>Start with the first page.</p>"},
    ]
    page = engine_of(browser, docs, vocabulary)
    try:
        # "event" is one letter from "even" (filler): it stays a word no page has, so half of
        # what is asked is missing, not left out.
        assert found(page, "charity event ") == []
        assert found(page, "where do I even start ")[:1] == ["start/"]  # "even" itself is filler
    finally:
        page.close()
