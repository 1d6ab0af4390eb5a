/* The set-up of iframe-worker's iframe (see iframe-worker-shim.js), as a file rather than an
   inline script: the page's Content-Security-Policy allows no inline script. MIT License,
   Copyright (c) 2020-2022 Martin Donath; moved out of the shim by the guide's engine. */
"use strict";
self.postMessage = function (message, origin) { parent.postMessage(message, origin || "*"); };
self.importScripts = function (...urls) {
  return urls.reduce((done, url) => done.then(() => new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    document.body.appendChild(script);
  })), Promise.resolve());
};
addEventListener("error", ({ error }) => {
  parent.dispatchEvent(new ErrorEvent("error", { filename: "search worker", error }));
});
