//! Seeing other systems' changes: waiting for a change, the viewer's notification feed, and a
//! subscription that calls a foreign callback (Python, Kotlin) with each new batch.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::NotificationCallback;
use safehub::{NotificationId, NotificationPage, Viewer};
use std::sync::Arc;
use std::time::Duration;

/// A running subscription (`Hub.subscribe`): `cancel()` stops it, as does dropping (closing) it.
#[derive(uniffi::Object)]
pub struct Subscription {
    core: safehub::Subscription,
}

#[uniffi::export]
impl Subscription {
    /// Stops the subscription: the callback is not called after this returns. Calling it again
    /// does nothing.
    pub fn cancel(&self) {
        self.core.cancel();
    }
}

/// The foreign callback as the core's listener.
struct Foreign(Arc<dyn NotificationCallback>);

impl safehub::NotificationListener for Foreign {
    fn notified(&self, batch: Vec<safehub::Notification>) {
        // A callback that raised has had its batch; the subscription goes on.
        let _ = self.0.on_notifications(batch);
    }
}

forward! {
    core =>
    /// Blocks until the journal holds an event after `after` (from any writer on the store) or
    /// `timeout_ms` passes; returns the sequence number the hub has applied. A host call, like
    /// `seq`.
    fn wait_for_change(after: u64, timeout_ms: u64) -> Result<u64> =
        Ok(core.wait_for_change(after, Duration::from_millis(timeout_ms))?);
    /// The viewer's notifications after the one whose id is `after` (none: from the start),
    /// oldest first, at most `limit` (1 to 1000); `next` is the cursor for the next call.
    /// References only: open each record through the ordinary reads.
    fn notifications(viewer: Viewer, after: Option<NotificationId>, limit: usize)
        -> Result<NotificationPage> =
        Ok(core.notifications(&viewer, after, limit)?);
    /// Calls `callback` with each new batch of the viewer's notifications, from a thread of the
    /// subscription's own, until the subscription is cancelled or dropped.
    fn subscribe(viewer: Viewer, callback: Arc<dyn NotificationCallback>)
        -> Result<Arc<Subscription>> =
        Ok(Arc::new(Subscription {
            core: core.subscribe(&viewer, Arc::new(Foreign(callback)))?,
        }));
}
