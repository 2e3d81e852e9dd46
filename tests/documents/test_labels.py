"""Label sheets of the demo election: printed, rasterised at 300 dpi and read back by both decoders."""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from pollday.devices.decoders import Decoder, PyzbarDecoder, ZxingDecoder
from pollday.devices.images import CropBox
from pollday.documents.errors import LabelError
from pollday.documents.facts import facts_from_service
from pollday.documents.label_sheet import render_label_sheet, sheet_count
from pollday.documents.labels import (
    DEFAULT_LAYOUTS,
    SHEET_TITLES,
    LabelContent,
    LabelKind,
    box_labels,
    labels_for,
    natural_key,
    repeated,
    seal_labels,
)
from pollday.documents.layouts import LabelLayout, load_label_layout
from pollday.domain.payloads import election_tag, read_scan
from pollday.services.election_service import ElectionService
from tests.documents.conftest import GENERATED_AT
from tests.documents.pdf_tools import page_count, pdf_text, render_page

DECODERS: tuple[Decoder, ...] = (ZxingDecoder(), PyzbarDecoder())


@functools.cache
def sheet(service: ElectionService, kind: LabelKind,
          layout_name: str | None = None) -> tuple[list[LabelContent], bytes]:
    labels = labels_for(kind, service)
    facts = facts_from_service(service, SHEET_TITLES[kind], GENERATED_AT)
    return labels, render_label_sheet(labels, facts, load_label_layout(layout_name or DEFAULT_LAYOUTS[kind]))


def test_label_contents_of_the_demo(demo_service: ElectionService) -> None:
    view = demo_service.store.view()
    boxes = labels_for(LabelKind.BOXES, demo_service)
    assert len(boxes) == len(view.rows("boxes")) == 65
    assert [label.heading for label in boxes[:3]] == ["Box 1", "Box 2", "Box 3"]  # the parliamentary contest first
    assert boxes[0].lines == ("Station 1 · Harrowden North Community Centre (1 of 2)", "Kestrel Vale")
    seals = labels_for(LabelKind.SEALS, demo_service)
    assert len(seals) == sum(len(box["seals"]) for box in view.rows("boxes"))
    assert seals[0].heading == "Seal KV-260576" and seals[0].lines[0] == "Box 1 · seal 1 of 3"
    badges = labels_for(LabelKind.BADGES, demo_service)
    assert len(badges) == 15 and badges[0].lines[0] == "Returning Officer"
    commands = labels_for(LabelKind.COMMANDS, demo_service)
    assert [label.heading for label in commands] == ["Seals intact", "Seal damaged", "Undo last", "Next box", "Confirm"]


@pytest.mark.parametrize("kind", list(LabelKind))
def test_every_label_reads_back_with_both_decoders(demo_service: ElectionService, kind: LabelKind) -> None:
    labels, pdf = sheet(demo_service, kind)
    layout = load_label_layout(DEFAULT_LAYOUTS[kind])
    on_first_page = labels[: layout.sheet.per_sheet]
    payloads = {label.payload for label in on_first_page}
    image = render_page(pdf, page=1, dpi=300)  # the first page only: enough to prove the print reads

    page_codes = {decoder.name: decoder.decode(image) for decoder in DECODERS}
    assert sorted((c.symbology, c.text) for c in page_codes["zxing"]) == sorted(
        (symbology, payload) for payload in payloads for symbology in ("code128", "qr"))
    # zbar loses some QR codes when a whole sheet of them stands in a grid (their finder
    # patterns line up across labels); every label still reads on the page by one code at least...
    assert {c.text for c in page_codes["pyzbar"]} == payloads
    assert all(read_scan(c.text, "kestrel-vale-2026", "rehearsal").valid for codes in page_codes.values()
               for c in codes)
    # ...and by both codes once its own label is cropped, as a hand scanner or a single label sees it.
    for index, label in enumerate(on_first_page):
        label_image = image.crop(label_pixels(layout, index, image.size))
        assert sorted((c.symbology, c.text) for c in PyzbarDecoder().decode(label_image)) == [
            ("code128", label.payload), ("qr", label.payload)]


