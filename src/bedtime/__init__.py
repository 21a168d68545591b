"""Bedtime: take magnesium at a chosen time before bed, keep stock, and see how you slept."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bedtime")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
