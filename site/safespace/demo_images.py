"""Images for the demo, drawn here so that nothing is downloaded at run time."""

import functools
import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

PALETTE = ["#3d1f5c", "#9c1c5b", "#f6b94a", "#1d6b4f", "#efe7f6", "#e86a92", "#7a4fa3"]


@functools.lru_cache(maxsize=32)
def draw_abstract(*, seed: int, width: int = 1200, height: int = 900) -> bytes:
    """A soft composition of circles and waves in the site's colours, as PNG bytes.

    The same seed draws the same picture: kept for the process (a few MB), so that a
    second demo load (the tests load it many times) does not draw and encode it again."""
    rnd = random.Random(seed)
    img = PILImage.new("RGB", (width, height), "#fbf7f1")
    draw = ImageDraw.Draw(img)
    for i in range(7):
        colour = PALETTE[(seed + i) % len(PALETTE)]
        r = rnd.randint(height // 6, height // 2)
        x, y = rnd.randint(0, width), rnd.randint(0, height)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(radius=18))
    draw = ImageDraw.Draw(img)
    for band in range(4):
        colour = PALETTE[(seed + band * 2) % len(PALETTE)]
        base = height * (0.55 + band * 0.12)
        points = [(x, base + math.sin(x / (90 + band * 30) + seed) * 28) for x in range(0, width + 20, 20)]
        draw.polygon(points + [(width, height), (0, height)], fill=colour)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_image(*, title: str, seed: int):
    """The Wagtail image with this title, drawn and stored once."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = draw_abstract(seed=seed)
    image = Image(title=title, description="")
    image.file.save(f"demo-{seed}.png", ImageFile(io.BytesIO(data), name=f"demo-{seed}.png"), save=False)
    image.save()
    return image
