"""``python -m symbolic`` runs the command line (an interrupt, even while it starts, is one
line and exit 130)."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:
    print("grpo-sigma: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
