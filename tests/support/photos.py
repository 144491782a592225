"""Camera-like test photos: 12 MP, sensor noise and texture, EXIF orientation and GPS."""

from __future__ import annotations

import io
import random

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_like(width: int = 4000, height: int = 3000, *, seed: int = 0, fmt: str = "JPEG",
               orientation: int | None = 6, gps: bool = True, quality: int = 92) -> bytes:
    """Gradients, shapes, texture and grain: compresses like a phone photo (3-5 MB at
    12 MP, JPEG quality 92), with the EXIF a phone writes."""
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    base = Image.merge("RGB", [Image.linear_gradient("L").rotate(rnd.randint(0, 359))
                               .resize((width, height)) for _ in range(3)])
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x, y = rnd.randrange(width), rnd.randrange(height)
        r = rnd.randint(width // 60, width // 8)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=tuple(rnd.randint(0, 255) for _ in range(3)))
    base = base.filter(ImageFilter.GaussianBlur(3))
    texture = Image.effect_noise((width // 4, height // 4), 60).resize(
        (width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 24)
    photo = Image.composite(base, Image.merge("RGB", [texture] * 3), Image.new("L", (1, 1),
                                                                                200)
                            .resize((width, height)))
    photo = Image.blend(photo, Image.merge("RGB", [grain] * 3), 0.12)
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (0.0, 4.0, 30.5), 3: "E", 4: (111.0, 29.0, 12.0)}
    buf = io.BytesIO()
    if fmt == "JPEG":
        photo.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    else:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "lokasi -0.07, 111.48")
        photo.save(buf, "PNG", exif=exif.tobytes(), pnginfo=info)
    return buf.getvalue()
