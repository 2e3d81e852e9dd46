from __future__ import annotations

import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from pollday.devices.decoders import (
    DecoderUnavailable,
    DecodeTask,
    PyzbarDecoder,
    ZxingDecoder,
    available_decoders,
    best_decoder,
    decode_page,
    decoder_named,
    plan_tasks,
    run_task,
    symbology_name,
)
from pollday.devices.images import CropBox, PageImage
from pollday.domain.payloads import PayloadKind, election_tag, encode

TAG = election_tag("kestrel-vale-2026", "rehearsal")
BOX = encode(PayloadKind.BOX, TAG, "23A")
SEAL = encode(PayloadKind.SEAL, TAG, "KV-260576")


def barcode(text: str, barcode_format: zxingcpp.BarcodeFormat, scale: int) -> Image.Image:
    made = zxingcpp.create_barcode(text, barcode_format).to_image(scale=scale)
    return Image.frombytes("L", (made.shape[1], made.shape[0]), bytes(memoryview(made)))


def scanned_page() -> Image.Image:
    """A 600 x 800 page: a QR code of a box label at the top left, a Code128 of a seal at the bottom."""
    image = Image.new("L", (600, 800), 255)
    image.paste(barcode(BOX, zxingcpp.BarcodeFormat.QRCode, 6), (40, 40))
    image.paste(barcode(SEAL, zxingcpp.BarcodeFormat.Code128, 2), (40, 600))
    return image


def test_symbology_names_are_the_same_whichever_decoder() -> None:
    assert {symbology_name(raw) for raw in ("QR Code", "QRCODE", "QRCode")} == {"qr"}
    assert {symbology_name(raw) for raw in ("Code 128", "CODE128", "Code128")} == {"code128"}
    assert symbology_name("EAN-13") == "ean13"


def test_zxing_is_preferred_when_both_can_run() -> None:
    assert available_decoders() == ["zxing", "pyzbar"]
    assert best_decoder().name == decoder_named("auto").name == "zxing"
    assert decoder_named("pyzbar").name == "pyzbar"
    assert best_decoder().describe().startswith("zxing-cpp ")
    with pytest.raises(DecoderUnavailable, match="unknown decoder 'zbarcam'"):
        decoder_named("zbarcam")


def test_without_the_zbar_library_pyzbar_is_unavailable_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyzbar", None)  # import fails as it does without libzbar0
    with pytest.raises(DecoderUnavailable, match="apt-get install libzbar0"):
        PyzbarDecoder()
    assert available_decoders() == ["zxing"]


@pytest.mark.parametrize("decoder", [ZxingDecoder(), PyzbarDecoder()], ids=lambda d: d.name)
def test_both_decoders_find_the_same_codes(decoder: ZxingDecoder | PyzbarDecoder) -> None:
    found = {code.symbology: code for code in decoder.decode(scanned_page())}
    assert {(s, c.text) for s, c in found.items()} == {("qr", BOX), ("code128", SEAL)}
    qr_corners = found["qr"].position
    assert all(30 <= x <= 300 and 30 <= y <= 300 for x, y in qr_corners)
    assert min(y for _, y in found["code128"].position) >= 590


def test_a_crop_box_decodes_only_its_zone_and_reports_page_positions() -> None:
    page = PageImage(Path("page.png"), 1, scanned_page())
    whole = {c.symbology: c for c in decode_page(ZxingDecoder(), page)}
    bottom_half = CropBox(0, 400, 600, 400, page_width_mm=600, page_height_mm=800)  # 1 mm a pixel
    (seal,) = decode_page(ZxingDecoder(), page, bottom_half)
    assert seal.text == SEAL
    assert seal.position == whole["code128"].position


def test_a_task_reports_each_page_and_never_raises(tmp_path: Path) -> None:
    batch = tmp_path / "batch.tif"
    scanned_page().save(batch, save_all=True, append_images=[Image.new("L", (300, 300), 255), scanned_page()])
    results = run_task(DecodeTask(batch, None, "auto"))
    assert [(r.page, len(r.codes), r.error, r.decoder) for r in results] == [
        (1, 2, None, "zxing"), (2, 0, None, "zxing"), (3, 2, None, "zxing")]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    (failed,) = run_task(DecodeTask(broken, None, "pyzbar"))
    assert failed.page is None and failed.codes == () and "broken.png" in (failed.error or "")


def test_pages_of_batch_files_become_separate_tasks(tmp_path: Path) -> None:
    blank = Image.new("L", (100, 140), 255)
    blank.save(tmp_path / "statements.pdf", save_all=True, append_images=[blank, blank], resolution=20)
    blank.save(tmp_path / "batch.tif", save_all=True, append_images=[blank])
    blank.save(tmp_path / "scan.png")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    names = ("statements.pdf", "batch.tif", "scan.png", "broken.pdf")
    tasks = plan_tasks([tmp_path / name for name in names], "zxing")
    assert [(t.path.name, t.pages) for t in tasks] == [
        ("statements.pdf", (1,)), ("statements.pdf", (2,)), ("statements.pdf", (3,)),
        ("batch.tif", (1,)), ("batch.tif", (2,)), ("scan.png", None), ("broken.pdf", None)]
    (failed,) = run_task(tasks[-1])
    assert "not a readable PDF" in (failed.error or "")
    (second,) = run_task(tasks[4])
    assert (second.page, second.error) == (2, None)
