//! How an event becomes the content bytes the journal hashes and stores, and back.
//!
//! No domain struct is serialised here: every event is converted to its stored shape
//! ([`super::stored`], where the versions and upcasters live) and that is serialised.
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
//! compact binary format with a stable, documented wire specification). That is version 2 of
//! both kinds; their version 1, JSON (content starting with `{`), is still read and upcast: the
//! hash chain covers the stored bytes, so old events are never rewritten. A consultation is
//! written in version 4 (format byte 3: each item's kind, owner and agreement stored once per
//! group, see `events::stored::audit`); versions 2 and 3 (format byte 2: the meeting it was
//! made for, last) are read and upcast.

use super::stored::audit::{
    ConsultationIn, ConsultationIn4, ConsultationOut4, ConsultationV2In, ConsultedV1,
};
use super::stored::incidents::{self, BatchIn, BatchOut, ImportV1};
use super::stored::json::Json;
use super::stored::{binary_version, VERSIONS};
use super::Event;
use crate::journal::StoredEvent;
use crate::{Error, Result};

/// The first byte of a payload stored in postcard: version 2 of the binary kinds. JSON
/// content starts with `{`, so the two never collide.
pub(crate) const POSTCARD: u8 = 1;
/// The format byte of version 3 of `consulted` (postcard, with the meeting).
#[cfg(test)]
const POSTCARD_V3: u8 = 2;
/// The format byte of version 4 of `consulted` (postcard, the items grouped).
const POSTCARD_V4: u8 = 3;

const IMPORT_KIND: &str = "incidents_imported";
const CONSULTED_KIND: &str = "consulted";

fn unencodable<E>(_: E) -> Error {
    Error::Storage("event could not be encoded".into())
}

/// The content bytes of `event`, in its kind's current version.
pub(crate) fn encode(event: &Event) -> Result<Vec<u8>> {
    match event {
        // Room for the usual incident, so the buffer is allocated once.
        Event::IncidentsImported { batch } => binary(
            POSTCARD,
            &BatchOut::from(batch),
            batch.incidents.len().saturating_mul(256),
        ),
        // An item is its group's position (one byte for the first 128 groups) and its id.
        Event::Consulted { consultation } => binary(
            POSTCARD_V4,
            &ConsultationOut4::from(consultation),
            consultation.items.len().saturating_mul(18),
        ),
        _ => {
            let stored = Json::of(event).ok_or_else(|| unencodable(()))?;
            serde_json::to_vec(&stored).map_err(unencodable)
        }
    }
}

fn binary<T: serde::Serialize>(format: u8, payload: &T, capacity: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity.saturating_add(64));
    out.push(format);
    postcard::to_extend(payload, out).map_err(unencodable)
}

/// The event a journal holds in `stored`, whichever version of its kind it was written in: for
/// a host's tools that read a journal directly (the hub reads its own). An event that does not
/// decode is a [`Error::Storage`](crate::Error::Storage) naming its seq.
pub fn decode(stored: &StoredEvent) -> Result<Event> {
    let failed = || Error::Storage(format!("event {} could not be decoded", stored.seq));
    let kind = stored.kind.as_str();
    let event = match stored.content.split_first() {
        Some((b'{', _)) => decode_json(kind, &stored.content),
        Some((&format, rest)) if binary_version(format) <= current_version(kind) => {
            decode_binary(kind, binary_version(format), rest)
        }
        _ => None,
    };
    match event {
        // A content under another kind's name is refused, never misread.
        Some(Ok(event)) if event.kind() == kind => Ok(event),
        _ => Err(failed()),
    }
}

/// The version `kind` is written in today (0 for a kind this version does not know).
pub(crate) fn current_version(kind: &str) -> u16 {
    VERSIONS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(0, |&(_, version)| version)
}

/// The binary versions: 2 of both kinds, 3 and 4 of `consulted` (2 and 3 upcast).
fn decode_binary(kind: &str, version: u16, payload: &[u8]) -> Option<Result<Event>> {
    Some(match (kind, version) {
        (IMPORT_KIND, 2) => postcard::from_bytes::<BatchIn<'_>>(payload)
            .map_err(unencodable)
            .and_then(|batch| {
                batch
                    .try_into()
                    .map(|batch| Event::IncidentsImported { batch })
            }),
        (CONSULTED_KIND, 2) => postcard::from_bytes::<ConsultationV2In>(payload)
            .map_err(unencodable)
            .map(|c| Event::Consulted {
                consultation: c.into(),
            }),
        (CONSULTED_KIND, 3) => postcard::from_bytes::<ConsultationIn>(payload)
            .map_err(unencodable)
            .map(|c| Event::Consulted {
                consultation: c.into(),
            }),
        (CONSULTED_KIND, 4) => postcard::from_bytes::<ConsultationIn4>(payload)
            .map_err(unencodable)
            .and_then(|c| {
                Ok(Event::Consulted {
                    consultation: c.try_into()?,
                })
            }),
        _ => return None,
    })
}

