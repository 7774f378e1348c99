//! What the core's own types need to cross UniFFI (the `uniffi` feature, enabled by the
//! `safehub-ffi` bindings crate): the foreign error type, and the custom types through which ids,
//! times, dates, counts and shared text cross. The records and enums themselves derive `uniffi::Record` /
//! `uniffi::Enum` where they are defined, behind the same feature, as they derive `tsify::Tsify`
//! behind `wasm`; the `Hub` object the foreign code calls lives in the bindings crate.
//!
//! A value that fails to lift (a malformed id, a time past the core's range, a negative count)
//! becomes the call's [`SafehubError::InvalidInput`], never UniFFI's internal error: UniFFI hands
//! a failed argument back as the call's own error when the lift error is that error type.

use crate::identifiers::{Postcode, Uprn};
use crate::risk::Answers;
use crate::text::SharedText;
use std::collections::{BTreeMap, HashMap};
mod shapes;

pub use shapes::{
    AnswerValue, AssessmentView, Assignee, CaseHeld, CaseView, EntryView, ErasedRecord,
    ErasureTarget, GroupView, ItemView, LawfulBasis, LocationView, Period, PersonView, ProfileStub,
    ReferralView, Subject, Target, TaskView, TeamMember,
};

use crate::ErrorCode;
use chrono::{DateTime, NaiveDate, Utc};
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// A point in time as the core keeps it; crosses as the foreign timestamp (Python `datetime`,
/// Kotlin `java.time.Instant`).
pub type Timestamp = DateTime<Utc>;

/// A calendar date; crosses as an ISO string, `YYYY-MM-DD`.
pub type IsoDate = NaiveDate;

/// The error a failed lift reports: the core's own error, as the call's [`SafehubError`].
fn refused(e: impl Into<crate::Error>) -> uniffi::deps::anyhow::Error {
    SafehubError::from(e.into()).into()
}

/// The error a failed lift of `field` reports: the core's own `invalid_input`.
fn invalid(field: &'static str, reason: &'static str) -> uniffi::deps::anyhow::Error {
    refused(crate::Error::invalid(field, reason))
}

/// Typed ids cross as their hyphenated text and are parsed with the core's parser on the way in.
macro_rules! id_as_string {
    ($($name:ident),+ $(,)?) => {$(
        uniffi::custom_type!($name, String, {
            lower: |id| id.to_string(),
            try_lift: |text| crate::$name::parse(&text).map_err(refused),
        });
    )+};
}
use crate::ids::{
    AgencyId, AgreementId, AssessmentId, CaseId, EntryId, FactId, GroupId, IncidentId, LocationId,
    MeetingId, NotificationId, PersonId, PractitionerId, ReferralId, TaskId,
};
id_as_string!(
    AgencyId,
    AgreementId,
    AssessmentId,
    CaseId,
    EntryId,
    FactId,
    GroupId,
    IncidentId,
    LocationId,
    MeetingId,
    NotificationId,
    PersonId,
    PractitionerId,
    ReferralId,
    TaskId,
);

uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |t| t.into(),
    // A host's timestamp may reach further than the core's (a Kotlin `Instant` spans a billion
    // years): those are refused, not wrapped or panicked on.
    try_lift: |t| {
        let micros = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_micros()).ok(),
            Err(before) => i64::try_from(before.duration().as_micros()).ok().map(|m| -m),
        };
        micros
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(|| invalid("time", "a time within the supported range"))
    },
});

uniffi::custom_type!(IsoDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |text| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| invalid("date", "an ISO date, YYYY-MM-DD"))
    },
});

// Counts and limits the core keeps as `usize` cross as signed 64-bit integers (Python `int`,
// Kotlin and Java `long`), as they always have: Kotlin's unsigned types are inline classes that
// Java reaches only by mangled names. A negative one is refused.
uniffi::custom_type!(usize, i64, {
    remote,
    lower: |n| i64::try_from(n).unwrap_or(i64::MAX),
    try_lift: |n| usize::try_from(n).map_err(|_| invalid("count", "must not be negative")),
});

