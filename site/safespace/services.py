"""Site-wide writes: data rights and retention across every app and plugin."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Site

from plugins.api import codes
from plugins.api.registry import app_label_of

from .addresses import public_base

from . import content_cache, signals


def participant_export(*, code: str) -> dict:
    """Everything any app holds for ``code``, keyed by app label."""
    code = codes.normalize(code)
    result = {"code": code, "data": {}}
    for receiver, data in signals.participant_export.send(sender=None, code=code):
        if data:
            result["data"][app_label_of(receiver) or receiver.__module__] = data
    return result


@transaction.atomic
def participant_erase(*, code: str) -> dict[str, int]:
    """Delete everything linked to ``code`` in every app, all or nothing."""
    code = codes.normalize(code)
    return {
        app_label_of(receiver) or receiver.__module__: int(count or 0)
        for receiver, count in signals.participant_erase.send(sender=None, code=code)
    }


def retention_apply(*, now: dt.datetime | None = None) -> dict[str, dict]:
    """Run every app's retention rules once."""
    now = now or timezone.now()
    return {
        app_label_of(receiver) or receiver.__module__: summary or {}
        for receiver, summary in signals.retention_apply.send(sender=None, now=now)
    }


def site_address_sync() -> None:
    """Keep the default Wagtail Site's hostname and port in step with SAFESPACE_PUBLIC_URL.

    Wagtail builds its own full URLs (``Page.get_full_url``, the admin's
    "view live" links) from the Site record; the rest of the site builds them
    from the setting (safespace/addresses.py). Saved, not updated, so the
    content version moves on.
    """
    parts = urlsplit(public_base())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (parts.hostname, port):
        return
    site.hostname, site.port = parts.hostname, port
    site.save()


def page_slug_from_title(*, page, revision=None) -> bool:
    """Give a translated page a slug of its own, from its translated title.

    wagtail-localize offers the slug as one more segment to translate, and
    translators leave it as it is: the Spanish page then lives at
    ``/es/horari-de-nadal/``. While a translation's slug is still the one of
    another language's version, it is replaced with the slug of its own title
    (ASCII unless ``WAGTAIL_ALLOW_UNICODE_SLUGS``); a slug someone chose is
    left alone. ``revision``, the one just published, gets the same slug, so
    that the next edit keeps it. Returns whether the slug changed.
    """
    if page.alias_of_id or page.depth is None or page.depth <= 2:
        return False  # aliases follow their original; home pages are the sites' roots
    others = set(page.get_translations().values_list("slug", flat=True))
    if page.slug not in others:
        return False
    base = slugify(page.title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))[:200]
    if not base or base == page.slug:
        return False
    page.slug = find_available_slug(page.get_parent(), base, ignore_page_id=page.pk)
    page.save(clean=False)
    if revision is not None and isinstance(revision.content, dict):
        revision.content["slug"] = page.slug
        revision.content["url_path"] = page.url_path
        revision.save(update_fields=["content"])
    return True


# --- Spaces -------------------------------------------------------------------
# One install, several spaces (safespace/spaces.py, safespace/space_admin.py).

SPACE_ROLES = ("FACILITATORS", "COMMUNICATIONS", "COUNTERS", "ADMINISTRATORS")
# Rights over the install itself, kept for the network's administrators: a
# space's administrators must not re-point another space's host name.
NETWORK_ONLY_PERMISSIONS = {
    ("wagtailcore", "add_site"), ("wagtailcore", "change_site"), ("wagtailcore", "delete_site"),
    ("wagtailcore", "add_locale"), ("wagtailcore", "change_locale"), ("wagtailcore", "delete_locale"),
}


@transaction.atomic
def space_create(*, name: str, hostname: str, port: int = 80, home=None, home_fields: dict | None = None,
                 languages: list[str] | None = None):
    """A new space: its Site, its home page (with a translation in each of its
    ``languages``), its SiteSettings and its four groups ("<name> · Facilitators"...).

    ``home`` may be an existing top-level page; otherwise a HomePage titled
    ``name`` is made (``home_fields`` for its other fields). Idempotent by
    host name and port: a second call returns the same space, its groups
    brought up to date (``space_groups_sync``).
    """
    from wagtail.models import Locale, Page

    from .models import HomePage, SiteSettings

    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is None:
        if home is None:
            default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
            fields = {"hero_heading": name, "hero_text": f"<p>{name}</p>", **(home_fields or {})}
            root = Page.get_first_root_node()
            home = HomePage(title=name, slug=find_available_slug(root, slugify(name) or "space"),
                            locale=default_locale, **fields)
            root.add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
    home = site.root_page.specific
    for code in languages or [code for code, _name in settings.LANGUAGES]:
        if code == home.locale.language_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        if not home.get_translations().filter(locale=locale).exists():
            translated = home.copy_for_translation(locale)
            translated.save_revision().publish()
    space_settings = SiteSettings.for_site(site)
    if space_settings.name != name:
        space_settings.name = name
        space_settings.save()
    space_chrome_create(site=site, locales=[translated.locale for translated in home.get_translations(inclusive=True)])
    if not site.is_default_site:
        space_network_split()
    space_groups_sync(site=site, name=name)
    return site


