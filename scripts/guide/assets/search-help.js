/* The guide's search: what to do when the guide has nothing for what the reader typed (the help
   under "No matching documents": the template guide/search-help.html, in the search partial).
   The search worker gives no result when nothing answers the query well (search-worker.js);
   this shows the help then, with the reader's own words in it, as text. Copied into the site by
   scripts/guide/theme_fixes/material.py. */
(function () {
  "use strict";
  var help = document.querySelector("[data-guide-search-help]");
  var result = document.querySelector("[data-md-component=search-result]");
  var input = document.querySelector("[data-md-component=search-query]");
  if (!help || !result) return;
  var meta = result.firstElementChild, none = help.getAttribute("data-guide-none");
  var update = function () {
    var nothing = meta.textContent.trim() === none;
    if (nothing && input) {
      help.querySelectorAll("[data-guide-search-query]").forEach(function (slot) {
        slot.textContent = input.value.trim();
      });
    }
    help.hidden = !nothing;
  };
  new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
  if (input) input.addEventListener("input", update);
  update();
})();