/// Everything that can go wrong in a call to the hub, as the foreign code sees it: a variant per
/// stable [`ErrorCode`], each carrying the code string and the core's message, which names
/// fields, rules and kinds of record but never the values in them. Python raises
/// `SafehubError.Forbidden` etc. (all subclasses of `SafehubError`); Kotlin throws
/// `SafehubException.Forbidden` etc. It differs from [`crate::Error`] because the foreign shape
/// is the code and the message, not the core's structured fields (`&'static str` cannot cross).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SafehubError {
    /// `invalid_input`: an argument failed validation (a malformed id, date, text or value).
    #[error("{message}")]
    InvalidInput {
        /// Always `invalid_input`.
        code: String,
        /// What was wrong, naming the field, never echoing its value.
        message: String,
    },
    /// `invalid_identifier`: an NHS number, PNC ID, CRO number, NI number, postcode or UPRN
    /// failed its format or check digit.
    #[error("{message}")]
    InvalidIdentifier {
        /// Always `invalid_identifier`.
        code: String,
        /// Which kind of identifier and why, never the value.
        message: String,
    },
    /// `not_found`: the record does not exist, or the viewer may not know that it does.
    #[error("{message}")]
    NotFound {
        /// Always `not_found`.
        code: String,
        /// The kind of record.
        message: String,
    },
    /// `forbidden`: the actor may not do this.
    #[error("{message}")]
    Forbidden {
        /// Always `forbidden`.
        code: String,
        /// The action and the rule that refused it.
        message: String,
    },
    /// `invalid_transition`: the record's state does not allow this change.
    #[error("{message}")]
    InvalidTransition {
        /// Always `invalid_transition`.
        code: String,
        /// The kind of record and the two states.
        message: String,
    },
    /// `conflict`: other writers kept appending to the journal; retry the call.
    #[error("{message}")]
    Conflict {
        /// Always `conflict`.
        code: String,
        /// A fixed message.
        message: String,
    },
    /// `tampered`: the journal failed its integrity check.
    #[error("{message}")]
    Tampered {
        /// Always `tampered`.
        code: String,
        /// The first bad sequence number and what did not match.
        message: String,
    },
    /// `storage`: the storage layer failed (a file that cannot be opened, a full disk).
    #[error("{message}")]
    Storage {
        /// Always `storage`.
        code: String,
        /// The storage layer's description.
        message: String,
    },
    /// `unavailable`: the shared journal's server cannot be reached, or a commit's outcome could
    /// not be learnt; retry the call (a command is never recorded twice).
    #[error("{message}")]
    Unavailable {
        /// Always `unavailable`.
        code: String,
        /// What failed, never row content.
        message: String,
    },
    /// `journal_behind`: the shared journal holds fewer events than this hub has applied (a
    /// failover lost its tail): an operator must restore it.
    #[error("{message}")]
    JournalBehind {
        /// Always `journal_behind`.
        code: String,
        /// The seq this hub saw and the journal's head.
        message: String,
    },
    /// `import_rejected`: a batch import was rejected as a whole; nothing was written.
    #[error("{message}")]
    ImportRejected {
        /// Always `import_rejected`.
        code: String,
        /// How many fields were bad.
        message: String,
        /// The bad fields, each naming a row and a field, never the value.
        errors: Vec<crate::RowError>,
    },
}

impl From<crate::Error> for SafehubError {
    fn from(e: crate::Error) -> Self {
        let kind = e.code();
        let code = kind.as_str().to_owned();
        let message = e.to_string();
        match kind {
            ErrorCode::InvalidInput => Self::InvalidInput { code, message },
            ErrorCode::InvalidIdentifier => Self::InvalidIdentifier { code, message },
            ErrorCode::NotFound => Self::NotFound { code, message },
            ErrorCode::Forbidden => Self::Forbidden { code, message },
            ErrorCode::InvalidTransition => Self::InvalidTransition { code, message },
            ErrorCode::Conflict => Self::Conflict { code, message },
            ErrorCode::Tampered => Self::Tampered { code, message },
            ErrorCode::Storage => Self::Storage { code, message },
            ErrorCode::Unavailable => Self::Unavailable { code, message },
            ErrorCode::JournalBehind => Self::JournalBehind { code, message },
            ErrorCode::ImportRejected => Self::ImportRejected {
                code,
                message,
                errors: match e {
                    crate::Error::ImportRejected { errors } => errors,
                    _ => Vec::new(),
                },
            },
        }
    }
}

/// A foreign callback that raised (an import's progress listener): the bindings drop the
/// listener and the import goes on without it, so this value never reaches the host.
impl From<uniffi::UnexpectedUniFFICallbackError> for SafehubError {
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        crate::Error::invalid("progress", "the progress listener failed").into()
    }
}

// Shared text (an entry's content, a name) crosses as the foreign string it is.
uniffi::custom_type!(SharedText, String, {
    lower: |t| t.into(),
    try_lift: |text| Ok(text.into()),
});

uniffi::custom_type!(Postcode, String, {
    lower: |p| p.as_str().to_owned(),
    try_lift: |text| Postcode::parse(&text).map_err(refused),
});

// UPRNs cross as `i64`, like the other whole numbers the foreign code reads (twelve digits fit).
uniffi::custom_type!(Uprn, i64, {
    lower: |u| i64::try_from(u.get()).unwrap_or(i64::MAX),
    try_lift: |n| {
        let n = u64::try_from(n).map_err(|_| invalid("uprn", "must not be negative"))?;
        Uprn::new(n).map_err(refused)
    },
});

// The id of a consulted item, which may be of any kind (`ConsultedItem::id`).
uniffi::custom_type!(Uuid, String, {
    remote,
    lower: |id| id.to_string(),
    try_lift: |text| Uuid::parse_str(text.trim()).map_err(|_| invalid("id", "not a valid id")),
});

