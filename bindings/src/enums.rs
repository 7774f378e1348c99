//! The core's flat enums, as they are: each derives `uniffi::Enum` where the core defines it.

pub use safehub::{
    Access, AgencyKind, CaseStatus, CaseType, ContentKind, EntryKind, GroupKind, IdentifierKind,
    IncidentRole, InformationCategory, Level, MopiGroup, Priority, Role, SubjectRole, TaskState,
    TopKind, UnsuccessfulReason, Visibility, VulnerabilityFlag,
};
