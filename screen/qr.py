"""QR codes, drawn on the server as SVG (segno: pure Python, no request to anyone)."""

from __future__ import annotations

import io

import segno


def qr_svg(*, url: str, title: str = "") -> bytes:
    """A black-on-white QR code for ``url``, sized by its viewBox (CSS decides how big)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=2, dark="#000", light="#fff", xmldecl=False, omitsize=True,
              title=title or None)
    return out.getvalue()
