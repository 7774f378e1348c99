//! The inputs whose foreign shape differs from the core's, and the small enums naming what a
//! command or read is about. The other inputs and records (`Viewer`, `NewAgency`, `NewCase`,
//! `NewEntry`, `Established`, `ChangeNotice`...) cross as the core defines them.
//!
//! Mirrored here: `NewPerson` and `NewLocation`, because the core takes identifiers and
//! coordinates as tuples, which UniFFI cannot carry. `Subject`, `TeamMember`, `Target` and
//! `LawfulBasis` cross in the named shapes of `safehub::ffi`.

use safehub::ffi::IsoDate;
pub use safehub::locations::Coordinates;
use safehub::VulnerabilityFlag;
pub use safehub::{
    ChangeNotice, Established, Identifier, Integrity, NewAgency, NewAgreement, NewCase, NewEntry,
    NewGroup, NewPractitioner, Viewer,
};
pub use safehub::{LawfulBasis, Subject, Target, TeamMember};

/// A new person profile.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewPerson {
    /// Their name.
    pub name: String,
    /// Other names.
    #[uniffi(default = [])]
    pub aliases: Vec<String>,
    /// Date of birth, ISO `YYYY-MM-DD`.
    #[uniffi(default = None)]
    pub date_of_birth: Option<IsoDate>,
    /// Identifiers (checked by the hub).
    #[uniffi(default = [])]
    pub identifiers: Vec<Identifier>,
    /// Vulnerability flags.
    #[uniffi(default = [])]
    pub flags: Vec<VulnerabilityFlag>,
    /// Whether even the name is withheld from those without access.
    #[uniffi(default = false)]
    pub restricted: bool,
}

impl From<NewPerson> for safehub::NewPerson {
    fn from(p: NewPerson) -> Self {
        let identifiers = p
            .identifiers
            .iter()
            .map(|i| (i.kind(), i.value().to_owned()));
        safehub::NewPerson {
            name: p.name,
            aliases: p.aliases,
            date_of_birth: p.date_of_birth,
            identifiers: identifiers.collect(),
            flags: p.flags,
            restricted: p.restricted,
        }
    }
}

/// A new location profile.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NewLocation {
    /// A short name shown to everyone in the partnership.
    pub label: String,
    /// The full address.
    #[uniffi(default = None)]
    pub address: Option<String>,
    /// The postcode (checked by the hub).
    #[uniffi(default = None)]
    pub postcode: Option<String>,
    /// The UPRN (checked by the hub).
    #[uniffi(default = None)]
    pub uprn: Option<String>,
    /// Where it is.
    #[uniffi(default = None)]
    pub coordinates: Option<Coordinates>,
    /// Whether even the label is withheld from those without access.
    #[uniffi(default = false)]
    pub restricted: bool,
}

impl From<NewLocation> for safehub::NewLocation {
    fn from(l: NewLocation) -> Self {
        safehub::NewLocation {
            label: l.label,
            address: l.address,
            postcode: l.postcode,
            uprn: l.uprn,
            coordinates: l.coordinates.map(|c| (c.lat, c.lon)),
            restricted: l.restricted,
        }
    }
}
