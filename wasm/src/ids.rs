//! Where a `Hub` in WASM draws its new ids: random (version 4) UUIDs from a ChaCha12 stream
//! seeded once from the host's `crypto.getRandomValues`.
//!
//! uuid's own `new_v4` asks the host for 16 bytes on every id: a crossing into JS that took about
//! a fifth of the time of a write under Node, as each command mints several ids. A
//! cryptographically secure generator seeded once from the same source gives ids just as hard
//! to guess, at the cost of a few dozen bytes of WASM memory per hub.

use rand::rngs::{StdRng, SysRng};
use rand::{Rng, SeedableRng};
use safehub as sh;
use std::sync::Mutex;
use uuid::Uuid;

/// Random ids from a generator seeded from the host (see the module doc).
pub struct HostSeededIds(Mutex<StdRng>);

impl HostSeededIds {
    /// A generator seeded with 256 bits from the host; fails, rather than fall back to
    /// guessable ids, where the host has no `crypto.getRandomValues`.
    pub fn from_host() -> sh::Result<Self> {
        let rng = StdRng::try_from_rng(&mut SysRng)
            .map_err(|_| sh::Error::Storage("the host gave no randomness".into()))?;
        Ok(HostSeededIds(Mutex::new(rng)))
    }
}

impl sh::IdSource for HostSeededIds {
    fn next_id(&self) -> Uuid {
        let mut bytes = [0u8; 16];
        // WASM runs one thread: the lock is never contended, and a poisoned one still holds a
        // usable generator.
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .fill_bytes(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}
