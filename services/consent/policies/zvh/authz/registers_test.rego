# METADATA
# title: Tests for the register rules of zvh.authz
# description: Run with `python -m zvh_consent.policy_tests` (regorus) or `opa test` (OPA).
package zvh.authz_registers_test

import data.zvh.authz

verzoek(subject, action, resource, context) := {
	"subject": subject,
	"action": action,
	"resource": object.union(
		{"type": "melding", "casus": null, "item": null, "eigenaar": null, "categorie": null},
		resource,
	),
	"context": object.union({"doel": "beheer", "deelnemers": []}, context),
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
	"zvh": geldig("zvh"),
	"politie-zwb": geldig("politie-zwb"),
	"gemeente-bergen-op-zoom": geldig("gemeente-bergen-op-zoom"),
	"veilig-thuis-wbr": geldig("veilig-thuis-wbr"),
	"gemeente-roosendaal": object.union(geldig("gemeente-roosendaal"), {"tot": "2026-10-25"}),
}

procesregisseur := {"user": "pr.jansen", "org": "zvh", "roles": ["procesregisseur"]}

notulist := {"user": "notulist.bakker", "org": "zvh", "roles": ["notulist"]}

fg := {"user": "fg.devries", "org": "zvh", "roles": ["fg"]}

agent := {"user": "agent.smit", "org": "politie-zwb", "roles": ["deelnemer"]}

beheerder := {"user": "beheer.dekker", "org": "zvh", "roles": ["beheerder"]}

test_beheerder_legt_convenant_vast if {
	d := authz.decision with input as verzoek(beheerder, "write", {"type": "convenant", "item": "politie-zwb"}, {"doel": "convenantbeheer"})
	d.allow
	d.grondslag == "convenant ZVH: register van partners"
}

test_alleen_beheerder_van_zvh_wijzigt_convenant if {
	beheerder_elders := {"user": "b", "org": "politie-zwb", "roles": ["beheerder"]}
	not authz.decision.allow with input as verzoek(beheerder_elders, "write", {"type": "convenant"}, {"doel": "convenantbeheer"})
	not authz.decision.allow with input as verzoek(procesregisseur, "write", {"type": "convenant"}, {"doel": "convenantbeheer"})
	not authz.decision.allow with input as verzoek(fg, "write", {"type": "convenant"}, {"doel": "convenantbeheer"})
}

test_iedereen_met_rol_leest_convenantregister if {
	authz.decision.allow with input as verzoek(procesregisseur, "read", {"type": "convenant"}, {"doel": "uitnodigen"})
	authz.decision.allow with input as verzoek(fg, "read", {"type": "convenant"}, {"doel": "convenantbeheer"})
	not authz.decision.allow with input as verzoek({"user": "x", "org": "zvh", "roles": []}, "read", {"type": "convenant"}, {"doel": "convenantbeheer"})
}

casusregisseur := {"user": "gemeente.visser", "org": "gemeente-bergen-op-zoom", "roles": ["deelnemer", "casusregisseur"]}

toestemming := {"type": "toestemming", "betrokkene": "0123456789abcdef0123456789abcdef"}

test_regisseurs_leggen_toestemming_vast if {
	d := authz.decision with input as verzoek(procesregisseur, "write", toestemming, {"doel": "toestemmingbeheer"})
	d.allow
	d.reasons == ["procesregisseur van het ZVH legt de toestemming van de cliënt vast"]
	e := authz.decision with input as verzoek(casusregisseur, "write", toestemming, {"doel": "toestemmingbeheer"})
	e.allow
	e.reasons == ["casusregisseur legt de toestemming van de cliënt vast"]
}

test_anderen_leggen_geen_toestemming_vast if {
	not authz.decision.allow with input as verzoek(agent, "write", toestemming, {"doel": "toestemmingbeheer"})
	not authz.decision.allow with input as verzoek(notulist, "write", toestemming, {"doel": "toestemmingbeheer"})
	not authz.decision.allow with input as verzoek(fg, "write", toestemming, {"doel": "toestemmingbeheer"})
	pr_elders := {"user": "p", "org": "politie-zwb", "roles": ["procesregisseur"]}
	not authz.decision.allow with input as verzoek(pr_elders, "write", toestemming, {"doel": "toestemmingbeheer"})
}

test_fg_en_regisseurs_zien_toestemmingen if {
	authz.decision.allow with input as verzoek(fg, "read", toestemming, {"doel": "toestemmingbeheer"})
	authz.decision.allow with input as verzoek(casusregisseur, "read", toestemming, {"doel": "toestemmingbeheer"})
	authz.decision.allow with input as verzoek(procesregisseur, "read", toestemming, {"doel": "toestemmingbeheer"})
	not authz.decision.allow with input as verzoek(agent, "read", toestemming, {"doel": "toestemmingbeheer"})
}

vt := {"user": "vt.dewit", "org": "veilig-thuis-wbr", "roles": ["deelnemer"]}

doorbreking := {"type": "doorbreking", "casus": "c-1", "eigenaar": "politie-zwb"}

test_professional_meldt_doorbreking if {
	d := authz.decision with input as verzoek(vt, "write", doorbreking, {"doel": "doorbreking"})
	d.allow
	"log-inzage" in d.obligations
	authz.decision.allow with input as verzoek(vt, "write", object.union(doorbreking, {"casus": null, "item": "i-1"}), {"doel": "doorbreking"})
}

test_geen_doorbreking_op_eigen_items_of_zonder_onderwerp if {
	not authz.decision.allow with input as verzoek(agent, "write", doorbreking, {"doel": "doorbreking"})
	not authz.decision.allow with input as verzoek(vt, "write", object.union(doorbreking, {"casus": null}), {"doel": "doorbreking"})
	not authz.decision.allow with input as verzoek(vt, "write", object.union(doorbreking, {"eigenaar": null}), {"doel": "doorbreking"})
	not authz.decision.allow with input as verzoek(fg, "write", doorbreking, {"doel": "doorbreking"})
	not authz.decision.allow with input as verzoek(beheerder, "write", doorbreking, {"doel": "doorbreking"})
}

test_alleen_fg_ziet_doorbrekingen if {
	authz.decision.allow with input as verzoek(fg, "read", {"type": "doorbreking"}, {"doel": "toezicht"})
	not authz.decision.allow with input as verzoek(procesregisseur, "read", {"type": "doorbreking"}, {"doel": "toezicht"})
	not authz.decision.allow with input as verzoek(vt, "read", {"type": "doorbreking"}, {"doel": "toezicht"})
}
