"""QR codes, drawn on the server as SVG (segno: pure Python, no request to anyone)."""

from __future__ import annotations

import io

import segno


def qr_svg(*, url: str, title: str = "", quick: bool = False) -> bytes:
    """A black-on-white QR code for ``url``, sized by its viewBox (CSS decides how big).

    ``quick``: one fixed data mask instead of scoring all eight (segno's choice
    of the best mask is about three quarters of the time, some 20 ms). Every
    reader decodes every mask (the code says which one it uses); the scoring
    only avoids patterns that make a code a little harder to read. For a code
    drawn once per request that cannot be kept (a sign-up's private link:
    200 of them at once), not for the ones drawn once and kept.
    """
    code = segno.make(url, error="m", micro=False, mask=0 if quick else None)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=2, dark="#000", light="#fff", xmldecl=False, omitsize=True,
              title=title or None)
    return out.getvalue()