def space_chrome_create(*, site, locales) -> None:
    """The space's own main menu and footer, one per language in ``locales`` (the
    first is the source of the others' translations), each left empty if new.

    Empty, not a copy of another space's: another space's menu links to pages
    of its own tree, and its footer's text and emergency numbers are its own
    (a wrong number in a crisis is worse than none). The footer already shows
    the space's own SiteSettings (address, opening hours), and the space's
    staff find the two rows in the admin ready to fill in. Idempotent.
    """
    from .models import Footer, MainMenu

    for model in (MainMenu, Footer):
        rows = {row.locale_id: row for row in model.objects.filter(site=site)}
        source = next(iter(rows.values()), None)
        for locale in locales:
            if locale.pk in rows:
                continue
            if source is None:
                source = rows[locale.pk] = model.objects.create(site=site, locale=locale)
            else:
                rows[locale.pk] = source.copy_for_translation(locale)
                rows[locale.pk].save()


def _is_site_setting(permission) -> bool:
    """A permission on a per-site setting (SiteSettings, the plugin switches...)."""
    from wagtail.contrib.settings.models import BaseSiteSetting

    model = permission.content_type.model_class()
    # Only the setting's own add/change/delete/view: a custom permission declared on it
    # (manage_participant_data) is a right of its own, not an edit of the setting.
    crud = permission.codename.split("_", 1)[0] in {"add", "change", "delete", "view"}
    return crud and model is not None and issubclass(model, BaseSiteSetting)


def _site_settings_scope(*, group, site) -> None:
    """``group``'s permissions on site settings hold for ``site`` only (Wagtail's GroupSitePermission)."""
    from wagtail.models import GroupSitePermission

    for permission in [p for p in group.permissions.select_related("content_type") if _is_site_setting(p)]:
        GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)
        group.permissions.remove(permission)


def space_groups_sync(*, site, name: str | None = None) -> dict:
    """Make or refresh the space's groups, one per role, from the role's own group.

    Each "<space> · <role>" group gets the model and collection permissions
    of the role's group ("Facilitators"...), which apps and plugins extend
    from their migrations, and its page permissions on the space's home page
    and its translations instead of the whole tree. Network-only rights (sites,
    locales) are left out. Returns {role: group}.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

    from . import roles
    from .models import SpaceGroup

    name = name or site.site_name or site.hostname
    content_cache.content_changed()  # the space's root pages, read through the content cache
    roots = list(Page.objects.filter(translation_key=site.root_page.translation_key))
    made = {}
    for attribute in SPACE_ROLES:
        role = getattr(roles, attribute)
        template = Group.objects.filter(name=role).first()
        group, _created = Group.objects.get_or_create(name=roles.space_group_name(space_name=name, role=role))
        SpaceGroup.objects.update_or_create(group=group, defaults={"site": site, "role": role})
        if template is not None:
            from wagtail.models import GroupSitePermission

            template_permissions = list(template.permissions.select_related("content_type")) + [
                gsp.permission for gsp in GroupSitePermission.objects.filter(group=template).select_related("permission__content_type")
            ]
            group.permissions.set([
                p for p in template_permissions
                if (p.content_type.app_label, p.codename) not in NETWORK_ONLY_PERMISSIONS
            ])
            _site_settings_scope(group=group, site=site)
            for gcp in GroupCollectionPermission.objects.filter(group=template):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection_id=gcp.collection_id, permission_id=gcp.permission_id
                )
            wanted = {p.permission_id for p in GroupPagePermission.objects.filter(group=template)}
            GroupPagePermission.objects.filter(group=group).exclude(page__in=roots).delete()
            for page in roots:
                for permission_id in wanted:
                    GroupPagePermission.objects.get_or_create(group=group, page=page, permission_id=permission_id)
        made[role] = group
    # Its Communications review its pages (the second-person task checks the page's space).
    from .models import SecondPersonApprovalTask
    from .publishing import TASK_NAME

    for task in SecondPersonApprovalTask.objects.filter(name=TASK_NAME):
        task.groups.add(made[roles.COMMUNICATIONS])
    return made


def space_group(*, site_id, role: str):
    """The group of ``role`` ("Facilitators"...) of a space, or None; for the
    default space of an install that predates spaces, the role's own group."""
    from .models import SpaceGroup

    row = SpaceGroup.objects.filter(site_id=site_id, role=role).select_related("group").order_by("group_id").first()
    return row.group if row is not None else None


@transaction.atomic
def space_network_split() -> None:
    """Once an install has several spaces: the role groups of the first space
    (the four that predate spaces) reach only their own space's pages, and
    only the network's administrators keep the rights over sites and locales.

    Idempotent; ``space_create`` calls it for every space after the default one.
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    from . import roles
    from .models import SpaceGroup

    default = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if default is None:
        return
    roots = list(Page.objects.filter(translation_key=default.root_page.translation_key))
    tree_root = Page.get_first_root_node()
    for row in SpaceGroup.objects.filter(site=default).exclude(role="").select_related("group"):
        group = row.group
        for gpp in GroupPagePermission.objects.filter(group=group, page=tree_root):
            for page in roots:
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission_id=gpp.permission_id)
            gpp.delete()
        network_only = [p for p in group.permissions.select_related("content_type")
                        if (p.content_type.app_label, p.codename) in NETWORK_ONLY_PERMISSIONS]
        group.permissions.remove(*network_only)
        _site_settings_scope(group=group, site=default)
    network, _created = Group.objects.get_or_create(name=roles.NETWORK_ADMINISTRATORS)
    for app_label, codename in sorted(NETWORK_ONLY_PERMISSIONS) + [("wagtailadmin", "access_admin")]:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            network.permissions.add(permission)
