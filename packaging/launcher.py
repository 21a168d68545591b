"""The bundle's entry point: the same `bedtime` command that a wheel install puts on PATH."""

import sys

from bedtime.cli import main

sys.exit(main())
