"""The house style applied by every plot function."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

#: Colours by measurement basis, used consistently across figures.
BASIS_COLORS = {"gso": "#1b6ca8", "mic": "#d1495b", "city": "#edae49", "other": "#66a182"}
#: Date the Hai Duong merger took effect (Resolution 60-NQ/TW; see docs/data.md).
MERGER_YEAR_FRACTION = 2025.5


def apply_style() -> None:
    """Apply the seaborn theme used by all hpresearch figures (idempotent)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "figure.autolayout": False})


def new_figure(width: float = 8.0, height: float = 4.5):
    """Return ``(fig, ax)`` in the house style, without touching pyplot's global figure."""
    from matplotlib.figure import Figure

    apply_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    return fig, ax
