"""The four entity colours of a theme: `$entity-per`, `$entity-loc`, `$entity-org`, `$entity-misc`.

Themes do not give four distinct text colours (textual-dark's accent and warning are the same orange; the
pastel `$text-*` of catppuccin or nord differ by little), so the reader picks its own from the theme's six
base colours: the four most distinct ones (CIE Lab distance; persons take the accent, places the success
colour, organisations the warning colour, the rest the secondary one when that costs no distinctness), each
made dark or light enough to read on the article's background (WCAG contrast 4.5). ANSI themes keep ANSI
colours (the terminal decides them): four different ones.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from textual.color import Color, rgb_to_lab

ENTITY_VARIABLES = {"PER": "entity-per", "LOC": "entity-loc", "ORG": "entity-org", "MISC": "entity-misc"}
CANDIDATES = ("accent", "success", "warning", "secondary", "primary", "error")  # preferred order: PER, LOC, ORG, MISC
LEGIBLE = 4.5  # WCAG AA contrast for body text
BUCKET = 5.0  # Lab distances this close count as equal: then the preferred order decides


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def distance(a: Color, b: Color) -> float:
    """CIE76 colour difference: about 2 is just noticeable, 25 clearly different."""
    la, lb = rgb_to_lab(a), rgb_to_lab(b)
    return math.dist((la.L, la.a, la.b), (lb.L, lb.a, lb.b))


def legible(color: Color, background: Color) -> Color:
    """`color`, lighter on a dark background or darker on a light one, until it reads on `background`."""
    h, s, lightness = color.hsl
    step = 0.02 if luminance(background) < 0.2 else -0.02
    while contrast(color, background) < LEGIBLE and 0.0 < lightness < 1.0:
        lightness = min(max(lightness + step, 0.0), 1.0)
        color = Color.from_hsl(h, s, lightness)
    return color


def background_of(variables: dict[str, str]) -> Color | None:
    """The article's background (the surface, tinted as the focused view is); None for a transparent one."""
    surface = variables.get("surface", "")
    if not surface or surface == "transparent":
        return None
    return Color.parse(surface).tint(Color.parse(variables["foreground"]).with_alpha(0.03))


def entity_colours(variables: dict[str, str]) -> dict[str, str]:
    """The `entity-*` CSS variables for a theme's variables."""
    return dict(zip(ENTITY_VARIABLES.values(), _pick(tuple((n, variables[n]) for n in CANDIDATES),
                                                     variables.get("surface", ""), variables.get("foreground", ""))))


@lru_cache(maxsize=32)
def _pick(candidates: tuple[tuple[str, str], ...], surface: str, foreground: str) -> tuple[str, ...]:
    background = background_of({"surface": surface, "foreground": foreground})
    colours = {name: Color.parse(value) for name, value in candidates}
    if background is None or any(c.ansi is not None for c in colours.values()):
        # The terminal's own palette: only the names can differ.
        distinct = list(dict.fromkeys(value for _, value in candidates))
        return tuple((distinct * 4)[:4])
    colours = {name: legible(c, background) for name, c in colours.items()}
    names = [name for name, _ in candidates]
    apart = {(a, b): distance(colours[a], colours[b]) for a, b in itertools.permutations(names, 2)}

    def score(order: tuple[str, ...]) -> tuple[float, int]:
        closest = min(apart[a, b] for a, b in itertools.combinations(order, 2))
        return round(closest / BUCKET), -sum(o != n for o, n in zip(order, names))

    best = max(itertools.permutations(names, 4), key=score)
    return tuple(colours[name].hex for name in best)
