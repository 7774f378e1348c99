// Kotlin/JVM tests of the safehub UniFFI bindings. Built and run by `scripts/test-all.sh kotlin`:
// kotlinc compiles this file with the generated bindings (uniffi/safehub/safehub.kt, the core's types,
// and uniffi/safehub_ffi/safehub_ffi.kt, the Hub) and JNA, and the JVM loads libsafehub_ffi.so from target/debug.
//
// The same hub day as the Python suite (bindings/python/tests/test_hub_day.py), incidents, the
// morning briefing and a network as two agencies, then the error cases. To add a test, add a `check("name") { ... }` call in main(). A test fails by throwing.

import uniffi.safehub_ffi.*
import uniffi.safehub.*
// Named, because Kotlin's default import kotlin.annotation.Target would win over the star import.
import uniffi.safehub.Target
import java.time.Duration
import java.time.Instant
import java.util.UUID
import kotlin.system.exitProcess

private var passed = 0
private var failed = 0

private fun check(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok - $name")
    } catch (e: Throwable) {
        failed++
        println("not ok - $name: $e")
    }
}

private fun assertTrue(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

private inline fun <reified E : Throwable> assertThrows(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}

private val NHS_NUMBER = "943 476 5919"

private fun now(): Instant = Instant.now()

private fun viewer(practitioner: String) = Viewer(practitioner, "hub meeting", null)

private fun note(text: String, visibility: Visibility = Visibility.CASE_TEAM) =
    NewEntry(EntryKind.NOTE, InformationCategory.ASB, text, visibility, false, true)

/** Police (host) and Housing with an agreement; Mental Health without one. In memory by default. */
private class World(val hub: Hub = Hub.openInMemory()) {
    val est = hub.establish("Tamworth Hub", NewAgency("Police", AgencyKind.POLICE), "Insp Admin")
    val police = est.agency
    val admin = est.admin
    val housing = hub.addAgency(admin, NewAgency("Housing", AgencyKind.HOUSING))
    val mentalHealth = hub.addAgency(admin, NewAgency("Mental Health", AgencyKind.MENTAL_HEALTH))
    val pc = register(police, "PC Patel", Role.CASE_WORKER)
    val sergeant = register(police, "Sgt Jones", Role.SUPERVISOR)
    val housingOfficer = register(housing, "Housing officer", Role.CASE_WORKER)
    val nurse = register(mentalHealth, "Nurse Okafor", Role.CASE_WORKER)
    val agreement = hub.signAgreement(
        admin,
        NewAgreement(
            title = "Hub information sharing protocol",
            parties = listOf(police, housing),
            purposes = listOf("ASB"),
            lawfulBasis = LawfulBasis.CrimeAndDisorderActS115,
            categories = listOf(
                InformationCategory.GENERAL, InformationCategory.ASB,
                InformationCategory.PERSONAL_DETAILS, InformationCategory.RISK_ASSESSMENT,
            ),
            specialCategory = false,
            starts = now().minus(Duration.ofDays(365)),
            ends = null,
        ),
    )

    private fun register(agency: String, name: String, role: Role) =
        hub.registerPractitioner(admin, NewPractitioner(agency, name, role, null))

    fun openCase(): String =
        hub.openCase(pc, NewCase(CaseType.ASB, "Noise, Elm Road", null, listOf(housing)))

    fun recordVictim(): String = hub.recordPerson(
        pc,
        NewPerson(
            name = "Alex Smith",
            aliases = listOf(),
            dateOfBirth = "1980-05-17",
            identifiers = listOf(Identifier(IdentifierKind.NHS_NUMBER, NHS_NUMBER)),
            flags = listOf(VulnerabilityFlag.ISOLATED),
            restricted = false,
        ),
    )
}

/** 100 ASB calls over the last days at one address, callers cycling through five people. */
private fun incidentCsv(): String {
    val base = now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
    return buildString {
        append("external_ref,occurred_at,category,summary,location_address,caller_name,caller_date_of_birth\n")
        for (n in 0 until 100) {
            val at = base.minus(Duration.ofMinutes(n.toLong()))
            append("CAD-$n,$at,asb_nuisance,Loud music,1 Elm Road,Caller ${n % 5},198${n % 5}-01-0${n % 5 + 1}\n")
        }
    }
}

/** Subscribes housing's officer on `reader`, writes an entry through `writer`, and checks the
 * callback gets exactly that entry's notification. */
private fun notifiedAcross(writer: Hub, reader: Hub) {
    val w = World(writer)
    val case = w.openCase()
    reader.waitForChange(0uL, 5000uL)
    val batches = java.util.concurrent.LinkedBlockingQueue<List<Notification>>()
    val subscription = reader.subscribe(
        viewer(w.housingOfficer),
        object : NotificationCallback {
            override fun onNotifications(batch: List<Notification>) {
                batches.put(batch)
            }
        },
    )
    try {
        val entry = writer.addEntry(w.pc, case, note("Visited the flats"))
        val batch = batches.poll(30, java.util.concurrent.TimeUnit.SECONDS)
            ?: throw AssertionError("no notification within 30 s")
        val kind = batch.single().kind
        assertTrue(kind == NotificationKind.EntryAdded(case, entry)) { "kind: $kind" }
        assertTrue(batch.single().agency.id == w.police) { "agency: ${batch.single().agency}" }
    } finally {
        subscription.cancel()
    }
}

fun main() {
    check("safehubVersion() returns a non-empty version string") {
        val version = safehubVersion()
        assertTrue(version.isNotBlank()) { "empty version" }
        assertTrue(Regex("""^\d+\.\d+\.\d+""").containsMatchIn(version)) { "not a version: '$version'" }
    }

    check("a whole hub day") {
        val w = World()
        val hub = w.hub
        val case = w.openCase()
        val victim = w.recordVictim()
        hub.linkSubject(w.pc, case, Subject.Person(victim), SubjectRole.VICTIM)
        val shared = hub.addEntry(w.pc, case, note("Spoke to the neighbours about the noise."))
        val private = hub.addEntry(w.pc, case, note("Intelligence: do not share.", Visibility.PRIVATE))

        // Housing reads the shared note and a stub of the private one.
        val view = hub.case(viewer(w.housingOfficer), case)
        assertTrue(view is CaseView.Full) { "housing should read the case: $view" }
        val entries = (view as CaseView.Full).case.entries
        val first = entries[0]
        assertTrue(first is EntryView.Full && first.entry.id == shared) { "shared entry: $first" }
        val second = entries[1]
        assertTrue(second is EntryView.Stub && second.stub.id == private) { "private entry: $second" }
        assertTrue(hub.case(viewer(w.nurse), case) is CaseView.Stub) { "mental health sees a stub" }

        // A risk assessment: 4 x 4 = 16, very high, at the top of the priority list.
        val assessment = hub.recordAssessment(
            w.pc,
            NewAssessment(
                case = case,
                subject = victim,
                template = "likelihood-impact",
                version = null,
                answers = mapOf("likelihood" to AnswerValue.Scale(4L), "impact" to AnswerValue.Scale(4L)),
                escalation = EscalationInput(listOf(now().minus(Duration.ofDays(3))), null),
                visibility = Visibility.CASE_TEAM,
                sensitive = false,
                notes = "Repeat calls this month.",
            ),
        )
        val seen = hub.assessment(viewer(w.housingOfficer), assessment)
        assertTrue(seen is AssessmentView.Full && seen.assessment.score == 16L && seen.assessment.level == Level.VERY_HIGH) {
            "assessment: $seen"
        }
        val rows = hub.priorityList(viewer(w.sergeant), 50L)
        assertTrue(rows.map { it.assessment } == listOf(assessment) && rows[0].rank == 1L) { "priority list: $rows" }

        // A task for housing, answered; police read the answer.
        val task = hub.setTask(
            w.pc,
            NewTask(
                case, Assignee.Practitioner(w.housingOfficer), "Check the tenancy",
                "Is the flat let to the complainant?", InformationCategory.ASB,
                now().plus(Duration.ofDays(7)), Priority.HIGH,
            ),
        )
        hub.acceptTask(w.housingOfficer, task)
        val answer = hub.answerTask(w.housingOfficer, task, note("Yes, a secure tenancy since 2019."))
        val taskView = hub.task(viewer(w.pc), task)
        assertTrue(taskView is TaskView.Full && taskView.task.state == TaskState.DONE) { "task: $taskView" }
        val answered = (taskView as TaskView.Full).task.answer
        assertTrue(answered is EntryView.Full && answered.entry.id == answer) { "answer: $answered" }

        // A referral with consent, accepted.
        val referral = hub.refer(
            w.pc,
            NewReferral(w.housing, victim, null, InformationCategory.ASB, "Tenancy support needed.", Consent.Given, null),
        )
        hub.acceptReferral(w.housingOfficer, referral)
        val got = hub.referral(viewer(w.pc), referral)
        assertTrue(got is ReferralView.Full && got.referral.state == ReferralState.Accepted) { "referral: $got" }

        // The feed, explanations, the consultation log and the journal.
        val feed = hub.whatsNew(viewer(w.pc), now().minus(Duration.ofHours(1)))
        assertTrue(feed.any { it is FeedItem.TaskAnswered }) { "feed: $feed" }
        val decisions = hub.explainAll(
            viewer(w.housingOfficer),
            listOf(Target.Entry(shared), Target.Entry(private), Target.Case(UUID.randomUUID().toString())),
        )
        assertTrue(decisions.map { it.access } == listOf(Access.FULL, Access.STUB, Access.NOTHING)) { "decisions: $decisions" }
        val log = hub.consultations(viewer(w.sergeant), now().minus(Duration.ofHours(1)), now().plus(Duration.ofHours(1)))
        assertTrue(log.any { it.viewer == w.housingOfficer }) { "consultations: $log" }
        assertTrue(hub.verify().firstBad == null) { "journal integrity" }
        assertTrue(hub.seq() == hub.changesSince(0UL, 10_000L).size.toULong()) { "change feed" }
    }

    check("a case's lead is handed to housing, who close it with an outcome and reopen it") {
        val w = World()
        val hub = w.hub
        val case = w.openCase()
        fun full(who: String): CaseDetail {
            val view = hub.case(viewer(who), case)
            assertTrue(view is CaseView.Full) { "expected the full case: $view" }
            return (view as CaseView.Full).case
        }
        // Only the lead's side hands it over, and never without a reason.
        assertThrows<SafehubException.Forbidden> {
            hub.transferLead(w.housingOfficer, case, NewLead.Agency(w.housing), "Ours now.")
        }
        assertThrows<SafehubException.InvalidInput> {
            hub.transferLead(w.pc, case, NewLead.Agency(w.housing), " ")
        }
        hub.transferLead(w.pc, case, NewLead.Practitioner(w.housingOfficer), "Tenancy enforcement.")
        val handed = full(w.housingOfficer)
        assertTrue(handed.leadAgency.id == w.housing && handed.leadPractitioner?.id == w.housingOfficer) {
            "housing leads: $handed"
        }
        hub.closeCase(w.housingOfficer, case, CaseOutcome.ENFORCEMENT_ACTION, "Injunction granted.")
        val closed = full(w.pc)
        assertTrue(closed.status == CaseStatus.CLOSED) { "closed: ${closed.status}" }
        assertTrue(closed.closure?.outcome == CaseOutcome.ENFORCEMENT_ACTION && closed.closure?.reason == "Injunction granted.") {
            "the outcome and reason: ${closed.closure}"
        }
        // Mental health, off the team, sees the stub: no outcome, no reason.
        assertTrue(hub.case(viewer(w.nurse), case) is CaseView.Stub) { "mental health sees a stub" }
        assertThrows<SafehubException.InvalidTransition> {
            hub.closeCase(w.housingOfficer, case, CaseOutcome.RESOLVED, "Again.")
        }
        hub.reopenCase(w.housingOfficer, case, "Injunction breached.")
        val reopened = full(w.pc)
        assertTrue(reopened.status == CaseStatus.REOPENED && reopened.reopening?.reason == "Injunction breached.") {
            "reopened with its reason: $reopened"
        }

        // Linked cases show each other from both sides until unlinked.
        val flat = w.openCase()
        hub.linkCases(w.pc, flat, case, CaseLink.PART_OF)
        val fromFlat = hub.case(viewer(w.pc), flat) as CaseView.Full
        assertTrue(fromFlat.case.links.map { it.case to it.kind } == listOf(case to CaseLinkKind.PART_OF)) {
            "the flat's case is part of the wider one: ${fromFlat.case.links}"
        }
        assertTrue(full(w.pc).links.map { it.case to it.kind } == listOf(flat to CaseLinkKind.INCLUDES)) {
            "the wider case includes the flat's"
        }
        hub.unlinkCases(w.pc, case, flat)
        assertTrue(full(w.pc).links.isEmpty()) { "unlinked" }
    }

    check("police correct a profile; the history says from what; housing cannot rewrite it") {
        val w = World()
        val hub = w.hub
        val victim = w.recordVictim()
        hub.linkSubject(w.pc, w.openCase(), Subject.Person(victim), SubjectRole.VICTIM)
        hub.amend(
            w.pc,
            Subject.Person(victim),
            listOf(Edit.Name("Alex Smyth"), Edit.AddAlias("Al")),
            "Spelling checked against the tenancy file.",
        )
        val history = hub.history(viewer(w.housingOfficer), Subject.Person(victim))
        assertTrue(history.size == 1 && history[0].changes[0] == Change.Name("Alex Smith", "Alex Smyth")) {
            "the rename, from what: $history"
        }
        assertTrue(history[0].reason == "Spelling checked against the tenancy file.") { "the reason" }
        assertThrows<SafehubException.Forbidden> {
            hub.amend(w.housingOfficer, Subject.Person(victim), listOf(Edit.AddAlias("Lex")), "Known as.")
        }
        assertThrows<SafehubException.InvalidInput> {
            hub.amend(w.pc, Subject.Person(victim), listOf(Edit.WithdrawAlias("Nobody")), "Tidy.")
        }
    }

    check("housing hold facts about police's profile: police read the tenancy, not the kept number") {
        val w = World()
        val hub = w.hub
        val victim = w.recordVictim()
        hub.linkSubject(w.pc, w.openCase(), Subject.Person(victim), SubjectRole.VICTIM)
        val tenancy = hub.addFact(
            w.housingOfficer,
            victim,
            NewFact(
                NewFactValue.Address("Flat 3, 12 Elm Road", "SW1A 1AA"),
                InformationCategory.PERSONAL_DETAILS,
                FactSharing.UNDER_AGREEMENTS,
            ),
            "Her tenancy.",
        )
        val phone = hub.addFact(
            w.housingOfficer,
            victim,
            NewFact(NewFactValue.Phone("07700 900123"), null, FactSharing.AGENCY_ONLY),
            "Repairs team.",
        )
        val police = (hub.person(viewer(w.pc), victim) as PersonView.Full).person
        assertTrue(police.facts.map { it.id } == listOf(tenancy) && police.factsHeldBy.isEmpty()) {
            "police read the tenancy only: ${police.facts}"
        }
        assertThrows<SafehubException.Forbidden> { hub.withdrawFact(w.pc, victim, tenancy, "Not ours.") }
        assertThrows<SafehubException.NotFound> { hub.withdrawFact(w.pc, victim, phone, "Unseen.") }
    }

    check("police and housing merge one person by agreement of both, and housing undo it") {
        val w = World()
        val hub = w.hub
        val case = w.openCase()
        val police = w.recordVictim()
        val housing = hub.recordPerson(
            w.housingOfficer,
            NewPerson(
                name = "A. Smith",
                aliases = listOf(),
                dateOfBirth = "1980-05-17",
                identifiers = listOf(),
                flags = listOf(),
                restricted = false,
            ),
        )
        hub.linkSubject(w.pc, case, Subject.Person(police), SubjectRole.VICTIM)
        hub.linkSubject(w.housingOfficer, case, Subject.Person(housing), SubjectRole.VICTIM)
        assertTrue(!hub.agreeMerge(w.pc, police, housing, "Same tenant.")) { "housing have not agreed" }
        val requests = hub.mergeRequests(viewer(w.housingOfficer))
        assertTrue(requests.size == 1 && requests[0].reason == "Same tenant.") { "housing are asked: $requests" }
        assertTrue(hub.mergeRequests(viewer(w.nurse)).isEmpty()) { "mental health are not" }
        assertTrue(hub.agreeMerge(w.housingOfficer, police, housing, "Agreed.")) { "merged" }
        val ids = hub.mergedProfiles(viewer(w.housingOfficer), housing).map {
            when (it) {
                is PersonView.Full -> it.person.id
                is PersonView.Stub -> it.stub.id
            }
        }
        assertTrue(ids == listOf(police, housing)) { "one person, survivor first: $ids" }
        assertThrows<SafehubException.Forbidden> { hub.unmerge(w.nurse, housing, "Not ours.") }
        hub.unmerge(w.housingOfficer, housing, "Tenancy records disagree.")
        assertTrue(hub.mergedProfiles(viewer(w.pc), housing).size == 1) { "two people again" }
    }

    check("incidents import from CSV with progress, then the Top 50") {
        val w = World()
        val csv = incidentCsv()
        val phases = mutableListOf<ImportPhase>()
        val listener = object : ImportProgressListener {
            override fun onProgress(progress: ImportProgress) {
                phases.add(progress.phase)
            }
        }
        val report = w.hub.importIncidentsCsv(w.pc, csv, 25L, listener)
        assertTrue(report.imported == 100L && report.createdPeople == 5L) { "report: $report" }
        assertTrue(phases.lastOrNull() == ImportPhase.DONE) { "phases: $phases" }
        val top = w.hub.top(viewer(w.pc), TopQuery(TopKind.CALLERS, TopMeasure.Count, now(), 30u, 50L))
        assertTrue(top.rows.map { it.count } == listOf(20u, 20u, 20u, 20u, 20u)) { "top: ${top.rows}" }
        val bad = assertThrows<SafehubException.ImportRejected> {
            w.hub.importIncidentsCsv(w.pc, csv.replace("CAD-3,", "CAD-x,").replace(Regex("CAD-x,[^,]*,"), "CAD-x,yesterday,"), 1000L, null)
        }
        assertTrue(bad.code == "import_rejected" && bad.errors.map { it.field } == listOf("occurred_at")) { "rejected: $bad" }
    }

    check("the morning briefing and a network differ as police and as mental health") {
        val w = World()
        val hub = w.hub
        hub.importIncidentsCsv(w.pc, incidentCsv(), 1000L, null)
        val since = now().minus(Duration.ofDays(7))
        // The briefing is an AutoCloseable object: its data and its Markdown come from one read.
        hub.briefing(viewer(w.sergeant), since, null).use { police ->
            hub.briefing(viewer(w.nurse), since, null).use { health ->
                val seen = police.view()
                assertTrue(seen.newIncidents.count == 100L && seen.repeats.isNotEmpty()) { "police briefing: $seen" }
                assertTrue(health.view().newIncidents.count == 0L) { "mental health sees no incidents" }
                assertTrue(police.toMarkdown().contains("Caller 1") && !health.toMarkdown().contains("Caller 1")) {
                    "markdown: ${health.toMarkdown()}"
                }
            }
        }
        val tight = defaultBriefingConfig().copy(incidentsListed = 5L)
        hub.briefing(viewer(w.sergeant), since, tight).use {
            assertTrue(it.view().newIncidents.listed.size == 5) { "incidents listed: ${it.view().newIncidents}" }
        }

        // Police see the caller's network through the incidents; mental health only the caller's stub.
        val caller = (hub.searchPeople(viewer(w.pc), "Caller 1").single() as PersonView.Full).person.id
        hub.network(viewer(w.pc), Subject.Person(caller), 2u).use { network ->
            val labels = network.view().nodes.map { it.label }
            assertTrue(labels.containsAll((0 until 5).map { "Caller $it" }) && labels.size == 6) { "nodes: $labels" }
            assertTrue(network.toDot().contains("Caller 2") && network.toGraphml().contains("Caller 2")) { "exports" }
        }
        hub.network(viewer(w.nurse), Subject.Person(caller), 2u).use { network ->
            val view = network.view()
            assertTrue(view.nodes.map { it.access } == listOf(Access.STUB) && view.edges.isEmpty()) { "stub only: $view" }
            assertTrue(network.toDot().contains("style=dashed") && !network.toDot().contains("Caller 2")) { network.toDot() }
        }
        assertThrows<SafehubException.InvalidInput> { hub.network(viewer(w.pc), Subject.Person(caller), 5u) }
    }

    check("one hub is shared between JVM threads") {
        val w = World()
        val case = w.openCase()
        val threads = (0 until 4).map { n ->
            Thread { repeat(20) { i -> w.hub.addEntry(w.pc, case, note("thread $n note $i")) } }
        }
        threads.forEach { it.start() }
        threads.forEach { it.join() }
        val view = w.hub.case(viewer(w.pc), case) as CaseView.Full
        assertTrue(view.case.entries.size == 80) { "entries: ${view.case.entries.size}" }
    }

    check("a bad identifier throws SafehubException.InvalidIdentifier without the value") {
        val w = World()
        val bad = "943 476 5918"
        val e = assertThrows<SafehubException.InvalidIdentifier> {
            w.hub.recordPerson(
                w.pc,
                NewPerson("Sam Taylor", listOf(), null, listOf(Identifier(IdentifierKind.NHS_NUMBER, bad)), listOf(), false),
            )
        }
        assertTrue(e.code == "invalid_identifier") { "code: ${e.code}" }
        assertTrue(!e.toString().contains(bad) && !e.toString().contains("Sam Taylor")) { "leaks: $e" }
    }

    check("a forbidden action throws SafehubException.Forbidden") {
        val w = World()
        val e = assertThrows<SafehubException.Forbidden> {
            w.hub.addAgency(w.pc, NewAgency("Fire", AgencyKind.FIRE_AND_RESCUE))
        }
        assertTrue(e.code == "forbidden") { "code: ${e.code}" }
    }

    check("an unknown id throws SafehubException.NotFound") {
        val w = World()
        val e = assertThrows<SafehubException.NotFound> { w.hub.case(viewer(w.pc), UUID.randomUUID().toString()) }
        assertTrue(e.code == "not_found") { "code: ${e.code}" }
    }

    check("a malformed id throws SafehubException.InvalidInput") {
        val w = World()
        val e = assertThrows<SafehubException.InvalidInput> { w.hub.case(viewer(w.pc), "not-an-id") }
        assertTrue(e.code == "invalid_input") { "code: ${e.code}" }
    }

    check("an Instant beyond the core's range is refused, not a crash") {
        val w = World()
        assertThrows<SafehubException.InvalidInput> {
            w.hub.whatsNew(viewer(w.pc), Instant.MAX)
        }
    }

    check("two hubs on one PostgreSQL database see each other's writes as the rules allow") {
        val server = PostgresServer.start() ?: return@check
        try {
            val conninfo = server.database()
            val w = World(Hub.openPostgres(conninfo))
            val case = w.openCase()
            val shared = w.hub.addEntry(w.pc, case, note("Spoke to the neighbours about the noise."))
            // A second host opens the same database and reads through its own sharing engine.
            val other = Hub.openPostgres(conninfo)
            val view = other.case(viewer(w.housingOfficer), case)
            assertTrue(view is CaseView.Full) { "housing reads the case on the second hub: $view" }
            val ids = (view as CaseView.Full).case.entries.map { (it as EntryView.Full).entry.id }
            assertTrue(ids == listOf(shared)) { "entries: $ids" }
            assertTrue(other.case(viewer(w.nurse), case) is CaseView.Stub) { "mental health sees a stub" }
            // And the first host sees what the second writes.
            val reply = other.addEntry(w.housingOfficer, case, note("Tenancy warning issued."))
            val back = (w.hub.case(viewer(w.pc), case) as CaseView.Full).case.entries
            assertTrue(back.size == 2 && (back[1] as EntryView.Full).entry.id == reply) { "entries: $back" }
            assertThrows<SafehubException.Unavailable> { Hub.openPostgres(server.conninfo("postgres").replace("host=", "host=/nonexistent")) }
        } finally {
            server.stop()
        }
    }

    // Two Hub objects on one store: a callback on one receives a change written through the other.
    check("a callback on one hub receives a change written through another (sqlite)") {
        val path = java.io.File.createTempFile("safehub-notify", ".db").also { it.delete() }.path
        notifiedAcross(Hub.open(path), Hub.open(path))
    }
    check("a callback on one hub receives a change written through another (postgres)") {
        val server = PostgresServer.start() ?: return@check
        try {
            val conninfo = server.database()
            notifiedAcross(Hub.openPostgres(conninfo), Hub.openPostgres(conninfo))
        } finally {
            server.stop()
        }
    }

    println("kotlin: $passed passed, $failed failed")
    if (failed > 0 || passed == 0) exitProcess(1)
}
