"""The theme's own inline scripts, known before the build: the only inline code a page may run.

The Content-Security-Policy allows exactly these (by hash). An inline script in a built page that
is not here is an error: it came from content or from an override, or the theme changed it in an
upgrade (then copy the new script here, after reading it).
"""

from __future__ import annotations

import base64
import hashlib
import re

# Material for MkDocs 9.8.1, partials/javascripts/base.html: its settings store, scoped to the
# site's root ({base}: the page's relative path to it, or the site's absolute path on the 404 page).
MATERIAL_SCOPE = '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
# Material 9.8.1, partials/javascripts/palette.html: the reader's colour scheme, set before the page is drawn.
MATERIAL_PALETTE = 'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
# Material 9.8.1, partials/javascripts/content.html: opens the content tab a link points to.
MATERIAL_TABS = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
# mkdocs-print-site-plugin 2.9, plugin.py: removes the navigation and draws the contents.
PRINT_SITE_TOC = "\n        document.addEventListener('DOMContentLoaded', function () {\n            remove_material_navigation();remove_mkdocs_theme_navigation();generate_toc();\n        })\n        "

# The guide's own (review_html.with_status_script): shows what data-guide-due keeps hidden (the
# "may be out of date" notice) once the reader's own clock has passed the due date, on any copy,
# at any later date, also over file://.
REVIEW_STATUS = ('(function(){var d=new Date(),t=d.getFullYear()+"-"+("0"+(d.getMonth()+1)).slice(-2)+"-"'
                 '+("0"+d.getDate()).slice(-2);document.querySelectorAll("[data-guide-due]").forEach('
                 'function(e){if(t>e.getAttribute("data-guide-due")){e.hidden=false}})})();')

KNOWN_SCRIPTS = frozenset({MATERIAL_PALETTE, MATERIAL_TABS, PRINT_SITE_TOC, REVIEW_STATUS})
# A base is a relative path to the root or an absolute path: nothing that could end the string.
_BASE = r"(?:\.|\.\.(?:/\.\.)*|/[A-Za-z0-9._~%/-]*)"
_SCOPE = re.compile(re.escape(MATERIAL_SCOPE).replace(re.escape("{base}"), _BASE))


def is_known(body: str) -> bool:
    return body in KNOWN_SCRIPTS or bool(_SCOPE.fullmatch(body))


def csp_hash(body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"
