# METADATA
# title: Tests for vpt.rego (meldpunt agressie en geweld)
package zvh.authz_test

import data.zvh.authz

yilmaz := {"user": "wt.yilmaz", "org": "gemeente-bergen-op-zoom", "roles": ["medewerker"]}

peters := {"user": "lg.peters", "org": "gemeente-bergen-op-zoom", "roles": ["leidinggevende"]}

collega := {"user": "wt.collega", "org": "gemeente-bergen-op-zoom", "roles": ["medewerker", "deelnemer"]}

dewit := {"user": "vpt.dewit", "org": "zvh", "roles": ["vpt-casemanager"]}

smits := {"user": "vpt.smits", "org": "zvh", "roles": ["vpt-casemanager"]}

lg_roosendaal := {"user": "lg.r", "org": "gemeente-roosendaal", "roles": ["leidinggevende"]}

fg_gemeente := {"user": "fg.g", "org": "gemeente-bergen-op-zoom", "roles": ["fg"]}

incident := {"type": "vpt-incident", "eigenaar": "gemeente-bergen-op-zoom", "melder": "wt.yilmaz", "casemanager": "vpt.dewit"}

dossier := object.union(incident, {"type": "vpt-dossier"})

# An incident reported by the partner's system: no melder.
incident_systeem := object.union(incident, {"melder": null})

nazorg := {"doel": "vpt-nazorg"}

test_melder_leidinggevende_en_toegewezen_casemanager_lezen if {
	every wie in [yilmaz, peters, dewit] {
		every resource in [incident, dossier] {
			leest(wie, "read", resource)
			leest(wie, "list", resource)
		}
	}
	d := authz.decision with input as verzoek(dewit, "read", incident, nazorg)
	d.grondslag == authz.grondslag_vpt
}

leest(wie, actie, resource) if {
	d := authz.decision with input as verzoek(wie, actie, resource, nazorg)
	d.allow
	"log-inzage" in d.obligations
}

test_medewerker_van_een_andere_organisatie_leest_niet if {
	every wie in [ggz, agent, lg_roosendaal] {
		every resource in [incident, dossier] {
			d := authz.decision with input as verzoek(wie, "read", resource, nazorg)
			not d.allow
		}
	}
}

test_collega_van_dezelfde_organisatie_leest_niet if {
	# The generic `eigenaar` rule would allow it: the refusal overrides it.
	every resource in [incident, dossier, incident_systeem] {
		d := authz.decision with input as verzoek(collega, "read", resource, nazorg)
		not d.allow
		d.reasons == ["geweigerd: alleen de melder, de leidinggevende en de toegewezen VPT-casemanager lezen een melding agressie en geweld"]
	}
}

test_procesregisseur_notulist_en_fg_lezen_niet if {
	every wie in [procesregisseur, notulist, fg, fg_gemeente] {
		every resource in [incident, dossier] {
			not authz.decision.allow with input as verzoek(wie, "read", resource, nazorg)
		}
	}
}

test_casemanager_leest_alleen_wat_aan_hem_is_toegewezen if {
	every resource in [incident, dossier] {
		not authz.decision.allow with input as verzoek(smits, "read", resource, nazorg)
		authz.decision.allow with input as verzoek(smits, "read", object.union(resource, {"casemanager": "vpt.smits"}), nazorg)
	}
}

test_rol_casemanager_buiten_het_zvh_telt_niet if {
	nep := {"user": "vpt.dewit", "org": "gemeente-bergen-op-zoom", "roles": ["vpt-casemanager"]}
	# same user id, but not the ZVH's casemanager (and not melder or leidinggevende)
	not authz.decision.allow with input as verzoek(nep, "read", incident, nazorg)
}

test_melder_van_een_systeemmelding_bestaat_niet if {
	not authz.decision.allow with input as verzoek(yilmaz, "read", incident_systeem, nazorg)
	authz.decision.allow with input as verzoek(peters, "read", incident_systeem, nazorg)
}

test_iedere_medewerker_meldt_voor_de_eigen_organisatie if {
	nieuw := {"type": "vpt-incident", "eigenaar": "gemeente-bergen-op-zoom", "melder": null, "casemanager": null}
	every wie in [yilmaz, peters, collega, gemeente] {
		authz.decision.allow with input as verzoek(wie, "write", nieuw, {"doel": "meldpunt"})
	}
	not authz.decision.allow with input as verzoek(ggz, "write", nieuw, {"doel": "meldpunt"})
	not authz.decision.allow with input as verzoek(fg_gemeente, "write", nieuw, {"doel": "meldpunt"})
	not authz.decision.allow with input as verzoek(procesregisseur, "write", nieuw, {"doel": "meldpunt"})
}

test_melden_zonder_convenant_mag if {
	nieuw := {"type": "vpt-incident", "eigenaar": "veilig-thuis-wbr", "melder": null}
	vt := {"user": "vt.bos", "org": "veilig-thuis-wbr", "roles": ["deelnemer"]}
	authz.decision.allow with input as verzoek(vt, "write", nieuw, {"doel": "meldpunt"})
}

test_nazorg_vastleggen_door_leidinggevende_of_casemanager if {
	authz.decision.allow with input as verzoek(peters, "write", incident, nazorg)
	authz.decision.allow with input as verzoek(dewit, "write", incident, nazorg)
	every wie in [yilmaz, collega, smits, procesregisseur, lg_roosendaal] {
		not authz.decision.allow with input as verzoek(wie, "write", incident, nazorg)
	}
}

test_dossier_schrijft_alleen_de_toegewezen_casemanager if {
	cm := {"doel": "vpt-casemanagement"}
	authz.decision.allow with input as verzoek(dewit, "write", dossier, cm)
	every wie in [yilmaz, peters, smits, procesregisseur] {
		not authz.decision.allow with input as verzoek(wie, "write", dossier, cm)
	}
}

test_alleen_voor_de_vpt_doelen if {
	not authz.decision.allow with input as verzoek(peters, "read", incident, {"doel": "casusoverleg"})
	not authz.decision.allow with input as verzoek(dewit, "write", incident, {"doel": "meldpunt"})
}

overzicht(org) := {"type": "vpt-overzicht", "organisatie": org}

verantwoording := {"doel": "verantwoording"}

test_jaaroverzicht if {
	authz.decision.allow with input as verzoek(peters, "read", overzicht("gemeente-bergen-op-zoom"), verantwoording)
	not authz.decision.allow with input as verzoek(peters, "read", overzicht("gemeente-roosendaal"), verantwoording)
	every wie in [dewit, procesregisseur] {
		authz.decision.allow with input as verzoek(wie, "read", overzicht("gemeente-roosendaal"), verantwoording)
	}
	every wie in [yilmaz, collega, notulist, ggz] {
		not authz.decision.allow with input as verzoek(wie, "read", overzicht("gemeente-bergen-op-zoom"), verantwoording)
	}
	not authz.decision.allow with input as verzoek(peters, "read", overzicht("gemeente-bergen-op-zoom"), nazorg)
}


test_jaaroverzicht_niet_via_de_eigenaar_regel if {
	met_eigenaar := object.union(overzicht("gemeente-bergen-op-zoom"), {"eigenaar": "gemeente-bergen-op-zoom"})
	not authz.decision.allow with input as verzoek(yilmaz, "read", met_eigenaar, verantwoording)
	not authz.decision.allow with input as verzoek(peters, "read", object.union(met_eigenaar, {"organisatie": "ggz-wnb"}), verantwoording)
}
