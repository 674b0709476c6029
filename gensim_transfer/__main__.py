"""``python -m gensim_transfer``: the ``gensim-transfer`` command."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
