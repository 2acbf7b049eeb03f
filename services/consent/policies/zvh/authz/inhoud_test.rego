# METADATA
# title: Tests for reading another's content (inhoud.rego)
# description: Run with `python -m zvh_consent.policy_tests` (regorus) or `opa test` (OPA).
package zvh.authz_inhoud_test

import data.zvh.authz

nu := "2026-11-24T09:00:00.000000Z"

vandaag := "2026-11-24"

pseudoniem := "0123456789abcdef0123456789abcdef"

convenanten := {
	"zvh": {"org": "zvh", "van": "2025-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {}},
	"ggz-wnb": {"org": "ggz-wnb", "van": "2025-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"zorg": "convenant ZVH, binnen de behandelrelatie (WGBO)", "algemeen": "convenant ZVH"}},
	"politie-zwb": {"org": "politie-zwb", "van": "2025-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"politie": "wettelijke taak (Wet politiegegevens art. 19)"}},
	"veilig-thuis-wbr": {"org": "veilig-thuis-wbr", "van": "2025-01-01", "tot": null, "herzien_op": "2027-01-01", "categorieen": {"jeugd": "wettelijke taak (Wmo 2015 art. 4.1.1)"}},
	"gemeente-roosendaal": {"org": "gemeente-roosendaal", "van": "2023-01-01", "tot": "2026-10-25", "herzien_op": "2026-09-01", "categorieen": {"zorg": "wettelijke taak (Wmo 2015)"}},
	"woonkwartier": {"org": "woonkwartier", "van": "2027-01-01", "tot": null, "herzien_op": "2027-06-01", "categorieen": {"wonen": "convenant ZVH"}},
}

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

notulist := {"user": "notulist.bakker", "org": "zvh", "roles": ["notulist"]}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

agent := {"user": "agent.smit", "org": "politie-zwb", "roles": ["deelnemer"]}

ggz := {"user": "ggz.mulder", "org": "ggz-wnb", "roles": ["deelnemer"]}

vt := {"user": "vt.dewit", "org": "veilig-thuis-wbr", "roles": ["deelnemer"]}

roosendaal := {"user": "r.kok", "org": "gemeente-roosendaal", "roles": ["deelnemer", "casusregisseur"]}

woon := {"user": "w.dam", "org": "woonkwartier", "roles": ["deelnemer"]}

deelnemers := ["politie-zwb", "ggz-wnb", "gemeente-roosendaal", "woonkwartier"]

zorgitem := {"type": "informatie-item", "casus": "c-1", "item": "i-zorg", "eigenaar": "politie-zwb", "categorie": "zorg", "betrokkene": pseudoniem}

politieitem := object.union(zorgitem, {"item": "i-politie", "categorie": "politie"})

# The question with the registers: `toestemmingen` and `doorbrekingen` as given.
vraag(subject, resource, toestemmingen, doorbrekingen) := {
	"subject": subject,
	"action": "read",
	"resource": object.union({"casus": null, "item": null, "eigenaar": null, "categorie": null, "betrokkene": null}, resource),
	"context": {"doel": "casusoverleg", "deelnemers": deelnemers, "toestemmingen": []},
	"registry": {
		"nu": nu,
		"vandaag": vandaag,
		"convenant": object.get(convenanten, subject.org, null),
		"toestemmingen": toestemmingen,
		"doorbrekingen": doorbrekingen,
	},
}

beslis(subject, resource) := d if {
	d := authz.decision with input as vraag(subject, resource, [], [])
}

met_toestemmingen(subject, resource, toestemmingen) := d if {
	d := authz.decision with input as vraag(subject, resource, toestemmingen, [])
}

# The decision is defined and a deny (a `not …allow` would also pass on an undefined decision).
geweigerd(v) if {
	d := authz.decision with input as v
	d.allow == false
}

# A toestemming: scope (ontvanger, categorie), status and the moment of its latest state.
ts(ontvanger, categorie, status, op) := {
	"id": sprintf("t-%v-%v-%s", [ontvanger, categorie, op]),
	"betrokkene": pseudoniem,
	"casus": null,
	"doel": "casusoverleg",
	"ontvanger": ontvanger,
	"categorie": categorie,
	"van": "2026-01-01",
	"tot": null,
	"status": status,
	"gewijzigd_op": sprintf("2026-11-%sT08:00:00.000000Z", [op]),
}

db(changes) := object.union({
	"id": "d-1",
	"type": "vitaal-belang",
	"grondslag": "doorbreking: vitaal belang (AVG art. 6 lid 1 d)",
	"casus": "c-1",
	"item": null,
	"eigenaar": "politie-zwb",
	"user": "vt.dewit",
	"van": "2026-11-24T08:00:00.000000Z",
	"tot": "2026-11-24T12:00:00.000000Z",
}, changes)

# --- the eigenaar -------------------------------------------------------------------------

test_eigenaar_leest_eigen_item_altijd_en_zonder_redactie if {
	d := beslis(agent, object.union(zorgitem, {"ingetrokken": true, "beperkt_tot": ["zvh"]}))
	d.allow
	d.grondslag == "eigenaar van de informatie"
	d.obligations == []
	e := met_toestemmingen(agent, zorgitem, [ts(null, null, "geweigerd", "20")])
	e.allow
}

test_eigenaar_zonder_geldig_convenant_leest_eigen_item if {
	d := beslis(roosendaal, object.union(zorgitem, {"eigenaar": "gemeente-roosendaal"}))
	d.allow
	d.grondslag == "eigenaar van de informatie"
}

# --- withdrawn and restricted items -------------------------------------------------------

test_ingetrokken_item_leest_niemand_anders if {
	item := object.union(zorgitem, {"ingetrokken": true})
	d := beslis(ggz, item)
	not d.allow
	d.reasons == ["geweigerd: de eigenaar heeft dit item ingetrokken; alleen de eigenaar leest het nog"]
	beslis(notulist, item).allow == false
	geweigerd(vraag(vt, item, [], [db({})]))
}

test_beperkt_item_alleen_voor_genoemden if {
	alleen_regie := object.union(zorgitem, {"beperkt_tot": ["zvh"]})
	beslis(notulist, alleen_regie).allow
	d := beslis(ggz, alleen_regie)
	not d.allow
	d.reasons == ["geweigerd: de eigenaar heeft dit item beperkt tot zvh"]
	voor_ggz := object.union(zorgitem, {"beperkt_tot": ["ggz-wnb", "om-zwb"]})
	beslis(ggz, voor_ggz).allow
	beslis(procesregisseur, voor_ggz).allow == false
	beslis(procesregisseur, voor_ggz).reasons == ["geweigerd: de eigenaar heeft dit item beperkt tot ggz-wnb, om-zwb"]
}

# --- the convenant ------------------------------------------------------------------------

test_verlopen_convenant_leest_niets if {
	d := beslis(roosendaal, zorgitem)
	not d.allow
	d.reasons == ["geweigerd: het convenant van gemeente-roosendaal is verlopen op 2026-10-25"]
	a := authz.decision with input as object.union(vraag(roosendaal, {"type": "actielijst", "casus": "c-1"}, [], []), {})
	not a.allow
	t := met_toestemmingen(roosendaal, zorgitem, [ts("gemeente-roosendaal", "zorg", "gegeven", "20")])
	not t.allow
}

test_convenant_nog_niet_ingegaan if {
	d := beslis(woon, object.union(zorgitem, {"categorie": "wonen"}))
	d.reasons == ["geweigerd: het convenant van woonkwartier gaat pas in op 2027-01-01"]
}

test_zonder_convenant_niets if {
	om := {"user": "om.aa", "org": "om-zwb", "roles": ["deelnemer"]}
	d := beslis(om, zorgitem)
	d.reasons == ["geweigerd: om-zwb heeft geen geldig convenant met het ZVH"]
}

test_convenant_van_een_andere_organisatie_telt_niet if {
	v := vraag(ggz, zorgitem, [], [])
	vals := object.union(v, {"registry": object.union(v.registry, {"convenant": convenanten["politie-zwb"]})})
	geweigerd(vals)
}

test_zvh_heeft_als_gastheer_geen_convenant_nodig if {
	v := vraag(notulist, zorgitem, [], [])
	zonder := object.union(v, {"registry": object.union(v.registry, {"convenant": null})})
	authz.decision.allow with input as zonder
}

test_basis_uit_het_convenant if {
	d := beslis(ggz, zorgitem)
	d.allow
	d.grondslag == "convenant ZVH, binnen de behandelrelatie (WGBO)"
	d.reasons == ["ggz-wnb ontvangt zorg-informatie op grond van het convenant"]
	"log-inzage" in d.obligations
}

test_geen_basis_voor_de_categorie if {
	d := beslis(ggz, politieitem)
	not d.allow
	d.reasons == [
		"geen regel staat dit toe (read informatie-item, doel casusoverleg)",
		"ggz-wnb heeft geen grondslag voor politie-informatie: geen toestemming van de cliënt en geen basis in het convenant",
	]
}

test_niet_deelnemer_leest_geen_inhoud if {
	d := beslis(vt, object.union(zorgitem, {"categorie": "jeugd"}))
	not d.allow
	"veilig-thuis-wbr is geen deelnemer van deze casus" in d.reasons
	met_toestemmingen(vt, zorgitem, [ts("veilig-thuis-wbr", "zorg", "gegeven", "20")]).allow == false
}

# --- toestemmingen ------------------------------------------------------------------------

test_weigering_gaat_boven_het_convenant if {
	d := met_toestemmingen(ggz, zorgitem, [ts("ggz-wnb", "zorg", "geweigerd", "20")])
	not d.allow
	d.reasons == ["geweigerd: de cliënt heeft geen toestemming gegeven om zorg-informatie te delen met ggz-wnb (doel casusoverleg)"]
}

test_toestemming_geeft_toegang_zonder_convenantbasis if {
	d := met_toestemmingen(ggz, politieitem, [ts("ggz-wnb", "politie", "gegeven", "20")])
	d.allow
	d.grondslag == "toestemming van de cliënt (AVG art. 6 lid 1 a)"
	d.reasons == ["de cliënt heeft toestemming gegeven om politie-informatie te delen met ggz-wnb (doel casusoverleg)"]
}

test_meest_specifieke_wint if {
	# a general refusal, a grant for this recipient and this categorie: the grant is more specific
	met_toestemmingen(ggz, politieitem, [ts(null, null, "geweigerd", "20"), ts("ggz-wnb", "politie", "gegeven", "19")]).allow

	# a grant for everyone, a refusal for this categorie: the refusal is more specific
	met_toestemmingen(ggz, zorgitem, [ts(null, null, "gegeven", "20"), ts(null, "zorg", "geweigerd", "19")]).allow == false

	# a grant for this categorie, a refusal for this recipient only: equally specific, refusal wins
	met_toestemmingen(ggz, zorgitem, [ts(null, "zorg", "gegeven", "20"), ts("ggz-wnb", null, "geweigerd", "19")]).allow == false
}

test_weigering_wint_bij_gelijke_specificiteit if {
	ander := object.union(ts("ggz-wnb", "zorg", "gegeven", "21"), {"casus": "c-1"})
	met_toestemmingen(ggz, zorgitem, [ts("ggz-wnb", "zorg", "geweigerd", "20"), ander]).allow == false
}

test_latere_toestemming_vervangt_eerdere_voor_dezelfde_scope if {
	geweigerd := ts("ggz-wnb", "zorg", "geweigerd", "20")
	gegeven := ts("ggz-wnb", "zorg", "gegeven", "21")
	met_toestemmingen(ggz, zorgitem, [geweigerd, gegeven]).allow
	ingetrokken := object.union(gegeven, {"status": "ingetrokken", "gewijzigd_op": "2026-11-22T08:00:00.000000Z"})
	d := met_toestemmingen(ggz, zorgitem, [geweigerd, ingetrokken])
	not d.allow
	d.reasons == ["geweigerd: de cliënt heeft geen toestemming gegeven om zorg-informatie te delen met ggz-wnb (doel casusoverleg)"]
}

test_alleen_toestemmingen_die_van_toepassing_zijn_tellen if {
	weigering := ts("ggz-wnb", "zorg", "geweigerd", "20")
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"doel": "triage"})]).allow
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"casus": "c-2"})]).allow
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"tot": "2026-11-23"})]).allow
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"van": "2026-11-25"})]).allow
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"betrokkene": "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"})]).allow
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"ontvanger": "politie-zwb"})]).allow
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"ontvanger": "deelnemer"})]).allow == false
	met_toestemmingen(ggz, zorgitem, [object.union(weigering, {"casus": "c-1", "tot": "2026-11-24"})]).allow == false
}

