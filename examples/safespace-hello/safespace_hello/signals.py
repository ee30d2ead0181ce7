from django.dispatch import receiver
from django.template.loader import render_to_string

from safespace.signals import home_blocks


@receiver(home_blocks, dispatch_uid="safespace_hello_home_blocks")
def greeting(sender, request, page, **kwargs):
    return render_to_string("safespace_hello/greeting.html", {"site": sender}, request=request)
