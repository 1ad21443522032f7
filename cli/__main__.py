"""`python -m cli ...`: the same as `aicmo ...`."""

import sys

from cli.main import main

sys.exit(main())
