//! How an event becomes the content bytes the journal hashes and stores, and back.
//!
//! Every event is JSON, serde's internally tagged form (`{"type": "case_opened", ...}`), which
//! anyone can read from the SQLite file with ordinary tools, except the two bulk ones:
//! - an incident import carries thousands of incidents and is most of a hub's bytes. As JSON,
//!   formatting its times, ids and escaped strings was a fifth of the time of an import, and
//!   parsing them back most of the time of opening a hub;
//! - a consultation (the log of a read of other agencies' content) lists every item returned,
//!   three ids each, and is written on every such read. As JSON, encoding and hashing it was a
//!   large part of a read in the WASM build, which has no SHA instructions.
//!
//! These are stored as one format byte, [`POSTCARD`], followed by the payload in postcard (a
//! compact binary format with a stable, documented wire specification): ids as raw bytes, and
//! an incident's times as microseconds.
//!
//! Events written as JSON by earlier versions (content starting with `{`) are still read: the
//! hash chain covers the stored bytes, so old events are never rewritten.
//!
//! The binary form needs every type in the batch to be readable without self-description:
//! postcard cannot read serde's internally tagged enums. The field attributes in this module's
//! submodules ([`instant`], [`category`], [`subject`]) keep the JSON form as it was and give the binary form
//! plain values.

use super::Event;
use crate::incidents::ImportedBatch;
use crate::journal::StoredEvent;
use crate::{Error, Result};

/// The first byte of a payload stored in postcard (version 1 of the binary form). JSON content
/// starts with `{`, so the two never collide.
pub(crate) const POSTCARD: u8 = 1;

const IMPORT_KIND: &str = "incidents_imported";
const CONSULTED_KIND: &str = "consulted";

fn unencodable<E>(_: E) -> Error {
    Error::Storage("event could not be encoded".into())
}

/// The content bytes of `event`.
pub(crate) fn encode(event: &Event) -> Result<Vec<u8>> {
    match event {
        // Room for the usual incident, so the buffer is allocated once.
        Event::IncidentsImported { batch } => {
            binary(batch, batch.incidents.len().saturating_mul(256))
        }
        Event::Consulted { consultation } => {
            binary(consultation, consultation.items.len().saturating_mul(64))
        }
        _ => serde_json::to_vec(event).map_err(unencodable),
    }
}

fn binary<T: serde::Serialize>(payload: &T, capacity: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity.saturating_add(64));
    out.push(POSTCARD);
    postcard::to_extend(payload, out).map_err(unencodable)
}

/// The event stored in `stored`.
pub(crate) fn decode(stored: &StoredEvent) -> Result<Event> {
    let failed = || Error::Storage(format!("event {} could not be decoded", stored.seq));
    let binary = match stored.content.split_first() {
        Some((&POSTCARD, rest)) => Some(rest),
        _ => None,
    };
    match (stored.kind.as_str(), binary) {
        (IMPORT_KIND, Some(rest)) => postcard::from_bytes(rest)
            .map(|batch| Event::IncidentsImported { batch })
            .map_err(|_| failed()),
        (CONSULTED_KIND, Some(rest)) => postcard::from_bytes(rest)
            .map(|consultation| Event::Consulted { consultation })
            .map_err(|_| failed()),
        (IMPORT_KIND, None) => decode_json_import(&stored.content).map_err(|_| failed()),
        _ => serde_json::from_slice(&stored.content).map_err(|_| failed()),
    }
}

/// Decodes an import written as JSON straight into its payload. serde reads an internally
/// tagged enum by first buffering the whole object into a generic tree, which for an import of
/// tens of thousands of incidents cost more than decoding it.
fn decode_json_import(content: &[u8]) -> serde_json::Result<Event> {
    #[derive(serde::Deserialize)]
    struct Import<'a> {
        #[serde(rename = "type", borrow)]
        kind: std::borrow::Cow<'a, str>,
        batch: ImportedBatch,
    }
    let import: Import<'_> = serde_json::from_slice(content)?;
    if import.kind != IMPORT_KIND {
        return Err(serde::de::Error::custom("the event's type is not its kind"));
    }
    Ok(Event::IncidentsImported {
        batch: import.batch,
    })
}

/// A time field: an RFC 3339 string in JSON, whole microseconds since the Unix epoch in the
/// binary form. Every stored time is already truncated to microseconds, so nothing is lost.
pub(crate) mod instant {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the time.
    pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            t.timestamp_micros().serialize(s)
        }
    }

    /// Reads the time.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        if d.is_human_readable() {
            DateTime::<Utc>::deserialize(d)
        } else {
            let micros = i64::deserialize(d)?;
            DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| serde::de::Error::custom("a time out of range"))
        }
    }
}

