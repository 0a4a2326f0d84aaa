"""``python -m article_qa``: the same as the ``article-qa`` command."""

import sys

from .ui.cli import main

sys.exit(main())
