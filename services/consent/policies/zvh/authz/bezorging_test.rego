# METADATA
# title: Tests for notify_bezorging.rego (notify's GET /v1/bezorgingen)
# description: Run with `python -m zvh_consent.policy_tests` (regorus) or `opa test` (OPA).
package zvh.authz_bezorging_test

import data.zvh.authz

convenant(org, tot) := {"org": org, "van": "2025-01-01", "tot": tot, "herzien_op": "2027-01-01", "categorieen": {}}

vraag(subject, eigenaar) := {
	"subject": subject,
	"action": "read",
	"resource": {"type": "bezorging", "casus": null, "item": null, "eigenaar": eigenaar, "categorie": null},
	"context": {"doel": "monitoring", "fase": null, "client_geinformeerd": null, "toestemmingen": [], "deelnemers": []},
	"registry": {
		"nu": "2026-11-24T09:00:00.000000Z",
		"vandaag": "2026-11-24",
		"convenant": convenant(subject.org, null),
		"toestemmingen": [],
		"doorbrekingen": [],
	},
}

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

beheerder := {"user": "beheer.dekker", "org": "zvh", "roles": ["beheerder"]}

notulist := {"user": "notulist.bakker", "org": "zvh", "roles": ["notulist"]}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

agent := {"user": "agent.smit", "org": "politie-zwb", "roles": ["deelnemer"]}

fg_politie := {"user": "fg.p", "org": "politie-zwb", "roles": ["fg"]}

test_zvh_staf_ziet_alle_bezorgingen if {
	d := authz.decision with input as vraag(procesregisseur, null)
	d.allow
	d.reasons == ["procesregisseur of beheerder van het ZVH volgt alle bezorgingen"]
	d.obligations == []
	authz.decision.allow with input as vraag(beheerder, null)
	authz.decision.allow with input as vraag(procesregisseur, "politie-zwb")
	authz.decision.allow with input as vraag(beheerder, "ggz-wnb")
}

test_andere_zvh_rollen_zien_niet_alles if {
	d := authz.decision with input as vraag(notulist, null)
	not d.allow
	"alleen de procesregisseur of beheerder van het ZVH ziet de bezorgingen aan alle organisaties" in d.reasons
	not authz.decision.allow with input as vraag(fg, null)
	not authz.decision.allow with input as vraag(notulist, "politie-zwb")
}

test_partner_ziet_eigen_bezorgingen if {
	d := authz.decision with input as vraag(agent, "politie-zwb")
	d.allow
	d.grondslag == authz.grondslag_eigenaar
	d.obligations == []
}

test_partner_ziet_niet_die_van_een_ander if {
	d := authz.decision with input as vraag(agent, "ggz-wnb")
	not d.allow
	"politie-zwb ziet alleen bezorgingen aan de eigen organisatie, niet aan ggz-wnb" in d.reasons
}

test_partner_ziet_niet_alle_bezorgingen if {
	d := authz.decision with input as vraag(agent, null)
	not d.allow
	"alleen de procesregisseur of beheerder van het ZVH ziet de bezorgingen aan alle organisaties" in d.reasons
}

test_fg_account_van_partner_ziet_geen_bezorgingen if {
	not authz.decision.allow with input as vraag(fg_politie, "politie-zwb")
}

test_zonder_geldig_convenant_nog_wel_de_eigen if {
	verlopen := object.union(vraag(agent, "politie-zwb"), {"registry": {"vandaag": "2026-11-24", "nu": "2026-11-24T09:00:00.000000Z", "convenant": convenant("politie-zwb", "2026-10-01"), "toestemmingen": [], "doorbrekingen": []}})
	authz.decision.allow with input as verlopen
	ander := object.union(vraag(agent, "ggz-wnb"), {"registry": verlopen.registry})
	not authz.decision.allow with input as ander
}

test_alleen_lezen if {
	schrijven := object.union(vraag(procesregisseur, null), {"action": "write"})
	not authz.decision.allow with input as schrijven
	eigen_schrijven := object.union(vraag(agent, "politie-zwb"), {"action": "write"})
	not authz.decision.allow with input as eigen_schrijven
}

# --- personal signals (a VPT incident's) ---------------------------------------------------------

persoonlijk(subject, categorie, item) := object.union(vraag(subject, null), {"resource": {"type": "bezorging", "casus": null, "item": item, "eigenaar": null, "categorie": categorie}})

leidinggevende := {"user": "lg.peters", "org": "gemeente-bergen-op-zoom", "roles": ["leidinggevende"]}

collega := {"user": "wt.yilmaz", "org": "gemeente-bergen-op-zoom", "roles": ["medewerker"]}

casemanager := {"user": "vpt.dewit", "org": "zvh", "roles": ["vpt-casemanager"]}

test_persoonlijke_signalen_alleen_voor_de_gebruiker_zelf if {
	d := authz.decision with input as persoonlijk(leidinggevende, "persoonlijk", "lg.peters")
	d.allow
	d.reasons == ["de gebruiker ziet de signalen aan zichzelf"]
	e := authz.decision with input as persoonlijk(collega, "persoonlijk", "lg.peters")
	not e.allow
	"persoonlijke signalen ziet alleen de gebruiker voor wie ze zijn" in e.reasons
}

test_zvh_staf_ziet_geen_persoonlijke_signalen_van_een_ander if {
	not authz.decision.allow with input as persoonlijk(procesregisseur, "persoonlijk", "lg.peters")
	not authz.decision.allow with input as persoonlijk(beheerder, "vpt-casemanager", "vpt.dewit")
	not authz.decision.allow with input as persoonlijk(procesregisseur, "vpt-casemanager", "pr.jansen")
}

test_casemanager_ziet_de_signalen_van_de_eigen_incidenten if {
	d := authz.decision with input as persoonlijk(casemanager, "vpt-casemanager", "vpt.dewit")
	d.allow
	d.reasons == ["de VPT-casemanager ziet de signalen van de aan hem toegewezen incidenten"]
	smits := {"user": "vpt.smits", "org": "zvh", "roles": ["vpt-casemanager"]}
	e := authz.decision with input as persoonlijk(smits, "vpt-casemanager", "vpt.dewit")
	not e.allow
	"alleen de toegewezen VPT-casemanager ziet de signalen van een incident" in e.reasons
}

test_fg_account_ziet_geen_persoonlijke_signalen if {
	fg_gemeente := {"user": "fg.g", "org": "gemeente-bergen-op-zoom", "roles": ["fg"]}
	not authz.decision.allow with input as persoonlijk(fg_gemeente, "persoonlijk", "fg.g")
}
