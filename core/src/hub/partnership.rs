//! The partnership's API: setting the hub up, agencies, practitioners and information sharing
//! agreements.

use super::Hub;
use crate::agreements::{Agreement, LawfulBasis, NewAgreement};
use crate::commands::Command;
use crate::entries::CategorySet;
use crate::error::{Error, Result};
use crate::ids::{AgencyId, AgreementId, PractitionerId};
use crate::partnership::{Agency, Established, NewAgency, NewPractitioner, Practitioner, Role};
use crate::validation::{self, MAX_NAME, MAX_SHORT};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

impl Hub {
    /// Sets up a new hub: its name, the hosting agency and that agency's partnership admin.
    /// Only on an empty hub.
    pub fn establish(
        &self,
        name: &str,
        agency: NewAgency,
        admin_name: &str,
    ) -> Result<Established> {
        let name = validation::line("name", name, MAX_NAME)?;
        let agency = self.new_agency(agency)?;
        let admin = Practitioner {
            id: PractitionerId(self.id()),
            agency: agency.id,
            name: validation::line("admin_name", admin_name, MAX_NAME)?.into(),
            role: Role::PartnershipAdmin,
            external_id: None,
            active: true,
        };
        let established = Established {
            agency: agency.id,
            admin: admin.id,
        };
        self.execute(
            admin.id,
            Command::EstablishPartnership {
                name,
                agency,
                admin,
            },
        )?;
        Ok(established)
    }

    /// Sets the partnership's time zone, an IANA name such as "Europe/London" (the default):
    /// every calendar rule (due today, the briefing's day, monthly windows, review dates) counts
    /// days in it (partnership admins). To set a hub up in another zone, call it straight after
    /// [`Hub::establish`]. An unknown name is `Error::Invalid` on field `time_zone`.
    pub fn set_time_zone(&self, actor: PractitionerId, time_zone: &str) -> Result<()> {
        let calendar = crate::calendar::Calendar::named(time_zone)?;
        self.execute(actor, Command::SetTimeZone(calendar))
    }

    fn new_agency(&self, agency: NewAgency) -> Result<Agency> {
        Ok(Agency {
            id: AgencyId(self.id()),
            name: validation::line("name", &agency.name, MAX_NAME)?.into(),
            kind: agency.kind,
            joined: self.clock.now(),
            left: None,
        })
    }

    /// Adds an agency to the partnership (partnership admins).
    pub fn add_agency(&self, actor: PractitionerId, agency: NewAgency) -> Result<AgencyId> {
        let agency = self.new_agency(agency)?;
        let id = agency.id;
        self.execute(actor, Command::AddAgency(agency))?;
        Ok(id)
    }

    /// An agency leaves the partnership: its practitioners lose access from now on; what it
    /// recorded stays (partnership admins).
    pub fn agency_leaves(&self, actor: PractitionerId, agency: AgencyId) -> Result<()> {
        self.execute(actor, Command::AgencyLeaves(agency))
    }

    /// Registers a practitioner (partnership admins, or the agency's own admin).
    pub fn register_practitioner(
        &self,
        actor: PractitionerId,
        p: NewPractitioner,
    ) -> Result<PractitionerId> {
        let practitioner = Practitioner {
            id: PractitionerId(self.id()),
            agency: p.agency,
            name: validation::line("name", &p.name, MAX_NAME)?.into(),
            role: p.role,
            external_id: validation::optional_line(
                "external_id",
                p.external_id.as_deref(),
                MAX_SHORT,
            )?,
            active: true,
        };
        let id = practitioner.id;
        self.execute(actor, Command::RegisterPractitioner(practitioner))?;
        Ok(id)
    }

    /// Changes a practitioner's role.
    pub fn change_role(
        &self,
        actor: PractitionerId,
        practitioner: PractitionerId,
        role: Role,
    ) -> Result<()> {
        self.execute(actor, Command::ChangeRole { practitioner, role })
    }

    /// Closes a practitioner's account: they can no longer act or read.
    pub fn deactivate_practitioner(
        &self,
        actor: PractitionerId,
        practitioner: PractitionerId,
    ) -> Result<()> {
        self.execute(actor, Command::DeactivatePractitioner(practitioner))
    }

    /// Signs an information sharing agreement (partnership admins).
    pub fn sign_agreement(&self, actor: PractitionerId, a: NewAgreement) -> Result<AgreementId> {
        validation::list("parties", &a.parties)?;
        validation::list("purposes", &a.purposes)?;
        validation::list("categories", &a.categories)?;
        let parties: BTreeSet<AgencyId> = a.parties.iter().copied().collect();
        if parties.len() < 2 {
            return Err(Error::invalid("parties", "at least two distinct agencies"));
        }
        if a.categories.is_empty() {
            return Err(Error::invalid("categories", "at least one category"));
        }
        if a.ends.is_some_and(|end| end <= a.starts) {
            return Err(Error::invalid("ends", "must be after the start"));
        }
        let lawful_basis = match a.lawful_basis {
            LawfulBasis::Other(text) => {
                LawfulBasis::Other(validation::line("lawful_basis", &text, MAX_SHORT)?)
            }
            basis => basis,
        };
        let agreement = Agreement {
            id: AgreementId(self.id()),
            title: validation::line("title", &a.title, MAX_NAME)?,
            parties,
            purposes: a
                .purposes
                .iter()
                .map(|p| validation::line("purposes", p, MAX_SHORT))
                .collect::<Result<_>>()?,
            lawful_basis,
            categories: a.categories.iter().copied().collect::<CategorySet>(),
            special_category: a.special_category,
            starts: crate::clock::truncate_to_micros(a.starts),
            ends: a.ends.map(crate::clock::truncate_to_micros),
        };
        let id = agreement.id;
        self.execute(actor, Command::SignAgreement(agreement))?;
        Ok(id)
    }

    /// Ends an agreement at `ends` (not in the past): sharing under it stops then; what was
    /// shared before stays on record and in as-of reads.
    pub fn end_agreement(
        &self,
        actor: PractitionerId,
        agreement: AgreementId,
        ends: DateTime<Utc>,
    ) -> Result<()> {
        let ends = crate::clock::truncate_to_micros(ends);
        self.execute(actor, Command::EndAgreement { agreement, ends })
    }
}