/// Told how a long import is going, every `progress_every` rows and at each stage's end. It is
/// called on the importing thread, inside the call. If it raises, the import goes on without it
/// (the import is all or nothing and is not interrupted half-way) and it is not called again.
///
/// It is declared here, beside [`SafehubError`], because a foreign callback returns its error
/// through its own namespace's buffer type: declared in the bindings crate, the generated Kotlin
/// does not compile.
#[uniffi::export(callback_interface)]
pub trait ImportProgressListener: Send + Sync {
    /// One progress report.
    fn on_progress(&self, progress: crate::ImportProgress) -> Result<(), SafehubError>;
}

/// Told of each new batch of a subscription's notifications (`Hub.subscribe`), oldest first,
/// from the subscription's own thread. If it raises, the batch is dropped and the subscription
/// goes on: a host's display error must not stop its feed.
///
/// Declared here for the same reason as [`ImportProgressListener`]; the bindings hand it to the
/// core as a [`NotificationListener`](crate::NotificationListener).
#[uniffi::export(with_foreign)]
pub trait NotificationCallback: Send + Sync {
    /// New notifications, oldest first; never empty.
    fn on_notifications(&self, batch: Vec<crate::Notification>) -> Result<(), SafehubError>;
}

// A template's answers are ordered in the core (a `BTreeMap`, so an assessment serialises the
// same way every time); UniFFI carries maps as hash maps.
uniffi::custom_type!(Answers, HashMap<String, crate::AnswerValue>, {
    remote,
    lower: |answers| answers.into_iter().collect(),
    try_lift: |answers| Ok(answers.into_iter().collect()),
});

/// Harm weights by category or offence code (`HarmWeights`), ordered in the core.
type Weights = BTreeMap<String, f64>;

uniffi::custom_type!(Weights, HashMap<String, f64>, {
    remote,
    lower: |weights| weights.into_iter().collect(),
    try_lift: |weights| Ok(weights.into_iter().collect()),
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CaseId;
    use uniffi::{Lift, Lower};

    /// Lifts `T` from what the foreign code would send as a `W`, as a call's argument is.
    fn lift<W: Lower<crate::UniFfiTag>, T: Lift<crate::UniFfiTag>>(
        sent: W,
    ) -> Result<T, SafehubError> {
        let mut buf = Vec::new();
        W::write(sent, &mut buf);
        T::try_read(&mut buf.as_slice()).map_err(|e| match e.downcast::<SafehubError>() {
            Ok(e) => e,
            Err(other) => panic!("a lift failed with another error than the call's: {other}"),
        })
    }

    fn code<T>(lifted: Result<T, SafehubError>) -> Option<&'static str> {
        match lifted {
            Err(SafehubError::InvalidInput { .. }) => Some("invalid_input"),
            Err(SafehubError::InvalidIdentifier { .. }) => Some("invalid_identifier"),
            Err(_) => Some("other"),
            Ok(_) => None,
        }
    }

    #[test]
    fn a_malformed_id_argument_is_the_calls_invalid_input_not_an_internal_error() {
        assert_eq!(
            code(lift::<String, CaseId>("not-an-id".into())),
            Some("invalid_input")
        );
        let id = CaseId(Uuid::nil());
        assert_eq!(lift::<String, CaseId>(id.to_string()).ok(), Some(id));
    }

    #[test]
    fn a_time_past_the_cores_range_is_refused_as_invalid_input() {
        let far = UNIX_EPOCH + std::time::Duration::from_secs(u64::MAX / 4);
        assert_eq!(
            code(lift::<SystemTime, Timestamp>(far)),
            Some("invalid_input")
        );
        let now = DateTime::from_timestamp_micros(1_700_000_000_000_000);
        assert_eq!(
            lift::<SystemTime, Timestamp>(
                UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)
            )
            .ok(),
            now
        );
    }

    #[test]
    fn a_negative_count_a_bad_date_and_a_bad_postcode_are_refused_with_the_cores_codes() {
        assert_eq!(code(lift::<i64, usize>(-1)), Some("invalid_input"));
        assert_eq!(lift::<i64, usize>(50).ok(), Some(50));
        assert_eq!(
            code(lift::<String, IsoDate>("31/12/1990".into())),
            Some("invalid_input")
        );
        assert_eq!(
            code(lift::<String, Postcode>("NOT A POSTCODE".into())),
            Some("invalid_identifier")
        );
    }

    #[test]
    fn an_import_rejection_carries_its_row_errors_to_the_foreign_error() {
        let row = crate::RowError {
            line: 3,
            field: "occurred_at".into(),
            expected: "a time".into(),
        };
        let e = SafehubError::from(crate::Error::ImportRejected {
            errors: vec![row.clone()],
        });
        assert!(
            matches!(e, SafehubError::ImportRejected { code, errors, .. }
            if code == "import_rejected" && errors == vec![row])
        );
    }

    #[test]
    fn a_subject_crosses_in_its_named_shape_and_back() {
        let id = crate::PersonId(Uuid::nil());
        let subject = crate::Subject::Person(id);
        assert_eq!(
            lift::<crate::Subject, Subject>(subject),
            Ok(Subject::Person { id })
        );
        assert_eq!(lift::<crate::Subject, crate::Subject>(subject), Ok(subject));
    }
}
