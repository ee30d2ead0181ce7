"""sitemap.xml with every language's tree and hreflang alternates."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from safespace.addresses import page_full_url


class I18nSitemap(Sitemap):
    def items(self):
        # Wagtail's own Sitemap only walks the site's root page, which is the
        # home page of the default language; the other languages are its
        # siblings, so walk every translation of the root.
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True).live()
        condition = None
        for root in roots:
            descendants = Page.objects.descendant_of(root, inclusive=True)
            condition = descendants if condition is None else condition | descendants
        if condition is None:
            return Page.objects.none()
        return condition.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Wagtail writes each <loc> from the Site record; ours come from the
        # public address (safespace/addresses.py), port included.
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            location = page_full_url(item, request=self.request)
            if not location:
                continue
            entry = {"location": location, "lastmod": item.last_published_at or item.latest_revision_created_at}
            alternates = [
                {"lang_code": t.locale.language_code, "location": page_full_url(t, request=self.request)}
                for t in item.get_translations(inclusive=True).live().public().select_related("locale")
            ]
            if len(alternates) > 1:
                entry["alternates"] = alternates
            urls.append(entry)
            last_mods.add(entry["lastmod"])
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
