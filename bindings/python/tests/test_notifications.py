"""Seeing another system's changes: a callback subscribed on one Hub object receives a
notification of a change written through another Hub object on the same store.

The store is one fixture, `two_hubs`: two Hub objects on one SQLite file, or on one database
of the throwaway PostgreSQL server (`Hub.open_postgres`; see conftest.py).
"""

import threading

import pytest

import safehub
from world import build_world, note, open_asb_case, viewer


def sqlite_pair(tmp_path):
    path = str(tmp_path / "hub.db")
    return safehub.Hub.open(path), safehub.Hub.open(path)


@pytest.fixture(params=["sqlite", "postgres"])
def two_hubs(request, tmp_path):
    if request.param == "sqlite":
        return sqlite_pair(tmp_path)
    conninfo = request.getfixturevalue("postgres")
    return safehub.Hub.open_postgres(conninfo), safehub.Hub.open_postgres(conninfo)


class Collect(safehub.NotificationCallback):
    """Keeps every batch, and says when one arrives."""

    def __init__(self):
        self.batches = []
        self.arrived = threading.Event()

    def on_notifications(self, batch):
        self.batches.append(batch)
        self.arrived.set()


def test_a_callback_on_one_hub_receives_a_change_written_through_another(two_hubs):
    writer, reader = two_hubs
    w = build_world(writer)
    case = open_asb_case(w)
    reader.wait_for_change(0, 5000)
    collect = Collect()
    subscription = reader.subscribe(viewer(w.housing_officer), collect)
    try:
        entry = writer.add_entry(w.pc, case, note("Visited the flats"))
        assert collect.arrived.wait(30), "no notification within 30 s"
        [notification] = collect.batches[0]
        assert notification.agency.id == w.police
        assert notification.kind == safehub.NotificationKind.ENTRY_ADDED(case=case, entry=entry)
    finally:
        subscription.cancel()


def test_the_pulled_feed_pages_by_the_last_notification_id(two_hubs):
    writer, reader = two_hubs
    w = build_world(writer)
    case = open_asb_case(w)
    for n in range(3):
        writer.add_entry(w.pc, case, note(f"note {n}"))
    housing = viewer(w.housing_officer)
    first = reader.notifications(housing, None, 2)
    assert len(first.items) == 2
    assert first.next == first.items[-1].id
    rest = reader.notifications(housing, first.next, 2)
    assert len(rest.items) == 1
    assert reader.notifications(housing, rest.next, 2).items == []


def test_a_change_ends_a_wait_and_a_wait_without_one_times_out(two_hubs):
    writer, reader = two_hubs
    w = build_world(writer)
    head = reader.wait_for_change(0, 5000)
    assert reader.wait_for_change(head, 100) == head
    open_asb_case(w)
    assert reader.wait_for_change(head, 30000) > head
