//! Locations: addresses and places of concern, with postcode, UPRN and coordinates.
//!
//! An address is content under the sharing rules; the label is what a practitioner without
//! access sees beside the agencies the place is known to. Hosts must therefore not put an address
//! in the label of a restricted place such as a refuge: mark it restricted instead.

use crate::identifiers::{Postcode, Uprn};
use crate::ids::{AgencyId, LocationId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A point in WGS 84.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Coordinates {
    /// Latitude in degrees, -90 to 90.
    pub lat: f64,
    /// Longitude in degrees, -180 to 180.
    pub lon: f64,
}

// Coordinates come from validated input (finite, in range), so equality is total in practice.
impl Eq for Coordinates {}

impl Coordinates {
    /// Validated coordinates.
    pub fn new(lat: f64, lon: f64) -> crate::Result<Self> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(crate::Error::invalid("latitude", "a number from -90 to 90"));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(crate::Error::invalid(
                "longitude",
                "a number from -180 to 180",
            ));
        }
        Ok(Coordinates { lat, lon })
    }
}

/// A location profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Its id.
    pub id: LocationId,
    /// A short name shown to everyone in the partnership, e.g. "Market Street car park".
    pub label: String,
    /// The full address.
    pub address: Option<String>,
    /// The postcode.
    pub postcode: Option<Postcode>,
    /// The Unique Property Reference Number.
    pub uprn: Option<Uprn>,
    /// Where it is.
    pub coordinates: Option<Coordinates>,
    /// Whether even the label is withheld from those without access.
    pub restricted: bool,
    /// The agency that recorded it.
    pub recorded_by: AgencyId,
    /// When it was recorded.
    #[serde(with = "crate::clock::instant")]
    pub recorded_at: DateTime<Utc>,
}

/// A new location profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewLocation {
    /// A short label everyone may see.
    pub label: String,
    /// The address.
    pub address: Option<String>,
    /// The postcode, validated.
    pub postcode: Option<String>,
    /// The UPRN, validated.
    pub uprn: Option<String>,
    /// Latitude and longitude.
    pub coordinates: Option<(f64, f64)>,
    /// Lock the profile down: even the label is withheld from those without access.
    pub restricted: bool,
}
