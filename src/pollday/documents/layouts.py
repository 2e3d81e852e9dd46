"""Document, label-sheet and scan layouts: the TOML files in `layouts/` that staff may edit.

A layout is found by name (`labels-14` -> `labels-14.toml`) in ./layouts first, so a
count centre can override a shipped layout without touching the installation, then in
the repository's layouts/ (editable installs), then in the copy bundled with the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pollday.documents.errors import LayoutError
from pollday.documents.layout_reader import LayoutTable, read_layout_file

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "letter": (215.9, 279.4),
}
MIN_BARCODE_MODULE_MM = 0.33  # below this Code128 stops decoding reliably at 300 dpi (tech-notes trap 6)


class LayoutKind(StrEnum):
    DOCUMENT = "document"
    LABELS = "labels"
    SCAN = "scan"


def layout_search_path() -> list[Path]:
    """Where layouts are looked for, first match wins."""
    package = Path(__file__).resolve().parents[1]
    return [
        Path.cwd() / "layouts",
        Path(__file__).resolve().parents[3] / "layouts",  # the repository, in an editable install
        package / "_bundled" / "layouts",
    ]


def find_layout(name: str, search_path: list[Path] | None = None) -> Path:
    """The file of a layout given by name, or by a path to a .toml file."""
    if name.endswith(".toml") or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise LayoutError(path, "", "no such layout file")
        return path
    folders = layout_search_path() if search_path is None else search_path
    for folder in folders:
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    known = sorted({p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.toml")})
    searched = ", ".join(str(folder) for folder in folders)
    raise LayoutError(
        f"{name}.toml", "", f"no layout named '{name}' in {searched}; known layouts: {', '.join(known) or 'none'}"
    )


def available_layouts(kind: LayoutKind, search_path: list[Path] | None = None) -> list[str]:
    """Names of the layouts of one kind, for help texts and error messages."""
    folders = layout_search_path() if search_path is None else search_path
    names: set[str] = set()
    for folder in folders:
        for path in folder.glob("*.toml") if folder.is_dir() else ():
            try:
                table = read_layout_file(path)
                if table.text("kind", "") == kind:
                    names.add(path.stem)
            except LayoutError:
                continue  # a broken layout is reported when someone asks for it by name
    return sorted(names)


# --- the parts of a layout -------------------------------------------------------------


@dataclass(frozen=True)
class PageSize:
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Margins:
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float


@dataclass(frozen=True)
class FontSizes:
    title_pt: float
    heading_pt: float
    body_pt: float
    small_pt: float


@dataclass(frozen=True)
class Furniture:
    """The header and footer every page carries, inside the top and bottom margins."""

    font_pt: float
    header_top_mm: float  # from the top edge of the page to the first header line
    footer_bottom_mm: float  # from the bottom edge of the page to the last footer line


@dataclass(frozen=True)
class SignatureStyle:
    width_mm: float
    wet_lines: tuple[str, ...]  # captions of the lines left blank for a pen signature
    line_gap_mm: float


@dataclass(frozen=True)
class DocumentLayout:
    name: str
    path: Path
    description: str
    page: PageSize
    margins: Margins
    fonts: FontSizes
    furniture: Furniture
    authority_name: str  # when not empty, shown instead of the authority in the election definition
    watermark_gray: int  # 0 black .. 255 white: light enough that the text under it reads
    signature: SignatureStyle


@dataclass(frozen=True)
class SheetGeometry:
    """Where the labels sit on a sheet, as the label maker's template gives it."""

    columns: int
    rows: int
    label_width_mm: float
    label_height_mm: float
    left_mm: float
    top_mm: float
    column_gap_mm: float
    row_gap_mm: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def origin_of(self, index_on_sheet: int) -> tuple[float, float]:
        """Top-left corner of a label, numbered along the rows."""
        row, column = divmod(index_on_sheet, self.columns)
        return (self.left_mm + column * (self.label_width_mm + self.column_gap_mm),
                self.top_mm + row * (self.label_height_mm + self.row_gap_mm))


@dataclass(frozen=True)
class LabelStyle:
    padding_mm: float
    heading_pt: float  # the large print: box number, name, command
    text_pt: float
    payload_pt: float  # the human-readable payload under the Code128
    min_text_pt: float  # long station names shrink down to this, then get an ellipsis
    barcode_module_mm: float  # preferred; narrowed to fit, never below MIN_BARCODE_MODULE_MM
    barcode_height_mm: float
    quiet_zone_modules: int
    qr_error_correction: str  # L, M, Q or H
    outline: bool  # a hairline around each label, for printing on plain paper


