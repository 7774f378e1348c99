//! Shared fixtures for the workspace's integration tests, examples and benches: the outside
//! user's view of safehub, so it uses only the public API.

pub mod borough;
pub mod fixture;
pub mod generate;
pub mod people;

use safehub::identifiers::nhs_check_digit;
use safehub::{AgencyId, AgencyKind, Hub, HubBuilder, NewAgency, NewPractitioner, Role};

/// Where a test's hub keeps its journal, so one test runs against each store (issue 21: "the
/// store must not change what anyone sees").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// The in-memory journal.
    Memory,
    /// A fresh database on the test process's throwaway PostgreSQL cluster
    /// ([`postgres::database`]).
    #[cfg(feature = "postgres")]
    Postgres,
}

impl Store {
    /// Whether this store can run here: `false` (after a message saying why) where PostgreSQL
    /// is not installed and not required, so the test skips.
    pub fn available(self) -> bool {
        match self {
            Store::Memory => true,
            #[cfg(feature = "postgres")]
            Store::Postgres => postgres::shared().is_some(),
        }
    }

    /// Opens `builder`'s hub on this store (call [`available`](Self::available) first).
    pub fn open(self, builder: HubBuilder) -> safehub::Result<Hub> {
        match self {
            Store::Memory => builder.open_in_memory(),
            #[cfg(feature = "postgres")]
            Store::Postgres => match postgres::database() {
                Some(conninfo) => builder.postgres(&conninfo),
                None => Err(safehub::Error::Unavailable(
                    "no PostgreSQL server for the tests".into(),
                )),
            },
        }
    }
}

/// A new agency of `kind` called `name`.
pub fn agency(name: &str, kind: AgencyKind) -> NewAgency {
    NewAgency {
        name: name.into(),
        kind,
    }
}

/// A new practitioner of `agency` with `role`, without an external id.
pub fn practitioner(agency: AgencyId, name: &str, role: Role) -> NewPractitioner {
    NewPractitioner {
        agency,
        name: name.into(),
        role,
        external_id: None,
    }
}

/// The `n`th valid NHS number of a deterministic series (ten digits, valid modulus 11 check
/// digit, outside the 999 test range), for fixtures that need many distinct valid numbers.
pub fn nhs_number(n: u32) -> String {
    // Walk nine-digit stems from a base; stems whose check digit would be 10 are never issued,
    // so skip them, counting only the valid ones.
    let mut seen = 0;
    let mut stem: u64 = 401_023_000;
    loop {
        let digits: Vec<u8> = format!("{stem:09}").bytes().map(|b| b - b'0').collect();
        let mut first9 = [0u8; 9];
        first9.copy_from_slice(&digits);
        if let Some(check) = nhs_check_digit(&first9) {
            if seen == n {
                return format!("{stem:09}{check}");
            }
            seen += 1;
        }
        stem += 1;
    }
}

pub mod fuzzing;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod reliability;
