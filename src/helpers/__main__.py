"""``python -m helpers``: see :mod:`helpers.cli`."""

import sys

from .pipeline.cli import main

sys.exit(main())