@dataclass(frozen=True)
class LabelLayout:
    document: DocumentLayout  # page, furniture in the sheet margins, authority
    sheet: SheetGeometry
    style: LabelStyle

    @property
    def name(self) -> str:
        return self.document.name


@dataclass(frozen=True)
class CropZone:
    """A region of a scanned page, in millimetres from the page's top-left corner."""

    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class ScanLayout:
    name: str
    path: Path
    description: str
    page: PageSize
    crop: CropZone


# --- loading -------------------------------------------------------------------------------


def load_document_layout(name: str = "document", search_path: list[Path] | None = None) -> DocumentLayout:
    table = _open(name, LayoutKind.DOCUMENT, search_path)
    layout = _document_layout(table)
    table.finish()
    return layout


def load_label_layout(name: str, search_path: list[Path] | None = None) -> LabelLayout:
    table = _open(name, LayoutKind.LABELS, search_path)
    document = _document_layout(table)
    sheet = _sheet(table.table("sheet"), document.page)
    style = _label_style(table.table("label"), sheet)
    table.finish()
    return LabelLayout(document, sheet, style)


def load_scan_layout(name: str, search_path: list[Path] | None = None) -> ScanLayout:
    table = _open(name, LayoutKind.SCAN, search_path)
    page = _page(table.table("page"))
    crop_table = table.table("crop")
    crop = CropZone(
        x_mm=crop_table.number("x_mm", minimum=0, maximum=page.width_mm, unit="mm"),
        y_mm=crop_table.number("y_mm", minimum=0, maximum=page.height_mm, unit="mm"),
        width_mm=crop_table.number("width_mm", minimum=1, maximum=page.width_mm, unit="mm"),
        height_mm=crop_table.number("height_mm", minimum=1, maximum=page.height_mm, unit="mm"),
    )
    if crop.x_mm + crop.width_mm > page.width_mm:
        raise crop_table.error("width_mm", f"the zone ends at {crop.x_mm + crop.width_mm:g} mm, "
                                           f"past the page width of {page.width_mm:g} mm")
    if crop.y_mm + crop.height_mm > page.height_mm:
        raise crop_table.error("height_mm", f"the zone ends at {crop.y_mm + crop.height_mm:g} mm, "
                                            f"past the page height of {page.height_mm:g} mm")
    layout = ScanLayout(table.path.stem, table.path, table.text("description", ""), page, crop)
    table.finish()
    return layout


def _open(name: str, kind: LayoutKind, search_path: list[Path] | None) -> LayoutTable:
    table = read_layout_file(find_layout(name, search_path))
    found = table.text("kind", choices=[k.value for k in LayoutKind])
    if found != kind:
        raise table.error("kind", f"this is a {found} layout, and a {kind.value} layout is needed here")
    return table


def _document_layout(table: LayoutTable) -> DocumentLayout:
    page = _page(table.table("page"))
    margins_table = table.table("margins")
    margins = Margins(
        top_mm=margins_table.number("top_mm", 22, maximum=page.height_mm / 3, unit="mm"),
        bottom_mm=margins_table.number("bottom_mm", 20, maximum=page.height_mm / 3, unit="mm"),
        left_mm=margins_table.number("left_mm", 18, maximum=page.width_mm / 3, unit="mm"),
        right_mm=margins_table.number("right_mm", 18, maximum=page.width_mm / 3, unit="mm"),
    )
    fonts_table = table.table("fonts")
    fonts = FontSizes(
        title_pt=fonts_table.number("title_pt", 16, minimum=6, maximum=72, unit="pt"),
        heading_pt=fonts_table.number("heading_pt", 12, minimum=6, maximum=48, unit="pt"),
        body_pt=fonts_table.number("body_pt", 10, minimum=6, maximum=24, unit="pt"),
        small_pt=fonts_table.number("small_pt", 8, minimum=5, maximum=16, unit="pt"),
    )
    furniture_table = table.table("furniture")
    furniture = Furniture(
        font_pt=furniture_table.number("font_pt", 7.5, minimum=5, maximum=12, unit="pt"),
        header_top_mm=furniture_table.number("header_top_mm", 8, maximum=margins.top_mm, unit="mm"),
        footer_bottom_mm=furniture_table.number("footer_bottom_mm", 8, maximum=margins.bottom_mm, unit="mm"),
    )
    signature_table = table.table("signature")
    signature = SignatureStyle(
        width_mm=signature_table.number("width_mm", 80, minimum=40, maximum=page.width_mm, unit="mm"),
        wet_lines=signature_table.texts("wet_lines", ("Signature", "Date and time")),
        line_gap_mm=signature_table.number("line_gap_mm", 10, minimum=5, maximum=40, unit="mm"),
    )
    return DocumentLayout(
        name=table.path.stem,
        path=table.path,
        description=table.text("description", ""),
        page=page,
        margins=margins,
        fonts=fonts,
        furniture=furniture,
        authority_name=table.table("authority").text("name", ""),
        watermark_gray=table.table("watermark").integer("gray", 228, minimum=150, maximum=250),
        signature=signature,
    )


