"""What a reader of a PDF sees, not what its text layer says: embedded fonts, rendered pixels, images.

Reading a PDF's text back passes when its CJK font is missing (the text layer is still right while
the page shows empty boxes) or when a photo is missing. These helpers look at the file the way a
viewer does: the fonts it embeds (pypdf), the page rendered to pixels (poppler's pdftoppm) and the
image XObjects it draws.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resources(obj) -> list[DictionaryObject]:
    """The resource dictionaries of a page or form XObject and of the forms it draws, recursively."""
    found, todo, seen = [], [obj.get("/Resources")], set()
    while todo:
        res = todo.pop()
        if res is None:
            continue
        res = res.get_object()
        if id(res) in seen:
            continue
        seen.add(id(res))
        found.append(res)
        for xobject in (res.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                todo.append(xobject.get("/Resources"))
    return found


def fonts(pdf: bytes) -> dict[str, bool]:
    """{BaseFont name: embedded?} of every font the pages use (Type0 fonts through their descendant)."""
    result: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for res in _resources(page):
            for font in (res.get("/Font") or {}).values():
                font = font.get_object()
                described = font
                if font.get("/Subtype") == "/Type0":
                    described = font["/DescendantFonts"][0].get_object()
                descriptor = described.get("/FontDescriptor")
                embedded = descriptor is not None and any(k in descriptor.get_object() for k in FONT_FILES)
                result[str(font.get("/BaseFont"))] = embedded
    return result


def images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) of every image XObject the pages draw."""
    sizes = []
    seen = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for res in _resources(page):
            for xobject in (res.get("/XObject") or {}).values():
                ref = getattr(xobject, "idnum", None) or id(xobject)
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Image" and ref not in seen:
                    seen.add(ref)
                    sizes.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return sizes


def render(pdf: bytes, *, dpi: int = 50, first: int = 1, last: int | None = None) -> list[Image.Image]:
    """The pages as RGB pictures, rendered by pdftoppm (poppler) the way a viewer draws them."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first)]
        if last is not None:
            command += ["-l", str(last)]
        subprocess.run([*command, str(source), str(Path(folder) / "page")], check=True, timeout=120)
        return [Image.open(p).convert("RGB") for p in sorted(Path(folder).glob("page-*.png"))]


def dark_fraction(picture: Image.Image, box: tuple[int, int, int, int] | None = None, below: int = 128) -> float:
    """The share of pixels darker than `below` (0–255 grey) in the box (left, top, right, bottom)."""
    grey = (picture.crop(box) if box else picture).convert("L")
    histogram = grey.histogram()
    return sum(histogram[:below]) / max(1, sum(histogram))


def pixels_near(picture: Image.Image, colour: tuple[int, int, int], tolerance: int = 30) -> int:
    """How many pixels are within `tolerance` of `colour` on every channel."""
    data = picture.convert("RGB").tobytes()
    r0, g0, b0 = colour
    return sum(
        1
        for i in range(0, len(data), 3)
        if abs(data[i] - r0) <= tolerance and abs(data[i + 1] - g0) <= tolerance and abs(data[i + 2] - b0) <= tolerance
    )
