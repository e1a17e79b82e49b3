"""What matplotlib says while a figure is saved: the test of fonts and glyphs in charts."""

from __future__ import annotations

import io
import logging
import warnings


def drawing_messages(draw) -> list[str]:
    """The messages matplotlib logs and warns while the figure returned by ``draw()`` is saved as PNG
    and PDF (a missing glyph, a font it had to look for); the figure is closed afterwards."""
    import matplotlib.pyplot as plt

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = draw()
            fig.savefig(io.BytesIO(), format="png")
            fig.savefig(io.BytesIO(), format="pdf")
            plt.close(fig)
    finally:
        logger.removeHandler(handler)
    return records + [str(w.message) for w in caught]
