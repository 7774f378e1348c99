//! The hub's methods for notifications: the pull feed ([`Hub::notifications`]), the watch a host
//! polls itself ([`Hub::watch_notifications`], for hosts without threads: WASM), and the push
//! subscription ([`Hub::subscribe`]) whose thread waits for changes and calls a listener.

use super::{Feed, Notification, NotificationPage};
use crate::context::Current;
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::ids::NotificationId;
use crate::journal::Journal;
use crate::sharing::Engine;
use crate::views::Viewer;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The most notifications one page may ask for.
pub const MAX_PAGE: usize = 1000;

/// Events read from the journal per round trip while looking for a page's notifications.
const SCAN_PAGE: usize = 500;

/// How long a subscription's thread waits before looking again when the journal failed (a
/// PostgreSQL server that went away): the next look reconnects.
const RETRY_AFTER: Duration = Duration::from_millis(500);

/// How long a subscription's wait lasts before it starts another (it returns at once on a
/// change or a cancel; this only bounds a wait that nothing ends).
const WAIT_SLICE: Duration = Duration::from_secs(30);

/// Told of each new batch of a subscription's notifications ([`Hub::subscribe`]). Called from
/// the subscription's thread, with the hub's lock released, one batch at a time, oldest first.
pub trait NotificationListener: Send + Sync {
    /// New notifications, oldest first; never empty.
    fn notified(&self, batch: Vec<Notification>);
}

/// The viewer's engine now, after the same checks every read makes: an as-of time is refused
/// (a notification is news: it has no past form), an unknown or inactive viewer reads nothing.
fn engine<'s>(current: &Current<'s>, viewer: &Viewer) -> Result<Engine<'s>> {
    if viewer.as_of.is_some() {
        return Err(Error::invalid("as_of", "notifications are of now"));
    }
    crate::checks::member_engine(current.state, viewer.practitioner, current.now)
}

/// The viewer's notifications from the events after `after` (a seq), at most `limit`, and the
/// seq of the last event read (the next `after`; up to the head unless cut by `limit`).
fn collect(
    journal: &dyn Journal,
    feed: &Feed<'_, '_>,
    mut after: u64,
    limit: usize,
) -> Result<(Vec<Notification>, u64)> {
    let mut items = Vec::new();
    loop {
        let events = journal.events_since(after, SCAN_PAGE)?;
        let full = events.len() == SCAN_PAGE;
        for event in &events {
            after = event.seq;
            if let Some(n) = feed.notification(event)? {
                items.push(n);
                if items.len() == limit {
                    return Ok((items, after));
                }
            }
        }
        if !full {
            return Ok((items, after));
        }
    }
}

impl Hub {
    /// The viewer's notifications after the one whose id is `after` (`None`: from the start),
    /// oldest first, at most `limit` (1 to [`MAX_PAGE`]); the page's `next` is the cursor for
    /// the next call. What notifies whom, why items carry references and not content, and what
    /// the cursor is: [`notifications`](crate::notifications). A cursor the viewer would not be
    /// notified of now is not found, like an id that never existed.
    pub fn notifications(
        &self,
        viewer: &Viewer,
        after: Option<NotificationId>,
        limit: usize,
    ) -> Result<NotificationPage> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(Error::invalid("limit", "must be between 1 and 1000"));
        }
        self.current(|c| {
            let engine = engine(c, viewer)?;
            let feed = Feed::new(&engine);
            let from = match after {
                None => 0,
                Some(id) => {
                    let missing = || Error::not_found("notification");
                    let seq = c.journal.seq_of(id.0)?.ok_or_else(missing)?;
                    let event = c.journal.events_since(seq.saturating_sub(1), 1)?;
                    let theirs = match event.first() {
                        Some(e) => feed.notification(e)?.is_some(),
                        None => false,
                    };
                    if !theirs {
                        return Err(missing());
                    }
                    seq
                }
            };
            let (items, _) = collect(c.journal, &feed, from, limit)?;
            let next = items.last().map(|n| n.id).or(after);
            Ok(NotificationPage { items, next })
        })
    }

    /// A watch on the viewer's notifications from now on, for a host that looks for them itself
    /// (after each command, or on a timer): each [`NotificationWatch::poll`] returns what is new
    /// since the last. [`subscribe`](Self::subscribe) does this on a thread.
    pub fn watch_notifications(&self, viewer: &Viewer) -> Result<NotificationWatch> {
        self.current(|c| {
            engine(c, viewer)?;
            Ok(NotificationWatch {
                viewer: viewer.clone(),
                seq: c.state.seq,
            })
        })
    }

    /// Calls `listener` with each new batch of the viewer's notifications, from a thread the
    /// returned [`Subscription`] owns, until it is cancelled or dropped. The thread waits with
    /// [`wait_for_change`](Self::wait_for_change), so a change written by another hub or
    /// process on the same store is delivered as soon as this hub learns of it. A failure to
    /// read the journal (a server gone) is retried; a viewer who may no longer read (an
    /// account closed) ends the subscription.
    pub fn subscribe(
        &self,
        viewer: &Viewer,
        listener: Arc<dyn NotificationListener>,
    ) -> Result<Subscription> {
        let mut watch = self.watch_notifications(viewer)?;
        let hub = self.handle();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("safehub-notifications".into())
            .spawn(move || {
                while !stopped.load(std::sync::atomic::Ordering::Acquire) {
                    let waited = hub.wait_unless(watch.seq, WAIT_SLICE, &stopped);
                    if stopped.load(std::sync::atomic::Ordering::Acquire) {
                        break;
                    }
                    match waited.and_then(|_| watch.poll(&hub)) {
                        Ok(batch) if batch.is_empty() => {}
                        Ok(batch) => listener.notified(batch),
                        Err(Error::Forbidden { .. }) => break,
                        Err(_) => std::thread::sleep(RETRY_AFTER),
                    }
                }
            })
            .map_err(|e| Error::Storage(format!("cannot start the subscription thread: {e}")))?;
        Ok(Subscription {
            hub: self.handle(),
            stop,
            thread: Mutex::new(Some(thread)),
        })
    }
}

/// The viewer's place in the journal for [`Hub::watch_notifications`]. The seq it holds stays
/// inside: it is not the viewer's to see (see the module documentation on cursors).
#[derive(Debug)]
pub struct NotificationWatch {
    viewer: Viewer,
    seq: u64,
}

impl NotificationWatch {
    /// The viewer's notifications written since the last poll (or since the watch began),
    /// oldest first; empty when there are none.
    pub fn poll(&mut self, hub: &Hub) -> Result<Vec<Notification>> {
        let (items, seq) = hub.current(|c| {
            let engine = engine(c, &self.viewer)?;
            collect(c.journal, &Feed::new(&engine), self.seq, usize::MAX)
        })?;
        self.seq = seq;
        Ok(items)
    }
}

/// A running [`Hub::subscribe`]: cancelling or dropping it stops its thread (within one wait of
/// the hub's: at once on a change or the cancel itself, which wakes it).
pub struct Subscription {
    hub: Hub,
    stop: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").finish_non_exhaustive()
    }
}

impl Subscription {
    /// Stops the subscription; the listener is not called after this returns (unless it is
    /// called from the listener itself, which cannot wait for its own thread). Calling it again
    /// does nothing.
    pub fn cancel(&self) {
        self.hub.stop_waiting(&self.stop);
        let thread = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(thread) = thread {
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}
