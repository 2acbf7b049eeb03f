# METADATA
# title: Tests for overleg.rego (plannen, notuleren, het hele overleg zien)
package zvh.authz_test

import data.zvh.authz

een_overleg := {"type": "overleg", "item": "o-1"}

nieuw_overleg := {"type": "overleg"}

bij_overleg := {"doel": "casusoverleg"}

test_procesregisseur_plant_overleg if {
	d := authz.decision with input as verzoek(procesregisseur, "plan", een_overleg, bij_overleg)
	d.allow
	d.grondslag == authz.grondslag_convenant
	d.reasons == ["procesregisseur van het ZVH plant het overleg"]
	authz.decision.allow with input as verzoek(procesregisseur, "plan", nieuw_overleg, bij_overleg)
}

test_notulist_deelnemer_en_partner_procesregisseur_plannen_niet if {
	d := authz.decision with input as verzoek(notulist, "plan", een_overleg, bij_overleg)
	not d.allow
	"alleen de procesregisseur van het ZVH plant overleggen" in d.reasons
	not authz.decision.allow with input as verzoek(agent, "plan", nieuw_overleg, bij_overleg)
	pr_elders := {"user": "p", "org": "gemeente-roosendaal", "roles": ["procesregisseur"]}
	not authz.decision.allow with input as verzoek(pr_elders, "plan", nieuw_overleg, bij_overleg)
	not authz.decision.allow with input as verzoek(fg, "plan", nieuw_overleg, bij_overleg)
}

test_regie_notuleert if {
	authz.decision.allow with input as verzoek(procesregisseur, "notuleren", een_overleg, bij_overleg)
	d := authz.decision with input as verzoek(notulist, "notuleren", een_overleg, bij_overleg)
	d.allow
	d.reasons == ["procesregisseur of notulist van het ZVH notuleert het overleg"]
}

test_deelnemer_en_fg_notuleren_niet if {
	d := authz.decision with input as verzoek(agent, "notuleren", een_overleg, bij_overleg)
	not d.allow
	"alleen de procesregisseur of notulist van het ZVH notuleert het overleg" in d.reasons
	not authz.decision.allow with input as verzoek(fg, "notuleren", een_overleg, bij_overleg)
	notulist_elders := {"user": "n", "org": "politie-zwb", "roles": ["notulist"]}
	not authz.decision.allow with input as verzoek(notulist_elders, "notuleren", een_overleg, bij_overleg)
}

test_regie_ziet_het_hele_overleg if {
	authz.decision.allow with input as verzoek(procesregisseur, "read", een_overleg, bij_overleg)
	authz.decision.allow with input as verzoek(notulist, "read", een_overleg, bij_overleg)
	authz.decision.allow with input as verzoek(notulist, "read", nieuw_overleg, bij_overleg)
}

test_deelnemer_fg_en_beheerder_zien_niet_het_hele_overleg if {
	d := authz.decision with input as verzoek(agent, "read", een_overleg, bij_overleg)
	not d.allow
	some reden in d.reasons
	contains(reden, "een deelnemer ziet alleen de eigen casussen")
	not authz.decision.allow with input as verzoek(fg, "read", een_overleg, bij_overleg)
	not authz.decision.allow with input as verzoek(beheerder, "read", een_overleg, bij_overleg)
}

test_overleg_lezen_per_casus_is_geen_regel_hier if {
	# one casus of an overleg is decided by the casus/actielijst rules, not by this type
	met_casus := object.union(een_overleg, {"casus": "c-1"})
	not authz.decision.allow with input as verzoek(procesregisseur, "read", met_casus, bij_overleg)
}

test_onbekende_actie_op_overleg_geweigerd if {
	d := authz.decision with input as verzoek(procesregisseur, "write", een_overleg, bij_overleg)
	not d.allow
	d.reasons[0] == "geen regel staat dit toe (write overleg, doel casusoverleg)"
}
