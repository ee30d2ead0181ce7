"""Demo content: a taxonomy, nine resources and the advocacy pages, in every language.

Loaded by ``manage.py load_demo_data`` after the site's own demo. Every step
looks for its result first, so a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from safespace.demo import DEFAULT_LANGUAGE, default_home, indexed_once, locales, page_in_languages, publish, snippet_in_languages  # noqa: F401

from . import demo_content as C


def make_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page A4 PDF with the given lines in Helvetica (Latin-1 text), written by hand."""

    def esc(text: str) -> bytes:
        raw = text.encode("latin-1", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = [b"BT /F1 11 Tf 56 780 Td 15 TL"]
    for index, line in enumerate(lines):
        size = b"18" if index == 0 else b"11"
        stream.append(b"/F1 " + size + b" Tf (" + esc(line) + b") Tj T*")
        if index == 0:
            stream.append(b"T*")
    stream.append(b"ET")
    content = b"\n".join(stream)
    info = b"<< /Title (" + esc(title or (lines[0] if lines else "")) + b") /Producer (safespace) >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def demo_document(*, title: str, lines: list[str]):
    """The Wagtail document with this title, generated once."""
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    document = Document(title=title)
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")[:60]
    document.file.save(f"{slug}.pdf", ContentFile(make_pdf(lines, title=title)), save=False)
    document.save()
    return document


def _terms() -> dict[str, object]:
    """Every taxonomy term, by key, in the default language."""
    from . import models

    result = {}
    for model_name, entries in C.TAXONOMY.items():
        model = getattr(models, model_name)
        all_locales = locales()
        for order, (key, names) in enumerate(entries):
            source = model.objects.filter(locale=all_locales[DEFAULT_LANGUAGE], slug=names[DEFAULT_LANGUAGE][1]).first()
            if source is None:
                name, slug = names[DEFAULT_LANGUAGE]
                source = model.objects.create(locale=all_locales[DEFAULT_LANGUAGE], name=name, slug=slug, sort_order=order)
            for code, (name, slug) in names.items():
                if code == DEFAULT_LANGUAGE or source.get_translations().filter(locale=all_locales[code]).exists():
                    continue
                translated = source.copy_for_translation(all_locales[code])
                translated.name, translated.slug = name, slug
                translated.save()
            result[key] = source
    return result


def _with_slug(fields: dict[str, dict], slugs: dict[str, str]) -> dict[str, dict]:
    return {code: ({**values, "slug": slugs[code]} if code != DEFAULT_LANGUAGE else values) for code, values in fields.items()}


def _with_page_links(body: list, pages: dict) -> list:
    """Fill ``{name}`` page ids in rich-text paragraphs with the pages of the same language."""
    filled = []
    for block_type, value in body:
        if block_type == "paragraph":
            for name, page in pages.items():
                value = value.replace("{" + name + "}", str(page.pk))
        filled.append((block_type, value))
    return filled


def _repair_child_counts(home) -> None:
    """Re-count the home pages' children before adding ours.

    Publishing a revision of a page object loaded before its children were
    added writes back its stale ``numchild`` (the site demo does so with the
    home page); treebeard then computes a taken path for the next child.
    """
    from wagtail.models import Page

    for root in home.get_translations(inclusive=True):
        Page.objects.filter(pk=root.pk).update(numchild=Page.objects.child_of(root).count())


def _index(home, model, key):
    spec = C.INDEXES[key]
    return page_in_languages(parent=home, model=model, slug=spec["slugs"][DEFAULT_LANGUAGE], fields=_with_slug(spec["fields"], spec["slugs"]))


@indexed_once
@transaction.atomic
def load_demo(*, stdout=None) -> None:
    from safespace.demo_images import demo_image
    from safespace.models import Footer, HomePage, MainMenu

    from . import models as m

    all_locales = locales()
    home = default_home()
    _repair_child_counts(home)
    terms = _terms()

    library = _index(home, m.ResourceIndexPage, "library")
    leaflet = demo_document(title="Naloxona: fitxa per imprimir", lines=C.NALOXONE_PDF_LINES)
    resources: dict[str, dict] = {}
    for seed, spec in enumerate(C.RESOURCES, start=20):
        key = spec["key"]
        image = demo_image(title=f"Recurs: {key}", seed=seed)
        fields = {}
        for code, text in spec["text"].items():
            fields[code] = {
                "title": text["title"],
                "summary": text["summary"],
                "body": text["body"],
                "image": image,
                "image_alt": text["alt"],
                "last_reviewed_on": datetime.date.fromisoformat(spec["reviewed"]),
                "last_reviewed_by": text["reviewed_by"],
                "review_interval_months": spec.get("interval", 12),
            }
        existing = m.ResourcePage.objects.child_of(library[DEFAULT_LANGUAGE]).filter(slug=spec["slugs"][DEFAULT_LANGUAGE]).first()
        if existing is None:
            # Terms go on before the first publication, so translations copy them.
            source_fields = dict(fields[DEFAULT_LANGUAGE])
            page = m.ResourcePage(slug=spec["slugs"][DEFAULT_LANGUAGE], locale=all_locales[DEFAULT_LANGUAGE], **source_fields)
            library[DEFAULT_LANGUAGE].add_child(instance=page)
            for facet, keys in spec["terms"].items():
                getattr(page, facet).set([terms[k] for k in keys])
            if key == "naloxone":
                page.documents.add(m.ResourceDocument(document=leaflet, title=""))
            page.save()
            publish(page)
        resources[key] = page_in_languages(
            parent=library[DEFAULT_LANGUAGE], model=m.ResourcePage, slug=spec["slugs"][DEFAULT_LANGUAGE],
            fields=_with_slug(fields, spec["slugs"]),
        )

    for spec in C.RESOURCES:
        for code, page in resources[spec["key"]].items():
            page = m.ResourcePage.objects.get(pk=page.pk)
            if page.related_resources.exists() or not spec.get("related"):
                continue
            for other in spec["related"]:
                page.related_resources.add(m.RelatedResource(related=resources[other][code]))
            publish(page)

    # --- Advocacy ---
    # Publications first: a news item links to the publications page.
    publications = _index(home, m.PublicationIndexPage, "publications")
    news_index = _index(home, m.NewsIndexPage, "news")
    for seed, spec in enumerate(C.NEWS, start=40):
        image = demo_image(title=f"Notícia: {spec['key']}", seed=seed)
        fields = {
            code: {
                **text,
                "body": _with_page_links(text["body"], {"publications": publications[code]}),
                "date": datetime.date.fromisoformat(spec["date"]),
                "image": image,
            }
            for code, text in spec["text"].items()
        }
        page_in_languages(parent=news_index[DEFAULT_LANGUAGE], model=m.NewsPage, slug=spec["slugs"][DEFAULT_LANGUAGE], fields=_with_slug(fields, spec["slugs"]))

    campaign_image = demo_image(title="Campanya: espais segurs", seed=50)
    campaign = C.CAMPAIGN
    campaign_pages = page_in_languages(
        parent=home, model=m.CampaignPage, slug=campaign["slugs"][DEFAULT_LANGUAGE],
        fields=_with_slug(
            {code: {**text, "image": campaign_image, "starts_on": datetime.date(2026, 3, 8)} for code, text in campaign["text"].items()},
            campaign["slugs"],
        ),
    )

    report = C.REPORT
    report_pdf = demo_document(title=report["pdf_title"], lines=report["pdf_lines"])
    report_image = demo_image(title="Informe 2025", seed=51)
    page_in_languages(
        parent=publications[DEFAULT_LANGUAGE], model=m.PublicationPage, slug=report["slugs"][DEFAULT_LANGUAGE],
        fields=_with_slug(
            {
                code: {**text, "document": report_pdf, "image": report_image, "published_on": datetime.date(2026, 2, 20), "authors": "Espai Lila"}
                for code, text in report["text"].items()
            },
            report["slugs"],
        ),
    )

    press = C.PRESS
    press_pages = page_in_languages(parent=home, model=m.PressPage, slug=press["slugs"][DEFAULT_LANGUAGE], fields=_with_slug(press["text"], press["slugs"]))
    impact = C.IMPACT
    impact_pages = page_in_languages(parent=home, model=m.ImpactPage, slug=impact["slugs"][DEFAULT_LANGUAGE], fields=_with_slug(impact["text"], impact["slugs"]))

    # --- Menu and home page links (data only) ---
    for code, locale in all_locales.items():
        menu = MainMenu.objects.filter(site__is_default_site=True, locale=locale).first()
        if menu is None:
            continue
        linked = {block.value.get("page").pk for block in menu.items if block.value.get("page")}
        wanted = [library[code], news_index[code], impact_pages[code]]
        missing = [p for p in wanted if p.pk not in linked]
        if missing:
            for page in missing:
                menu.items.append(("link", {"page": page, "url": "", "label": ""}))
            menu.save()

    # Press and publications in the footer's links, so every page is reachable.
    for code, locale in all_locales.items():
        footer = Footer.objects.filter(site__is_default_site=True, locale=locale).first()
        if footer is None:
            continue
        linked = {block.value.get("page").pk for block in footer.links if block.value.get("page")}
        missing = [p for p in (publications[code], press_pages[code]) if p.pk not in linked]
        if missing:
            for page in missing:
                footer.links.append(("link", {"page": page, "url": "", "label": ""}))
            footer.save()

    home = HomePage.objects.get(pk=home.pk)
    featured_pages = {block.value.get("page").pk for block in home.featured if block.value.get("page")}
    # The naloxone leaflet and the current campaign lead the home page's featured links.
    for featured in (campaign_pages[DEFAULT_LANGUAGE], resources["naloxone"][DEFAULT_LANGUAGE]):
        if featured.pk in featured_pages:
            continue
        for translated in home.get_translations(inclusive=True):
            translated = translated.specific
            translated.featured.insert(0, ("link", {"page": featured, "url": "", "label": ""}))
            publish(translated)
    if stdout is not None:
        stdout.write(f"  resources: {len(resources)} resources in {len(all_locales)} languages")
