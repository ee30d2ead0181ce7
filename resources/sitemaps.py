"""sitemap.xml with every language's tree and hreflang alternates."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


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
        urls = super()._urls(page, protocol, domain)
        pages = {u["location"]: u for u in urls}
        for item in self.paginator.page(page).object_list:
            alternates = [
                {"lang_code": t.locale.language_code, "location": t.get_full_url(self.request)}
                for t in item.get_translations(inclusive=True).live().public().select_related("locale")
            ]
            for info in item.get_sitemap_urls(self.request):
                entry = pages.get(info["location"])
                if entry is not None and len(alternates) > 1:
                    entry["alternates"] = alternates
        return urls
