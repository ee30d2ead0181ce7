"""The structured body of a resource: each block is one kind of section, so
every leaflet reads in the same order and the headings come from the
template (translated once), not from each editor."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from safespace.blocks import BodyBlock, CalloutBlock

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class KeyFactsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(max_length=300, label=_("Fact")), **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Key facts")
        template = "resources/blocks/key_facts.html"


class SectionTextBlock(blocks.RichTextBlock):
    """Text under a fixed heading, named by the subclass and translated once."""

    heading = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = self.heading
        return context

    class Meta:
        template = "resources/blocks/section_text.html"


class RisksBlock(SectionTextBlock):
    heading = _("Risks")

    class Meta:
        icon = "warning"
        label = _("Risks")


class SaferUseBlock(SectionTextBlock):
    heading = _("Safer use")

    class Meta:
        icon = "tick-inverse"
        label = _("Safer use")


class GetHelpBlock(SectionTextBlock):
    heading = _("When to get help")

    class Meta:
        icon = "help"
        label = _("When to get help")


class OverdoseBlock(blocks.StructBlock):
    """What to do, step by step, with the number to call always in view."""

    signs = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label=_("Sign")), label=_("Signs of an overdose"), min_num=0
    )
    steps = blocks.ListBlock(blocks.CharBlock(max_length=300, label=_("Step")), label=_("What to do"), min_num=1)
    emergency_number = blocks.CharBlock(max_length=20, default="112", label=_("Number to call"))

    class Meta:
        icon = "warning"
        label = _("What to do in an overdose")
        template = "resources/blocks/overdose.html"


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "resources/blocks/section.html"


class ResourceBodyBlock(blocks.StreamBlock):
    key_facts = KeyFactsBlock()
    risks = RisksBlock()
    safer_use = SaferUseBlock()
    get_help = GetHelpBlock()
    overdose = OverdoseBlock()
    section = SectionBlock()
    callout = CalloutBlock(label=_("Highlighted note"))
    image = ImageBlock(label=_("Image"))  # asks for alt text, or "decorative"


class PressBlock(blocks.StreamBlock):
    """Press page: releases, coverage and kit, each a short linked item."""

    coverage = blocks.StructBlock(
        [
            ("outlet", blocks.CharBlock(max_length=120, label=_("Outlet"))),
            ("headline", blocks.CharBlock(max_length=200, label=_("Headline"))),
            ("date", blocks.DateBlock(label=_("Date"))),
            ("url", blocks.URLBlock(required=False, label=_("Address"))),
        ],
        icon="link",
        label=_("Coverage"),
        template="resources/blocks/coverage.html",
    )
    document = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(max_length=120, label=_("Title"))),
            ("document", DocumentChooserBlock(label=_("Document"))),
        ],
        icon="doc-full",
        label=_("Press kit document"),
        template="resources/blocks/document.html",
    )


__all__ = ["BodyBlock", "ResourceBodyBlock", "PressBlock"]
