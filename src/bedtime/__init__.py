"""Bedtime: take magnesium at a chosen time before bed, keep stock, and see how you slept."""


def __getattr__(name: str) -> str:
    """`__version__`, looked up when first asked for.

    importlib.metadata takes longer to import than most commands take to run, and only
    --version, the tray app's log and its bug reports need the version.
    """
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("bedtime")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
