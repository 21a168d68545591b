"""The `bedtime` command line: `main` is the console entry point."""

from .main import main

__all__ = ["main"]
