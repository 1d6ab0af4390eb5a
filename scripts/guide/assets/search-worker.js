/* The guide's search: ranks the theme's search index by meaning, as a patient types.
   Written into the site by scripts/guide/theme_fixes/material.py after lunr (for its English
   stemmer only) and the vocabulary (GUIDE_SEARCH: scripts/guide/search_vocabulary.py). It answers
   the theme's search messages in place of the theme's own worker; material.py checks at every
   build that the theme still sends and reads them as this file expects.

   How a query is read:
   - words, not prefixes: a word matches the same word or another form of it ("exercising" finds
     "exercise"); only the last word, while it is still being typed, also matches as a prefix, and
     counts less;
   - one typo (a letter added, missing, changed, or two swapped) in a word of five letters or more
     that neither the guide nor the vocabulary knows ("mutliple" is read "multiple"), unless it is
     another form of a word the pages use ("coming" is "come", not a typo of "coping"), and never
     into filler ("event" is not "even");
   - UK spellings read as the guide's US ones (the vocabulary's pairs, and the usual patterns for
     a word the guide does not have: -our, -ise, -tre, ae, oe), adverbs as their adjective
     ("suddenly" as "sudden"), a word in -able as the word it is made from ("curable" as "cure");
     words of one family the stemmer keeps apart find each other, counting less ("therapist" and
     "therapy", "treatment" and "treat"); a group of the vocabulary (a glossary term with its
     other names, lay words) counts as one word ("drip" finds "IV", "anxiety" finds "worried"),
     its phrases also with filler or the words of the guide's name between their words ("feeling
     really down", "stop my <subject> meds");
   - question words and filler are left out ("can", "will I", "how do I"); so is whom the question
     is for (the vocabulary's people: "my husband", "my mum"; a context word as one's own: "my
     son"), when it also asks about something the pages name ("my husband can't sleep on
     steroids"); alone, it is what is asked;
   - a section that holds the query's words side by side, as typed, counts more (a phrase bonus;
     not for the generic words, which stand beside everything);
     pages weigh what their front matter's `search: boost` says (topic pages first); a page whose
     whole title the query holds comes before pages that only name it ("list of sources"), unless
     the query also asks a topic of the vocabulary that the page's first section lacks;
   - a definition question ("what does DMT stand for", "lesion meaning", "define IV": the
     vocabulary's definition words) puts the glossary's page first; any other question puts it
     after the topic pages that use the word;
   - when no section holds the words that matter in the query (by how rare each word is in the
     guide; in a query of three words or more, a word no page has counts half, so most of its
     words are enough), there is no result: the page says honestly that the guide does not cover
     it. Nor is a section that holds only generic words (on most pages, or of the guide's name:
     the subject's name, "treatment") and context words ("kids", "best") an answer, when the query
     also holds a word no page has ("diet for <subject>") or a context word ("<subject> in men").
     But in a query of three words or more, a section that holds one of its topics (a group of
     the vocabulary, or a word of a heading), on a page that holds them all (in any of its
     sections), is an answer however many other words the guide does not use ("should I start
     meds early", "feeling low since diagnosis"); a topic the guide does not cover is a group of
     words no page has, or has only with their words apart ("flu jab", "life expectancy",
     "vitamin D", "runs in families": the vocabulary).
   The sections the build adds that are not the page's text (References) are left out, and so are
   the paragraphs found on more than half of the pages (the frame: a review notice, "Key points").
   Previews are the section's own text around the first word found, with the words marked.
   Keys typed faster than a person types are answered once, for the last query (see QUIET). */
