"""``python -m gensim_transfer.migrate PATH...``."""

import sys

from ._cli import main

sys.exit(main())