test_weigering_geldt_ook_voor_de_regie if {
	d := met_toestemmingen(notulist, zorgitem, [ts(null, null, "geweigerd", "20")])
	not d.allow
	d.reasons == ["geweigerd: de cliënt heeft geen toestemming gegeven om zorg-informatie te delen met zvh (doel casusoverleg)"]
	t := met_toestemmingen(notulist, zorgitem, [ts("zvh", null, "gegeven", "20")])
	t.allow
	t.grondslag == "toestemming van de cliënt (AVG art. 6 lid 1 a)"
}

test_triage_onder_weigering if {
	melding := {"type": "melding", "item": "m-1", "eigenaar": "politie-zwb", "categorie": "politie", "betrokkene": pseudoniem}
	v := vraag(procesregisseur, melding, [object.union(ts(null, null, "geweigerd", "20"), {"doel": "triage"})], [])
	triage := object.union(v, {"context": object.union(v.context, {"doel": "triage"})})
	geweigerd(triage)
	zonder := object.union(triage, {"registry": object.union(triage.registry, {"toestemmingen": []})})
	authz.decision.allow with input as zonder
}

# --- doorbreking --------------------------------------------------------------------------

test_doorbreking_opent_de_items_van_de_eigenaar if {
	item := object.union(zorgitem, {"categorie": "politie"})
	beslis(vt, item).allow == false
	d := authz.decision with input as vraag(vt, item, [], [db({})])
	d.allow
	d.grondslag == "doorbreking: vitaal belang (AVG art. 6 lid 1 d)"
	d.reasons == ["doorbreking (vitaal-belang) door vt.dewit, geldig tot 2026-11-24T12:00 UTC"]
	"log-inzage" in d.obligations
	"redact:bsn" in d.obligations
}