/// An incident's category: the tagged object of the public API in JSON, and in the binary form
/// its stable name with the offence code, read back through [`IncidentCategory::parse`].
///
/// [`IncidentCategory::parse`]: crate::incidents::IncidentCategory::parse
pub(crate) mod category {
    use crate::incidents::IncidentCategory;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the category.
    pub(crate) fn serialize<S: Serializer>(c: &IncidentCategory, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return c.serialize(s);
        }
        let code = match c {
            IncidentCategory::Crime { offence_code } => Some(offence_code.as_str()),
            _ => None,
        };
        (c.as_str(), code).serialize(s)
    }

    /// Reads the category.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<IncidentCategory, D::Error> {
        if d.is_human_readable() {
            return IncidentCategory::deserialize(d);
        }
        // Borrowed from postcard's input (no allocation per incident on replay), owned from a
        // reader that cannot lend its bytes (a snapshot's CBOR).
        #[derive(Deserialize)]
        struct Stored<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>, Option<String>);
        let Stored(name, code) = Stored::deserialize(d)?;
        IncidentCategory::parse(&name, code).map_err(serde::de::Error::custom)
    }
}

/// A case subject in an import's report of uncertain matches: the adjacently tagged object of
/// the public API in JSON, and in the binary form an externally tagged enum of the same shape,
/// which postcard can read (it cannot read the adjacent tag).
pub(crate) mod subject {
    use crate::cases::Subject;
    use crate::ids::{GroupId, LocationId, PersonId};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    enum Plain {
        Person(PersonId),
        Location(LocationId),
        Group(GroupId),
    }

    impl From<Subject> for Plain {
        fn from(s: Subject) -> Self {
            match s {
                Subject::Person(id) => Plain::Person(id),
                Subject::Location(id) => Plain::Location(id),
                Subject::Group(id) => Plain::Group(id),
            }
        }
    }

    impl From<Plain> for Subject {
        fn from(p: Plain) -> Self {
            match p {
                Plain::Person(id) => Subject::Person(id),
                Plain::Location(id) => Subject::Location(id),
                Plain::Group(id) => Subject::Group(id),
            }
        }
    }

