"""`pollday labels` and `pollday decode`, run as a user would (the lead registers them in the CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from click.testing import CliRunner, Result
from PIL import Image

from pollday.cli.document_cmds import decode_command, labels_command
from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.services.election_service import ElectionService
from tests.documents.pdf_tools import pdf_text

TAG = election_tag("kestrel-vale-2026", "rehearsal")
BOX = encode(PayloadKind.BOX, TAG, "1")
SEAL = encode(PayloadKind.SEAL, TAG, "KV-260576")
OTHER_ELECTION = encode(PayloadKind.BOX, election_tag("somewhere-else-2026", "official"), "7")
QR = zxingcpp.BarcodeFormat.QRCode
CODE128 = zxingcpp.BarcodeFormat.Code128


def run(command: Any, *args: str | Path) -> Result:
    return CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=False)


def json_lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def code_page(*codes: tuple[str, zxingcpp.BarcodeFormat]) -> Image.Image:
    image = Image.new("L", (700, 300 * len(codes)), 255)
    for index, (text, barcode_format) in enumerate(codes):
        made = zxingcpp.create_barcode(text, barcode_format).to_image(scale=4 if barcode_format == QR else 2)
        code = Image.frombytes("L", (made.shape[1], made.shape[0]), bytes(memoryview(made)))
        image.paste(code, (40, 40 + 300 * index))
    return image


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    """A folder as a scanning desk leaves it: a PNG, a two-page TIFF, a PDF and a damaged file."""
    folder = tmp_path / "scans"
    folder.mkdir()
    code_page((BOX, QR)).save(folder / "1-box.png")
    code_page((SEAL, CODE128)).save(folder / "2-batch.tif", save_all=True,
                                    append_images=[code_page((OTHER_ELECTION, QR))])
    code_page((BOX, CODE128), ("not-a-pollday-code", CODE128)).save(folder / "3-statement.pdf", resolution=300)
    (folder / "4-damaged.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    return folder


def test_labels_writes_a_sheet(demo_service: ElectionService, tmp_path: Path) -> None:
    out = tmp_path / "commands.pdf"
    result = run(labels_command, "--db", demo_service.store.path, "--kind", "commands", "--out", out, "--copies", "2")
    assert result.exit_code == 0, result.output
    assert "10 command cards on 2 sheet(s) of labels-8" in result.output and "REHEARSAL" in result.output
    text = pdf_text(out.read_bytes())
    assert text.count("Seals intact") == 2 and "REHEARSAL" in text


def test_labels_refuses_a_layout_too_narrow_for_the_payloads(demo_service: ElectionService, tmp_path: Path) -> None:
    out = tmp_path / "seals.pdf"
    result = run(labels_command, "--db", demo_service.store.path, "--kind", "seals", "--out", out,
                 "--layout", "labels-21")
    assert result.exit_code == 2 and "choose a layout with wider labels" in result.output and not out.exists()
    result = run(labels_command, "--db", demo_service.store.path, "--kind", "seals", "--out", out,
                 "--layout", "labels-99")
    assert result.exit_code == 2 and "no layout named 'labels-99'" in result.output


def test_decode_a_folder_with_the_election(scans: Path, demo_service: ElectionService) -> None:
    result = run(decode_command, scans, "--db", demo_service.store.path, "--jobs", "2")
    assert result.exit_code == 1  # the damaged file
    lines = json_lines(result)
    seen = [(Path(line["file"]).name, line["page"], line["symbology"], line["payload"], line["valid"])
            for line in lines]
    assert seen == [
        ("1-box.png", 1, "qr", BOX, True),
        ("2-batch.tif", 1, "code128", SEAL, True),
        ("2-batch.tif", 2, "qr", OTHER_ELECTION, False),
        ("3-statement.pdf", 1, "code128", BOX, True),
        ("3-statement.pdf", 1, "code128", "not-a-pollday-code", False),
        ("4-damaged.jpg", None, None, None, False),
    ]
    by_payload = {line["payload"]: line for line in lines}
    assert (by_payload[BOX]["kind"], by_payload[BOX]["body"], by_payload[BOX]["decoder"]) == ("box", "1", "zxing")
    assert by_payload[SEAL]["kind"] == "seal" and by_payload[SEAL]["reason"] == "seal label"
    assert "from another election" in by_payload[OTHER_ELECTION]["reason"]
    assert "not a pollday code" in by_payload["not-a-pollday-code"]["reason"]
    damaged = lines[-1]
    assert "4-damaged.jpg" in damaged["error"] and "Traceback" not in result.output
    assert "zxing-cpp" in result.stderr and "1 file(s) could not be read" in result.stderr


def test_decode_without_a_database_checks_structure_only(scans: Path) -> None:
    result = run(decode_command, scans / "2-batch.tif", "--decoder", "pyzbar", "--jobs", "1")
    assert result.exit_code == 0
    lines = json_lines(result)
    assert [(line["payload"], line["valid"], line["decoder"]) for line in lines] == [
        (SEAL, True, "pyzbar"), (OTHER_ELECTION, True, "pyzbar")]
    assert all("election not checked" in line["reason"] for line in lines)


def test_decode_a_zone_of_the_page(scans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "top.toml").write_text('kind = "scan"\n[page]\nwidth_mm = 700\nheight_mm = 600\n'
                                      "[crop]\nx_mm = 0\ny_mm = 0\nwidth_mm = 700\nheight_mm = 300\n")
    monkeypatch.chdir(tmp_path)
    result = run(decode_command, scans / "3-statement.pdf", "--layout", "top")
    assert [line["payload"] for line in json_lines(result)] == [BOX]


def test_decode_reports_pages_without_codes(tmp_path: Path) -> None:
    Image.new("L", (200, 200), 255).save(tmp_path / "blank.png")
    result = run(decode_command, tmp_path / "blank.png")
    (line,) = json_lines(result)
    assert result.exit_code == 0 and line["payload"] is None and line["reason"] == "no barcode found on this page"


def test_decode_says_when_nothing_is_there_to_decode(tmp_path: Path) -> None:
    result = run(decode_command, tmp_path)
    assert result.exit_code == 2 and "no PNG, JPEG, TIFF or PDF files" in result.output
