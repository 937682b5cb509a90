"""The one matplotlib style of every figure: the document's serif (Times, as the blueprint's
``mathptmx``) through STIX, which matplotlib ships, so that every machine draws the same
glyphs and no font lookup fails."""

FIGURE_STYLE = {
    "font.family": "serif",
    "font.serif": ["STIXGeneral"],
    "mathtext.fontset": "stix",
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
