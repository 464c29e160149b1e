"""QR codes as inline SVG, made with the `qrcode` library."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(url: str, *, title: str) -> Markup:
    """An SVG QR code for a URL (our own output: the URL is encoded, never echoed as markup).

    Used for a business's window sticker and for setting up an authenticator app.
    """
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" ', 1)
    return Markup(labelled)  # noqa: S704 - made by qrcode from a URL, not user markup
