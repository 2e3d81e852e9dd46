from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pollday.devices.images import CropBox, ImageReadError, collect_files, crop, page_count, read_pages

EXIF_ORIENTATION = 0x0112
ROTATED_90_CLOCKWISE = 6


def page(width: int, height: int, mark_x: int = 10) -> Image.Image:
    """A white page with a black square, so pages can be told apart by where the square is."""
    image = Image.new("L", (width, height), 255)
    image.paste(0, (mark_x, 10, mark_x + 20, 30))
    return image


def test_collect_files_walks_folders_and_keeps_named_files(tmp_path: Path) -> None:
    (tmp_path / "scans" / "sub").mkdir(parents=True)
    (tmp_path / "scans" / ".thumbnails").mkdir()
    for name in ("scans/b.png", "scans/a.PDF", "scans/sub/c.tiff", "scans/notes.txt", "scans/.thumbnails/d.png"):
        (tmp_path / name).write_bytes(b"")
    named = tmp_path / "elsewhere.dat"
    files = collect_files([tmp_path / "scans", named])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "scans/a.PDF", "scans/b.png", "scans/sub/c.tiff", "elsewhere.dat"]


def test_png_and_jpeg_come_out_grayscale(tmp_path: Path) -> None:
    page(120, 80).convert("RGB").save(tmp_path / "scan.jpg")
    page(120, 80).convert("RGBA").save(tmp_path / "scan.png")
    for name in ("scan.jpg", "scan.png"):
        pages = list(read_pages(tmp_path / name))
        assert [(p.page, p.image.mode, p.image.size) for p in pages] == [(1, "L", (120, 80))]
        assert pages[0].image.getpixel((15, 15)) < 60 and pages[0].image.getpixel((100, 60)) > 200


def test_a_phone_photo_is_turned_upright(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATED_90_CLOCKWISE
    page(200, 100).convert("RGB").save(tmp_path / "photo.jpg", exif=exif)
    (only,) = read_pages(tmp_path / "photo.jpg")
    assert only.image.size == (100, 200)


def test_every_page_of_a_tiff(tmp_path: Path) -> None:
    path = tmp_path / "batch.tif"
    first, *rest = [page(100 + 10 * n, 50, mark_x=10 + 20 * n) for n in range(3)]
    first.save(path, save_all=True, append_images=rest, compression="tiff_lzw")
    assert page_count(path) == 3
    assert [(p.page, p.image.size) for p in read_pages(path)] == [(1, (100, 50)), (2, (110, 50)), (3, (120, 50))]
    (second,) = read_pages(path, pages=[2])
    assert second.page == 2 and second.image.getpixel((35, 15)) == 0


def test_a_sixteen_bit_scan_keeps_its_tones(tmp_path: Path) -> None:
    image = Image.new("I;16", (40, 20), 65535)
    image.paste(0, (0, 0, 20, 20))
    image.save(tmp_path / "deep.tif")
    (only,) = read_pages(tmp_path / "deep.tif")
    assert (only.image.getpixel((5, 5)), only.image.getpixel((30, 5))) == (0, 255)


def test_pdf_pages_are_rendered_at_the_resolution_asked(tmp_path: Path) -> None:
    path = tmp_path / "statements.pdf"
    a4_at_50_dpi = (413, 585)
    page(*a4_at_50_dpi, mark_x=10).save(path, save_all=True, append_images=[page(*a4_at_50_dpi, mark_x=300)],
                                         resolution=50)
    assert page_count(path) == 2
    pages = list(read_pages(path, dpi=100))
    assert [p.page for p in pages] == [1, 2]
    width, height = pages[0].image.size
    assert abs(width - 827) <= 2 and abs(height - 1170) <= 2 and pages[0].image.mode == "L"
    (second,) = read_pages(path, pages=[2], dpi=100)
    assert second.page == 2 and second.image.getpixel((620, 40)) < 60  # its square, twice the size


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("broken.png", b"\x89PNG\r\n\x1a\n not really", "not a PNG, JPEG, TIFF or PDF file, or damaged"),
    ("broken.pdf", b"%PDF-1.4 nothing else", "not a readable PDF"),
    ("random.tif", bytes(range(256)) * 4, "not a PNG, JPEG, TIFF or PDF file, or damaged"),
])
def test_unreadable_files_say_which_and_why(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImageReadError) as caught:
        list(read_pages(path))
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    for name in ("gone.png", "gone.pdf"):
        with pytest.raises(ImageReadError, match="no such file"):
            list(read_pages(tmp_path / name))


def test_a_crop_box_scales_with_the_resolution_of_the_scan() -> None:
    zone = CropBox(x_mm=105, y_mm=0, width_mm=105, height_mm=99, page_width_mm=210, page_height_mm=297)
    assert zone.pixels((2480, 3508)) == (1240, 0, 2480, 1169)  # A4 at 300 dpi
    assert zone.pixels((1240, 1754)) == (620, 0, 1240, 585)  # A4 at 150 dpi
    image = Image.new("L", (1240, 1754), 255)
    cropped, offset = crop(image, zone)
    assert cropped.size == (620, 585) and offset == (620, 0)
    assert crop(image, None) == (image, (0, 0))
