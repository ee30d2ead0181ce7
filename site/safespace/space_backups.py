"""One space's backup: the rows of one space and the shared rows they need, and nothing of another space.

``manage.py backup --site ID`` writes the same archive as a whole-install
backup (safespace/backups.py: JSON with ids, media, manifest with checksums),
holding one space only, and the ordinary ``restore`` loads it into a fresh
install: a space leaving the network takes its own install with it.

Which rows, found from the models' keys rather than a list per plugin:

- A *space-bound* model has rows that each belong to one space: the Site;
  pages (a space's tree in every language, ``plugins.api.sites.pages_of``);
  every model with a ``site_path`` (``SiteScopedManager``, read with
  ``for_site``) or a foreign key to ``Site`` (settings, menu, footer, rooms,
  closures, screens, announcements, SpaceGroups...); the space's staff
  (users in its groups) and its groups. Of these only the space's own rows
  go in.
- Rows of other models go in when they *belong* to a row in the archive: a
  key to it (a page's revisions, log entries, permissions, orderables; a
  user's profile and two-factor devices), a generic relation to it
  (``content_type`` + ``object_id``: revisions, workflow states, reference
  index, tags), or a translation key of it in a UUID field (wagtail-localize's
  sources, the agenda's scheduler events, alerts already pushed) - unless another of their keys points at a row
  of another space (a log entry by this space's staff on another space's page).
- Rows they point at go in as dependencies (locales, images, documents,
  collections, taxonomy terms, scheduler occurrences...), with their tree's
  ancestors (the page tree's root); all content types, permissions and
  locales go in, as in a full backup, and so do the rows of models that
  are install-wide settings (no key leading to a space's row, no file, no
  UUID, no generic relation: workflows and their tasks, collections, tags,
  calendars). The network-wide groups (no SpaceGroup: the roles a workflow
  task names) go in without their members.
- A key to a space-bound row of another space (a page's owner who is not
  this space's staff, another space's group in a task) is left empty when it
  may be, and the row is left out when it may not.

The archive's Site is marked the default site: restored alone, it answers
every host name. The manifest's ``space`` says which space it was.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from treebeard.mp_tree import MP_Node
from wagtail.models import Page, Site

from plugins.api.sites import pages_of

# Always whole: install-wide metadata, no space's data.
WHOLE = ("contenttypes.contenttype", "auth.permission", "wagtailcore.locale")


def _concrete(model):
    return model._meta.concrete_model


def _fks(model):
    return [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one or f.one_to_one]


def _generic_pairs(model) -> list[tuple[str, str]]:
    pairs = {(f.ct_field, f.fk_field) for f in model._meta.private_fields if isinstance(f, GenericForeignKey)}
    names = {f.name for f in model._meta.concrete_fields}
    for ct_field in ("content_type", "base_content_type"):
        if ct_field in names and "object_id" in names:
            pairs.add((ct_field, "object_id"))
    return sorted(pairs)


class _Selection:
    def __init__(self, site, candidates):
        self.site = site
        self.models = candidates
        self.allowed: dict = {}  # space-bound model -> set of its rows of this space
        self.owned: dict = defaultdict(set)  # rows that belong to the space (reverse links followed)
        self.needed: dict = defaultdict(set)  # rows the others point at
        for model in candidates:
            rows = self._space_rows(model)
            if rows is not None:
                self.allowed[model] = set(rows.values_list("pk", flat=True))

    def _space_rows(self, model):
        site = self.site
        manager = model._base_manager
        if issubclass(model, Site):
            return manager.filter(pk=site.pk)
        if issubclass(model, Page):
            # The space's tree and its ancestors (the root, which carries the moderation workflow).
            pages = pages_of(manager.all(), site)
            ancestors = {path[: Page.steplen * depth] for path in pages.values_list("path", flat=True)
                         for depth in range(1, len(path) // Page.steplen)}
            return manager.filter(models.Q(pk__in=pages.values("pk")) | models.Q(path__in=ancestors))
        if issubclass(model, get_user_model()):
            return manager.filter(groups__space__site=site).distinct()
        if issubclass(model, Group):
            # Its own groups, and the network-wide ones (no space: roles a workflow task names), without members.
            return manager.filter(models.Q(space__site=site) | models.Q(space__isnull=True))
        if getattr(model, "site_path", None) and hasattr(model._default_manager, "for_site"):
            return model._default_manager.for_site(site)  # SiteScopedManager: whatever the request's scope
        for field in _fks(model):
            if issubclass(field.related_model, Site):
                return manager.filter(**{field.name: site})
        return None

    def _configuration(self, model, seen=()) -> bool:
        """True for install-wide settings kept whole: a model bound to no space, with no generic relation
        nor file, whose keys lead to no space-bound model (workflows and their tasks, collections,
        taxonomy terms, tags, calendars)."""
        if model in self.allowed or model in seen or _generic_pairs(model) or hasattr(model, "site_scope_exempt"):
            return False  # a plugin's exempt model says why it has no site: its rows are records, not settings
        if any(isinstance(f, (models.FileField, models.UUIDField)) for f in model._meta.concrete_fields):
            return False  # files; rows keyed to content (a translation key, a hash of a page's text)
        return all(
            f.related_model in seen + (model,) or f.related_model._meta.label_lower in WHOLE
            or self._configuration(_concrete(f.related_model), seen + (model,))
            for f in _fks(model)
        )

    def bound(self, model) -> bool:
        return model in self.allowed

    def is_in(self, model, pk) -> bool:
        return pk in self.owned[model] or pk in self.needed[model]

    def _foreign(self, model, value) -> bool:
        """True when ``value`` is a space-bound row of ``model`` that is not this space's."""
        return model in self.allowed and value not in self.allowed[model]

    def _eligible_rows(self, model, queryset):
        """The rows of ``queryset`` none of whose keys points at another space's row."""
        keep = set()
        generic = _generic_pairs(model)
        fields = _fks(model)
        for row in queryset.values("pk", *[f.attname for f in fields], *[pk for _ct, pk in generic]):
            if any(row[f.attname] is not None and self._foreign(f.related_model, row[f.attname]) for f in fields):
                continue
            keep.add(row["pk"])
        if generic and keep:
            # A generic relation to another space's row (a revision of its page) keeps the row out too.
            rows = model._base_manager.filter(pk__in=keep)
            for ct_field, fk_field in generic:
                for pk, ct_id, object_id in rows.values_list("pk", f"{ct_field}_id", fk_field):
                    target = ContentType.objects.get_for_id(ct_id).model_class() if ct_id else None
                    if target is not None and self._foreign(target, _pk_value(target, object_id)):
                        keep.discard(pk)
        return keep

    def select(self):
        for model in self.models:
            if model._meta.label_lower in WHOLE or self._configuration(model):
                self.needed[model] = set(model._base_manager.values_list("pk", flat=True))
            if model in self.allowed:
                self.owned[model] = set(self.allowed[model])
        changed = True
        while changed:
            changed = self._reverse() | self._forward()
        return self

    def _add(self, bucket, model, pks) -> bool:
        new = set(pks) - bucket[model]
        bucket[model] |= new
        return bool(new)

    def _reverse(self) -> bool:
        """Rows of unbound models that belong to an owned row."""
        changed = False
        keys = self._translation_keys()
        for model in self.models:
            if self.bound(model) or model._meta.label_lower in WHOLE:
                continue
            where = models.Q(pk__in=[])
            for field in _fks(model):
                target = _concrete_target(field, self)
                if self.owned.get(target):
                    where |= models.Q(**{f"{field.name}__in": self.owned[target]})
            for ct_field, fk_field in _generic_pairs(model):
                for target, pks in list(self.owned.items()):
                    if pks:
                        cts = ContentType.objects.get_for_model(target, for_concrete_model=False)
                        where |= models.Q(**{f"{ct_field}": cts, f"{fk_field}__in": [str(pk) for pk in pks]})
            for field in model._meta.concrete_fields:
                if isinstance(field, models.UUIDField):  # a translation key (TranslatableObject, ActivityEvent...)
                    where |= models.Q(**{f"{field.name}__in": keys})
            found = self._eligible_rows(model, model._base_manager.filter(where).exclude(pk__in=self.owned[model]))
            changed |= self._add(self.owned, model, found)
        return changed

    def _translation_keys(self):
        keys = set()
        for model, pks in self.owned.items():
            if pks and any(f.name == "translation_key" for f in model._meta.concrete_fields):
                keys.update(model._base_manager.filter(pk__in=pks).values_list("translation_key", flat=True))
        return keys

    def _forward(self) -> bool:
        """Rows the selected ones point at; an owned row's own parent (a one-to-one primary key) is owned."""
        changed = False
        for model in self.models:
            pks = self.owned[model] | self.needed[model]
            if not pks:
                continue
            for field in _fks(model):
                target = _concrete_target(field, self)
                values = set(model._base_manager.filter(pk__in=pks).exclude(**{field.attname: None})
                             .values_list(field.attname, flat=True))
                if field.target_field.attname != target._meta.pk.attname:
                    values = set(target._base_manager.filter(**{f"{field.target_field.attname}__in": values})
                                 .values_list("pk", flat=True))
                values = {v for v in values if not self._foreign(target, v)}
                if field.primary_key:
                    owned_values = set(model._base_manager.filter(pk__in=self.owned[model])
                                       .values_list(field.attname, flat=True)) & values
                    changed |= self._add(self.owned, target, owned_values)
                changed |= self._add(self.needed, target, values)
            for field in model._meta.many_to_many:
                target = _concrete(field.related_model)
                through = field.remote_field.through
                if not through._meta.auto_created:
                    continue  # its own model, chosen by its keys
                values = set(model._base_manager.filter(pk__in=pks).exclude(**{field.name: None})
                             .values_list(field.name, flat=True))
                changed |= self._add(self.needed, target, {v for v in values if not self._foreign(target, v)})
            if issubclass(model, MP_Node):
                paths = model._base_manager.filter(pk__in=pks).values_list("path", flat=True)
                ancestors = {p[: model.steplen * d] for p in paths for d in range(1, len(p) // model.steplen)}
                changed |= self._add(self.needed, model,
                                     model._base_manager.filter(path__in=ancestors).values_list("pk", flat=True))
        return changed

    def rows(self, model) -> set:
        return self.owned[model] | self.needed[model]

    def _fix(self, model, record: dict, paths: dict) -> dict:
        """Empty a key to another space's row; keep many-to-many links inside the archive; count tree children."""
        fields = record["fields"]
        for field in _fks(model):
            if field.primary_key or field.name not in fields:
                continue
            value = fields[field.name]
            target = _concrete_target(field, self)
            if value is not None and field.target_field.attname == target._meta.pk.attname \
                    and not self.is_in(target, _pk_value(target, value)):
                fields[field.name] = None
        for field in model._meta.many_to_many:
            if field.name in fields:
                target = _concrete(field.related_model)
                fields[field.name] = [v for v in fields[field.name] if self.is_in(target, _pk_value(target, v))]
        if issubclass(model, MP_Node) and "path" in fields:
            fields["numchild"] = paths[fields["path"]]
        if issubclass(model, Site):
            fields["is_default_site"] = True
        return record

    def write(self, target: Path, order) -> dict[str, int]:
        counts = {}
        with open(target, "w") as handle:
            handle.write("[")
            first = True
            for model in order:
                pks = self.rows(model)
                counts[model._meta.label_lower] = len(pks)
                if not pks:
                    continue
                paths = _child_counts(model, pks) if issubclass(model, MP_Node) else {}
                queryset = model._base_manager.filter(pk__in=pks).order_by("pk")
                for record in serializers.serialize("python", queryset):
                    handle.write(("" if first else ",\n") + json.dumps(self._fix(model, record, paths), cls=DjangoJSONEncoder))
                    first = False
            handle.write("]\n")
        return counts


def _concrete_target(field, selection):
    return _concrete(field.related_model) if _concrete(field.related_model) in selection.models else field.related_model


def _pk_value(model, value):
    try:
        return model._meta.pk.to_python(value)
    except Exception:  # noqa: BLE001 - a generic relation with a key of another kind: not this model's row
        return value


def _child_counts(model, pks) -> dict:
    paths = list(model._base_manager.filter(pk__in=pks).values_list("path", flat=True))
    counts = dict.fromkeys(paths, 0)
    for path in paths:
        parent = path[: -model.steplen]
        if parent in counts:
            counts[parent] += 1
    return counts


def space_dump(*, site, target: Path, order) -> tuple[dict[str, int], list[str]]:
    """Write one space's rows to ``target`` as Django JSON; return the row counts and media names."""
    selection = _Selection(site, list(order)).select()
    counts = selection.write(target, order)
    names: set[str] = set()
    for model in order:
        pks = selection.rows(model)
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and pks:
                values = model._base_manager.filter(pk__in=pks).values_list(field.attname, flat=True)
                names.update(value for value in values if value)
    return counts, sorted(names)
