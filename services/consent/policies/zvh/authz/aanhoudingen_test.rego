# METADATA
# title: Tests for aanhoudingen.rego (Triage Aanhoudingen)
package zvh.authz_test

import data.zvh.authz

bemoeizorg := {"user": "bz.willems", "org": "bemoeizorg-wbr", "roles": ["deelnemer"]}

aanhoudingen := {"type": "aanhoudingen"}

triage_aanhoudingen := {"doel": "triage-aanhoudingen"}

# The question with a valid convenant for the subject's organisation (bemoeizorg-wbr has none in
# the shared test registry).
met_convenant(subject, action) := object.union(
	verzoek(subject, action, aanhoudingen, triage_aanhoudingen),
	{"registry": {"convenant": geldig(subject.org)}},
)

test_procesregisseur_en_bemoeizorg_doen_de_triage_aanhoudingen if {
	every wie in [procesregisseur, bemoeizorg] {
		every actie in ["list", "write"] {
			d := authz.decision with input as met_convenant(wie, actie)
			d.allow
			d.grondslag == authz.grondslag_convenant
		}
	}
}

test_bemoeizorg_ook_als_casusregisseur if {
	bz_regisseur := {"user": "bz.c", "org": "bemoeizorg-wbr", "roles": ["casusregisseur"]}
	authz.decision.allow with input as met_convenant(bz_regisseur, "write")
}

test_bemoeizorg_zonder_convenant_niet if {
	d := authz.decision with input as verzoek(bemoeizorg, "list", aanhoudingen, triage_aanhoudingen)
	not d.allow
	d.reasons == ["geweigerd: bemoeizorg-wbr heeft geen geldig convenant met het ZVH"]
}

test_anderen_zien_de_aanhoudingen_niet if {
	fg_bemoeizorg := {"user": "fg.b", "org": "bemoeizorg-wbr", "roles": ["fg"]}
	every wie in [agent, notulist, fg, ggz, fg_bemoeizorg] {
		every actie in ["list", "write"] {
			not authz.decision.allow with input as met_convenant(wie, actie)
		}
	}
}

test_alleen_voor_het_doel_triage_aanhoudingen if {
	not authz.decision.allow with input as verzoek(procesregisseur, "list", aanhoudingen, {"doel": "triage"})
	not authz.decision.allow with input as met_convenant(bemoeizorg, "read")
}
