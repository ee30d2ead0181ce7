"""Receivers of Django and Wagtail signals that keep the schedule in step
with the pages. They only call services (house style)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ActivityPage, AgendaPage, Category, Room


@receiver(page_published, sender=ActivityPage, dispatch_uid="agenda_sync_on_publish")
def sync_schedule_on_publish(sender, instance, **kwargs):
    from .services import activity_schedule_sync

    activity_schedule_sync(page=instance)


@receiver(post_delete, sender=ActivityPage, dispatch_uid="agenda_delete_schedule")
def delete_schedule_with_last_translation(sender, instance, **kwargs):
    from .services import activity_schedule_delete

    activity_schedule_delete(activity_key=instance.translation_key)


@receiver(post_save, sender=AgendaPage, dispatch_uid="agenda_grant_facilitators")
def grant_facilitators_on_agenda(sender, instance, created, raw=False, **kwargs):
    # Every agenda page, in any language and however it is created (admin,
    # translation, demo, tests), gets the Facilitators' page permissions.
    if created and not raw:
        from .services import agenda_page_grant

        agenda_page_grant(page=instance)


@receiver(post_save, sender=Category, dispatch_uid="agenda_category_pictogram_sync")
@receiver(post_save, sender=Room, dispatch_uid="agenda_room_pictogram_sync")
def sync_pictogram_to_translations(sender, instance, raw=False, **kwargs):
    # A pictogram is the same in every language, whichever one was edited.
    if not raw:
        from .services import pictogram_sync

        pictogram_sync(instance=instance)
