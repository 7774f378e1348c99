//! Tasks and referrals between agencies, and the lists a practitioner works from.

use crate::convert::{arg, id, out, Result};
use crate::Hub;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Hub {
    /// Sets a task on a case for a practitioner or an agency; returns its id.
    #[wasm_bindgen(js_name = setTask)]
    pub fn set_task(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewTask")] task: JsValue,
    ) -> Result<String> {
        let t = arg("task", task)?;
        Ok(self.core.set_task(id(actor)?, t)?.to_string())
    }

    /// Answers a task with an entry on its case; returns the entry's id.
    #[wasm_bindgen(js_name = answerTask)]
    pub fn answer_task(
        &self,
        actor: &str,
        task: &str,
        #[wasm_bindgen(unchecked_param_type = "NewEntry")] answer: JsValue,
    ) -> Result<String> {
        let answer = arg("answer", answer)?;
        Ok(self
            .core
            .answer_task(id(actor)?, id(task)?, answer)?
            .to_string())
    }

    /// Live tasks the viewer holds, and live tasks for their agency that nobody holds yet.
    #[wasm_bindgen(js_name = myTasks, unchecked_return_type = "TaskView[]")]
    pub fn my_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.my_tasks(&arg("viewer", viewer)?)?)
    }

    /// Live tasks for the viewer's agency, whoever holds them.
    #[wasm_bindgen(js_name = agencyTasks, unchecked_return_type = "TaskView[]")]
    pub fn agency_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.agency_tasks(&arg("viewer", viewer)?)?)
    }

    /// Live tasks past their due date that the viewer may know of, most overdue first.
    #[wasm_bindgen(js_name = overdueTasks, unchecked_return_type = "TaskView[]")]
    pub fn overdue_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.overdue_tasks(&arg("viewer", viewer)?)?)
    }

    /// Refers a person or case to another agency; returns the referral's id.
    pub fn refer(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewReferral")] referral: JsValue,
    ) -> Result<String> {
        let r = arg("referral", referral)?;
        Ok(self.core.refer(id(actor)?, r)?.to_string())
    }

    /// Accepts a referral (a case worker of the receiving agency).
    #[wasm_bindgen(js_name = acceptReferral)]
    pub fn accept_referral(&self, actor: &str, referral: &str) -> Result<()> {
        Ok(self.core.accept_referral(id(actor)?, id(referral)?)?)
    }

    /// Referrals the viewer's agency received.
    #[wasm_bindgen(js_name = referralsReceived, unchecked_return_type = "ReferralView[]")]
    pub fn referrals_received(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.referrals_received(&arg("viewer", viewer)?)?)
    }

    /// Takes a task on (the assignee; for an agency task, any of its case workers, who then holds
    /// it).
    #[wasm_bindgen(js_name = acceptTask)]
    pub fn accept_task(&self, actor: &str, task: &str) -> Result<()> {
        Ok(self.core.accept_task(id(actor)?, id(task)?)?)
    }

    /// Starts work on an accepted task (its holder).
    #[wasm_bindgen(js_name = startTask)]
    pub fn start_task(&self, actor: &str, task: &str) -> Result<()> {
        Ok(self.core.start_task(id(actor)?, id(task)?)?)
    }

    /// Cancels a task (its setter, or a supervisor of the setter's agency).
    #[wasm_bindgen(js_name = cancelTask)]
    pub fn cancel_task(&self, actor: &str, task: &str) -> Result<()> {
        Ok(self.core.cancel_task(id(actor)?, id(task)?)?)
    }

    /// Declines a task, with a reason the setter's agency may read.
    #[wasm_bindgen(js_name = declineTask)]
    pub fn decline_task(&self, actor: &str, task: &str, reason: &str) -> Result<()> {
        Ok(self.core.decline_task(id(actor)?, id(task)?, reason)?)
    }

    /// Gives a live or declined task to someone else (its setter): it opens again.
    #[wasm_bindgen(js_name = reassignTask)]
    pub fn reassign_task(
        &self,
        actor: &str,
        task: &str,
        #[wasm_bindgen(unchecked_param_type = "Assignee")] to: JsValue,
    ) -> Result<()> {
        let to = arg("to", to)?;
        Ok(self.core.reassign_task(id(actor)?, id(task)?, to)?)
    }

    /// One task as the viewer may see it.
    #[wasm_bindgen(unchecked_return_type = "TaskView")]
    pub fn task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        task: &str,
    ) -> Result<JsValue> {
        out(&self.core.task(&arg("viewer", viewer)?, id(task)?)?)
    }

    /// Every task the viewer set, live ones first.
    #[wasm_bindgen(js_name = tasksISet, unchecked_return_type = "TaskView[]")]
    pub fn tasks_i_set(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.tasks_i_set(&arg("viewer", viewer)?)?)
    }

    /// Live tasks due on the day of the read (UTC) that the viewer may know of.
    #[wasm_bindgen(js_name = tasksDueToday, unchecked_return_type = "TaskView[]")]
    pub fn tasks_due_today(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.tasks_due_today(&arg("viewer", viewer)?)?)
    }

    /// What happened for the viewer after `since` (RFC 3339), newest first: tasks assigned,
    /// answered, declined or gone overdue, and referrals received, accepted or declined.
    #[wasm_bindgen(js_name = whatsNew, unchecked_return_type = "FeedItem[]")]
    pub fn whats_new(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] since: JsValue,
    ) -> Result<JsValue> {
        let since = arg("since", since)?;
        out(&self.core.whats_new(&arg("viewer", viewer)?, since)?)
    }

    /// Withdraws a pending referral (the referrer, or a supervisor of the referring agency).
    #[wasm_bindgen(js_name = withdrawReferral)]
    pub fn withdraw_referral(&self, actor: &str, referral: &str) -> Result<()> {
        Ok(self.core.withdraw_referral(id(actor)?, id(referral)?)?)
    }

    /// Declines a referral with a reason the referring agency may read (a case worker of the
    /// receiving agency).
    #[wasm_bindgen(js_name = declineReferral)]
    pub fn decline_referral(&self, actor: &str, referral: &str, reason: &str) -> Result<()> {
        Ok(self
            .core
            .decline_referral(id(actor)?, id(referral)?, reason)?)
    }

    /// Records how an accepted referral ended (a case worker of the receiving agency).
    #[wasm_bindgen(js_name = recordReferralOutcome)]
    pub fn record_referral_outcome(
        &self,
        actor: &str,
        referral: &str,
        #[wasm_bindgen(unchecked_param_type = "Outcome")] outcome: JsValue,
    ) -> Result<()> {
        let outcome = arg("outcome", outcome)?;
        Ok(self
            .core
            .record_referral_outcome(id(actor)?, id(referral)?, outcome)?)
    }

    /// One referral as the viewer may see it.
    #[wasm_bindgen(unchecked_return_type = "ReferralView")]
    pub fn referral(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        referral: &str,
    ) -> Result<JsValue> {
        out(&self.core.referral(&arg("viewer", viewer)?, id(referral)?)?)
    }

    /// Referrals the viewer's agency sent.
    #[wasm_bindgen(js_name = referralsSent, unchecked_return_type = "ReferralView[]")]
    pub fn referrals_sent(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.referrals_sent(&arg("viewer", viewer)?)?)
    }
}
