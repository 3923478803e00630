"""Label colours people can read: distinct from each other, also under the common
colour-vision deficiencies, and with readable text on the highlight.

What an annotator sees of a label's colour in Label Studio 1.23.2: a text region is
highlighted with the label's ``background`` at **30 % opacity** over the white page
(``convertToRGBA(colour, .3)`` in the editor's bundle), with the text drawn over it in
black; the label's button in the label bar carries the full colour. So a palette is
judged on those highlights:

* **distinct**: the CIEDE2000 colour difference (Sharma, Wu & Dalal 2005) between the
  highlights of every pair of labels, for normal vision and under protanopia,
  deuteranopia and tritanopia simulated with the Machado, Oliveira & Fernandes (2009)
  matrices at severity 1.0 (applied to linear sRGB), is at least :data:`MIN_DELTA_E`;
* **readable**: the WCAG 2 contrast ratio of black text on each highlight is at least
  :data:`MIN_CONTRAST` (AAA for normal text), and the full colour holds black or white
  text at 4.5 or more (the label's button).

Labels are compared with every other label, not only within their schema: spans of
different schemas overlap on one text.

>>> round(delta_e2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)), 4)   # Sharma et al., pair 1
2.0425
>>> round(contrast_ratio((0, 0, 0), (255, 255, 255)), 1)
21.0
"""
from __future__ import annotations

__all__ = ["MIN_DELTA_E", "MIN_CONTRAST", "VISIONS", "PaletteCheck", "check_palette", "delta_e2000",
           "contrast_ratio", "highlight", "simulate"]

import itertools
import math
from dataclasses import dataclass

#: Smallest CIEDE2000 difference allowed between two labels' highlights, under every vision.
MIN_DELTA_E = 6.0
#: Smallest WCAG contrast of black text on a highlight.
MIN_CONTRAST = 7.0
#: Label Studio's highlight opacity for text regions.
HIGHLIGHT_ALPHA = 0.3

#: Machado et al. (2009), severity 1.0, on linear RGB.
_MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal",) + tuple(_MACHADO)

RGB = tuple[float, float, float]


def _hex(c: str) -> RGB:
    c = c.lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))


def _lin(v: float) -> float:
    v /= 255.0
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _gamma(v: float) -> float:
    v = min(1.0, max(0.0, v))
    return 255.0 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)


def highlight(rgb: RGB, alpha: float = HIGHLIGHT_ALPHA) -> RGB:
    """The colour over a white page at ``alpha`` opacity (blended in sRGB, as browsers do)."""
    return tuple(alpha * c + (1 - alpha) * 255.0 for c in rgb)


def simulate(rgb: RGB, vision: str) -> RGB:
    """``rgb`` as seen with ``vision`` (:data:`VISIONS`)."""
    if vision == "normal":
        return rgb
    m = _MACHADO[vision]
    lin = [_lin(c) for c in rgb]
    return tuple(_gamma(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3))


def _lab(rgb: RGB) -> tuple[float, float, float]:
    r, g, b = (_lin(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e2000(lab1, lab2) -> float:
    """CIEDE2000 (kL = kC = kH = 1), as in Sharma, Wu & Dalal (2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dlp, dcp = l2 - l1, c2p - c1p
    dh = h2p - h1p if abs(h2p - h1p) <= 180 else h2p - h1p - 360 * math.copysign(1, h2p - h1p)
    dhp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2)) if c1p * c2p else 0.0
    lbp, cbp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    else:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / math.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    rt = -2 * math.sqrt(cbp ** 7 / (cbp ** 7 + 25 ** 7)) * math.sin(math.radians(60 * math.exp(-((hbp - 275) / 25) ** 2)))
    return math.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2 + rt * (dcp / sc) * (dhp / sh))


def contrast_ratio(fg: RGB, bg: RGB) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    def lum(c):
        r, g, b = (_lin(v) for v in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class PaletteCheck:
    """The closest pair per vision (CIEDE2000 of the highlights) and the lowest contrasts."""

    closest: dict[str, tuple[float, str, str]]       # vision -> (ΔE00, label, label)
    text_contrast: tuple[float, str]                 # lowest black-on-highlight contrast, label
    button_contrast: tuple[float, str]               # lowest best-of-black/white on the full colour, label

    @property
    def ok(self) -> bool:
        return (all(d >= MIN_DELTA_E for d, _, _ in self.closest.values())
                and self.text_contrast[0] >= MIN_CONTRAST and self.button_contrast[0] >= 4.5)


def check_palette(colors: dict[str, str]) -> PaletteCheck:
    """Check ``{label: "#rrggbb"}`` (module doc)."""
    rgb = {k: _hex(v) for k, v in colors.items()}
    closest = {}
    for vision in VISIONS:
        lab = {k: _lab(simulate(highlight(c), vision)) for k, c in rgb.items()}
        closest[vision] = min((delta_e2000(lab[a], lab[b]), a, b) for a, b in itertools.combinations(sorted(lab), 2))
    text = min((contrast_ratio((0, 0, 0), highlight(c)), k) for k, c in rgb.items())
    button = min((max(contrast_ratio((0, 0, 0), c), contrast_ratio((255, 255, 255), c)), k) for k, c in rgb.items())
    return PaletteCheck(closest, text, button)
