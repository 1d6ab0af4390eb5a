"""Pages opened in Chromium as an attacker's target: everything they did or hold that could harm a
reader is a finding.

A page is watched from before its own code runs: every dialog, console message, uncaught error,
request and main-frame navigation is recorded, and a Content-Security-Policy violation is caught
by an init script (which the page's policy does not govern). After it settled, the live document
is read as the browser built it: its title, every event handler, every javascript:/vbscript:
(or non-image data:) address, every script, frame, object, base, form target and refresh. A
request outside the allowed prefix is aborted before it leaves, and reported.

Two ways in: :func:`open_watched` opens a built page (served on localhost or over file://), and
:class:`Sandbox` serves HTML strings from a made-up origin with nothing else reachable, for
markup that has no site around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from devtools.browsing import RequestLog

# An init script runs before any of the page's own code, and the page's policy does not govern it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sample}) at ${e.sourceFile}:${e.lineNumber}`));
"""

# What is live in the document once everything ran. Templates' contents are inert, but a
# later copy of them (by the theme or a script) is not: they are read too.
LIVE_STATE = """() => {
    const handlers = [], addresses = [], elements = [];
    const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster",
        "srcdoc", "background", "dynsrc", "lowsrc", "codebase", "ping"];
    const active = "script, iframe, frame, frameset, object, embed, portal, applet, base, "
        + "form[action], [formaction], meta[http-equiv]";
    const roots = [document];
    for (const t of document.querySelectorAll("template")) roots.push(t.content);
    for (const root of roots) for (const el of root.querySelectorAll("*")) {
        for (const a of el.attributes) {
            const name = a.name.toLowerCase();
            if (name.startsWith("on")) handlers.push(`<${el.localName} ${a.name}="${a.value.slice(0, 80)}">`);
            if (!urlAttributes.includes(name)) continue;
            if (name === "srcdoc") { addresses.push(`<${el.localName} srcdoc>`); continue; }
            let scheme;
            try { scheme = new URL(a.value, document.baseURI).protocol; } catch (e) { continue; }
            if (["javascript:", "vbscript:"].includes(scheme) || (scheme === "data:" && el.localName !== "img"))
                addresses.push(`<${el.localName} ${a.name}="${a.value.slice(0, 80)}">`);
        }
        if (el.matches(active)) elements.push({
            tag: el.localName, src: el.localName === "script" && el.hasAttribute("src") ? el.src : "", type: el.getAttribute("type") || "",
            text: el.localName === "script" ? (el.text ?? el.textContent ?? "") : "",
            outer: el.outerHTML.slice(0, 160), inTemplate: root !== document,
            httpEquiv: (el.getAttribute("http-equiv") || "").toLowerCase(),
        });
    }
    return {title: document.title, baseURI: document.baseURI, handlers, addresses, elements,
            violations: window.__violations || null};
}"""

SETTLE_MS = 1200  # after load: long enough for a 0-second refresh, a timer or a failed image


@dataclass
class Watched:
    """One page and everything it did since before it loaded."""

    page: object
    url: str
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)
    requests: RequestLog | None = None
    load_error: str = ""

    def reset(self, url: str) -> None:
        """Forget what was seen: the page is about to load another document."""
        self.url, self.load_error = url, ""
        for seen in (self.dialogs, self.console, self.errors, self.navigations, self.requests.urls):
            seen.clear()


def watch(page, url: str) -> Watched:
    """Start recording what a page does; call before it loads."""
    seen = Watched(page=page, url=url, requests=RequestLog(page))
    page.on("dialog", lambda d: (seen.dialogs.append(f"{d.type}: {d.message[:80]}"), d.dismiss()))
    page.on("console", lambda m: seen.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.errors.append(str(e)[:160]))
    page.on("framenavigated", lambda f: seen.navigations.append(f.url) if f == page.main_frame else None)
    page.add_init_script(RECORD_VIOLATIONS)
    return seen


def open_watched(context, url: str, timeout_ms: int = 15000) -> Watched:
    """A page of a built site, opened and watched (it is not waited for beyond its load)."""
    page = context.new_page()
    seen = watch(page, url)
    try:
        page.goto(url, wait_until="load", timeout=timeout_ms)
    except Exception as error:  # a page that leaves while loading: the navigation is the finding
        seen.load_error = str(error).splitlines()[0][:160]
    return seen


def refuse_outside(context, allowed: tuple[str, ...]) -> None:
    """Every request that does not start with an allowed prefix is aborted before it leaves
    (the page's RequestLog still records it, so it is reported)."""
    allowed = (*allowed, "data:", "blob:", "about:")
    context.route(lambda u: not u.startswith(allowed), lambda route: route.abort())


