"""Fixtures: `world`, a fresh in-memory partnership per test (see world.py); `postgres`, a fresh
database on a throwaway PostgreSQL server started once per session (see postgres_server.py)."""

import pytest

from postgres_server import REQUIRE_MESSAGE, Server, required
from world import build_world


@pytest.fixture
def world():
    return build_world()


@pytest.fixture(scope="session")
def postgres_server():
    try:
        server = Server()
    except (RuntimeError, OSError) as why:
        if required():
            pytest.fail(f"PostgreSQL is required (SAFEHUB_REQUIRE_POSTGRES=1 or CI=true) but cannot start: {why}")
        pytest.skip(f"no PostgreSQL server for the tests ({why}); {REQUIRE_MESSAGE}")
    yield server
    server.stop()


@pytest.fixture
def postgres(postgres_server):
    """The conninfo of a fresh, empty database."""
    return postgres_server.database()
