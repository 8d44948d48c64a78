"""``python -m typedrnn``: the same as the ``typedrnn`` command.

    python -m typedrnn shapes LSTM 50 100 --num-layers 2 --batch 3
"""

import sys

from typedrnn.cli import main

if __name__ == "__main__":
    sys.exit(main())
