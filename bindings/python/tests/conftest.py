"""The `world` fixture: a fresh in-memory partnership per test (see world.py)."""

import pytest

from world import build_world


@pytest.fixture
def world():
    return build_world()
