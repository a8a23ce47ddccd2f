"""``python -m arrpy.bench``: the same as ``python -m arrpy bench``."""

import sys

from arrpy.bench import main

sys.exit(main())