def _page(table: LayoutTable) -> PageSize:
    if table.has("width_mm") or table.has("height_mm"):
        return PageSize(table.number("width_mm", minimum=50, maximum=1000, unit="mm"),
                        table.number("height_mm", minimum=50, maximum=1000, unit="mm"))
    width, height = PAGE_SIZES_MM[table.text("size", "A4", choices=list(PAGE_SIZES_MM))]
    if table.text("orientation", "portrait", choices=["portrait", "landscape"]) == "landscape":
        width, height = height, width
    return PageSize(width, height)


def _sheet(table: LayoutTable, page: PageSize) -> SheetGeometry:
    sheet = SheetGeometry(
        columns=table.integer("columns", maximum=20),
        rows=table.integer("rows", maximum=40),
        label_width_mm=table.number("label_width_mm", minimum=20, maximum=page.width_mm, unit="mm"),
        label_height_mm=table.number("label_height_mm", minimum=15, maximum=page.height_mm, unit="mm"),
        left_mm=table.number("left_mm", maximum=page.width_mm, unit="mm"),
        top_mm=table.number("top_mm", maximum=page.height_mm, unit="mm"),
        column_gap_mm=table.number("column_gap_mm", 0, maximum=page.width_mm, unit="mm"),
        row_gap_mm=table.number("row_gap_mm", 0, maximum=page.height_mm, unit="mm"),
    )
    right = sheet.left_mm + sheet.columns * sheet.label_width_mm + (sheet.columns - 1) * sheet.column_gap_mm
    if right > page.width_mm + 0.05:  # template figures are rounded to 0.05 mm
        raise table.error("columns", f"{sheet.columns} labels of {sheet.label_width_mm:g} mm end at {right:.2f} mm, "
                                     f"past the page width of {page.width_mm:g} mm")
    bottom = sheet.top_mm + sheet.rows * sheet.label_height_mm + (sheet.rows - 1) * sheet.row_gap_mm
    if bottom > page.height_mm + 0.05:
        raise table.error("rows", f"{sheet.rows} labels of {sheet.label_height_mm:g} mm end at {bottom:.2f} mm, "
                                  f"past the page height of {page.height_mm:g} mm")
    return sheet


def _label_style(table: LayoutTable, sheet: SheetGeometry) -> LabelStyle:
    style = LabelStyle(
        padding_mm=table.number("padding_mm", 2.5, maximum=sheet.label_height_mm / 4, unit="mm"),
        heading_pt=table.number("heading_pt", 18, minimum=8, maximum=60, unit="pt"),
        text_pt=table.number("text_pt", 10, minimum=6, maximum=30, unit="pt"),
        payload_pt=table.number("payload_pt", 8, minimum=6, maximum=20, unit="pt"),
        min_text_pt=table.number("min_text_pt", 6.5, minimum=5, maximum=20, unit="pt"),
        barcode_module_mm=table.number("barcode_module_mm", 0.423, minimum=MIN_BARCODE_MODULE_MM, maximum=1.0,
                                       unit="mm"),
        barcode_height_mm=table.number("barcode_height_mm", 12, minimum=5, maximum=sheet.label_height_mm / 2,
                                       unit="mm"),
        quiet_zone_modules=table.integer("quiet_zone_modules", 10, minimum=10, maximum=30),
        qr_error_correction=table.text("qr_error_correction", "Q", choices=["L", "M", "Q", "H"]),
        outline=table.boolean("outline", False),
    )
    if style.min_text_pt > style.text_pt:
        raise table.error("min_text_pt", f"must not be larger than text_pt ({style.text_pt:g})")
    return style
