//! Notification subscriptions in JavaScript. A WASM module has no threads and its journal is in
//! memory, so every change comes from a call on this `Hub`: after each generated method (every
//! command, and every read, which may log a consultation) the hub looks whether its seq moved
//! and, if so, polls each subscription's watch and calls its function with the new batch.

use crate::convert::{self, Result};
use crate::Hub;
use safehub as sh;
use wasm_bindgen::prelude::*;

/// The subscriptions of one hub, and the seq they were last polled at.
#[derive(Default)]
pub(crate) struct Subscriptions {
    next: u32,
    seq: u64,
    list: Vec<(u32, sh::NotificationWatch, js_sys::Function)>,
}

#[wasm_bindgen]
impl Hub {
    /// Calls `listener` with each new batch of the viewer's notifications (an array, oldest
    /// first), after the call that wrote them returns its answer to the module; returns the
    /// subscription's number, for `unsubscribe`. A listener that throws has had its batch.
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(batch: Notification[]) => void")]
        listener: js_sys::Function,
    ) -> Result<u32> {
        let viewer: sh::Viewer = convert::arg("viewer", viewer)?;
        let watch = self.core.watch_notifications(&viewer)?;
        let mut subs = self
            .subscriptions
            .try_borrow_mut()
            .map_err(|_| sh::Error::invalid("subscribe", "not from inside a listener"))?;
        let number = subs.next;
        subs.next = subs.next.wrapping_add(1);
        subs.seq = self.core.seq();
        subs.list.push((number, watch, listener));
        Ok(number)
    }

    /// Stops the subscription with this number (nothing if there is none).
    pub fn unsubscribe(&self, subscription: u32) -> Result<()> {
        let mut subs = self
            .subscriptions
            .try_borrow_mut()
            .map_err(|_| sh::Error::invalid("unsubscribe", "not from inside a listener"))?;
        subs.list.retain(|(n, _, _)| *n != subscription);
        Ok(())
    }
}

impl Hub {
    /// Polls every subscription if the journal moved since the last poll, and calls each
    /// listener with its batch: with the subscriptions released, so a listener may call the
    /// hub (whose calls then poll again, for what they wrote).
    pub(crate) fn changed(&self) {
        let batches: Vec<(js_sys::Function, Vec<sh::Notification>)> = {
            let Ok(mut subs) = self.subscriptions.try_borrow_mut() else {
                return;
            };
            let seq = self.core.seq();
            if subs.list.is_empty() || seq == subs.seq {
                return;
            }
            subs.seq = seq;
            subs.list
                .iter_mut()
                .filter_map(|(_, watch, f)| match watch.poll(&self.core) {
                    Ok(batch) if !batch.is_empty() => Some((f.clone(), batch)),
                    // A viewer who may no longer read gets nothing; the next change tries again.
                    _ => None,
                })
                .collect()
        };
        for (f, batch) in batches {
            if let Ok(batch) = convert::out(&batch) {
                // A listener that throws has had its batch; the others still get theirs.
                let _ = f.call1(&JsValue::NULL, &batch);
            }
        }
    }
}
