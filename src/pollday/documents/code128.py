"""Code 128 (code sets B and C) as a bar pattern, drawn by us because fpdf2 has no Code128.

Set B carries every payload character (upper-case letters, digits, - . / + :); set C packs
two digits into one symbol, so a seal number such as KV-260576 stays short enough to
print at a 0.33 mm module or wider (tech-notes trap 6). The choice of code sets is the
shortest possible, found by dynamic programming.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# Bar and space widths (in modules) of symbol values 0..106, from ISO/IEC 15417.
PATTERNS: tuple[str, ...] = (
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
    "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
)
CODE_C = 99  # switch to set C (in set B)
CODE_B = 100  # switch to set B (in set C)
START_B = 104
START_C = 105
STOP = 106
CHECK_MODULUS = 103
STOP_MODULES = 13
SYMBOL_MODULES = 11


class CodeSet(Enum):
    B = "B"
    C = "C"


class Code128Error(ValueError):
    """Text that Code 128 set B cannot carry."""


@dataclass(frozen=True)
class Code128:
    text: str
    values: tuple[int, ...]  # start, data, check and stop symbol values

    @property
    def modules(self) -> str:
        """'1' for each bar module and '0' for each space module, without quiet zones."""
        out = []
        for value in self.values:
            for index, width in enumerate(PATTERNS[value]):
                out.append(("1" if index % 2 == 0 else "0") * int(width))
        return "".join(out)

    @property
    def module_count(self) -> int:
        return (len(self.values) - 1) * SYMBOL_MODULES + STOP_MODULES

    def bars(self) -> list[tuple[int, int]]:
        """(first module, width in modules) of each bar: what a drawing needs."""
        runs = []
        modules = self.modules
        start = None
        for position, module in enumerate(modules + "0"):
            if module == "1" and start is None:
                start = position
            elif module == "0" and start is not None:
                runs.append((start, position - start))
                start = None
        return runs


def encode_code128(text: str) -> Code128:
    bad = sorted({c for c in text if not 32 <= ord(c) <= 126})
    if not text or bad:
        raise Code128Error(f"Code 128 set B carries printable ASCII only, not {bad or 'empty text'}")
    data = _shortest_values(text)
    checksum = (data[0] + sum(position * value for position, value in enumerate(data[1:], start=1))) % CHECK_MODULUS
    return Code128(text, (*data, checksum, STOP))


def _shortest_values(text: str) -> list[int]:
    """Start symbol and data values using the fewest symbols; on a tie, stay in the current set."""
    length = len(text)
    infinity = 4 * length + 10
    # rest[i][s]: fewest symbols to encode text[i:] when code set s is current at position i.
    rest = [{CodeSet.B: 0, CodeSet.C: 0} for _ in range(length + 1)]

    def emit(i: int, code_set: CodeSet) -> int:
        """Symbols for text[i:] when the next data symbol is written in `code_set` (no switch counted)."""
        if code_set == CodeSet.B:
            return 1 + rest[i + 1][CodeSet.B]
        if i + 1 < length and text[i : i + 2].isdigit():
            return 1 + rest[i + 2][CodeSet.C]
        return infinity

    for i in range(length - 1, -1, -1):
        rest[i][CodeSet.B] = min(emit(i, CodeSet.B), 1 + emit(i, CodeSet.C))
        rest[i][CodeSet.C] = min(emit(i, CodeSet.C), 1 + emit(i, CodeSet.B))

    current = CodeSet.C if emit(0, CodeSet.C) < emit(0, CodeSet.B) else CodeSet.B
    values = [START_C if current == CodeSet.C else START_B]
    i = 0
    while i < length:
        other = CodeSet.C if current == CodeSet.B else CodeSet.B
        if 1 + emit(i, other) < emit(i, current):
            values.append(CODE_C if other == CodeSet.C else CODE_B)
            current = other
        if current == CodeSet.C:
            values.append(int(text[i : i + 2]))
            i += 2
        else:
            values.append(ord(text[i]) - 32)
            i += 1
    return values