test_doorbreking_gaat_boven_een_weigering if {
	d := authz.decision with input as vraag(ggz, zorgitem, [ts("ggz-wnb", "zorg", "geweigerd", "20")], [db({"user": "ggz.mulder"})])
	d.allow
	d.grondslag == "doorbreking: vitaal belang (AVG art. 6 lid 1 d)"
}

test_doorbreking_alleen_zolang_en_waarvoor_ze_geldt if {
	geweigerd(vraag(vt, politieitem, [], [db({"tot": "2026-11-24T09:00:00.000000Z"})]))
	geweigerd(vraag(vt, politieitem, [], [db({"van": "2026-11-24T10:00:00.000000Z"})]))
	geweigerd(vraag(vt, politieitem, [], [db({"eigenaar": "ggz-wnb"})]))
	geweigerd(vraag(vt, politieitem, [], [db({"casus": "c-2"})]))
	geweigerd(vraag(vt, politieitem, [], [db({"user": "iemand.anders"})]))
	authz.decision.allow with input as vraag(vt, politieitem, [], [db({"casus": null, "item": "i-politie"})])
	geweigerd(vraag(vt, politieitem, [], [db({"casus": null, "item": "i-zorg"})]))
	authz.decision.allow with input as vraag(vt, politieitem, [], [db({"item": "i-politie"})])
}

