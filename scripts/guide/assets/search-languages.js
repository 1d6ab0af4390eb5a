/* The guide's search in a guide with translations (issue 26): a translation's words are stemmed
   as its language's words, with lunr-languages' stemmer that Material ships in its search assets
   (assets/javascripts/lunr/min/lunr.<language>.min.js, written before this file in the same
   worker: nothing is fetched), and its filler words are left out of a query.
   Written by scripts/guide/theme_fixes/material.py between the vocabulary and the guide's
   worker (search-worker.js), and only in a guide with `languages`. GUIDE_LANGUAGES is
   {"es": {"folder": "es/", "filler": [...], "stemmer": "es"}} (scripts/guide/translations/search.py).

   How: the worker stems every word with lunr.stemmer. Here that is one function of the word
   alone, so that a page's words and a query's words always agree: a word whose stem in a
   translation's language is the stem of a word found only on that language's pages (not on the
   source language's pages) takes that stem ("empeoró" and "empeoran" are both "empeor"); any other
   word keeps the English stemmer. The stems are gathered from the index before the worker reads it. */
(function (root) {
  "use strict";
  var english = root.lunr;
  var LANGUAGES = root.GUIDE_LANGUAGES || {};
  var WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu;  // the worker's words
  var codes = Object.keys(LANGUAGES).filter(function (code) {
    var lunrName = LANGUAGES[code].stemmer;  // lunr.es (lunr-languages)
    return english && english[lunrName] && typeof english[lunrName].stemmer === "function";
  });
  if (!codes.length) return;
  var data = root.GUIDE_SEARCH || (root.GUIDE_SEARCH = {});
  codes.forEach(function (code) { data.filler = (data.filler || []).concat(LANGUAGES[code].filler || []); });

  var own = Object.create(null);  // code -> {stem: true}, the stems of words only its pages have
  function stemIn(code, word) { return english[LANGUAGES[code].stemmer].stemmer(word); }
  function wordsOf(text) {
    var out = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(String(text || "").replace(/<[^>]*>/g, " ")))) out.push(match[0].toLowerCase());
    return out;
  }
  function gather(index) {
    var source = Object.create(null), theirs = {};
    codes.forEach(function (code) { theirs[code] = []; own[code] = Object.create(null); });
    (index.docs || []).forEach(function (doc) {
      var words = wordsOf(doc.title).concat(wordsOf(doc.text));
      var code = codes.filter(function (c) { return String(doc.location).indexOf(LANGUAGES[c].folder) === 0; })[0];
      if (code) theirs[code] = theirs[code].concat(words);
      else words.forEach(function (w) { source[w] = true; });
    });
    codes.forEach(function (code) {
      theirs[code].forEach(function (w) { if (!source[w]) own[code][stemIn(code, w)] = true; });
    });
  }

  var stemmer = function (token) {
    var word = token.toString();
    for (var i = 0; i < codes.length; i++) {
      var stem = stemIn(codes[i], word);
      if (own[codes[i]][stem]) return new english.Token(stem);
    }
    return english.stemmer(token);
  };
  root.lunr = { Token: english.Token, stemmer: stemmer };  // all the worker uses of lunr

  // The index reaches the worker in its first message: gather before the worker reads it.
  var listen = root.addEventListener;
  if (typeof listen === "function") {
    root.addEventListener = function (type, handler, options) {
      if (type !== "message") return listen.call(root, type, handler, options);
      return listen.call(root, type, function (event) {
        var message = event.data || {};
        if (message.type === 0) gather(message.data || {});  // the theme's SETUP
        return handler.call(this, event);
      }, options);
    };
  }
  root.guideSearchLanguages = { gather: gather };
})(self);
