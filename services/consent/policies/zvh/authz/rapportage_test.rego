# METADATA
# title: Tests for the rapportage rule of zvh.authz
# description: Run with `python -m zvh_consent.policy_tests` (regorus) or `opa test` (OPA).
package zvh.authz_rapportage_test

import data.zvh.authz

verzoek(subject, action, doel) := {
	"subject": subject,
	"action": action,
	"resource": {"type": "rapportage", "casus": null, "item": null, "eigenaar": null, "categorie": null},
	"context": {"doel": doel, "deelnemers": []},
	"registry": {
		"nu": "2026-11-24T09:00:00.000000Z",
		"vandaag": "2026-11-24",
		"convenant": {"org": subject.org, "van": "2026-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"algemeen": "convenant ZVH"}},
		"toestemmingen": [],
		"doorbrekingen": [],
	},
}

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

notulist := {"user": "notulist.bakker", "org": "zvh", "roles": ["notulist"]}

beheerder := {"user": "beheer.dekker", "org": "zvh", "roles": ["beheerder"]}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

gemeente := {"user": "gemeente.visser", "org": "gemeente-bergen-op-zoom", "roles": ["deelnemer", "casusregisseur"]}

test_zvh_staf_leest_de_rapportage if {
	d := authz.decision with input as verzoek(procesregisseur, "read", "verantwoording")
	d.allow
	d.grondslag == "wettelijke taak / verantwoording aan partners en financiers (geaggregeerd)"
	authz.decision.allow with input as verzoek(notulist, "read", "verantwoording")
	authz.decision.allow with input as verzoek(beheerder, "read", "verantwoording")
}

test_partners_en_fg_lezen_de_rapportage_niet if {
	not authz.decision.allow with input as verzoek(gemeente, "read", "verantwoording")
	not authz.decision.allow with input as verzoek(fg, "read", "verantwoording")
	procesregisseur_elders := {"user": "p", "org": "politie-zwb", "roles": ["procesregisseur"]}
	not authz.decision.allow with input as verzoek(procesregisseur_elders, "read", "verantwoording")
}

test_alleen_lezen_met_doel_verantwoording if {
	not authz.decision.allow with input as verzoek(procesregisseur, "write", "verantwoording")
	not authz.decision.allow with input as verzoek(procesregisseur, "read", "casusoverleg")
}
