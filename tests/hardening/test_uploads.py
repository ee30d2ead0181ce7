"""Uploads: images are checked, SVG refused, size limited; documents download as attachments."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images.forms import get_image_form
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#3d1f5c").save(buffer, format="PNG")
    return buffer.getvalue()


def image_form(upload):
    form_class = get_image_form(Image)
    from wagtail.models import Collection

    return form_class(
        data={"title": "t", "collection": Collection.get_first_root_node().pk},
        files={"file": upload},
    )


def test_png_is_accepted():
    assert image_form(SimpleUploadedFile("ok.png", png_bytes(), content_type="image/png")).is_valid()


def test_svg_is_refused():
    form = image_form(SimpleUploadedFile("evil.svg", SVG, content_type="image/svg+xml"))
    assert not form.is_valid()
    assert "file" in form.errors


def test_a_renamed_non_image_is_refused():
    form = image_form(SimpleUploadedFile("fake.png", b"not an image at all", content_type="image/png"))
    assert not form.is_valid()


def test_oversized_images_are_refused(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    form = image_form(SimpleUploadedFile("big.png", png_bytes((400, 400)) + b"\0" * 2000, content_type="image/png"))
    assert not form.is_valid()


def test_documents_are_served_as_attachments(client, home, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    Document = get_document_model()
    document = Document.objects.create(title="Leaflet", file=SimpleUploadedFile("leaflet.html", b"<script>alert(1)</script>"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
