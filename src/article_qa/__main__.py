"""``python -m article_qa``: the same as the ``article-qa`` command."""

import sys

from .ui.launch import main

sys.exit(main())
