# METADATA
# title: Tests for regie.rego (lists, triage, casussen, eigenaarsbeheer)
package zvh.authz_test

import data.zvh.authz

beheerder := {"user": "beheer.dekker", "org": "zvh", "roles": ["beheerder"]}

casus := {"type": "casus", "casus": "c-1"}

test_procesregisseur_ziet_triagelijst if {
	d := authz.decision with input as verzoek(procesregisseur, "list", {"type": "melding-lijst"}, {})
	d.allow
}

test_triagelijst_niet_voor_fg_notulist_of_partner if {
	not authz.decision.allow with input as verzoek(fg, "list", {"type": "melding-lijst"}, {})
	not authz.decision.allow with input as verzoek(notulist, "list", {"type": "melding-lijst"}, {})
	not authz.decision.allow with input as verzoek(agent, "list", {"type": "melding-lijst"}, {})
	not authz.decision.allow with input as verzoek(procesregisseur, "list", {"type": "melding-lijst"}, {"doel": "monitoring"})
}

test_alleen_procesregisseur_legt_triage_vast if {
	authz.decision.allow with input as verzoek(procesregisseur, "write", {"type": "melding", "item": "m-1"}, {})
	not authz.decision.allow with input as verzoek(notulist, "write", {"type": "melding", "item": "m-1"}, {})
	not authz.decision.allow with input as verzoek(agent, "write", {"type": "melding", "item": "m-1", "eigenaar": "politie-zwb"}, {})
}

test_eigenaar_beheert_eigen_item if {
	d := authz.decision with input as verzoek(agent, "write", {"type": "informatie-item", "item": "i-1", "eigenaar": "politie-zwb"}, {"doel": "eigenaarsbeheer"})
	d.allow
	d.grondslag == authz.grondslag_eigenaar
}

test_een_ander_beheert_het_item_niet if {
	not authz.decision.allow with input as verzoek(ggz, "write", {"type": "informatie-item", "item": "i-1", "eigenaar": "politie-zwb"}, {"doel": "eigenaarsbeheer"})
	not authz.decision.allow with input as verzoek(procesregisseur, "write", {"type": "informatie-item", "item": "i-1", "eigenaar": "politie-zwb"}, {"doel": "eigenaarsbeheer"})
	fg_politie := {"user": "fg.p", "org": "politie-zwb", "roles": ["fg"]}
	not authz.decision.allow with input as verzoek(fg_politie, "write", {"type": "informatie-item", "item": "i-1", "eigenaar": "politie-zwb"}, {"doel": "eigenaarsbeheer"})
}

# The regie records a deelnemer's item at the table (doel casusoverleg), but does not restrict or
# withdraw it in the casus either: that stays with the eigenaar.
test_de_regie_beheert_andermans_item_in_de_casus_niet if {
	item := {"type": "informatie-item", "casus": "c-1", "item": "i-1", "eigenaar": "politie-zwb"}
	in_casus := {"deelnemers": ["politie-zwb", "ggz-wnb"]}
	authz.decision.allow with input as verzoek(procesregisseur, "write", item, object.union(in_casus, {"doel": "casusoverleg"}))
	not authz.decision.allow with input as verzoek(procesregisseur, "write", item, object.union(in_casus, {"doel": "eigenaarsbeheer"}))
	authz.decision.allow with input as verzoek(agent, "write", item, object.union(in_casus, {"doel": "eigenaarsbeheer"}))
}

test_deelnemer_ziet_zijn_casus_niet_die_van_anderen if {
	authz.decision.allow with input as verzoek(agent, "list", casus, overleg)
	authz.decision.allow with input as verzoek(agent, "read", casus, overleg)
	not authz.decision.allow with input as verzoek(ggz, "list", casus, overleg)
	not authz.decision.allow with input as verzoek(agent, "write", casus, overleg)
}

test_regie_ziet_elke_casus_fg_en_beheerder_niet if {
	authz.decision.allow with input as verzoek(procesregisseur, "list", casus, {})
	authz.decision.allow with input as verzoek(notulist, "read", casus, {})
	not authz.decision.allow with input as verzoek(fg, "list", casus, overleg)
	not authz.decision.allow with input as verzoek(beheerder, "list", casus, overleg)
}

test_alleen_procesregisseur_voert_regie if {
	authz.decision.allow with input as verzoek(procesregisseur, "write", casus, {})
	not authz.decision.allow with input as verzoek(notulist, "write", casus, {})
}

test_label_van_ingetrokken_of_beperkt_item_geweigerd if {
	label := {"type": "melding-label", "item": "m-1", "eigenaar": "politie-zwb"}
	authz.decision.allow with input as verzoek(procesregisseur, "read", label, overleg)
	d := authz.decision with input as verzoek(procesregisseur, "read", object.union(label, {"ingetrokken": true}), overleg)
	not d.allow
	contains(d.reasons[0], "ingetrokken")
	not authz.decision.allow with input as verzoek(procesregisseur, "read", object.union(label, {"beperkt_tot": ["ggz-wnb"]}), overleg)
	authz.decision.allow with input as verzoek(procesregisseur, "read", object.union(label, {"beperkt_tot": ["zvh"]}), overleg)
}

test_alleen_procesregisseur_ziet_dashboard if {
	dashboard := {"type": "dashboard"}
	d := authz.decision with input as verzoek(procesregisseur, "read", dashboard, {"doel": "monitoring"})
	d.allow
	d.grondslag == authz.grondslag_convenant
	not authz.decision.allow with input as verzoek(notulist, "read", dashboard, {"doel": "monitoring"})
	not authz.decision.allow with input as verzoek(agent, "read", dashboard, {"doel": "monitoring"})
	not authz.decision.allow with input as verzoek(fg, "read", dashboard, {"doel": "monitoring"})
	not authz.decision.allow with input as verzoek(beheerder, "read", dashboard, {"doel": "monitoring"})
	not authz.decision.allow with input as verzoek(procesregisseur, "read", dashboard, {"doel": "casusoverleg"})
	not authz.decision.allow with input as verzoek(procesregisseur, "write", dashboard, {"doel": "monitoring"})
}
