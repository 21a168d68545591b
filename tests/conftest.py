"""Fixtures shared by all tests."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import Cli, Result


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data")


@pytest.fixture
def refused_cleanly(cli: Cli) -> Callable[..., Result]:
    """Run a command that must fail with exit 2, one line on stderr, and nothing written."""

    def check(*args: str, code: int = 2) -> Result:
        cli.ok("status")  # the database exists, so "nothing written" is checkable
        before = cli.dump()
        result = cli(*args)
        assert result.code == code, (result.code, result.out, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err
        assert cli.dump() == before
        return result

    return check