test_doorbreking_niet_zonder_convenant_en_nooit_voor_de_fg if {
	geweigerd(vraag(roosendaal, politieitem, [], [db({"user": "r.kok"})]))
	geweigerd(vraag(fg, politieitem, [], [db({"user": "fg.devries"})]))
}

# --- obligations --------------------------------------------------------------------------

test_redactie_van_betrokkene_gegevens if {
	d := beslis(ggz, zorgitem)
	d.obligations == ["log-inzage", "redact:bsn", "redact:geboortedatum"]
	r := beslis(notulist, zorgitem)
	"redact:bsn" in r.obligations
	zonder_betrokkene := object.union(zorgitem, {"betrokkene": null})
	beslis(ggz, zonder_betrokkene).obligations == ["log-inzage"]
	beslis(agent, zorgitem).obligations == []
}

test_fg_leest_nooit_inhoud if {
	beslis(fg, zorgitem).allow == false
	met_toestemmingen(fg, zorgitem, [ts(null, null, "gegeven", "20")]).allow == false
}

test_grondslag_van_de_sterkste_basis if {
	# the convenant's basis and a doorbreking both allow: the ordinary basis is named
	d := authz.decision with input as vraag(ggz, zorgitem, [], [db({"user": "ggz.mulder"})])
	d.allow
	d.grondslag == "convenant ZVH, binnen de behandelrelatie (WGBO)"
	count(d.reasons) == 2

	# the regie with a toestemming: the toestemming is named, not the regie's convenant
	t := met_toestemmingen(procesregisseur, zorgitem, [ts("zvh", "zorg", "gegeven", "20")])
	t.grondslag == "toestemming van de cliënt (AVG art. 6 lid 1 a)"
}

# --- gevoeligheid -------------------------------------------------------------------------

test_bijzondere_gegevens_niet_op_convenantbasis_zonder_wettelijke_taak if {
	gezondheid := object.union(zorgitem, {"gevoeligheid": "bijzonder"})
	d := beslis(ggz, gezondheid)
	d.allow == false
	some r in d.reasons
	contains(r, "bijzondere persoonsgegevens (AVG art. 9)")
	contains(r, "convenant ZVH, binnen de behandelrelatie (WGBO)")

	# the same categorie, not sensitive: the convenant's basis suffices
	beslis(ggz, object.union(zorgitem, {"gevoeligheid": "normaal"})).allow
}

test_bijzondere_gegevens_met_uitdrukkelijke_toestemming if {
	gezondheid := object.union(zorgitem, {"gevoeligheid": "bijzonder"})
	d := met_toestemmingen(ggz, gezondheid, [ts("ggz-wnb", "zorg", "gegeven", "20")])
	d.allow
	d.grondslag == authz.grondslag_toestemming
}

test_strafrechtelijke_gegevens_alleen_met_wettelijke_taak if {
	strafrechtelijk := object.union(politieitem, {"gevoeligheid": "strafrechtelijk", "eigenaar": "ggz-wnb"})
	d := beslis(agent, strafrechtelijk)
	d.allow
	startswith(d.grondslag, "wettelijke taak")
}
