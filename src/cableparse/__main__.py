"""``python -m cableparse`` works as the ``cableparse`` command."""

import sys

from cableparse.cli import main

sys.exit(main())
