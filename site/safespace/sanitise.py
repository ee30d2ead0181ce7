"""A whitelist for rich text on output.

Wagtail cleans rich text when it comes through the editor, but content can
also arrive by import, the API or a migration. What we render is filtered
again here: known tags only, no event handlers or styles, links only to
http(s), mailto, tel or this site.
"""

from bs4 import BeautifulSoup
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "h5", "blockquote", "img", "figure", "figcaption", "span"}
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "form", "input", "button", "textarea", "select"}
ATTRS = {"a": {"href", "title", "hreflang", "lang"}, "img": {"src", "alt", "width", "height", "class", "loading"}, "*": {"lang", "dir"}}
SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")


def _safe_url(value: str, *, image: bool = False) -> bool:
    value = "".join(value.split()).lower()
    if image:
        return value.startswith("/")  # renditions and documents served by this site only
    return value.startswith(SCHEMES) and not value.startswith("//")


def sanitise_html(html) -> SafeString:
    soup = BeautifulSoup(str(html or ""), "html.parser")
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        name = tag.name.lower()
        if name in DROP_WITH_CONTENT:
            tag.decompose()
            continue
        if name not in TAGS:
            tag.unwrap()
            continue
        allowed = ATTRS.get(name, set()) | ATTRS["*"]
        for attr in list(tag.attrs):
            if attr.lower() not in allowed:
                del tag.attrs[attr]
        if name == "a" and "href" in tag.attrs and not _safe_url(tag["href"]):
            del tag.attrs["href"]
        if name == "a" and tag.get("href", "").startswith(("http://", "https://")):
            tag["rel"] = "noopener noreferrer"
        if name == "img" and not _safe_url(tag.get("src", ""), image=True):
            tag.decompose()
    return mark_safe(str(soup))
