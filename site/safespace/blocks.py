from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# Day names are lower case in the catalogue ("dilluns", as in running text and
# in dates); as choices and in lists of opening days they start with a capital.
WEEKDAYS = [
    ("0", capfirst(_("Monday"))),
    ("1", capfirst(_("Tuesday"))),
    ("2", capfirst(_("Wednesday"))),
    ("3", capfirst(_("Thursday"))),
    ("4", capfirst(_("Friday"))),
    ("5", capfirst(_("Saturday"))),
    ("6", capfirst(_("Sunday"))),
]


class OpeningHoursBlock(blocks.StructBlock):
    """Opening times as data, so each language names the days itself."""

    weekdays = blocks.MultipleChoiceBlock(choices=WEEKDAYS, label=_("Days"))
    opens = blocks.TimeBlock(label=_("Opens"))
    closes = blocks.TimeBlock(label=_("Closes"))

    class Meta:
        icon = "time"
        label = _("Opening hours")
        template = "includes/blocks/opening_hours.html"


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Or an address"))
    label = blocks.CharBlock(required=False, max_length=80, help_text=_("Leave empty to use the page's title."))

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("A link to an address needs a label."))}
            )
        return value


class EmergencyNumberBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label=_("What it is"))
    number = blocks.CharBlock(max_length=30, label=_("Number"))

    class Meta:
        icon = "warning"
        label = _("Emergency number")


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "pick"
        template = "includes/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="includes/blocks/heading.html", label=_("Heading")
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        label=_("Text"),
        template="includes/blocks/paragraph.html",
    )
    image = ImageBlock(label=_("Image"))  # ImageBlock asks for alt text
    callout = CalloutBlock(label=_("Highlighted note"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