(function (root) {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // the theme's message types
  var DATA = root.GUIDE_SEARCH || { spellings: {}, groups: [], filler: [] };
  var lunr = root.lunr;

  var TITLE = 3;          // a word in a heading counts as much as three in the text
  var SYNONYM = 0.9;      // another word of a group counts a little less than the word typed
  var RELATIVE = 0.8;     // a word of the same family the stemmer keeps apart ("therapist", "therapy")
  var TYPO = 0.8;         // a corrected word counts less than one spelled right
  var PREFIX = 0.3;       // the word being typed, as a prefix of a longer word
  var PHRASE = 2;         // the query's words side by side, as typed
  var HEADING = 1.5;      // a word of the query in the section's heading
  var NAMED = 4;          // a page whose whole title was typed ("sources", "glossary")
  var COVERED = 0.5;      // the share of the query's weight a section must hold to be a result
  var ABSENT = 0.5;       // a word the guide never uses, in a query of three or more, weighs half
  var DEFINES = 1000;     // the glossary, for "what does X mean": before the pages that use X
  var NOT_DEFINING = 0.3; // the glossary, for any other question: after the pages that explain X
  var GENERIC = 0.7;      // a word on more pages than this share of them names no topic (the subject)
  var HEADED = 0.4;       // a heading's word names a topic when on at most this share of pages
  var SNIPPET = 220;      // characters of a preview

  var WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu;
  var stems = Object.create(null);
  function stem(word) {
    var key = Object.prototype.hasOwnProperty.call(DATA.spellings, word) ? DATA.spellings[word] : word;
    if (!(key in stems)) stems[key] = lunr ? lunr.stemmer(new lunr.Token(key)).toString() : key;
    return stems[key];
  }
  function tokens(text) {
    var out = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      var word = match[0].toLowerCase().replace(/['\u2019]s$/, "").replace(/\u2019/g, "'");
      out.push({ word: word, stem: stem(word), start: match.index, end: match.index + match[0].length });
    }
    return out;
  }

  /* ---- The index: each section's words ---- */

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", nbsp: " " };
  function plainText(html) {
    return String(html || "")
      .replace(/<sup\b[^>]*>[\s\S]*?<\/sup>/gi, "")  // footnote numbers
      .replace(/<[^>]*>/g, " ")
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, function (all, name) { return ENTITIES[name]; })
      .replace(/\s+/g, " ").trim();
  }
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  var docs = [], pages = Object.create(null), df = Object.create(null), lexicon = Object.create(null);
  var filler = Object.create(null), groups = [];
  var context = Object.create(null), defining = [], definitionPages = Object.create(null);
  var people = Object.create(null);  // whom a question is for ("my husband"), when it names a topic
  var pageDf = Object.create(null), pageCount = 0, subject = Object.create(null);
  var headed = Object.create(null);  // the stems of the sections' headings: the guide's topics
  function setUp(index) {
    last = { query: null, result: null };
    docs = []; pages = Object.create(null); df = Object.create(null); lexicon = Object.create(null);
    phrases = Object.create(null);
    (DATA.filler || []).forEach(function (word) { filler[word.toLowerCase()] = true; });
    (DATA.context || []).forEach(function (word) { context[word.toLowerCase()] = true; });
    people = Object.create(null);
    (DATA.people || []).forEach(function (phrase) {
      tokens(phrase.toLowerCase()).forEach(function (t) { people[t.stem] = true; });  // "partners" too
    });
    defining = (DATA.definition_words || []).map(function (phrase) {
      return tokens(phrase.toLowerCase()).map(function (t) { return t.word; });
    }).filter(function (words) { return words.length; });
    (DATA.definition_pages || []).forEach(function (page) { definitionPages[page] = true; });
    pageDf = Object.create(null);
    subject = Object.create(null);
    tokens(String(DATA.subject || "").toLowerCase()).forEach(function (t) { subject[t.stem] = true; });
    var skip = DATA.skip_sections || [];
    var all = index.docs || [];
    // The frame is found on every section, the skipped ones too (the page's footer, which the
    // theme puts in its last section: the References on most pages).
    var frame = repeated(all, all.map(function (source) { return blocks(source.text); }));
    var sources = all.filter(function (source) {
      return skip.indexOf(String(source.location).split("#")[1]) < 0;  // e.g. a page's References
    });
    var parts = sources.map(function (source) { return blocks(source.text); });
    sources.forEach(function (source, n) {
      var title = plainText(source.title);
      var text = parts[n].filter(function (b) { return !frame[b]; }).join(" ");
      var doc = {
        source: source, title: title, text: text, titleTokens: tokens(title), textTokens: tokens(text),
        boost: typeof source.boost === "number" ? source.boost : 1, counts: Object.create(null)
      };
      doc.titleTokens.forEach(function (t) { doc.counts[t.stem] = (doc.counts[t.stem] || 0) + TITLE; });
      doc.textTokens.forEach(function (t) { doc.counts[t.stem] = (doc.counts[t.stem] || 0) + 1; });
      doc.length = doc.titleTokens.length * TITLE + doc.textTokens.length;
      doc.titleStems = Object.create(null);
      doc.titleTokens.forEach(function (t) { doc.titleStems[t.stem] = true; });
      doc.sequence = doc.titleTokens.concat(doc.textTokens).map(function (t) { return t.stem; });
      var seen = Object.create(null);
      doc.words = doc.titleTokens.concat(doc.textTokens).filter(function (t) {
        return seen[t.word] ? false : (seen[t.word] = true);
      });  // each word once, for prefixes
      Object.keys(doc.counts).forEach(function (s) { df[s] = (df[s] || 0) + 1; });
      doc.titleTokens.concat(doc.textTokens).forEach(function (t) { lexicon[t.word] = t.stem; });
      var page = pageOf(source.location);
      doc.page = page;
      if (!pages[page]) pages[page] = [];
      pages[page].push(doc);
      docs.push(doc);
    });
    // On how many pages each word is: a word on more than three in four (the subject) is
    // generic, and never makes a page the answer alone.
    Object.keys(pages).forEach(function (page) {
      var seen = Object.create(null);
      pages[page].forEach(function (d) { Object.keys(d.counts).forEach(function (s) { seen[s] = true; }); });
      Object.keys(seen).forEach(function (s) { (pageDf[s] = pageDf[s] || Object.create(null))[page] = true; });
    });
    pageCount = Object.keys(pages).length;
    headed = Object.create(null);
    // ("steroids", "plasma"; not "keep" or "take", which headings share with most pages)
    docs.forEach(function (d) {
      Object.keys(d.titleStems).forEach(function (s) {
        if (Object.keys(pageDf[s] || {}).length <= pageCount * HEADED) headed[s] = true;
      });
    });
    var total = docs.reduce(function (sum, d) { return sum + d.length; }, 0);
    averageLength = docs.length ? total / docs.length : 1;
    // The vocabulary's groups, each word as its stems; their words are known words too.
    groups = (DATA.groups || []).map(function (group) {
      return group.map(function (phrase) {
        var ts = tokens(phrase);
        ts.forEach(function (t) { if (!(t.word in lexicon)) lexicon[t.word] = t.stem; });
        return ts.map(function (t) { return t.stem; });
      }).filter(function (stemsOf) { return stemsOf.length; });
    });
    Object.keys(filler).forEach(function (word) { if (!(word in lexicon)) lexicon[word] = stem(word); });
    // Known words, sorted (a prefix is looked up by halves) and by length (a typo is one letter off).
    known = Object.keys(lexicon).sort();
    byLength = [];
    known.forEach(function (word) { (byLength[word.length] = byLength[word.length] || []).push(word); });
  }
  // A section's text as its paragraphs, list items and cells, each as plain text.
  function blocks(html) {
    return String(html || "").split(/<\/(?:p|li|h[1-6]|td|th|dt|dd|div|pre|blockquote)>/i)
      .map(plainText).filter(function (b) { return b; });
  }
  // The paragraphs found on more than half of the pages (at least three): the frame the build puts
  // on every page (a review notice, "Key points", "Talk to your care team"), not a page's topic.
  function repeated(sources, parts) {
    var onPages = Object.create(null), allPages = Object.create(null);
    sources.forEach(function (source, n) {
      var page = pageOf(source.location);
      allPages[page] = true;
      parts[n].forEach(function (b) {
        (onPages[b] = onPages[b] || Object.create(null))[page] = true;
      });
    });
    var pageCount = Object.keys(allPages).length, out = Object.create(null);
    Object.keys(onPages).forEach(function (b) {
      var n = Object.keys(onPages[b]).length;
      if (n >= 3 && n > pageCount / 2) out[b] = true;
    });
    return out;
  }
  var known = [], byLength = [];
  var averageLength = 1;
  function pageOf(location) { return String(location).split("#")[0]; }
  function idf(s) {
    var n = df[s] || 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  }

  /* ---- The query ---- */

  // Whether two words are one edit apart: a letter added, missing or changed, or two neighbours swapped.
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // Another form of a word the guide does not know, that it does: a UK spelling the vocabulary
  // does not list (-our, -ise, -tre, ae, oe), or an adverb the stemmer keeps whole ("suddenly").
  var FORMS = [
    [/our(s|ed|ing)?$/, "or$1"], [/is(e|es|ed|ing|ation|ations)$/, "iz$1"], [/tre(s)?$/, "ter$1"],
    [/ae/g, "e"], [/oe/g, "e"], [/ily$/, "y"], [/ly$/, ""],
    [/[ai]ble$/, "e"], [/[ai]ble$/, ""], [/[ai]bility$/, "e"], [/[ai]bility$/, ""]
  ];
  // Words of one family the stemmer keeps apart ("therapist" and "therapy", "treatment" and
  // "treat"): each also finds the other, counting a little less, as another word of a group does.
  var RELATED = [[/ists?$/, "y"], [/ies$/, "ist"], [/y$/, "ist"], [/ments?$/, ""]];
  function related(word) {
    var out = [];
    RELATED.forEach(function (rule) {
      var other = word.replace(rule[0], rule[1]);
      if (other !== word && other.length > 3 && other in lexicon && lexicon[other] !== lexicon[word] &&
          out.indexOf(lexicon[other]) < 0) out.push(lexicon[other]);
    });
    return out;
  }
  function knownForm(word) {
    for (var i = 0; i < FORMS.length; i++) {
      var other = word.replace(FORMS[i][0], FORMS[i][1]);
      if (other !== word && other.length > 2 && other in lexicon) return other;
    }
    return null;
  }
  function corrected(word) {
    var best = null, bestCount = -1;
    for (var n = Math.max(word.length - 1, 4); n <= word.length + 1; n++) {
      (byLength[n] || []).forEach(function (other) {
        // Never into filler: a word the guide does not use is not read as one a search leaves
        // out ("event" is not "even").
        if (filler[other] || !oneEdit(word, other)) return;
        var count = df[lexicon[other]] || 0;
        if (count > bestCount) { best = other; bestCount = count; }
      });
    }
    return best;
  }
  function startsAWord(prefix) {
    var low = 0, high = known.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (known[mid] <= prefix) low = mid + 1; else high = mid;
    }
    return low < known.length && known[low].indexOf(prefix) === 0;  // the first word after it
  }

  // Whether a section holds these stems (a phrase: side by side). Phrases are looked up once.
  var phrases = Object.create(null);
  function onSomePage(stemsOf) {
    if (stemsOf.length === 1) return !!df[stemsOf[0]];
    if (stemsOf.some(function (s) { return !df[s]; })) return false;
    var key = stemsOf.join(" ");
    if (!(key in phrases)) {
      phrases[key] = docs.some(function (d) {
        return stemsOf.every(function (s) { return d.counts[s]; }) && adjacent(d, stemsOf);
      });
    }
    return phrases[key];
  }
  // Words that make the next one someone's own: "my son" is whom a question is for.
  var OWNERS = { my: true, our: true, his: true, her: true, their: true, your: true };
  // The query as concepts: each one a word (or a phrase of the vocabulary) typed, and the
  // alternatives that match it: [{stems, weight}], with the words as typed (for "missing").
  function concepts(query) {
    var typing = !/\s$/.test(query);
    var words = tokens(query).map(function (t) { return { word: t.word, stem: t.stem, weight: 1 }; });
    // "what does X mean", "X stands for", "define X": a definition question; its words are left out.
    var define = false, typed = words.slice();
    for (var at = 0; at < words.length; at++) {
      for (var d = 0; d < defining.length; d++) {
        var phrase = defining[d], k = 0;
        while (k < phrase.length && words[at + k] && words[at + k].word === phrase[k]) k++;
        if (k === phrase.length && !(typing && at + k === words.length && phrase.length === 1 && words.length === 1)) {
          words.splice(at, k);
          define = true;
          at--;
          break;
        }
      }
    }
    // Only such words ("definitions", "abbreviations"): they are what is asked.
    if (define && !words.some(function (w) { return !filler[w.word]; })) words = typed;
    words.forEach(function (w, i) {
      var last = typing && i === words.length - 1;
      // A form of a word the pages use ("coming": "come") is that word, not a typo of another.
      if (w.word in lexicon || df[w.stem] || (last && startsAWord(w.word))) return;
      var form = knownForm(w.word);
      if (form) { w.word = form; w.stem = stem(form); return; }
      if (w.word.length < 5) return;
      var fixed = corrected(w.word);
      if (fixed) { w.word = fixed; w.stem = stem(fixed); w.weight = TYPO; }
    });
    var out = [], i = 0;
    while (i < words.length) {
      var found = longestGroupPhrase(words, i);
      if (found) {
        var typed = words.slice(i, i + found.length), previous = out[out.length - 1];
        if (previous && previous.group === found.group) {
          // Two words of one group ("print a handout") are one thing asked.
          previous.words = previous.words.concat(typed.map(function (w) { return w.word; }));
          i += found.length;
          continue;
        }
        out.push({
          group: found.group, owned: i > 0 && OWNERS[words[i - 1].word] === true,
          // A phrase of the vocabulary ("just diagnosed") is what is asked; one word may be context.
          context: found.size === 1 && typed.every(function (w) { return context[w.word] || filler[w.word]; }),
          words: typed.map(function (w) { return w.word; }),
          weight: Math.min.apply(null, typed.map(function (w) { return w.weight; })),
          alternatives: found.group.map(function (stemsOf, k) {
            return { stems: stemsOf, weight: k === found.index ? 1 : SYNONYM };
          }),
          prefix: null
        });
        i += found.length;
        continue;
      }
      var w = words[i], last = typing && i === words.length - 1;
      if (!filler[w.word] && !(w.word.length < 2)) {
        out.push({
          context: !!context[w.word], owned: i > 0 && OWNERS[words[i - 1].word] === true,
          words: [w.word], weight: w.weight,
          alternatives: [{ stems: [w.stem], weight: 1 }].concat(related(w.word).map(function (s) {
            return { stems: [s], weight: RELATIVE };
          })),
          prefix: last && w.word.length > 2 ? w.word : null
        });
      }
      i++;
    }
    out.forEach(function (c) {
      var stemsOf = c.alternatives.map(function (alt) { return alt.stems; });
      // A word no page has (absent), and, while still typed, no page's word starts with (unknown).
      // A phrase whose words the pages use, but never side by side, is nowhere too ("get it from":
      // a group of the vocabulary no page has is a topic the guide does not cover).
      var nowhere = stemsOf.every(function (ss) { return !onSomePage(ss); });
      c.absent = !c.prefix && nowhere;
      c.unknown = nowhere && !(c.prefix && startsAWord(c.prefix));
      // The word typed with its family ("treatment", "treat"), or the word the pages use for its
      // group (a subject's full name and its abbreviation), on most pages.
      var on = Object.create(null);
      c.alternatives.forEach(function (alt, k) {
        if (c.group && k > 0 && alt.weight !== 1) return;
        var pagesOf = alt.stems.map(function (s) { return pageDf[s] || {}; });
        Object.keys(pagesOf[0]).forEach(function (page) {
          if (pagesOf.every(function (ps) { return ps[page]; })) on[page] = true;
        });
      });
      // The words of the guide's name (its site_name) name its subject, not a topic.
      // A phrase of the vocabulary that no page has names a topic, though its words are filler.
      c.generic = Object.keys(on).length > pageCount * GENERIC ||
        (!(c.group && c.unknown) && c.words.every(function (w) { return subject[stem(w)] || filler[w]; }));
      // A topic: a group of the vocabulary (what patients say for what a page covers) or a word
      // of a section's heading that few pages use, when it is not a context word ("steroids",
      // "feeling low", "meds"; not "make", "keep", "life", "since").
      c.topic = !c.generic && !c.context &&
        (!!c.group || c.alternatives.some(function (alt) { return alt.stems.every(function (s) { return headed[s]; }); }));
      // The vocabulary's people, or a context word said as one's own ("my son", not "in children").
      c.person = (c.words.some(function (w) { return people[stem(w)]; }) &&
        c.words.every(function (w) { return people[stem(w)] || filler[w]; })) || (c.owned && c.context);
      if (c.person) c.topic = false;  // whom it is for, not what is asked
    });
    // Whom the question is for ("my husband", "my mum") is not what it asks, when it also asks
    // about something the pages name ("my husband can't sleep on steroids", "would massage help
    // my partner"): left out. With nothing else ("my family"), it is what is asked.
    if (out.some(function (c) { return !c.person && !c.generic && !c.context && !c.unknown; })) {
      out = out.filter(function (c) { return !c.person; });
    }
    out.define = define;
    return out;
  }
  // The longest phrase of a group that the query holds from word `at` on: its words in order,
  // with filler and the words of the guide's name between them skipped ("feeling really down" is
  // "feeling down", "stop my <subject> meds" is "stop meds"). length: the
  // query's words it takes, size: the phrase's own (the longer phrase wins).
  function longestGroupPhrase(words, at) {
    var best = null;
    groups.forEach(function (group) {
      group.forEach(function (stemsOf, index) {
        if (stemsOf.length > words.length - at || (best && stemsOf.length <= best.size)) return;
        var i = at;
        for (var k = 0; k < stemsOf.length; k++, i++) {
          while (k > 0 && i < words.length && words[i].stem !== stemsOf[k] && (filler[words[i].word] || subject[words[i].stem])) i++;
          if (i >= words.length || words[i].stem !== stemsOf[k]) return;
        }
        // A group's one-word name that is also filler ("up") stands alone only.
        if (stemsOf.length === 1 && filler[words[at].word]) return;
        best = { group: group, index: index, length: i - at, size: stemsOf.length };
      });
    });
    return best;
  }

  /* ---- Scoring ---- */

  function weightOf(s, doc) {
    var tf = doc.counts[s] || 0;
    if (!tf) return 0;
    var norm = tf / (tf + 1.2 * (0.5 + 0.5 * doc.length / averageLength));
    return idf(s) * norm;
  }
  function adjacent(doc, stemsOf) {
    var seq = doc.sequence;
    for (var i = 0; i + stemsOf.length <= seq.length; i++) {
      var k = 0;
      while (k < stemsOf.length && seq[i + k] === stemsOf[k]) k++;
      if (k === stemsOf.length) return true;
    }
    return false;
  }
  // A concept in a section: its best alternative's score, and the stems it matched there.
  function match(concept, doc) {
    var best = { score: 0, stems: [] };
    concept.alternatives.forEach(function (alt) {
      if (!alt.stems.every(function (s) { return doc.counts[s]; })) return;
      var score = alt.stems.reduce(function (sum, s) { return sum + weightOf(s, doc); }, 0) / alt.stems.length;
      if (alt.stems.length > 1 && !adjacent(doc, alt.stems)) return;  // a phrase, as a phrase
      score *= alt.weight * concept.weight;
      if (alt.stems.every(function (s) { return doc.titleStems[s]; })) score *= HEADING;
      if (score > best.score) best = { score: score, stems: alt.stems };
    });
    if (!best.score && concept.prefix) {
      doc.words.forEach(function (t) {
        if (t.word.length <= concept.prefix.length || t.word.indexOf(concept.prefix) !== 0) return;
        var score = weightOf(t.stem, doc) * PREFIX * concept.weight;
        if (score > best.score) best = { score: score, stems: [t.stem] };
      });
    }
    return best;
  }
  // How much a concept weighs in the query: the rarest of its words (a word the guide does not
  // have at all weighs as much as the rarest).
  function conceptWeight(concept) {
    var most = 0;
    concept.alternatives.forEach(function (alt) {
      alt.stems.forEach(function (s) { most = Math.max(most, idf(s)); });
    });
    return most;
  }
  // Whether the query holds every word of a page's title (the page's first section), beyond filler,
  // and no topic of the vocabulary that the section does not hold ("treating <subject>", not
  // "treating <subject> fatigue").
  function named(doc, matched, list) {
    if (doc.source.location !== doc.page) return false;
    var found = Object.create(null);
    matched.forEach(function (m) { if (m) m.stems.forEach(function (s) { found[s] = true; }); });
    var words = doc.titleTokens.filter(function (t) { return !filler[t.word]; });
    var more = list.some(function (c, i) {
      return c.topic && c.group && !matched[i];
    });
    return words.length > 0 && !more && words.every(function (t) { return found[t.stem]; });
  }
  // Whether a section holds one of the query's topics and its page holds them all, in this
  // section or others ("long-term meds" in one, "lesions" in another section of the same page).
  function holdsTheTopics(list, matched, onPage) {
    var some = false;
    for (var i = 0; i < list.length; i++) {
      if (!list[i].topic) continue;
      if (!onPage[i]) return false;
      some = some || !!matched[i];
    }
    return some;
  }
  function phraseBonus(doc, matched, list) {
    // Concepts found one after the other (those not found between them skipped: "start meds
    // early" in "start a DMT early") within two words of each other, in order. Not the generic
    // words (the subject's name is beside every topic: "progression of <subject>" is not the
    // page's "progressive <subject>").
    var found = matched.filter(function (m, i) { return m && !list[i].generic; }), pairs = 0, close = 0, seq = doc.sequence;
    for (var c = 0; c + 1 < found.length; c++) {
      pairs++;
      var a = found[c].stems[found[c].stems.length - 1], b = found[c + 1].stems[0];
      for (var i = 0; i < seq.length; i++) {
        if (seq[i] !== a) continue;
        if (seq.slice(i + 1, i + 4).indexOf(b) >= 0) { close++; break; }
      }
    }
    return pairs ? 1 + (PHRASE - 1) * close / pairs : 1;
  }

  /* ---- Results, as the theme draws them ---- */

  // text[from, to) with the words wanted in <mark> (ts: the text's tokens, with their offsets).
  function marked(text, ts, wanted, from, to) {
    var out = "", at = from;
    ts.forEach(function (t) {
      if (!wanted[t.stem] || t.start < from || t.end > to) return;
      out += escapeHtml(text.slice(at, t.start)) + "<mark>" + escapeHtml(text.slice(t.start, t.end)) + "</mark>";
      at = t.end;
    });
    return out + escapeHtml(text.slice(at, to));
  }
  function preview(doc, wanted) {
    var text = doc.text, first = null;
    doc.textTokens.some(function (t) { if (wanted[t.stem]) { first = t; return true; } return false; });
    var start = 0;
    if (first && first.end > SNIPPET * 0.6) {
      // From the start of the sentence that holds the first word found.
      start = Math.max(text.lastIndexOf(". ", first.start) + 2, 0);
      if (first.start - start > SNIPPET * 0.6) start = text.lastIndexOf(" ", first.start - 40) + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), start + 1);
    return (start > 0 ? "\u2026 " : "") + marked(text, doc.textTokens, wanted, start, end) +
      (end < text.length ? " \u2026" : "");
  }
  function item(doc, score, wanted, list) {
    var terms = {}, found = [];
    doc.titleTokens.concat(doc.textTokens).forEach(function (t) {
      if (wanted[t.stem] && found.indexOf(t.word) < 0) found.push(t.word);
    });
    // Words of one or two letters would light up inside longer ones on the page ("up" in "support").
    var long = found.filter(function (w) { return w.length > 2; });
    (long.length ? long : found).forEach(function (w) { terms[w] = true; });
    list.forEach(function (c) {
      if (!c.matched) c.words.forEach(function (w) { if (!filler[w]) terms[w] = false; });
    });
    return {
      location: doc.source.location, title: marked(doc.title, doc.titleTokens, wanted, 0, doc.title.length),
      text: preview(doc, wanted),
      score: score, terms: terms
    };
  }

  var last = { query: null, result: null };  // the theme asks again on keys that change nothing
  function search(query) {
    query = String(query || "");
    if (query === last.query) return last.result;
    last = { query: query, result: rank(query) };
    return last.result;
  }
  function rank(query) {
    var list = concepts(query.toLowerCase());
    if (!list.length || !docs.length) return { items: [] };
    // A word the guide never uses weighs less in a query of three words or more, so that most
    // of its words, not all, are enough ("just diagnosed, what are DMTs"); in a shorter one it is
    // half of what is asked ("stem cell").
    var weights = list.map(function (c) { return conceptWeight(c) * (c.absent && list.length > 2 ? ABSENT : 1); });
    var total = weights.reduce(function (a, b) { return a + b; }, 0) || 1;
    var scored = [], asksWhom = list.some(function (c) { return c.context; });
    var found = docs.map(function (doc) {
      return list.map(function (c) { var m = match(c, doc); return m.score ? m : null; });
    });
    var topicsOn = Object.create(null);  // per page, the query's topics its sections hold
    found.forEach(function (matched, n) {
      var on = topicsOn[docs[n].page] = topicsOn[docs[n].page] || Object.create(null);
      matched.forEach(function (m, i) { if (m && list[i].topic) on[i] = true; });
    });
    docs.forEach(function (doc, n) {
      var matched = found[n];
      var held = matched.reduce(function (sum, m, i) { return sum + (m ? weights[i] : 0); }, 0) / total;
      // In a longer query, a section of a page that holds the query's topics is an answer, however many
      // of its other words the guide does not use ("do steroids make you put on weight"); a
      // topic it does not hold (another page's, or one the guide does not cover) still counts.
      // Not when it asks about whom ("symptoms in women"): the guide has no page about them.
      if (held < COVERED && !(list.length > 2 && !asksWhom && holdsTheTopics(list, matched, topicsOn[doc.page]))) return;
      // A section that holds only generic words (the subject, "treatment") and context words
      // ("kids", "best") is no answer when the query also asks what the guide never names ("diet
      // for <subject>") or names whom ("<subject> in men").
      if (!matched.some(function (m, i) { return m && !list[i].generic && !list[i].context; }) &&
          list.some(function (c) { return c.context || c.unknown; })) return;
      // Nor, when the query names a topic the guide does not cover ("flu jab": a group of the
      // vocabulary no page has), a section that holds none of its other topics ("is the flu
      // jab safe with <subject>").
      if (list.some(function (c) { return c.topic && c.unknown; }) &&
          !matched.some(function (m, i) { return m && list[i].topic; })) return;
      var sum = matched.reduce(function (s, m) { return s + (m ? m.score : 0); }, 0);
      var score = sum * held * held * phraseBonus(doc, matched, list) * doc.boost;
      if (named(doc, matched, list)) score *= NAMED;
      if (definitionPages[doc.page]) score *= list.define ? DEFINES : NOT_DEFINING;
      var wanted = Object.create(null);
      matched.forEach(function (m) { if (m) m.stems.forEach(function (s) { wanted[s] = true; }); });
      scored.push({ doc: doc, score: score, wanted: wanted, matched: matched });
    });
    var byPage = Object.create(null), order = [];
    scored.sort(function (a, b) { return b.score - a.score; }).forEach(function (r) {
      if (!byPage[r.doc.page]) { byPage[r.doc.page] = []; order.push(r.doc.page); }
      var marks = list.map(function (c, i) { return { words: c.words, matched: !!r.matched[i] }; });
      byPage[r.doc.page].push(item(r.doc, r.score, r.wanted, marks));
    });
    return {
      items: order.map(function (page) {
        var group = byPage[page];
        if (!group.some(function (i) { return pageOf(i.location) === i.location; })) {
          var own = pages[page].filter(function (d) { return d.source.location === page; })[0];
          if (own) group.push({ location: own.source.location, title: escapeHtml(own.title), text: "", score: 0, terms: {} });
        }
        return group;
      })
    };
  }

  root.guideSearch = { setUp: setUp, search: search, concepts: concepts };
  // In a Web Worker, or offline in iframe-worker's iframe (whose postMessage answers the page).
  // The theme asks at every key. A query is answered once no newer one came for QUIET ms (far
  // less than the time between two keys a person presses), so a word typed fast is ranked and
  // drawn once, not once per letter: drawing an answer costs more than ranking it, most on a slow
  // computer and over file://, where the offline copy's worker shares the page's thread. The
  // theme draws whichever answer comes last; it does not pair answers with queries.
  var QUIET = 25;
  var waiting = { query: null, timer: null };
  function answer() {
    waiting.timer = null;
    var result;
    try { result = search(waiting.query); } catch (err) { result = { items: [] }; }
    postMessage({ type: RESULT, data: result });
  }
  if (typeof root.addEventListener === "function") {
    root.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === SETUP) {
        setUp(message.data || {});
        postMessage({ type: READY });
      } else if (message.type === QUERY) {
        waiting.query = message.data;
        if (waiting.timer !== null) clearTimeout(waiting.timer);
        waiting.timer = setTimeout(answer, QUIET);
      }
    });
  }
})(self);