def label_pixels(layout: LabelLayout, index: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    x, y = layout.sheet.origin_of(index)
    zone = CropBox(x, y, layout.sheet.label_width_mm, layout.sheet.label_height_mm,
                   layout.document.page.width_mm, layout.document.page.height_mm)
    return zone.pixels(size)


@pytest.mark.parametrize("kind", list(LabelKind))
def test_every_label_is_printed_once_in_words(demo_service: ElectionService, kind: LabelKind) -> None:
    labels, pdf = sheet(demo_service, kind)
    words = Counter(pdf_text(pdf).split())
    assert all(words[label.payload] == 1 for label in labels)
    assert page_count(pdf) == sheet_count(len(labels), load_label_layout(DEFAULT_LAYOUTS[kind]))


def test_rehearsal_labels_say_rehearsal_on_every_label(demo_service: ElectionService) -> None:
    labels, pdf = sheet(demo_service, LabelKind.BOXES)
    per_sheet = load_label_layout("labels-14").sheet.per_sheet
    for page in range(1, page_count(pdf) + 1):
        on_page = len(labels[(page - 1) * per_sheet : page * per_sheet])
        tags = pdf_text(pdf, page).split().count("REHEARSAL")
        assert tags >= 2 * on_page + 2  # both ends of every label, and the page header and footer


def test_official_labels_do_not_say_rehearsal(official_service: ElectionService) -> None:
    labels, pdf = sheet(official_service, LabelKind.BOXES)
    text = pdf_text(pdf)
    assert "REHEARSAL" not in text and "PROVISIONAL" in text
    tag = election_tag("harrowden-test", "official")
    assert [label.payload[1:5] for label in labels] == [tag, tag]


def test_box_labels_fit_the_21_up_sheet(demo_service: ElectionService) -> None:
    labels, pdf = sheet(demo_service, LabelKind.BOXES, "labels-21")
    assert page_count(pdf) == 4  # 65 labels, 21 a sheet
    found = ZxingDecoder().decode(render_page(pdf, page=1))
    assert {code.text for code in found} == {label.payload for label in labels[:21]}


def test_a_payload_too_long_for_the_label_is_refused_with_the_reason(demo_service: ElectionService) -> None:
    labels = labels_for(LabelKind.SEALS, demo_service)
    facts = facts_from_service(demo_service, "Seal labels", GENERATED_AT)
    with pytest.raises(LabelError, match=r"Code128 of 'S.*-KV-260576.' needs [\d.]+ mm.*'labels-21'.*labels-14"):
        render_label_sheet(labels, facts, load_label_layout("labels-21"))


def test_seal_numbers_the_codec_cannot_carry_are_all_reported() -> None:
    boxes = [
        {"box_id": "1", "station_id": "1", "contest_id": "c", "seals": ["KV-1", "KV 2", "KV#3"]},
        {"box_id": "2", "station_id": "1", "contest_id": "c", "seals": ["KV-4", "SEAL-NUMBER-FAR-TOO-LONG-X"]},
    ]
    with pytest.raises(LabelError) as caught:
        seal_labels("ABCD", boxes, [], [])
    message = str(caught.value)
    assert "no seal labels were made: 3 cannot be carried" in message
    assert "box 1, seal 'KV 2'" in message and "box 1, seal 'KV#3'" in message and ": #" in message
    assert "box 2, seal 'SEAL-NUMBER-FAR-TOO-LONG-X'" in message and "1 to 24 characters" in message


def test_boxes_come_in_natural_order() -> None:
    boxes = [{"box_id": box_id, "station_id": "1", "contest_id": "c", "seals": []} for box_id in ("10", "9", "9A", "1")]
    assert [label.heading for label in box_labels("ABCD", boxes, [], [])] == ["Box 1", "Box 9", "Box 9A", "Box 10"]
    assert sorted(["HN10", "HN2", "HN1"], key=natural_key) == ["HN1", "HN2", "HN10"]


def test_copies_sit_together() -> None:
    labels = [LabelContent("A", "a", ()), LabelContent("B", "b", ())]
    assert [label.payload for label in repeated(labels, 2)] == ["A", "A", "B", "B"]


def test_the_same_database_gives_the_same_sheet(demo_service: ElectionService) -> None:
    labels, pdf = sheet(demo_service, LabelKind.COMMANDS)
    facts = facts_from_service(demo_service, SHEET_TITLES[LabelKind.COMMANDS], GENERATED_AT)
    assert render_label_sheet(labels, facts, load_label_layout("labels-8")) == pdf
