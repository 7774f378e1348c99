"""Smoke test of the safehub Python wheel (UniFFI bindings of the safehub-ffi crate)."""

import re

import safehub


def test_safehub_version_is_a_non_empty_version_string():
    version = safehub.safehub_version()
    assert isinstance(version, str)
    assert version.strip()
    assert re.match(r"^\d+\.\d+\.\d+", version)
