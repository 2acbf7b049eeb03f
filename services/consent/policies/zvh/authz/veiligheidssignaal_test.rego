# METADATA
# title: Tests for veiligheidssignaal.rego
package zvh.authz_veiligheidssignaal_test

import data.zvh.authz

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

notulist := {"user": "notulist.bakker", "org": "zvh", "roles": ["notulist"]}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

agent := {"user": "agent.smit", "org": "politie-zwb", "roles": ["deelnemer"]}

ggz := {"user": "ggz.mulder", "org": "ggz-wnb", "roles": ["deelnemer"]}

fg_politie := {"user": "fg.p", "org": "politie-zwb", "roles": ["fg"]}

signaal := {"type": "veiligheidssignaal", "casus": "c-1", "item": null, "eigenaar": null, "categorie": null}

context := {"doel": "veiligheid-professionals", "fase": null, "client_geinformeerd": null, "toestemmingen": [], "deelnemers": ["politie-zwb", "gemeente-bergen-op-zoom"]}

verzoek(subject, action, ctx) := {
	"subject": subject,
	"action": action,
	"resource": signaal,
	"context": ctx,
	"registry": {"nu": "2026-11-24T09:00:00.000000Z", "vandaag": "2026-11-24", "convenant": {"org": subject.org, "van": "2026-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"algemeen": "convenant ZVH"}}, "toestemmingen": [], "doorbrekingen": []},
}

test_procesregisseur_zet_signaal_met_eigen_grondslag if {
	d := authz.decision with input as verzoek(procesregisseur, "write", context)
	d.allow
	d.grondslag == authz.grondslag_veiligheid_professionals
	contains(d.grondslag, "Arbowet")
	"log-inzage" in d.obligations
}

test_alleen_de_procesregisseur_zet_een_signaal if {
	not authz.decision.allow with input as verzoek(notulist, "write", context)
	not authz.decision.allow with input as verzoek(agent, "write", context)
	not authz.decision.allow with input as verzoek(ggz, "write", context)
	not authz.decision.allow with input as verzoek(fg, "write", context)
}

test_zetten_alleen_voor_het_doel_veiligheid_professionals if {
	not authz.decision.allow with input as verzoek(procesregisseur, "write", object.union(context, {"doel": "casusoverleg"}))
}

test_deelnemer_en_regie_lezen_andere_partner_niet if {
	d := authz.decision with input as verzoek(agent, "read", context)
	d.allow
	"log-inzage" in d.obligations
	authz.decision.allow with input as verzoek(procesregisseur, "read", context)
	authz.decision.allow with input as verzoek(notulist, "read", context)
	not authz.decision.allow with input as verzoek(ggz, "read", context)
	not authz.decision.allow with input as verzoek(fg, "read", context)
	not authz.decision.allow with input as verzoek(fg_politie, "read", context)
}

test_lezen_vraagt_het_doel if {
	not authz.decision.allow with input as verzoek(agent, "read", object.union(context, {"doel": "casusoverleg"}))
}
