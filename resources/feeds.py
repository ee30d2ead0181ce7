"""RSS and Atom for a news index, in the index's own language."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from safespace.addresses import absolute_url, page_full_url


class NewsRssFeed(Feed):
    def get_object(self, request, index):
        self.request = request
        # Django reads ``language`` as a plain attribute, not per object.
        self.language = index.locale.language_code
        return index

    def title(self, index):
        return index.title

    def link(self, index):
        return page_full_url(index, request=self.request)

    def description(self, index):
        return index.intro or index.title

    def feed_url(self, index):
        return absolute_url(self.request.get_full_path())

    def items(self, index):
        return index.news()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro  # plain text; the feed generator escapes it

    def item_link(self, item):
        return page_full_url(item, request=self.request)

    def item_guid(self, item):
        return page_full_url(item, request=self.request)

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and published.date() == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
