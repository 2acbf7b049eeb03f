# METADATA
# title: Tests for zvh.authz
# description: Run with `python -m zvh_consent.policy_tests` (regorus) or `opa test` (OPA).
package zvh.authz_test

import data.zvh.authz

# A question as the PDP evaluates it: with `registry` (every test organisation has a valid
# convenant, see `convenanten`; no toestemmingen, no doorbrekingen).
verzoek(subject, action, resource, context) := object.union(zonder_registry(subject, action, resource, context), {"registry": {
	"nu": "2026-11-24T09:00:00.000000Z",
	"vandaag": "2026-11-24",
	"convenant": object.get(convenanten, object.get(subject, "org", "x"), null),
	"toestemmingen": [],
	"doorbrekingen": [],
}})

zonder_registry(subject, action, resource, context) := {
	"subject": object.union({"user": "u", "org": "x", "roles": []}, subject),
	"action": action,
	"resource": object.union(
		{"type": "melding", "casus": null, "item": null, "eigenaar": null, "categorie": null},
		resource,
	),
	"context": object.union(
		{"doel": "triage", "fase": null, "client_geinformeerd": null, "toestemmingen": [], "deelnemers": []},
		context,
	),
}

geldig(org) := {"org": org, "van": "2026-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"algemeen": "convenant ZVH"}}

convenanten := {org: geldig(org) | some org in ["zvh", "politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb", "gemeente-roosendaal"]}

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

notulist := {"user": "notulist.bakker", "org": "zvh", "roles": ["notulist"]}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

agent := {"user": "agent.smit", "org": "politie-zwb", "roles": ["deelnemer"]}

ggz := {"user": "ggz.mulder", "org": "ggz-wnb", "roles": ["deelnemer"]}

actielijst := {"type": "actielijst", "casus": "c-1"}

overleg := {"doel": "casusoverleg", "deelnemers": ["politie-zwb", "gemeente-bergen-op-zoom"]}

test_procesregisseur_leest_melding_voor_triage if {
	d := authz.decision with input as verzoek(procesregisseur, "read", {"type": "melding", "item": "m-1"}, {})
	d.allow
	d.grondslag == "wettelijke taak / convenant"
	"log-inzage" in d.obligations
	d.policy_version == authz.policy_version
}

test_procesregisseur_niet_voor_ander_doel if {
	d := authz.decision with input as verzoek(procesregisseur, "read", {"type": "melding"}, {"doel": "monitoring"})
	not d.allow
	count(d.reasons) > 0
}

test_procesregisseur_van_partner_telt_niet if {
	pr_elders := {"user": "p", "org": "gemeente-roosendaal", "roles": ["procesregisseur"]}
	not authz.decision.allow with input as verzoek(pr_elders, "read", {"type": "melding"}, {})
}

test_notulist_leest_geen_melding if {
	not authz.decision.allow with input as verzoek(notulist, "read", {"type": "melding"}, {})
}

# Recording a triage is the one write on a melding (regie.rego); any other doel is refused.
test_procesregisseur_schrijft_geen_melding_buiten_triage if {
	not authz.decision.allow with input as verzoek(procesregisseur, "write", {"type": "melding"}, {"doel": "monitoring"})
}

test_eigenaar_leest_eigen_item if {
	res := {"type": "informatie-item", "casus": "c-1", "item": "i-1", "eigenaar": "politie-zwb", "categorie": "politie"}
	d := authz.decision with input as verzoek(agent, "read", res, {"doel": "casusoverleg"})
	d.allow
	d.grondslag == "eigenaar van de informatie"
}

test_ander_leest_geen_item_van_eigenaar if {
	res := {"type": "informatie-item", "casus": "c-1", "item": "i-1", "eigenaar": "politie-zwb", "categorie": "politie"}
	not authz.decision.allow with input as verzoek(ggz, "read", res, overleg)
}

test_eigenaar_mag_niet_schrijven_zonder_regel if {
	res := {"type": "informatie-item", "eigenaar": "politie-zwb"}
	not authz.decision.allow with input as verzoek(agent, "write", res, {})
}

test_deelnemer_leest_actielijst if {
	d := authz.decision with input as verzoek(agent, "read", actielijst, overleg)
	d.allow
	d.grondslag == "wettelijke taak / convenant"
}

test_niet_deelnemer_leest_geen_actielijst if {
	d := authz.decision with input as verzoek(ggz, "read", actielijst, overleg)
	not d.allow
	d.grondslag == null
}

test_actielijst_zonder_casus_geweigerd if {
	not authz.decision.allow with input as verzoek(agent, "read", {"type": "actielijst"}, overleg)
}

test_regie_leest_actielijst if {
	authz.decision.allow with input as verzoek(procesregisseur, "read", actielijst, {"doel": "casusoverleg"})
	authz.decision.allow with input as verzoek(notulist, "read", actielijst, {"doel": "casusoverleg"})
}

test_regie_schrijft_actielijst if {
	authz.decision.allow with input as verzoek(procesregisseur, "write", actielijst, {"doel": "casusoverleg"})
	authz.decision.allow with input as verzoek(notulist, "write", actielijst, {"doel": "casusoverleg"})
}

test_deelnemer_schrijft_geen_actielijst if {
	not authz.decision.allow with input as verzoek(agent, "write", actielijst, overleg)
}

test_fg_leest_beslissingenlog if {
	d := authz.decision with input as verzoek(fg, "read", {"type": "audit"}, {"doel": "toezicht"})
	d.allow
	"alleen-metadata" in d.obligations
}

test_fg_leest_nooit_inhoud if {
	not authz.decision.allow with input as verzoek(fg, "read", {"type": "melding"}, {})
	not authz.decision.allow with input as verzoek(fg, "read", {"type": "informatie-item", "eigenaar": "zvh"}, {})
	not authz.decision.allow with input as verzoek(fg, "read", actielijst, {"deelnemers": ["zvh"]})
}

test_anderen_lezen_geen_beslissingenlog if {
	not authz.decision.allow with input as verzoek(procesregisseur, "read", {"type": "audit"}, {})
	not authz.decision.allow with input as verzoek(agent, "read", {"type": "audit", "eigenaar": "politie-zwb"}, {})
}

test_weigering_noemt_reden if {
	d := authz.decision with input as verzoek(agent, "delete", {"type": "melding"}, {})
	not d.allow
	d.reasons == ["geen regel staat dit toe (delete melding, doel triage)"]
	d.obligations == []
}

test_lege_input_weigert if {
	d := authz.decision with input as {}
	not d.allow
	d.reasons == ["geen regel staat dit toe"]
	d.policy_version == authz.policy_version
}

item_van(eigenaar) := {"type": "informatie-item", "casus": "c-1", "item": "i-1", "eigenaar": eigenaar, "categorie": "zorg"}

gemeente := {"user": "gemeente.visser", "org": "gemeente-bergen-op-zoom", "roles": ["deelnemer", "casusregisseur"]}

test_eigenaar_leest_eigen_informatie_item if {
	d := authz.decision with input as verzoek(ggz, "read", item_van("ggz-wnb"), overleg)
	d.allow
	d.grondslag == "eigenaar van de informatie"
}

test_andere_deelnemer_leest_informatie_item_niet if {
	not authz.decision.allow with input as verzoek(agent, "read", item_van("ggz-wnb"), overleg)
	not authz.decision.allow with input as verzoek(gemeente, "read", item_van("ggz-wnb"), overleg)
}

test_regie_leest_informatie_item if {
	d := authz.decision with input as verzoek(notulist, "read", item_van("ggz-wnb"), overleg)
	d.allow
	"log-inzage" in d.obligations
	authz.decision.allow with input as verzoek(procesregisseur, "read", item_van("politie-zwb"), overleg)
}

test_fg_leest_geen_informatie_item if {
	not authz.decision.allow with input as verzoek(fg, "read", item_van("zvh"), overleg)
	not authz.decision.allow with input as verzoek(fg, "read", item_van("ggz-wnb"), overleg)
}

test_regie_schrijft_informatie_item_voor_deelnemer if {
	authz.decision.allow with input as verzoek(notulist, "write", item_van("politie-zwb"), overleg)
	not authz.decision.allow with input as verzoek(notulist, "write", item_van("ggz-wnb"), overleg)
}

test_regie_schrijft_eigen_inbreng_van_het_zvh if {
	authz.decision.allow with input as verzoek(notulist, "write", item_van("zvh"), overleg)
	authz.decision.allow with input as verzoek(procesregisseur, "read", item_van("zvh"), overleg)
	not authz.decision.allow with input as verzoek(agent, "write", item_van("zvh"), overleg)
	not authz.decision.allow with input as verzoek(agent, "read", item_van("zvh"), overleg)
}

test_deelnemer_schrijft_alleen_eigen_informatie_item if {
	authz.decision.allow with input as verzoek(agent, "write", item_van("politie-zwb"), overleg)
	not authz.decision.allow with input as verzoek(agent, "write", item_van("gemeente-bergen-op-zoom"), overleg)
	not authz.decision.allow with input as verzoek(ggz, "write", item_van("ggz-wnb"), overleg)
}

test_regie_ziet_label_met_alleen_initialen if {
	d := authz.decision with input as verzoek(procesregisseur, "read", {"type": "melding-label", "item": "m-1"}, overleg)
	d.allow
	"alleen-initialen" in d.obligations
	not authz.decision.allow with input as verzoek(agent, "read", {"type": "melding-label", "item": "m-1"}, overleg)
	not authz.decision.allow with input as verzoek(procesregisseur, "read", {"type": "melding-label", "item": "m-1"}, {"doel": "monitoring"})
}

test_zonder_registers_weigert_partner if {
	d := authz.decision with input as zonder_registry(agent, "read", actielijst, overleg)
	not d.allow
	d.reasons == ["geweigerd: politie-zwb heeft geen geldig convenant met het ZVH"]
	authz.decision.allow with input as zonder_registry(procesregisseur, "read", actielijst, {"doel": "casusoverleg"})
}