def _is_evil(url: str) -> bool:
    """A request to the payloads' host (its name in a path, as a file name may hold it, is not)."""
    return (urlsplit(url).hostname or "").endswith("evil.example")


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def findings(
    seen: Watched,
    allowed: tuple[str, ...],
    expected_title: str | None = None,
    known_script=lambda text: False,
    marker: str = "PWNED",
) -> list[str]:
    """Everything the page did or holds that it should not; empty when nothing ran and nothing
    can. known_script: the inline scripts the publisher itself writes (the theme's), allowed."""
    page, url = seen.page, seen.url
    problems = [f"dialog {d}" for d in seen.dialogs]
    problems += [f"navigated to {u[:160]}" for u in seen.navigations if _without_fragment(u) != _without_fragment(url)]
    outside = [u for u in seen.requests.urls if not u.startswith((*allowed, "data:", "blob:", "about:"))]
    problems += [f"requested {u[:160]}" for u in dict.fromkeys(outside)]
    problems += [f"requested {u[:160]}" for u in dict.fromkeys(seen.requests.urls) if _is_evil(u) and u not in outside]
    problems += [f"console: {m[:160]}" for m in seen.console if "Content Security Policy" in m or marker in m]
    problems += [f"uncaught script error (a script ran): {e}" for e in seen.errors]
    if seen.load_error and not seen.navigations:
        problems.append(f"did not load: {seen.load_error}")
    if _without_fragment(page.url) != _without_fragment(url):  # the document is no longer the page's
        return [*problems, f"left for {page.url[:160]}"]
    try:
        state = page.evaluate(LIVE_STATE)
    except Exception as error:  # the page navigated while being read
        return [*problems, f"could not be read: {str(error).splitlines()[0][:120]}"]
    if marker in state["title"] or (expected_title is not None and state["title"] != expected_title):
        problems.append(f"title is {state['title'][:80]!r}, built as {expected_title!r}")
    if _without_fragment(state["baseURI"]) != _without_fragment(url):
        problems.append(f"base address is {state['baseURI'][:160]}")
    if state["violations"] is None:
        problems.append("the violation recorder did not run")
    problems += [f"policy violation: {v[:200]}" for v in state["violations"] or []]
    problems += [f"event handler {h}" for h in state["handlers"]]
    problems += [f"address {a}" for a in state["addresses"]]
    for el in state["elements"]:
        if el["tag"] == "script":
            if el["inTemplate"]:
                problems.append(f"script in a template {el['outer']}")
            elif el["src"]:
                if not el["src"].startswith(allowed):  # a file of the bundle itself is the theme's
                    problems.append(f"script {el['outer']}")
            elif el["type"] not in ("application/json", "application/ld+json") and not known_script(el["text"]):
                problems.append(f"script {el['outer']}")
        elif el["tag"] == "meta":
            if el["httpEquiv"] != "content-security-policy":
                problems.append(f"element {el['outer']}")
        else:
            problems.append(f"element {el['outer']}")
    return problems


class Sandbox:
    """HTML strings served from a made-up origin in one browser context: each at its own
    address, everything else under the origin a 404, every other request aborted (and
    reported by the page's log). No policy is sent: what the markup does is its own.

    A pool of pages is opened once and reused (a new page costs more than a load)."""

    ORIGIN = "http://guide-sandbox.test/"

    def __init__(self, browser, pages: int = 20):
        self.context = browser.new_context()
        self.documents: dict[str, str] = {}
        self.context.route("**/*", self._answer)
        self.pool = [watch(self.context.new_page(), "") for _ in range(pages)]
        self.opened = 0

    def _answer(self, route) -> None:
        url = route.request.url
        if url in self.documents:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.documents[url])
        elif url.startswith(self.ORIGIN):
            route.fulfill(status=404, content_type="text/plain", body="not found")
        else:
            route.abort()

    def open_all(self, documents: list[str], timeout_ms: int = 10000) -> list[tuple[str, list[str]]]:
        """Each document opened and watched, as many at once as the pool has pages; returns,
        in order, each document's address and findings (empty when nothing ran)."""
        results = []
        for start in range(0, len(documents), len(self.pool)):
            batch = list(zip(self.pool, documents[start : start + len(self.pool)]))
            for seen, html in batch:
                self.opened += 1
                url = f"{self.ORIGIN}{self.opened}.html"
                self.documents = {
                    url: html,
                    **{w.url: self.documents[w.url] for w, _ in batch if w.url in self.documents},
                }
                seen.reset(url)
                try:
                    seen.page.goto(url, wait_until="load", timeout=timeout_ms)
                except Exception as error:
                    seen.load_error = str(error).splitlines()[0][:160]
            batch[0][0].page.wait_for_timeout(SETTLE_MS)
            # An empty inline script runs nothing.
            results += [
                (seen.url, findings(seen, (self.ORIGIN,), known_script=lambda t: not t.strip())) for seen, _ in batch
            ]
        return results

    def close(self) -> None:
        self.context.close()
