# METADATA
# title: Tests for the inzage rules of zvh.authz
# description: Run with `python -m zvh_consent.policy_tests` (regorus) or `opa test` (OPA).
package zvh.authz_inzage_test

import data.zvh.authz

verzoek(subject, action, resource) := {
	"subject": subject,
	"action": action,
	"resource": object.union(
		{"type": "inzagerapport", "casus": null, "item": null, "eigenaar": null, "categorie": null},
		resource,
	),
	"context": {"doel": "toezicht", "deelnemers": []},
	"registry": {
		"nu": "2026-11-24T09:00:00.000000Z",
		"vandaag": "2026-11-24",
		"convenant": object.get(convenanten, subject.org, null),
		"toestemmingen": [],
		"doorbrekingen": [],
	},
}

geldig(org) := {"org": org, "van": "2026-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"algemeen": "convenant ZVH"}}

convenanten := {
	"politie-zwb": geldig("politie-zwb"),
	"gemeente-roosendaal": object.union(geldig("gemeente-roosendaal"), {"tot": "2026-10-25"}),
}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

fg_partner := {"user": "fg.politie", "org": "politie-zwb", "roles": ["fg"]}

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

agent := {"user": "agent.smit", "org": "politie-zwb", "roles": ["deelnemer"]}

roosendaal := {"user": "r.klein", "org": "gemeente-roosendaal", "roles": ["deelnemer"]}

rapport := {"type": "inzagerapport", "betrokkene": "0123456789abcdef0123456789abcdef"}

test_fg_stelt_inzagerapport_op if {
	d := authz.decision with input as verzoek(fg, "read", rapport)
	d.allow
	d.grondslag == "wettelijke taak / toezicht FG (AVG art. 39)"
	d.obligations == ["alleen-metadata"]
	d.reasons == ["functionaris gegevensbescherming stelt het inzagerapport van een betrokkene op"]
}

test_alleen_de_fg_van_zvh_stelt_inzagerapport_op if {
	not authz.decision.allow with input as verzoek(procesregisseur, "read", rapport)
	not authz.decision.allow with input as verzoek(agent, "read", rapport)
	not authz.decision.allow with input as verzoek(fg_partner, "read", rapport)
	not authz.decision.allow with input as verzoek(fg, "write", rapport)
}

test_eigenaar_opent_geen_inzagerapport if {
	# the eigenaar rule reads "its own" items of any type: not a report about a person
	d := authz.decision with input as verzoek(agent, "read", object.union(rapport, {"eigenaar": "politie-zwb"}))
	not d.allow
	d.reasons == ["geweigerd: alleen de functionaris gegevensbescherming van het ZVH stelt een inzagerapport op"]
}

test_inzagerapport_noemt_een_betrokkene if {
	not authz.decision.allow with input as verzoek(fg, "read", {"type": "inzagerapport"})
}

overzicht(eigenaar) := {"type": "inzageoverzicht", "eigenaar": eigenaar}

test_eigenaar_ziet_wie_zijn_informatie_las if {
	d := authz.decision with input as verzoek(agent, "read", overzicht("politie-zwb"))
	d.allow
	"de organisatie ziet wie haar informatie las" in d.reasons
	d.grondslag == "eigenaar van de informatie"
}

test_ook_zonder_geldig_convenant_ziet_eigenaar_wie_las if {
	authz.decision.allow with input as verzoek(roosendaal, "read", overzicht("gemeente-roosendaal"))
}

test_niemand_ziet_het_overzicht_van_een_ander if {
	not authz.decision.allow with input as verzoek(agent, "read", overzicht("ggz-wnb"))
	not authz.decision.allow with input as verzoek(procesregisseur, "read", overzicht("politie-zwb"))
	not authz.decision.allow with input as verzoek(agent, "read", {"type": "inzageoverzicht"})
}

test_fg_ziet_het_overzicht_van_iedere_eigenaar if {
	d := authz.decision with input as verzoek(fg, "read", overzicht("politie-zwb"))
	d.allow
	d.grondslag == "wettelijke taak / toezicht FG (AVG art. 39)"
	d.reasons == ["functionaris gegevensbescherming ziet wie de informatie van politie-zwb las"]
}

beoordeling := {"type": "doorbreking", "item": "00000000-0000-0000-0000-000000000001"}

test_fg_beoordeelt_doorbreking if {
	d := authz.decision with input as verzoek(fg, "review", beoordeling)
	d.allow
	d.reasons == ["functionaris gegevensbescherming beoordeelt de doorbreking"]
}

test_anderen_beoordelen_geen_doorbreking if {
	not authz.decision.allow with input as verzoek(procesregisseur, "review", beoordeling)
	not authz.decision.allow with input as verzoek(agent, "review", object.union(beoordeling, {"eigenaar": "politie-zwb"}))
	not authz.decision.allow with input as verzoek(fg_partner, "review", beoordeling)
	not authz.decision.allow with input as verzoek(fg, "write", beoordeling)
}
