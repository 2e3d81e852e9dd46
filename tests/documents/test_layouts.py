from __future__ import annotations

from pathlib import Path

import pytest

from pollday.documents.errors import LayoutError
from pollday.documents.layouts import (
    LayoutKind,
    available_layouts,
    find_layout,
    layout_search_path,
    load_document_layout,
    load_label_layout,
    load_scan_layout,
)

VALID_SHEET = """
kind = "labels"
[sheet]
columns = 2
rows = 7
label_width_mm = 99.1
label_height_mm = 38.1
left_mm = 4.65
top_mm = 15.15
column_gap_mm = 2.5
"""


def write_layout(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def load_error(folder: Path, name: str, text: str, kind: LayoutKind = LayoutKind.LABELS) -> LayoutError:
    path = write_layout(folder, name, text)
    loader = {LayoutKind.LABELS: load_label_layout, LayoutKind.DOCUMENT: load_document_layout,
              LayoutKind.SCAN: load_scan_layout}[kind]
    with pytest.raises(LayoutError) as caught:
        loader(name, search_path=[folder])
    assert str(path) in str(caught.value)
    return caught.value


def test_shipped_layouts_load() -> None:
    document = load_document_layout()
    assert (document.page.width_mm, document.page.height_mm) == (210, 297)
    fourteen, twenty_one, eight = (load_label_layout(name) for name in ("labels-14", "labels-21", "labels-8"))
    assert [layout.sheet.per_sheet for layout in (fourteen, twenty_one, eight)] == [14, 21, 8]
    assert (fourteen.sheet.label_width_mm, fourteen.sheet.label_height_mm) == (99.1, 38.1)
    assert (twenty_one.sheet.label_width_mm, twenty_one.sheet.label_height_mm) == (63.5, 38.1)
    assert load_scan_layout("pvs-barcode-zone").crop.width_mm > 0
    assert {"labels-14", "labels-21", "labels-8"} <= set(available_layouts(LayoutKind.LABELS))


def test_the_repository_layouts_are_on_the_search_path() -> None:
    repository_layouts = Path(__file__).resolve().parents[2] / "layouts"
    assert repository_layouts in layout_search_path()
    assert find_layout("labels-14") == repository_layouts / "labels-14.toml"


def test_a_layout_in_the_working_directory_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_layout(tmp_path / "layouts", "labels-14", VALID_SHEET.replace("rows = 7", "rows = 6"))
    monkeypatch.chdir(tmp_path)
    assert load_label_layout("labels-14").sheet.rows == 6


def test_a_wrong_value_names_the_file_and_the_key(tmp_path: Path) -> None:
    error = load_error(tmp_path, "bad", VALID_SHEET.replace("columns = 2", 'columns = "two"'))
    assert error.key == "sheet.columns"
    assert "whole number" in str(error) and "'two'" in str(error)


def test_an_unknown_key_is_refused_as_a_likely_typo(tmp_path: Path) -> None:
    error = load_error(tmp_path, "typo", VALID_SHEET + "\n[label]\nheadng_pt = 20\n")
    assert error.key == "label.headng_pt"
    assert "unknown key" in str(error) and "heading_pt" in str(error)


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    error = load_error(tmp_path, "short", VALID_SHEET.replace("rows = 7\n", ""))
    assert error.key == "sheet.rows" and "required" in str(error)


def test_labels_past_the_page_edge_are_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, "wide", VALID_SHEET.replace("columns = 2", "columns = 3"))
    assert error.key == "sheet.columns" and "page width" in str(error)


def test_a_number_out_of_range_names_the_key(tmp_path: Path) -> None:
    error = load_error(tmp_path, "thin", VALID_SHEET + "\n[label]\nbarcode_module_mm = 0.25\n")
    assert error.key == "label.barcode_module_mm" and "0.33" in str(error)


def test_a_layout_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, "labels", VALID_SHEET, kind=LayoutKind.DOCUMENT)
    assert error.key == "kind" and "labels layout" in str(error)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    error = load_error(tmp_path, "broken", "kind = \n")
    assert "not valid TOML" in str(error)


def test_a_crop_zone_past_the_page_is_refused(tmp_path: Path) -> None:
    text = 'kind = "scan"\n[crop]\nx_mm = 150\ny_mm = 0\nwidth_mm = 100\nheight_mm = 50\n'
    error = load_error(tmp_path, "zone", text, kind=LayoutKind.SCAN)
    assert error.key == "crop.width_mm" and "page width" in str(error)


def test_an_unknown_layout_lists_the_known_ones(tmp_path: Path) -> None:
    write_layout(tmp_path, "labels-9", VALID_SHEET)
    with pytest.raises(LayoutError, match=r"no layout named 'labels-99'.*known layouts: labels-9"):
        load_label_layout("labels-99", search_path=[tmp_path])