    /// Writes the subject.
    pub(crate) fn serialize<S: Serializer>(subject: &Subject, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            subject.serialize(s)
        } else {
            Plain::from(*subject).serialize(s)
        }
    }

    /// Reads the subject.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Subject, D::Error> {
        if d.is_human_readable() {
            Subject::deserialize(d)
        } else {
            Plain::deserialize(d).map(Subject::from)
        }
    }

    /// The same for a list of subjects.
    pub(crate) mod list {
        use super::Plain;
        use crate::cases::Subject;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// Writes the subjects.
        pub(crate) fn serialize<S: Serializer>(
            subjects: &[Subject],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                subjects.serialize(s)
            } else {
                s.collect_seq(subjects.iter().map(|&x| Plain::from(x)))
            }
        }

        /// Reads the subjects.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<Subject>, D::Error> {
            if d.is_human_readable() {
                Vec::<Subject>::deserialize(d)
            } else {
                let plain = Vec::<Plain>::deserialize(d)?;
                Ok(plain.into_iter().map(Subject::from).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::Subject;
    use crate::identifiers::{Identifier, IdentifierKind, Postcode, Uprn};
    use crate::ids::{AgencyId, IncidentId, LocationId, PersonId, PractitionerId};
    use crate::incidents::{
        ImportReport, Incident, IncidentCategory, IncidentRole, Involved, UncertainMatch,
        UncertainReason,
    };
    use crate::locations::{Coordinates, Location};
    use crate::people::{Person, VulnerabilityFlag};
    use chrono::{DateTime, NaiveDate, Utc};
    use uuid::Uuid;

    fn at(micros: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(micros).unwrap()
    }

    fn stored(kind: &str, content: Vec<u8>) -> StoredEvent {
        StoredEvent {
            seq: 7,
            id: Uuid::from_u128(1),
            at: at(0),
            actor: Uuid::nil(),
            kind: kind.into(),
            content,
            content_hash: [0; 32],
            prev_hash: [0; 32],
            hash: [0; 32],
            redacted: false,
        }
    }

    /// Every kind of value a batch can hold, so a type that postcard cannot read fails here.
    fn batch() -> ImportedBatch {
        let agency = AgencyId(Uuid::from_u128(2));
        let person = PersonId(Uuid::from_u128(3));
        let place = LocationId(Uuid::from_u128(4));
        let incident = |n: u128, category: IncidentCategory| Incident {
            id: IncidentId(Uuid::from_u128(n)),
            external_ref: format!("REF-\"{n}\"\n"),
            source: agency,
            imported_by: PractitionerId(Uuid::from_u128(5)),
            occurred_at: at(1_700_000_000_123_456),
            reported_at: at(1_700_000_100_000_001),
            category,
            location: (n % 2 == 0).then_some(place),
            caller: Some(person),
            people: vec![Involved {
                person,
                role: IncidentRole::Caller,
            }],
            summary: "Ünïcode, \"quotes\" and\nlines".into(),
        };
        ImportedBatch {
            incidents: vec![
                incident(10, IncidentCategory::AsbPersonal),
                incident(
                    11,
                    IncidentCategory::Crime {
                        offence_code: "8N".into(),
                    },
                ),
                incident(12, IncidentCategory::Other),
            ],
            persons: vec![Person {
                id: person,
                name: "Ann O'Brien".into(),
                aliases: vec!["Annie".into()],
                date_of_birth: NaiveDate::from_ymd_opt(1980, 2, 29),
                identifiers: vec![Identifier::parse(
                    IdentifierKind::NhsNumber,
                    "943 476 5919",
                    2026,
                )
                .unwrap()],
                flags: [VulnerabilityFlag::MentalHealth].into_iter().collect(),
                restricted: true,
                recorded_by: agency,
                recorded_at: at(-1),
            }],
            locations: vec![Location {
                id: place,
                label: "Flat 2".into(),
                address: Some("2 High Street".into()),
                postcode: Some(Postcode::parse("sw1a1aa").unwrap()),
                uprn: Some(Uprn::parse("100023336956").unwrap()),
                coordinates: Some(Coordinates::new(51.5, -0.12).unwrap()),
                restricted: false,
                recorded_by: agency,
                recorded_at: at(1_600_000_000_000_000),
            }],
            report: ImportReport {
                imported: 3,
                duplicates_skipped: 1,
                uncertain_matches: vec![UncertainMatch {
                    line: 4,
                    field: "caller".into(),
                    reason: UncertainReason::SameNameNoDateOfBirth,
                    candidates: vec![Subject::Person(person)],
                    created: Subject::Location(place),
                }],
                ..ImportReport::default()
            },
        }
    }

    #[test]
    fn an_import_round_trips_through_the_binary_form() {
        let event = Event::IncidentsImported { batch: batch() };
        let content = encode(&event).unwrap();
        assert_eq!(content.first(), Some(&POSTCARD));
        assert_eq!(decode(&stored(IMPORT_KIND, content)).unwrap(), event);
    }

    #[test]
    fn an_import_written_as_json_by_an_earlier_version_is_still_read() {
        let event = Event::IncidentsImported { batch: batch() };
        let json = serde_json::to_vec(&event).unwrap();
        let by_serde: Event = serde_json::from_slice(&json).unwrap();
        assert_eq!(by_serde, event);
        assert_eq!(decode(&stored(IMPORT_KIND, json)).unwrap(), event);
        let other = serde_json::to_vec(&Event::AgencyLeft {
            agency: AgencyId(Uuid::from_u128(9)),
        })
        .unwrap();
        assert!(
            decode(&stored(IMPORT_KIND, other)).is_err(),
            "another type under the import's kind is refused, not misread"
        );
    }

    #[test]
    fn the_json_form_of_a_batch_is_unchanged() {
        let json = serde_json::to_value(batch()).unwrap();
        let first = &json["incidents"][0];
        assert_eq!(first["occurred_at"], "2023-11-14T22:13:20.123456Z");
        assert_eq!(first["category"]["kind"], "asb_personal");
        assert_eq!(json["incidents"][1]["category"]["offence_code"], "8N");
        assert_eq!(
            json["persons"][0]["recorded_at"],
            "1969-12-31T23:59:59.999999Z"
        );
        let uncertain = &json["report"]["uncertain_matches"][0];
        assert_eq!(uncertain["created"]["kind"], "location");
        assert_eq!(uncertain["candidates"][0]["kind"], "person");
    }

    #[test]
    fn a_consultation_round_trips_through_the_binary_form_and_old_json_is_read() {
        use crate::audit::{Consultation, ConsultedItem, ContentKind};
        use crate::ids::AgreementId;
        let event = Event::Consulted {
            consultation: Consultation {
                viewer: PractitionerId(Uuid::from_u128(1)),
                viewer_agency: AgencyId(Uuid::from_u128(2)),
                at: at(1_700_000_000_000_001),
                as_of: Some(at(1_600_000_000_000_000)),
                justification: "hub meeting, item 4".into(),
                items: vec![ConsultedItem {
                    kind: ContentKind::Case,
                    id: Uuid::from_u128(3),
                    owner: AgencyId(Uuid::from_u128(4)),
                    agreement: AgreementId(Uuid::from_u128(5)),
                }],
            },
        };
        let content = encode(&event).unwrap();
        assert_eq!(content.first(), Some(&POSTCARD));
        assert_eq!(decode(&stored(CONSULTED_KIND, content)).unwrap(), event);
        let json = serde_json::to_vec(&event).unwrap();
        assert_eq!(decode(&stored(CONSULTED_KIND, json)).unwrap(), event);
    }

    #[test]
    fn other_events_stay_json() {
        let event = Event::AgencyLeft {
            agency: AgencyId(Uuid::from_u128(9)),
        };
        let content = encode(&event).unwrap();
        assert_eq!(content.first(), Some(&b'{'));
        assert_eq!(decode(&stored("agency_left", content)).unwrap(), event);
    }

    #[test]
    fn damaged_import_content_is_a_storage_error_naming_the_seq() {
        let content = encode(&Event::IncidentsImported { batch: batch() }).unwrap();
        let cut = content[..content.len() / 2].to_vec();
        for bad in [cut, vec![], vec![2, 0, 0], b"[1]".to_vec()] {
            match decode(&stored(IMPORT_KIND, bad)) {
                Err(Error::Storage(m)) => assert!(m.contains("event 7"), "{m}"),
                other => panic!("expected a storage error, got {other:?}"),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3_000))]

        /// A journal's bytes are only as trustworthy as its file: content that passed a forged
        /// chain must still decode to an error, never a panic or an allocation it did not pay
        /// for in bytes.
        #[test]
        fn arbitrary_binary_content_decodes_or_fails_without_panicking(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            consulted in proptest::prelude::any::<bool>(),
        ) {
            let kind = if consulted { CONSULTED_KIND } else { IMPORT_KIND };
            let mut content = vec![POSTCARD];
            content.extend_from_slice(&body);
            let _ = decode(&stored(kind, content));
        }

        /// The same for a real batch with bytes changed: it decodes to some batch or fails.
        #[test]
        fn a_damaged_batch_decodes_or_fails_without_panicking(
            at in 1usize..2_000,
            byte in proptest::prelude::any::<u8>(),
        ) {
            let mut content = encode(&Event::IncidentsImported { batch: batch() }).unwrap();
            let i = at % content.len();
            content[i] = byte;
            let _ = decode(&stored(IMPORT_KIND, content));
        }
    }

    /// The golden journals (`core/golden/*.safehub`, exported by `tests/journal_format.rs`
    /// and never rewritten) hold every kind of event as this project wrote it. Each event must
    /// still decode, and encode again to exactly the bytes stored: a renamed, added or removed
    /// field of any stored shape fails here, naming the event, until the change gets a version
    /// and an upcaster (docs/ARCHITECTURE.md, "The stored format").
    #[test]
    fn every_event_of_every_golden_journal_decodes_and_encodes_to_the_same_bytes() {
        use crate::journal::{import_into, Journal, MemoryJournal};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "safehub"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no golden journal in {}", dir.display());
        let mut kinds = std::collections::BTreeSet::new();
        for file in files {
            let mut journal = MemoryJournal::new();
            import_into(&std::fs::read(&file).unwrap(), &mut journal).unwrap();
            for stored in journal.events_since(0, usize::MAX).unwrap() {
                let where_ = format!("{} seq {} ({})", file.display(), stored.seq, stored.kind);
                let event = decode(&stored).unwrap_or_else(|e| panic!("{where_}: {e}"));
                assert_eq!(event.kind(), stored.kind, "{where_}");
                let again = encode(&event).unwrap();
                assert!(
                    again == stored.content,
                    "{where_}: the stored shape changed\n stored: {}\n   now: {}",
                    String::from_utf8_lossy(&stored.content),
                    String::from_utf8_lossy(&again)
                );
                kinds.insert(stored.kind);
            }
        }
        assert!(
            kinds.len() >= 40,
            "the golden journals hold every kind: {kinds:?}"
        );
    }

    #[test]
    fn a_category_the_binary_form_cannot_parse_is_refused() {
        let bytes = postcard::to_allocvec(&("crime", None::<String>)).unwrap();
        #[derive(serde::Deserialize)]
        struct Holder(
            #[serde(with = "super::category")]
            #[allow(dead_code)]
            IncidentCategory,
        );
        assert!(postcard::from_bytes::<Holder>(&bytes).is_err());
    }
}