/// Every JSON content: version 1 of the binary kinds, upcast, and the JSON kinds.
fn decode_json(kind: &str, content: &[u8]) -> Option<Result<Event>> {
    let tagged = |tag: &str| (tag == kind).then_some(()).ok_or_else(|| unencodable(()));
    Some(match kind {
        IMPORT_KIND => serde_json::from_slice::<ImportV1<'_>>(content)
            .map_err(unencodable)
            .and_then(|v1| {
                tagged(&v1.kind)?;
                let batch = incidents::upcast(v1.batch)?.try_into()?;
                Ok(Event::IncidentsImported { batch })
            }),
        CONSULTED_KIND => serde_json::from_slice::<ConsultedV1<'_>>(content)
            .map_err(unencodable)
            .and_then(|v1| {
                tagged(&v1.kind)?;
                Ok(Event::Consulted {
                    consultation: v1.consultation.into(),
                })
            }),
        _ => serde_json::from_slice::<Json>(content)
            .map_err(unencodable)
            .and_then(Event::try_from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::Subject;
    use crate::identifiers::{Identifier, IdentifierKind, Postcode, Uprn};
    use crate::ids::{AgencyId, IncidentId, LocationId, PersonId, PractitionerId};
    use crate::incidents::{
        ImportReport, ImportedBatch, Incident, IncidentCategory, IncidentRole, Involved,
        UncertainMatch, UncertainReason,
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
                facts: vec![],
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

    /// Version 1 of a bulk kind, as an earlier version of this project wrote it (checked in
    /// beside the golden journals, never rewritten).
    fn golden_v1(kind: &str) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
        std::fs::read(dir.join(format!("{kind}.v1.json"))).unwrap()
    }

    fn consultation() -> Event {
        use crate::audit::{Consultation, ConsultedItem, ContentKind};
        use crate::ids::AgreementId;
        Event::Consulted {
            consultation: Consultation {
                viewer: PractitionerId(Uuid::from_u128(1)),
                viewer_agency: AgencyId(Uuid::from_u128(2)),
                at: at(1_700_000_000_000_001),
                as_of: Some(at(1_600_000_000_000_000)),
                justification: "hub meeting, item 4".into(),
                meeting: None,
                items: vec![ConsultedItem {
                    kind: ContentKind::Case,
                    id: Uuid::from_u128(3),
                    owner: AgencyId(Uuid::from_u128(4)),
                    agreement: AgreementId(Uuid::from_u128(5)),
                }],
            },
        }
    }

    #[test]
    fn an_import_written_as_json_by_an_earlier_version_is_still_read() {
        let event = Event::IncidentsImported { batch: batch() };
        let json = golden_v1(IMPORT_KIND);
        assert_eq!(decode(&stored(IMPORT_KIND, json)).unwrap(), event);
        let other = br#"{"type":"agency_left","agency":"00000000-0000-0000-0000-000000000009"}"#;
        assert!(
            decode(&stored(IMPORT_KIND, other.to_vec())).is_err(),
            "another type under the import's kind is refused, not misread"
        );
    }

    #[test]
    fn the_json_form_of_a_batch_is_unchanged() {
        let json: serde_json::Value = serde_json::from_slice(&golden_v1(IMPORT_KIND)).unwrap();
        let json = &json["batch"];
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
    fn a_consultation_for_a_meeting_round_trips_and_version_2_is_read_as_made_for_none() {
        let Event::Consulted { mut consultation } = consultation() else {
            unreachable!()
        };
        consultation.meeting = Some(crate::ids::MeetingId(Uuid::from_u128(6)));
        let event = Event::Consulted { consultation };
        let content = encode(&event).unwrap();
        assert_eq!(decode(&stored(CONSULTED_KIND, content)).unwrap(), event);
        // Version 2's bytes: version 3's for no meeting, without the `None` at the end.
        let v3 = version_3(&self::consultation());
        let mut v2 = vec![POSTCARD];
        v2.extend_from_slice(&v3[1..v3.len() - 1]);
        assert_eq!(
            decode(&stored(CONSULTED_KIND, v2)).unwrap(),
            self::consultation()
        );
    }

    /// `event`'s consultation as version 3 wrote it.
    fn version_3(event: &Event) -> Vec<u8> {
        let Event::Consulted { consultation } = event else {
            unreachable!()
        };
        let v3 = crate::events::stored::audit::ConsultationOut::from(consultation);
        binary(POSTCARD_V3, &v3, 0).unwrap()
    }

    #[test]
    fn a_consultation_round_trips_through_the_binary_form_and_old_versions_are_read() {
        let event = consultation();
        let content = encode(&event).unwrap();
        assert_eq!(content.first(), Some(&POSTCARD_V4));
        assert_eq!(decode(&stored(CONSULTED_KIND, content)).unwrap(), event);
        let v3 = version_3(&event);
        assert_eq!(decode(&stored(CONSULTED_KIND, v3)).unwrap(), event);
        let json = golden_v1(CONSULTED_KIND);
        assert_eq!(decode(&stored(CONSULTED_KIND, json)).unwrap(), event);
    }

    /// A 200-entry case read as a partner logs over a hundred items of a handful of owners and
    /// agreements: each kind, owner and agreement is stored once, so an item costs about its id
    /// (the row then fits its page in SQLite: no overflow pages to write and checkpoint).
    #[test]
    fn a_consultation_stores_each_kind_owner_and_agreement_once() {
        use crate::audit::{ConsultedItem, ContentKind};
        use crate::ids::AgreementId;
        let Event::Consulted { mut consultation } = consultation() else {
            unreachable!()
        };
        consultation.meeting = Some(crate::ids::MeetingId(Uuid::from_u128(6)));
        let group = |n: u128| {
            (
                AgencyId(Uuid::from_u128(n)),
                AgreementId(Uuid::from_u128(n + 50)),
            )
        };
        consultation.items = (0..120u128)
            .map(|n| {
                let (owner, agreement) = group(n % 3);
                ConsultedItem {
                    kind: if n == 0 {
                        ContentKind::Case
                    } else {
                        ContentKind::Entry
                    },
                    id: Uuid::from_u128(1_000 + n),
                    owner,
                    agreement,
                }
            })
            .collect();
        let event = Event::Consulted { consultation };
        let content = encode(&event).unwrap();
        assert!(
            content.len() < 120 * 20 + 200,
            "{} bytes for 120 items",
            content.len()
        );
        assert_eq!(decode(&stored(CONSULTED_KIND, content)).unwrap(), event);
    }

    /// The items are read back exactly as the read noted them: in their order, each as often
    /// as listed (journals written before reads logged each item once list repeats).
    #[test]
    fn a_consultation_keeps_its_items_order_and_repeats() {
        use crate::audit::{ConsultedItem, ContentKind};
        use crate::ids::AgreementId;
        let Event::Consulted { mut consultation } = consultation() else {
            unreachable!()
        };
        let item = |kind, id: u128, owner: u128, agreement: u128| ConsultedItem {
            kind,
            id: Uuid::from_u128(id),
            owner: AgencyId(Uuid::from_u128(owner)),
            agreement: AgreementId(Uuid::from_u128(agreement)),
        };
        consultation.items = vec![
            item(ContentKind::Task, 9, 4, 5),
            item(ContentKind::Entry, 3, 7, 5),
            item(ContentKind::Task, 1, 4, 5),
            item(ContentKind::Entry, 3, 7, 5),
            item(ContentKind::Task, 2, 4, 8),
        ];
        let event = Event::Consulted { consultation };
        let content = encode(&event).unwrap();
        assert_eq!(
            decode(&stored(CONSULTED_KIND, content.clone())).unwrap(),
            event
        );
        let read = decode(&stored(CONSULTED_KIND, content.clone())).unwrap();
        assert_eq!(
            encode(&read).unwrap(),
            content,
            "written again to the same bytes"
        );
    }

    #[test]
    fn an_old_version_read_is_written_again_in_the_current_one() {
        for (kind, event) in [
            (IMPORT_KIND, Event::IncidentsImported { batch: batch() }),
            (CONSULTED_KIND, consultation()),
        ] {
            let read = decode(&stored(kind, golden_v1(kind))).unwrap();
            let again = encode(&read).unwrap();
            assert_eq!(version_of(&again).0, current_version(kind), "{kind}");
            assert_eq!(again, encode(&event).unwrap(), "{kind}");
        }
    }

    #[test]
    fn a_content_under_another_kinds_name_is_refused_not_misread() {
        let left = encode(&Event::AgencyLeft {
            agency: AgencyId(Uuid::from_u128(9)),
        })
        .unwrap();
        assert!(decode(&stored("agency_left", left.clone())).is_ok());
        for kind in ["practitioner_deactivated", CONSULTED_KIND, "no_such_kind"] {
            assert!(decode(&stored(kind, left.clone())).is_err(), "{kind}");
        }
        let consulted = encode(&consultation()).unwrap();
        assert!(decode(&stored(IMPORT_KIND, consulted)).is_err());
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
            format in POSTCARD..=POSTCARD_V4,
        ) {
            let kind = if consulted { CONSULTED_KIND } else { IMPORT_KIND };
            let mut content = vec![format];
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

    /// The version a content was written in, and the kind its JSON names: a JSON tag is
    /// `kind` (version 1) or `kind.N`; a binary content's leading byte names its version.
    fn version_of(content: &[u8]) -> (u16, String) {
        match content.first() {
            Some(b'{') => {
                let json: serde_json::Value = serde_json::from_slice(content).unwrap();
                let tag = json["type"].as_str().unwrap();
                match tag.split_once('.') {
                    None => (1, tag.to_string()),
                    Some((kind, n)) => (n.parse().unwrap(), kind.to_string()),
                }
            }
            Some(&format) => (super::binary_version(format), String::new()),
            None => panic!("empty content"),
        }
    }

    /// The golden journals (`core/golden/*.safehub`, exported by `tests/journal_format.rs`
    /// and never rewritten) hold every kind of event as this project wrote it. Each event must
    /// still decode; one written in its kind's current version must encode again to exactly
    /// the bytes stored. A renamed, added or removed field of a stored shape fails here, naming
    /// the kind, until the change gets a new version and an upcaster (docs/ARCHITECTURE.md,
    /// "The stored format"). And each kind's current version must be in a golden journal.
    #[test]
    fn every_event_of_every_golden_journal_decodes_and_encodes_to_the_same_bytes() {
        use crate::journal::{import_into, Journal, MemoryJournal};
        use std::collections::BTreeSet;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "safehub"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no golden journal in {}", dir.display());
        let mut held = BTreeSet::new();
        for file in files {
            let mut journal = MemoryJournal::new();
            import_into(&std::fs::read(&file).unwrap(), &mut journal).unwrap();
            for stored in journal.events_since(0, usize::MAX).unwrap() {
                let kind = stored.kind.as_str();
                let (version, _) = version_of(&stored.content);
                let where_ = format!(
                    "{} seq {}: `{kind}` version {version}",
                    file.display(),
                    stored.seq
                );
                let event = decode(&stored).unwrap_or_else(|e| {
                    panic!(
                        "{where_}: {e}. Journals written before no longer read: a change to a \
                         stored shape needs a new version, the old shape kept for reading and \
                         an upcaster (docs/ARCHITECTURE.md, \"The stored format\")"
                    )
                });
                assert_eq!(event.kind(), kind, "{where_}");
                if version == current_version(kind) {
                    let again = encode(&event).unwrap();
                    assert!(
                        again == stored.content,
                        "{where_}: the stored shape of `{kind}` changed without a new version. \
                         Keep this version's shape for reading, write the change as version {} \
                         with an upcaster from this one (docs/ARCHITECTURE.md, \"The stored \
                         format\").\n stored: {}\n   now: {}",
                        version + 1,
                        String::from_utf8_lossy(&stored.content),
                        String::from_utf8_lossy(&again)
                    );
                }
                held.insert((kind.to_string(), version));
            }
        }
        for (kind, version) in super::VERSIONS {
            assert!(
                held.contains(&(kind.to_string(), version)),
                "no golden journal holds `{kind}` in its current version {version}: extend the \
                 scenario of tests/journal_format.rs and bless a new golden journal"
            );
        }
    }

    #[test]
    fn the_version_table_names_every_kind_once_as_its_events_do() {
        let kinds: std::collections::BTreeSet<_> =
            super::VERSIONS.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds.len(), super::VERSIONS.len(), "a kind listed twice");
        for (kind, version) in super::VERSIONS {
            assert!(version >= 1, "{kind}");
        }
        assert_eq!(current_version("no_such_kind"), 0);
    }
}
